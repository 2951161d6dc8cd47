"""Download responses: ASCII-safe filenames with a UTF-8 filename*, workbooks, batch ZIPs via the queue."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from dti.web.audit.models import AuditEvent
from dti.web.documents import services
from dti.web.documents.build import content_disposition, period_texts
from dti.web.documents.models import BatchState, DocumentBatch
from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute
from tests.helpers import docx_text, zip_names

DISPOSITION = re.compile(r'^attachment; filename="([A-Za-z0-9._-]+)"; filename\*=UTF-8\'\'([A-Za-z0-9%._-]+)$')


@pytest.fixture
def prepared(world):
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    results_recompute(round=world.round)
    return world


def _names(response) -> tuple[str, str]:
    m = DISPOSITION.match(response["Content-Disposition"])
    assert m, response["Content-Disposition"]
    return m.group(1), unquote(m.group(2))


@pytest.mark.parametrize(("url", "ascii_name", "utf8_name"), [
    ("van-ban/901/bao-cao.docx", "bao-cao-901-huyen-an-dong.docx", "Báo cáo – Huyện An Đông.docx"),
    ("van-ban/902/ke-hoach.docx", "ke-hoach-902-huyen-da-loc.docx", "Kế hoạch nâng cao DTI – Huyện Đa Lộc.docx"),
    ("van-ban/901/bang-tinh/", "bang-tinh-unit-thu-nghiem-2024-901.xlsx", "Bảng tính chi tiết – Huyện An Đông.xlsx"),
    ("bang-tinh/ranking/", "bang-tinh-ranking-thu-nghiem-2024.xlsx", "Xếp hạng – Kỳ thử nghiệm 2024.xlsx"),
])
def test_every_download_has_an_ascii_slug_and_the_vietnamese_name(prepared, url, ascii_name, utf8_name):
    r = prepared.client_for("owner").get(f"/ky/{prepared.round.slug}/{url}")
    assert r.status_code == 200
    assert _names(r) == (ascii_name, utf8_name)
    assert r["Content-Disposition"].isascii()


def test_content_disposition_strips_quotes_and_path_separators():
    header = content_disposition('a"b/../c\r\nd.docx', 'Tên "lạ"/\\.docx')
    assert header.isascii() and "\r" not in header and "\n" not in header and "/" not in header
    assert DISPOSITION.match(header)


def test_unit_workbook_has_the_evidence_count_column(prepared):
    r = prepared.client_for("editor_a").get(f"/ky/{prepared.round.slug}/van-ban/901/bang-tinh/")
    ws = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    assert header[0] == "Mã" and header[-1] == "Số minh chứng"
    codes = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert codes == ["I.1", "I.2", "I.3", "II.1", "II.2"]


def test_small_batch_runs_inline_and_zips_one_document_per_unit(prepared):
    client = prepared.client_for("owner")
    r = client.post(f"/ky/{prepared.round.slug}/van-ban/", {"kind": "bao-cao", "fmt": "docx"}, follow=True)
    assert "Đã tạo 2 văn bản" in r.content.decode()
    batch = DocumentBatch.objects.get()
    assert batch.state == BatchState.DONE and batch.requested_by == prepared.users["owner"]
    assert AuditEvent.objects.filter(action="documents.batch_request", actor=prepared.users["owner"]).exists()
    z = client.get(f"/ky/{prepared.round.slug}/van-ban/hang-loat/{batch.pk}/tai/")
    content = b"".join(z.streaming_content)
    assert zip_names(content) == ["bao-cao-901-huyen-an-dong.docx", "bao-cao-902-huyen-da-loc.docx"]
    assert _names(z)[0] == "bao-cao-docx-thu-nghiem-2024.zip"


def test_larger_batch_goes_through_the_job_queue(prepared, settings):
    settings.DTI_INLINE_DOCUMENT_UNITS = 0  # every round is "large": django-q2 (sync in tests) builds it
    client = prepared.client_for("admin")
    client.post(f"/ky/{prepared.round.slug}/van-ban/", {"kind": "ke-hoach", "fmt": "docx"})
    from django_q.models import Task

    task = Task.objects.get()
    assert task.success and task.result == BatchState.DONE and task.name.startswith("van-ban-thu-nghiem-2024")
    batch = DocumentBatch.objects.get()
    assert batch.state == BatchState.DONE and batch.n_units == 2 and batch.file.name.endswith(".zip")


def test_a_batch_that_cannot_be_built_records_the_reason(prepared, monkeypatch):
    from dti.reports import ReportError
    from dti.web.documents import build

    def broken(*args, **kwargs):
        raise ReportError("Kế hoạch nâng cao Chỉ số DTI cần bộ chỉ số có tính điểm")

    monkeypatch.setattr(build, "batch_zip", broken)
    batch = services.batch_request(round=prepared.round, kind="ke-hoach", fmt="docx", acting_user=None)
    services.batch_start(batch)
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED and "có tính điểm" in batch.error and not batch.file
    r = prepared.client_for("owner").get(f"/ky/{prepared.round.slug}/van-ban/hang-loat/{batch.pk}/tai/")
    assert r.status_code == 404


def test_bad_batch_request_is_refused_with_a_vietnamese_message(prepared):
    r = prepared.client_for("owner").post(f"/ky/{prepared.round.slug}/van-ban/", {"kind": "bien-ban", "fmt": "docx"},
                                          follow=True)
    assert "Loại văn bản &#x27;bien-ban&#x27; không hợp lệ" in r.content.decode()
    assert not DocumentBatch.objects.exists()


def test_settings_saved_by_an_owner_are_audited_and_printed(prepared):
    client = prepared.client_for("owner")
    r = client.post(f"/ky/{prepared.round.slug}/van-ban/901/", {
        "form": "settings", "tt-issuer_parent": "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "tt-symbol_report": "BC-VP",
        "tt-on_behalf_of": "ỦY BAN NHÂN DÂN", "tt-deputy_of": "CHỦ TỊCH", "tt-signer_title": "PHÓ CHỦ TỊCH",
        "tt-signer_name": "Trần Thị Bình", "tt-recipients": "Sở TT&TT;\nLưu: VT.",
    })
    assert r.status_code == 302
    event = AuditEvent.objects.get(action="documents.settings_save")
    assert event.actor == prepared.users["owner"] and event.new["signer_name"] == "Trần Thị Bình"
    body = docx_text(client.get(f"/ky/{prepared.round.slug}/van-ban/901/bao-cao.docx").content)
    for text in ("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "/BC-VP", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình",
                 "Sở TT&TT;"):
        assert text in body, text
    # saving the same values again changes nothing and writes no second audit row
    client.post(f"/ky/{prepared.round.slug}/van-ban/901/", {"form": "settings", "tt-signer_name": "Trần Thị Bình",
                "tt-issuer_parent": "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "tt-symbol_report": "BC-VP",
                "tt-on_behalf_of": "ỦY BAN NHÂN DÂN", "tt-deputy_of": "CHỦ TỊCH", "tt-signer_title": "PHÓ CHỦ TỊCH",
                "tt-recipients": "Sở TT&TT;\nLưu: VT."})
    assert AuditEvent.objects.filter(action="documents.settings_save").count() == 1


def test_admin_edits_go_through_the_audited_service(prepared):
    from dti.web.documents.models import UnitDocumentSettings

    client = prepared.client_for("admin")
    prepared.users["admin"].is_staff = prepared.users["admin"].is_superuser = True
    prepared.users["admin"].save()
    r = client.post("/quan-tri/documents/unitdocumentsettings/add/", {
        "unit": prepared.unit_a.pk, "symbol_report": "BC-UBND", "symbol_plan": "KH-UBND",
        "on_behalf_of": "ỦY BAN NHÂN DÂN", "signer_name": "Lê Văn Cường"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert UnitDocumentSettings.objects.get(unit=prepared.unit_a).signer_name == "Lê Văn Cường"
    assert AuditEvent.objects.filter(action="documents.settings_save", actor=prepared.users["admin"]).exists()
    page = client.get("/quan-tri/documents/unitdocumentsettings/add/").content.decode()
    assert "Họ tên người ký" in page and "Thay mặt (TM.)" in page


def test_notes_too_long_are_refused_naming_the_field(prepared):
    r = prepared.client_for("editor_a").post(f"/ky/{prepared.round.slug}/van-ban/901/",
                                             {"form": "notes", "nd-proposals": "x" * 20_001})
    assert r.status_code == 200 and "Đề xuất, kiến nghị" in r.content.decode()
    assert "dài 20.001 ký tự, tối đa 20.000 ký tự" in r.content.decode()


def test_period_texts():
    from types import SimpleNamespace

    q = SimpleNamespace(period_kind="quarter", period_number=2, year=2024)
    assert period_texts(q) == ("quý II năm 2024", "quý III năm 2024")
    assert period_texts(SimpleNamespace(period_kind="quarter", period_number=4, year=2024))[1] == "quý I năm 2025"
    assert period_texts(SimpleNamespace(period_kind="half", period_number=1, year=2024)) == (
        "6 tháng đầu năm 2024", "6 tháng cuối năm 2024")
    assert period_texts(SimpleNamespace(period_kind="year", period_number=None, year=2022)) == ("", "")
