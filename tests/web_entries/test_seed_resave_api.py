"""Every figure of both demo rounds goes back unchanged through the API.

The seed documents' own facts (a plan issued on 08/01/2024 in the Q2 round, whole counts, the
2022 dates of Ninh Thuận) must never be refused by the entry policy. (One file per channel, so that
pytest-xdist runs the three long checks on different workers; shared parts in ``seed.py``.)
"""

from __future__ import annotations

import pytest
from django.test import Client

from dti.web.entries.models import Entry
from tests.web_entries.seed import SLUGS, round_totals, stored_fields

pytestmark = [pytest.mark.slow]


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_api(open_demo: Client) -> None:
    before, totals = stored_fields(), round_totals()
    refused = []
    for pk in Entry.objects.filter(round__slug__in=SLUGS).values_list("pk", flat=True):
        got = open_demo.get(f"/api/entries/{pk}/").json()
        body = {k: got[k] for k in ("status", "done", "numerator", "denominator", "count", "value",
                                    "value_is_percent", "date", "text", "explanation")}
        resp = open_demo.put(f"/api/entries/{pk}/", body, content_type="application/json",
                             HTTP_IF_MATCH=f'"{got["version"]}"')
        if resp.status_code != 200:
            refused.append((pk, resp.status_code, resp.json()))
    assert refused == []
    assert stored_fields() == before and round_totals() == totals
