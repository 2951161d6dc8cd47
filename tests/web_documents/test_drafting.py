"""Drafting in the platform: register of issued documents, group texts, sub-unit figures, edited
paragraphs, issued versions — permissions per role, audit rows, and what reaches the document."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from dti.web.audit.models import AuditEvent
from dti.web.documents import build, content
from dti.web.documents.models import DocumentEdit, GroupText, IssuedDirective, IssuedDocument
from dti.web.entries.models import Entry, Evidence
from dti.web.results.services import results_recompute
from tests.helpers import ROLES, Case, check_access

WRITERS = {"admin": 302, "owner": 302, "editor_a": 302}


def _prepare(world) -> None:
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.3", count=2)
    results_recompute(round=world.round)


def _base(world) -> str:
    return f"/ky/{world.round.slug}/van-ban/{world.unit_a.code}"


@pytest.mark.parametrize("role", ROLES)
def test_drafting_views_by_role(world, role):
    _prepare(world)
    base = _base(world)
    readers = {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200}
    cases = [
        Case("register page", "GET", f"{base}/so-van-ban/", readers),
        Case("register add", "POST", f"{base}/so-van-ban/", WRITERS,
             data={"action": "add", "number": f"1/KH-UBND-{role}", "summary": "Kế hoạch chuyển đổi số",
                   "issued_on": "08/01/2024", "criteria": "I.1"}),
        Case("group texts page", "GET", f"{base}/noi-dung-nhom/", readers),
        Case("group text save", "POST", f"{base}/noi-dung-nhom/", WRITERS,
             data={"group": "I", "highlights": "Đã kiện toàn Ban chỉ đạo"}),
        Case("draft page", "GET", f"{base}/soan/bao-cao/", readers),
        Case("draft save", "POST", f"{base}/soan/bao-cao/", WRITERS, data={"action": "save", "p-intro": "Mở đầu"}),
        Case("round tổng hợp", "GET", f"/ky/{world.round.slug}/van-ban-ky/tong-hop.docx",
             {"admin": 200, "owner": 200, "assessor": 200}),
    ]
    client = world.client_for(role)
    for case in cases:
        check_access(client, case, role)


def test_register_feeds_section_one_and_its_appendix(world):
    _prepare(world)
    editor = world.users["editor_a"]
    content.directive_add(round=world.round, unit=world.unit_a, acting_user=editor, data={
        "number": "125/KH-UBND", "issued_on": "02/4/2024", "summary": "Về tuyên truyền an toàn thông tin",
        "criteria": "i.1"})
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        content.directive_add(round=world.round, unit=world.unit_a, acting_user=editor,
                              data={"number": "125/KH-UBND", "summary": "Lặp"})
    with pytest.raises(ValidationError, match="Không có tiêu chí IX.9"):
        content.directive_add(round=world.round, unit=world.unit_a, acting_user=editor,
                              data={"number": "2/KH", "summary": "x", "criteria": "IX.9"})
    assert IssuedDirective.objects.get().criteria == "I.1"
    assert AuditEvent.objects.filter(action="documents.directive_add").count() == 1
    doc, _, _, _ = build.unit_draft(world.round, world.unit_a, "bao-cao")
    paragraphs = [p.text for p in doc.paragraphs]
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in paragraphs
    register = [[c.text for c in r.cells] for r in doc.tables[2].rows]
    assert register[1] == ["1", "125/KH-UBND", "02/04/2024", "Về tuyên truyền an toàn thông tin", "Tiêu chí I.1"]


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_register_import_is_all_or_nothing(world, tmp_path):
    _prepare(world)
    client = world.client_for("editor_a")
    url = f"{_base(world)}/so-van-ban/"
    bad = _xlsx([["Số ký hiệu", "Ngày ban hành", "Trích yếu"], ["1/KH-UBND", "02/4/2024", "Một"],
                 ["2/KH-UBND", "31/2/2024", "Hai"], ["", "", "Ba"]])
    f = tmp_path / "so.xlsx"
    f.write_bytes(bad)
    with f.open("rb") as fh:
        r = client.post(url, {"action": "import", "file": fh}, follow=True)
    html = r.content.decode()
    assert "Dòng 3" in html and "Dòng 4" in html and IssuedDirective.objects.count() == 0
    f.write_bytes(_xlsx([["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Tiêu chí"], ["1/KH-UBND", "02/4/2024", "Một", "I.1"],
                         ["2/KH-UBND", None, "Hai", ""]]))
    with f.open("rb") as fh:
        client.post(url, {"action": "import", "file": fh})
    assert list(IssuedDirective.objects.values_list("number", flat=True)) == ["1/KH-UBND", "2/KH-UBND"]


def test_register_row_from_an_evidence_file_never_prints_the_file_name(world):
    _prepare(world)
    entry = Entry.objects.get(unit=world.unit_a, criterion_code="I.1")
    ev = Evidence.objects.create(entry=entry, file="x.pdf", original_name="196-QD-UBND_kien-toan.pdf",
                                 content_type="application/pdf", extension="pdf", size=10, sha256="0" * 64)
    assert content.number_from_file_name(ev.original_name) == "196/QĐ-UBND"
    content.directive_from_evidence(round=world.round, unit=world.unit_a, evidence=ev, summary="Về kiện toàn BCĐ",
                                    acting_user=world.users["editor_a"])
    d = IssuedDirective.objects.get()
    assert (d.number, d.criteria, d.evidence_id) == ("196/QĐ-UBND", "I.1", ev.pk)
    doc, _, _, _ = build.unit_draft(world.round, world.unit_a, "bao-cao")
    everything = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert not any("kien-toan" in t or ".pdf" in t for t in everything)
    ev.original_name = "scan.pdf"
    ev.save()
    with pytest.raises(ValidationError, match="Không đọc được số"):
        content.directive_from_evidence(round=world.round, unit=world.unit_a, evidence=ev, summary="x",
                                        acting_user=None)


def test_group_texts_replace_generated_sentences_and_counts_are_checked(world):
    _prepare(world)
    content.group_text_save(round=world.round, unit=world.unit_a, group_code="I", acting_user=world.users["owner"],
                            data={"highlights": "Đã hoàn thành 3/3 tiêu chí", "solutions": "Tăng cường tin bài"})
    assert GroupText.objects.get().solutions == "Tăng cường tin bài"
    with pytest.raises(ValidationError, match="Không có nhóm"):
        content.group_text_save(round=world.round, unit=world.unit_a, group_code="Z", acting_user=None, data={})
    doc, _, _, problems = build.unit_draft(world.round, world.unit_a, "bao-cao")
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Đã hoàn thành 3/3 tiêu chí" in paragraphs and "Tăng cường tin bài" in paragraphs
    assert any(p.kind == "count_stated" and "hoàn thành 3" in p.message for p in problems)


def test_sub_unit_figures_print_under_their_criterion(world):
    _prepare(world)
    n = content.sub_unit_figures_set(round=world.round, unit=world.unit_a, criterion_code="I.3",
                                     text="Xã A: 1\nXã B: 1", acting_user=None)
    assert n == 2
    with pytest.raises(ValidationError, match="Dòng 1"):
        content.sub_unit_figures_set(round=world.round, unit=world.unit_a, criterion_code="I.3", text="Xã A",
                                     acting_user=None)
    doc, _, _, problems = build.unit_draft(world.round, world.unit_a, "bao-cao")
    assert "(Chi tiết tiêu chí I.3 theo đơn vị: Xã A: 1; Xã B: 1.)" in [p.text for p in doc.paragraphs]
    assert not [p for p in problems if p.kind == "breakdown"]


def test_edited_paragraphs_only_and_issued_versions_keep_the_data_hash(world):
    _prepare(world)
    client = world.client_for("editor_a")
    url = f"{_base(world)}/soan/bao-cao/"
    r = client.post(url, {"action": "save", "p-intro": "Lời mở đầu do người soạn viết."})
    assert r.status_code == 302
    assert DocumentEdit.objects.get().text == "Lời mở đầu do người soạn viết."
    with pytest.raises(ValidationError, match="không sửa được"):
        content.document_edit_save(round=world.round, unit=world.unit_a, kind="bao-cao",
                                   edits={"appendix": "0/0"}, allowed={"intro"}, acting_user=None)
    doc, _, _, _ = build.unit_draft(world.round, world.unit_a, "bao-cao")
    assert "Lời mở đầu do người soạn viết." in [p.text for p in doc.paragraphs]
    client.post(url, {"action": "issue"})
    client.post(url, {"action": "issue"})
    versions = list(IssuedDocument.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert len(versions[0].data_hash) == 64 and versions[0].data_hash == versions[1].data_hash
    Entry.objects.filter(criterion_code="I.3").update(count=4)
    client.post(url, {"action": "issue"})
    assert IssuedDocument.objects.get(version=3).data_hash != versions[0].data_hash
    r = client.get(f"{_base(world)}/da-ban-hanh/{versions[0].pk}/")
    assert r.status_code == 200 and b"PK" in b"".join(r.streaming_content)[:4]
    html = client.get(url).content.decode()
    assert "Kiểm tra trước khi ban hành" in html and "Phiên bản đã ban hành" in html
    client.post(url, {"action": "reset"})
    assert DocumentEdit.objects.count() == 0


@pytest.mark.slow
def test_preview_shows_the_pdf_pages(world):
    pytest.importorskip("docx")
    from dti.reports.pdf import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    _prepare(world)
    html = world.client_for("editor_a").get(f"{_base(world)}/soan/bao-cao/xem-truoc/").content.decode()
    assert html.count('src="data:image/png;base64,') >= 2 and "Trang 1" in html
