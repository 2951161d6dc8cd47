"""Every figure of both demo rounds goes back unchanged through the Excel template.

The seed documents' own facts (a plan issued on 08/01/2024 in the Q2 round, whole counts, the
2022 dates of Ninh Thuận) must never be refused by the entry policy. (One file per channel, so that
pytest-xdist runs the three long checks on different workers; shared parts in ``seed.py``.)
"""

from __future__ import annotations

import pytest
from django.test import Client

from dti.web.entries.models import Entry
from tests.web_entries.seed import SLUGS, round_totals, stored_fields
from tests.web_imports.template import fill

pytestmark = [pytest.mark.slow]


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_excel_template(open_demo: Client) -> None:
    before, totals = stored_fields(), round_totals()
    for slug in SLUGS:
        resp = open_demo.get(f"/ky/{slug}/mau-excel/")
        assert resp.status_code == 200
        template, rows = fill(resp.content, {})
        assert len(rows) >= Entry.objects.filter(round__slug=slug).count()
        # clear the stored values (versions untouched) so that every row of the file is written again
        Entry.objects.filter(round__slug=slug).update(
            status=None, done=None, numerator=None, denominator=None, count=None, value=None, date=None,
            explanation="")
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("mau.xlsx", template, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp = open_demo.post(f"/ky/{slug}/nhap-excel/", {"file": upload})
        problems = [str(p) for p in resp.context["problems"]][:10] if resp.context and "problems" in resp.context else []
        assert resp.status_code == 302, problems
    assert stored_fields() == before and round_totals() == totals
