"""After the deadline every path refuses with the same message; an extension lets exactly that unit save."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dti.web.entries import services as entries
from dti.web.rounds.deadlines import entry_lock_reason
from dti.web.rounds.extensions import extension_grant
from dti.web.rounds.models import Round
from tests.factories import World
from tests.web_cycle.conftest import save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MESSAGE = "Đã hết hạn nộp ngày 20/06/2024 — liên hệ Sở TT&TT để được gia hạn"


@pytest.fixture
def late(cycle: World) -> World:
    save(cycle, "editor_a", "II.1", date=dt.date(2024, 1, 10))  # typed in time, not yet submitted
    Round.objects.filter(pk=cycle.round.pk).update(submission_deadline=dt.date(2024, 6, 20), office_name="Sở TT&TT")
    cycle.round.refresh_from_db()
    return cycle


@pytest.mark.django_db
def test_deadline_ends_at_the_end_of_its_day(late: World) -> None:
    assert entry_lock_reason(late.round, late.unit_a, on=dt.date(2024, 6, 20)) is None
    assert entry_lock_reason(late.round, late.unit_a, on=dt.date(2024, 6, 21)) == MESSAGE


@pytest.mark.django_db
def test_service_and_submit_refuse(late: World) -> None:
    with pytest.raises(entries.EntryLocked, match=MESSAGE):
        save(late, "editor_a", "I.1", done=True)
    with pytest.raises(entries.EntryLocked, match=MESSAGE):
        entries.entry_submit(round=late.round, unit=late.unit_a, actor=late.users["editor_a"])


@pytest.mark.django_db
def test_form_refuses_with_the_message(late: World) -> None:
    c = late.client("editor_a")
    url = f"/ky/{late.round.slug}/don-vi/{late.unit_a.code}/"
    page = c.get(url).content.decode()
    assert escape(MESSAGE) in page
    r = c.post(url, {"criterion": "I.1", "c-I.1-version": "0", "c-I.1-done": "1"})
    assert r.status_code == 400 and escape(MESSAGE) in r.content.decode()


@pytest.mark.parametrize("who", ["editor_a", "machine"])
@pytest.mark.django_db
def test_api_and_machine_tokens_refuse(late: World, who: str) -> None:
    r = late.client(who).post("/api/entries/", {"round": late.round.slug, "unit": late.unit_a.code,
                                                "criterion": "I.2", "numerator": 1, "denominator": 2}, format="json")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "deadline" and r.json()["error"]["message"] == MESSAGE


@pytest.mark.django_db
def test_excel_upload_refuses(late: World) -> None:
    from tests.web_imports.template import fill

    Round.objects.filter(pk=late.round.pk).update(submission_deadline=timezone.localdate())
    c = late.client("editor_a")
    data = c.get(f"/ky/{late.round.slug}/mau-excel/", {"don-vi": late.unit_a.code}).content
    data, _ = fill(data, {(late.unit_a.code, "I.2"): {"numerator": 3, "denominator": 4}})
    Round.objects.filter(pk=late.round.pk).update(submission_deadline=dt.date(2024, 6, 20))
    r = c.post(f"/ky/{late.round.slug}/nhap-excel/", {"file": SimpleUploadedFile("mau.xlsx", data, content_type=XLSX)})
    assert escape(MESSAGE) in r.content.decode()
    assert not entries.Entry.objects.filter(round=late.round, criterion_code="I.2").exists()


@pytest.mark.django_db
def test_an_extension_lets_exactly_that_unit_save(late: World) -> None:
    until = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(Exception, match="lý do"):
        extension_grant(round=late.round, unit=late.unit_a, until=until, reason="", actor=late.users["owner"])
    extension_grant(round=late.round, unit=late.unit_a, until=until, reason="Mất điện diện rộng",
                    actor=late.users["owner"])
    save(late, "editor_a", "I.1", done=True)
    n = entries.entry_submit(round=late.round, unit=late.unit_a, actor=late.users["editor_a"])
    assert n == 2
    with pytest.raises(entries.EntryLocked, match=MESSAGE):
        save(late, "admin", "I.1", unit=late.unit_b, done=True)
    r = late.client("machine").post("/api/entries/", {"round": late.round.slug, "unit": late.unit_a.code,
                                                      "criterion": "I.2", "numerator": 1, "denominator": 2},
                                    format="json")
    assert r.status_code == 201, r.json()


@pytest.mark.django_db
def test_an_agency_extension_covers_only_its_criteria(late: World) -> None:
    until = timezone.localdate() + dt.timedelta(days=3)
    extension_grant(round=late.round, unit=late.unit_a, agency=late.agency, until=until,
                    reason="Công an huyện chờ số liệu tỉnh", actor=late.users["owner"])
    save(late, "agency_a", "I.3", count=5)  # the agency's criterion
    with pytest.raises(entries.EntryLocked, match=MESSAGE):
        save(late, "editor_a", "I.1", done=True)
