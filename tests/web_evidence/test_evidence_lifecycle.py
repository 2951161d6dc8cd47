"""Evidence lifecycle: remove and replace a file until the criterion is approved (audited, the stored file
kept and no longer current), add to a returned criterion, one file for several criteria with a note each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from dti.web.audit.models import AuditEvent
from dti.web.entries.evidence_changes import evidence_link, evidence_remove
from dti.web.entries.models import Entry, Evidence, Workflow
from dti.web.entries.write import EntryError, EntryLocked
from tests.factories import World
from tests.web_evidence.conftest import page_url, upload


def _ev_url(w: World, ev: Evidence, action: str) -> str:
    return f"/ky/{w.round.slug}/don-vi/{w.unit_a.code}/minh-chung/{ev.pk}/{action}/"


def _only(code: str = "I.1") -> Evidence:
    return Evidence.objects.get(entry__criterion_code=code, removed_at__isnull=True)


def test_removing_a_file_keeps_it_stored_and_audited_but_not_current(sworld: World, signed_pdf, trust, root) -> None:
    trust(root)
    editor = sworld.client_for("editor_a")
    upload(editor, sworld, signed_pdf, name="QĐ sai.pdf")
    ev = _only()
    html = editor.get(page_url(sworld)).content.decode()
    assert "Đạt: có chữ ký số hợp lệ" in html and "Gỡ tệp" in html

    resp = editor.post(_ev_url(sworld, ev, "go"), follow=True)
    html = resp.content.decode()
    assert resp.status_code == 200 and "Đã gỡ tệp &#x27;QĐ sai.pdf&#x27; khỏi tiêu chí I.1" in html
    ev.refresh_from_db()
    assert ev.removed_at is not None and ev.removed_by == sworld.users["editor_a"]
    assert default_storage.exists(ev.file.name)  # kept for the audit trail
    assert not Entry.objects.get(pk=ev.entry_id).current_evidence()
    assert "Tệp đã gỡ hoặc đã thay (1)" in html and "Thiếu tệp" in html  # the signed requirement is open again
    event = AuditEvent.objects.get(action="evidence.remove")
    assert event.old["name"] == "QĐ sai.pdf" and event.old["sha256"] == ev.sha256
    # the removed file is still downloadable by those who may open the criterion's files
    assert editor.get(f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/minh-chung/{ev.pk}/").status_code == 200
    # and cannot be removed twice
    assert editor.post(_ev_url(sworld, ev, "go")).status_code == 404


def test_replacing_a_file_checks_the_new_one_and_carries_the_note(sworld: World, signed_pdf, unsigned_pdf) -> None:
    editor = sworld.client_for("editor_a")
    upload(editor, sworld, unsigned_pdf, name="ban-nhap.pdf")
    old = _only()
    editor.post(_ev_url(sworld, old, "vi-tri"), {"note": "Điều 1, trang 2"})
    f = SimpleUploadedFile("ban-ky-so.pdf", signed_pdf, content_type="application/pdf")
    html = editor.post(_ev_url(sworld, old, "thay"), {"file": f}, follow=True).content.decode()
    assert "Đã thay &#x27;ban-nhap.pdf&#x27; bằng &#x27;ban-ky-so.pdf&#x27;" in html
    new = _only()
    old.refresh_from_db()
    assert new.original_name == "ban-ky-so.pdf" and new.note == "Điều 1, trang 2"
    assert old.removed_at is not None and old.replaced_by == new
    assert new.signature_check is not None and new.signature_check["signed"]
    assert AuditEvent.objects.filter(action="evidence.replace", object_id=str(old.pk)).exists()
    assert "Vị trí minh chứng: Điều 1, trang 2" in html

    # a replacement is checked like any upload: refused, the old file stays current
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    html = editor.post(_ev_url(sworld, new, "thay"), {"file": bad}, follow=True).content.decode()
    assert "Tiêu chí I.1:" in html
    assert _only().pk == new.pk


def test_files_change_until_approved_and_a_returned_criterion_takes_new_evidence(sworld: World, unsigned_pdf) -> None:
    editor, assessor = sworld.client_for("editor_a"), sworld.client_for("assessor")
    upload(editor, sworld, unsigned_pdf, name="dau-tien.pdf")
    entry = Entry.objects.get(criterion_code="I.1")
    Entry.objects.filter(pk=entry.pk).update(workflow=Workflow.SUBMITTED)
    # submitted, not yet approved: a wrong file can still be replaced or removed, a missing one added
    html = upload(editor, sworld, unsigned_pdf, name="bo-sung.pdf")
    assert "Đã đính kèm &#x27;bo-sung.pdf&#x27;" in html
    editor.post(_ev_url(sworld, Evidence.objects.get(original_name="dau-tien.pdf"), "go"))
    assert [e.original_name for e in Entry.objects.get(pk=entry.pk).current_evidence()] == ["bo-sung.pdf"]

    assessor.post(f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/tieu-chi/I.1/tham-dinh/",
                  {"action": "return", "comment": "Thiếu quyết định có ký số"})
    assert Entry.objects.get(pk=entry.pk).workflow == Workflow.RETURNED
    html = upload(editor, sworld, unsigned_pdf, name="sau-tra-lai.pdf")
    assert "Đã đính kèm &#x27;sau-tra-lai.pdf&#x27;" in html

    Entry.objects.filter(pk=entry.pk).update(workflow=Workflow.APPROVED)
    ev = Evidence.objects.get(original_name="sau-tra-lai.pdf")
    html = editor.post(_ev_url(sworld, ev, "go"), follow=True).content.decode()
    assert "Tiêu chí I.1 đã được duyệt: không thay đổi minh chứng được" in html
    assert "Gỡ tệp" not in html  # no button the user may not use
    ev.refresh_from_db()
    assert ev.removed_at is None


def test_the_deadline_locks_file_changes_with_the_same_message(sworld: World, unsigned_pdf) -> None:
    editor = sworld.client_for("editor_a")
    upload(editor, sworld, unsigned_pdf)
    ev = _only()
    sworld.round.submission_deadline = dt.date(2024, 1, 1)
    sworld.round.save(update_fields=["submission_deadline"])
    html = editor.post(_ev_url(sworld, ev, "go"), follow=True).content.decode()
    assert "Đã hết hạn nộp ngày 01/01/2024" in html
    with pytest.raises(EntryLocked):
        evidence_remove(evidence=ev, actor=sworld.users["editor_a"])
    ev.refresh_from_db()
    assert ev.removed_at is None


@pytest.mark.parametrize("who", ["viewer", "outsider", "assessor", "agency_a"])
def test_only_those_who_enter_the_criterion_change_its_files(sworld: World, unsigned_pdf, who: str) -> None:
    upload(sworld.client_for("editor_a"), sworld, unsigned_pdf)
    ev = _only()
    client = sworld.client_for(who)
    for action in ("go", "vi-tri", "thay"):
        assert client.post(_ev_url(sworld, ev, action), {"note": "x"}).status_code == 403, (who, action)
    assert _only().note == ""
    if who in ("assessor", "agency_a"):  # they see the page, not the buttons (the agency: not even the file)
        html = client.get(page_url(sworld) + "?tat-ca=1").content.decode()
        assert ("quyet-dinh.pdf" in html) == (who == "assessor") and _ev_url(sworld, ev, "go") not in html


def test_one_file_serves_several_criteria_each_with_its_own_note(sworld: World, signed_pdf) -> None:
    editor = sworld.client_for("editor_a")
    upload(editor, sworld, signed_pdf, name="KH 13-KH-UBND.pdf")
    source = _only()
    html = editor.get(page_url(sworld)).content.decode()
    assert "Hoặc dùng tệp đã tải lên" in html and "KH 13-KH-UBND.pdf (tiêu chí I.1)" in html
    link_url = f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/tieu-chi/II.1/minh-chung/dung-lai/"
    html = editor.post(link_url, {"evidence": source.pk, "note": "Mục III, trang 4"}, follow=True).content.decode()
    assert "Đã dùng tệp &#x27;KH 13-KH-UBND.pdf&#x27; (của tiêu chí I.1) làm minh chứng cho tiêu chí II.1" in html
    link = _only("II.1")
    assert link.linked_from == source and link.file.name == source.file.name and link.note == "Mục III, trang 4"
    assert Evidence.objects.exclude(file=source.file.name).count() == 0  # no second copy stored
    assert "Cũng là minh chứng của tiêu chí II.1" in html and "Dùng lại tệp đã tải lên" in html
    assert AuditEvent.objects.filter(action="evidence.link").count() == 1

    # twice is refused; the register does not call a link a duplicate
    html = editor.post(link_url, {"evidence": source.pk}, follow=True).content.decode()
    assert "đã là minh chứng của tiêu chí II.1" in html
    register = editor.get(f"/ky/{sworld.round.slug}/so-minh-chung/").content.decode()
    assert "Trùng" not in register.split("<table", 1)[-1]

    # removing the upload from I.1 leaves II.1's link (the same stored file) in place
    editor.post(_ev_url(sworld, source, "go"))
    assert _only("II.1").pk == link.pk
    with pytest.raises(EntryError):
        evidence_link(evidence=Evidence.objects.get(pk=source.pk), criterion_code="I.2",
                      actor=sworld.users["editor_a"])


def test_a_file_of_another_unit_or_one_the_user_may_not_open_cannot_be_linked(sworld: World, unsigned_pdf) -> None:
    upload(sworld.client_for("admin"), sworld, unsigned_pdf, name="don-vi-b.pdf", unit=sworld.unit_b.code)
    upload(sworld.client_for("editor_a"), sworld, unsigned_pdf, name="cua-huyen.pdf")
    other = Evidence.objects.get(original_name="don-vi-b.pdf")
    url = f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/tieu-chi/II.1/minh-chung/dung-lai/"
    assert sworld.client_for("editor_a").post(url, {"evidence": other.pk}).status_code == 404
    # the agency enters I.3 only: it cannot take the unit's I.1 file for it, nor see it offered
    mine = f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/tieu-chi/I.3/minh-chung/dung-lai/"
    agency = sworld.client_for("agency_a")
    assert agency.post(mine, {"evidence": Evidence.objects.get(original_name="cua-huyen.pdf").pk}).status_code == 403
    assert "cua-huyen.pdf (tiêu chí I.1)" not in agency.get(page_url(sworld)).content.decode()
    assert not Evidence.objects.filter(entry__criterion_code__in=["II.1", "I.3"]).exists()


def test_the_note_is_audited_and_bounded(sworld: World, unsigned_pdf) -> None:
    editor = sworld.client_for("editor_a")
    upload(editor, sworld, unsigned_pdf)
    ev = _only()
    editor.post(_ev_url(sworld, ev, "vi-tri"), {"note": "  Trang   5 "})
    assert _only().note == "Trang 5"
    event = AuditEvent.objects.get(action="evidence.note")
    assert event.old == {"note": ""} and event.new == {"note": "Trang 5"}
    html = editor.post(_ev_url(sworld, ev, "vi-tri"), {"note": "x" * 301}, follow=True).content.decode()
    assert "dài quá 300 ký tự" in html and _only().note == "Trang 5"
