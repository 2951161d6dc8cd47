"""Sao chép từ kỳ trước: a criterion or a whole group from the previous quarter of the same framework and
year (values, explanation, evidence links), marked as copied until the user saves, through the write path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dti.web.audit.models import AuditEvent
from dti.web.entries.carry_over import previous_round
from dti.web.entries.models import Entry, EntryStatus, Evidence, Workflow
from dti.web.entries.services import entry_save
from dti.web.rounds import services as rounds
from dti.web.rounds.assignments import assignment_set
from dti.web.rounds.models import Round
from tests.factories import World, entry_post
from tests.helpers import minimal_pdf


@dataclass
class Quarters:
    w: World
    q1: Round
    q2: Round

    def url(self, rnd: Round | None = None) -> str:
        return f"/ky/{(rnd or self.q2).slug}/don-vi/{self.w.unit_a.code}/"


def _quarter(w: World, n: int, year: int = 2024) -> Round:
    rnd = rounds.round_create(slug=f"quy-{n}-{year}", name=f"Quý {n}/{year}", framework=w.round.framework,
                              owner_unit=w.province, period_kind="quarter", year=year, period_number=n,
                              units=[w.unit_a, w.unit_b])
    rounds.round_open(round=rnd, actor=None)
    return rnd


@pytest.fixture
def quarters(world: World) -> Quarters:
    """Q1/2024 with Ban chỉ đạo (I.1, a signed decision attached with its page), the year's plan (II.1)
    and a count (I.3); Q2/2024 empty."""
    q1, q2 = _quarter(world, 1), _quarter(world, 2)
    editor = world.users["editor_a"]
    entry_save(round=q1, unit=world.unit_a, criterion_code="I.1", expected_version=0, actor=editor,
               values={"done": True, "status": int(EntryStatus.DAT), "explanation": "QĐ 25/QĐ-UBND"})
    entry_save(round=q1, unit=world.unit_a, criterion_code="II.1", expected_version=0, actor=editor,
               values={"date": dt.date(2024, 1, 8), "explanation": "Kế hoạch số 13/KH-UBND"})
    entry_save(round=q1, unit=world.unit_a, criterion_code="I.2", expected_version=0, actor=editor,
               values={"numerator": 900.0, "denominator": 1000.0})
    f = SimpleUploadedFile("QĐ ban chỉ đạo.pdf", minimal_pdf(), content_type="application/pdf")
    world.client_for("editor_a").post(f"/ky/{q1.slug}/don-vi/{world.unit_a.code}/tieu-chi/I.1/minh-chung/",
                                      {"file": f, "note": "Điều 1, trang 1"})
    return Quarters(world, q1, q2)


def test_the_previous_round_is_the_quarter_before_of_the_same_framework_and_year(quarters: Quarters) -> None:
    w = quarters.w
    assert previous_round(quarters.q2, w.unit_a) == quarters.q1
    assert previous_round(quarters.q1, w.unit_a) is None  # the year's first quarter starts empty
    assert previous_round(w.round, w.unit_a) is None  # the yearly round has no quarter before it
    q1_next_year = _quarter(w, 1, year=2025)
    assert previous_round(q1_next_year, w.unit_a) is None  # never across years
    html = w.client_for("editor_a").get(quarters.url(quarters.q1)).content.decode()
    assert "Sao chép từ kỳ trước" not in html


def test_one_criterion_is_copied_with_its_evidence_and_marked_until_saved(quarters: Quarters) -> None:
    w, editor = quarters.w, quarters.w.client_for("editor_a")
    html = editor.get(quarters.url()).content.decode()
    assert "Kỳ trước (Quý I năm 2024): Đạt · 1 tệp minh chứng" in html
    resp = editor.post(quarters.url() + "sao-chep-ky-truoc/", {"criterion": "I.1", "version": "0"}, follow=True)
    html = resp.content.decode()
    assert "Đã sao chép tiêu chí I.1 từ kỳ trước" in html
    entry = Entry.objects.get(round=quarters.q2, unit=w.unit_a, criterion_code="I.1")
    source = Entry.objects.get(round=quarters.q1, unit=w.unit_a, criterion_code="I.1")
    assert (entry.done, entry.status, entry.explanation) == (True, EntryStatus.DAT, "QĐ 25/QĐ-UBND")
    assert entry.copied_from == source and entry.workflow == Workflow.DRAFT
    assert "Sao chép từ kỳ trước – chưa xác nhận" in html
    [link] = entry.current_evidence()
    [original] = source.current_evidence()
    assert link.file.name == original.file.name and link.note == "Điều 1, trang 1" and link.linked_from == original
    assert AuditEvent.objects.filter(action="entry.copy", object_id=str(entry.pk)).exists()
    assert AuditEvent.objects.filter(action="evidence.copy", object_id=str(entry.pk)).exists()
    # the copy scores in Q2 like any save
    card = html.split('id="c-I.1"', 1)[1].split("</header>", 1)[0]
    assert '<strong class="pts">10</strong>' in card

    # the user's own save (here without changes) confirms it
    resp = editor.post(quarters.url(), entry_post("I.1", entry.version, done="1", status="1",
                                                  explanation="QĐ 25/QĐ-UBND"), HTTP_X_REQUESTED_WITH="fetch")
    assert resp.status_code == 200 and resp.json()["ok"]
    entry.refresh_from_db()
    assert entry.copied_from is None
    assert "Sao chép từ kỳ trước – chưa xác nhận" not in editor.get(quarters.url()).content.decode()


def test_a_stale_copy_is_refused_and_keeps_what_was_entered(quarters: Quarters) -> None:
    w, editor = quarters.w, quarters.w.client_for("editor_a")
    entry_save(round=quarters.q2, unit=w.unit_a, criterion_code="II.1", expected_version=0,
               actor=w.users["editor_a"], values={"date": dt.date(2024, 2, 3)})
    html = editor.post(quarters.url() + "sao-chep-ky-truoc/", {"criterion": "II.1", "version": "0"},
                       follow=True).content.decode()
    assert "vừa được người khác cập nhật" in html
    assert Entry.objects.get(round=quarters.q2, unit=w.unit_a, criterion_code="II.1").date == dt.date(2024, 2, 3)
    assert "Sao chép từ kỳ trước (thay số liệu đang có)" in html


def test_a_group_copy_fills_only_what_is_still_empty(quarters: Quarters) -> None:
    w, editor = quarters.w, quarters.w.client_for("editor_a")
    entry_save(round=quarters.q2, unit=w.unit_a, criterion_code="I.2", expected_version=0,
               actor=w.users["editor_a"], values={"numerator": 950.0, "denominator": 1000.0})
    html = editor.get(quarters.url()).content.decode()
    assert "Sao chép từ kỳ trước cả nhóm I" in html and "1 tiêu chí còn trống" in html
    html = editor.post(quarters.url() + "sao-chep-ky-truoc/", {"group": "I"}, follow=True).content.decode()
    assert "Nhóm I: đã sao chép 1 tiêu chí từ kỳ trước (I.1)" in html
    assert "Giữ nguyên 1 tiêu chí đã nhập ở kỳ này: I.2" in html
    q2 = {e.criterion_code: e for e in Entry.objects.filter(round=quarters.q2, unit=w.unit_a)}
    assert q2["I.2"].numerator == 950.0 and q2["I.2"].copied_from is None
    assert q2["I.1"].copied_from is not None and "II.1" not in q2  # only the group asked for
    assert "Sao chép từ kỳ trước cả nhóm I</button>" not in html  # nothing left to copy in group I


def test_the_check_lists_unconfirmed_copies_and_submitting_confirms_them(quarters: Quarters) -> None:
    w, editor = quarters.w, quarters.w.client_for("editor_a")
    editor.post(quarters.url() + "sao-chep-ky-truoc/", {"group": "II"})
    html = editor.get(quarters.url() + "gui/").content.decode()
    assert "Sao chép từ kỳ trước, chưa xác nhận (1)" in html and "II.1 Kế hoạch năm" in html
    editor.post(quarters.url() + "gui/", {"xac_nhan": "1"})
    entry = Entry.objects.get(round=quarters.q2, unit=w.unit_a, criterion_code="II.1")
    assert entry.workflow == Workflow.SUBMITTED and entry.copied_from is None


def test_copying_follows_the_round_rules(quarters: Quarters) -> None:
    w = quarters.w
    for who in ("viewer", "outsider", "assessor"):
        client = w.client_for(who)
        assert client.post(quarters.url() + "sao-chep-ky-truoc/", {"criterion": "I.1", "version": "0"}).status_code == 403
        assert client.post(quarters.url() + "sao-chep-ky-truoc/", {"group": "I"}).status_code == 403
    # the agency copies only its own criterion (I.3 has nothing in Q1): nothing of the unit's
    assignment_set(round=quarters.q2, criterion_code="I.3", agency=w.agency)
    html = w.client_for("agency_a").post(quarters.url() + "sao-chep-ky-truoc/", {"group": "I"},
                                         follow=True).content.decode()
    assert "không có tiêu chí nào còn trống để sao chép" in html
    Round.objects.filter(pk=quarters.q2.pk).update(submission_deadline=dt.date(2024, 4, 2))
    html = w.client_for("editor_a").post(quarters.url() + "sao-chep-ky-truoc/", {"group": "I"},
                                         follow=True).content.decode()
    assert "Đã hết hạn nộp ngày 02/04/2024" in html
    assert not Entry.objects.filter(round=quarters.q2).exists()
    assert not Evidence.objects.filter(entry__round=quarters.q2).exists()
