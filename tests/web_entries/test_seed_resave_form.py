"""Every figure of both demo rounds goes back unchanged through the entry form.

The seed documents' own facts (a plan issued on 08/01/2024 in the Q2 round, whole counts, the
2022 dates of Ninh Thuận) must never be refused by the entry policy. (One file per channel, so that
pytest-xdist runs the three long checks on different workers; shared parts in ``seed.py``.)
"""

from __future__ import annotations

import pytest
from django.test import Client

from dti.web.entries.forms import initial_from
from dti.web.entries.models import Entry
from tests.web_entries.seed import SLUGS, round_totals, stored_fields

pytestmark = [pytest.mark.slow]


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_form(open_demo: Client) -> None:
    before, totals = stored_fields(), round_totals()
    refused = []
    for e in Entry.objects.filter(round__slug__in=SLUGS).select_related("round", "unit"):
        prefix = f"c-{e.criterion_code}"
        data = {"criterion": e.criterion_code} | {
            f"{prefix}-{k}": "" if v is None else str(v) for k, v in initial_from(e).items()
        }
        resp = open_demo.post(f"/ky/{e.round.slug}/don-vi/{e.unit.code}/", data)
        if resp.status_code != 302:
            refused.append((e.round.slug, e.unit.code, e.criterion_code, resp.status_code))
    assert refused == []
    assert stored_fields() == before and round_totals() == totals
