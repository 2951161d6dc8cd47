"""Seed-based: Ninh Sơn's báo cáo/kế hoạch generated from the DATABASE round ninh-thuan-2022."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dti.web.audit.models import AuditEvent
from dti.web.documents.models import ReportNotes
from dti.web.entries.evidence import evidence_add
from dti.web.entries.models import Entry
from tests.helpers import docx_text, pdf_upload

NOTES = {
    "form": "notes",
    "nd-difficulties": "Hạ tầng cáp quang tại xã Ma Nới còn thiếu.",
    "nd-proposals": "Đề nghị tỉnh hỗ trợ kinh phí phủ sóng 4G.",
    "nd-tasks": "Hoàn thành số hóa hồ sơ một cửa trong quý I.",
    "nd-objectives": "Đưa Chỉ số DTI của huyện vào nhóm 3 đơn vị dẫn đầu.",
}


def test_bao_cao_from_the_database_carries_scores_and_the_notes_entered_in_the_form(ninh_thuan, nt_users, client):
    client.force_login(nt_users["editor"])
    r = client.post("/ky/ninh-thuan-2022/van-ban/585/", NOTES)
    assert r.status_code == 302, r.content.decode()[:500]
    notes = ReportNotes.objects.get(round=ninh_thuan, unit__code="585")
    assert notes.updated_by == nt_users["editor"]
    event = AuditEvent.objects.get(action="documents.notes_save")
    assert event.actor == nt_users["editor"] and "Ma Nới" in event.new["difficulties"]

    r = client.get("/ky/ninh-thuan-2022/van-ban/585/bao-cao.docx")
    assert r.status_code == 200
    body = docx_text(r.content)
    assert "698,8" in body
    assert "khá" in body or "Khá" in body
    assert "3/7" in body
    assert NOTES["nd-difficulties"] in body and NOTES["nd-proposals"] in body and NOTES["nd-tasks"] in body
    assert "HUYỆN NINH SƠN" in body


def test_ke_hoach_from_the_database_uses_the_plan_objectives(ninh_thuan, nt_users, client):
    client.force_login(nt_users["editor"])
    client.post("/ky/ninh-thuan-2022/van-ban/Huyện Ninh Sơn/", NOTES)
    r = client.get("/ky/ninh-thuan-2022/van-ban/Huyện Ninh Sơn/ke-hoach.docx")
    assert r.status_code == 200
    body = docx_text(r.content)
    assert "698,8" in body and "3/7" in body and "xếp loại khá" in body
    assert NOTES["nd-objectives"] in body
    assert "năm 2023" in body  # the plan is for the year after the round


def test_unit_workbook_counts_evidence_and_round_ranking_lists_seven_districts(ninh_thuan, nt_users, client):
    entry = Entry.objects.get(round=ninh_thuan, unit__code="585", criterion_code="3.5")
    evidence_add(entry=entry, upload=pdf_upload("bao-cao-3-5.pdf"), actor=None, ip=None)
    evidence_add(entry=entry, upload=pdf_upload("bien-ban-3-5.pdf"), actor=None, ip=None)
    client.force_login(nt_users["owner"])
    ws = load_workbook(io.BytesIO(client.get("/ky/ninh-thuan-2022/van-ban/585/bang-tinh/").content)).active
    counts = {row[0]: row[-1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert counts["3.5"] == 2 and counts["3.7"] is None

    r = client.get("/ky/ninh-thuan-2022/bang-tinh/ranking/")
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 7
    ninh_son = next(row for row in rows if row[1] == "585")
    assert ninh_son[0] == 3 and round(ninh_son[4], 1) == 698.8
