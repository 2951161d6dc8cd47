"""Publishing allows the one final compute (its own module: it builds an unpublished Ninh Thuận round,
which cannot coexist with the module-wide published one)."""

from __future__ import annotations

import pytest

from dti.web.results.models import ResultBatch
from dti.web.results.services import ResultsFrozen, results_recompute
from dti.web.rounds import services as rounds
from tests.factories import build_ninh_thuan


def test_publishing_allows_one_final_compute(db):
    rnd = build_ninh_thuan(publish=False)
    results_recompute(round=rnd)
    assert ResultBatch.objects.get(round=rnd).round_state == "open"
    rounds.round_publish(round=rnd, actor=None)  # publishing computes the final results itself
    batch = ResultBatch.objects.get(round=rnd)
    assert batch.round_state == "published"
    with pytest.raises(ResultsFrozen):
        results_recompute(round=rnd)
