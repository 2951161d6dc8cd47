"""The recompute's raw read gives the rows ``values_list`` gives (same types, so the same hashes)."""

from __future__ import annotations

import pytest

from dti.web.entries.models import Entry
from dti.web.results import compute
from dti.web.rounds.models import Round


@pytest.mark.django_db
def test_raw_rows_equal_values_list(ninh_thuan: Round) -> None:
    entry = Entry.objects.filter(round=ninh_thuan).order_by("pk").first()
    assert entry is not None
    Entry.objects.filter(pk=entry.pk).update(appraised_values={"count": 3})  # the JSON column decoded too
    want = [(*r[:-1], r[-1] is not None)  # the appraisal time is read as a flag
            for r in Entry.objects.filter(round=ninh_thuan).order_by("unit_id", "criterion_code")
            .values_list(*compute.ROW_FIELDS)]
    got = compute._entry_rows(ninh_thuan, None)
    assert got == want and any(r[compute.CORRECTED] == {"count": 3} for r in got)
    assert [type(v) for r in got for v in r] == [type(v) for r in want for v in r]
