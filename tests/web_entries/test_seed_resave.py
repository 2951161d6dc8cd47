"""Every figure of both demo rounds goes back unchanged through the form, the API and the Excel template.

The seed documents' own facts (a plan issued on 08/01/2024 in the Q2 round, whole counts, the
2022 dates of Ninh Thuận) must never be refused by the entry policy.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dti.web.entries.forms import initial_from
from dti.web.entries.models import Entry, Workflow
from dti.web.results.scoring import score_round_db
from dti.web.rounds.models import Round, RoundState
from tests.web_imports.template import fill

pytestmark = [pytest.mark.slow]

SLUGS = ("thua-thien-hue-2024-q2", "ninh-thuan-2022")
COMPARED = ("status", "done", "numerator", "denominator", "count", "value", "value_is_percent", "date", "explanation")


@pytest.fixture
def open_demo(demo, monkeypatch) -> Client:
    # every entry editable: the published 2022 round re-opened, the long-past deadlines lifted (the date
    # window then ends on 31/12 of the round's year) and all entries back to draft
    Round.objects.filter(slug__in=SLUGS).update(state=RoundState.OPEN, submission_deadline=None,
                                                agency_submission_deadline=None)
    Entry.objects.filter(round__slug__in=SLUGS).update(workflow=Workflow.DRAFT)
    # what is tested is the write path, not a recompute after each of ~1.000 saves
    monkeypatch.setattr("dti.web.results.services.results_schedule", lambda **kw: None)
    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _stored() -> dict[int, tuple[Any, ...]]:
    return {e.pk: tuple(getattr(e, f) for f in COMPARED) for e in Entry.objects.filter(round__slug__in=SLUGS)}


def _totals() -> dict[str, Any]:
    return {slug: score_round_db(Round.objects.get(slug=slug)).total.tolist() for slug in SLUGS}


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_form(open_demo: Client) -> None:
    before, totals = _stored(), _totals()
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
    assert _stored() == before and _totals() == totals


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_api(open_demo: Client) -> None:
    before, totals = _stored(), _totals()
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
    assert _stored() == before and _totals() == totals


@pytest.mark.django_db
def test_every_seed_entry_resaves_through_the_excel_template(open_demo: Client) -> None:
    before, totals = _stored(), _totals()
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
    assert _stored() == before and _totals() == totals
