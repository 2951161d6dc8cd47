"""The round's evidence register (permissions, duplicates, exports) and audited, safe downloads."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Evidence
from tests.factories import World
from tests.helpers import ROLES, Case, check_access
from tests.web_evidence.conftest import upload


def _register(w: World) -> str:
    return f"/ky/{w.round.slug}/so-minh-chung/"


@pytest.fixture
def filed(sworld: World, signed_pdf, unsigned_pdf) -> World:
    """Unit A: the same signed file under I.1 and I.3 (by the agency); unit B: an unsigned file."""
    upload(sworld.client_for("editor_a"), sworld, signed_pdf, name="QĐ ban chỉ đạo.pdf")
    upload(sworld.client_for("agency_a"), sworld, signed_pdf, name="ban-sao.pdf", code="I.3")
    upload(sworld.client_for("admin"), sworld, unsigned_pdf, name="=HYPERLINK(1).pdf", code="I.2",
           unit=sworld.unit_b.code)
    assert Evidence.objects.count() == 3
    return sworld


@pytest.mark.parametrize("role", ROLES)
def test_register_access_per_role(filed: World, role: str | None) -> None:
    case = Case("sổ minh chứng", "GET", _register(filed),
                {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200, "agency_a": 200})
    check_access(filed.client_for(role), case, role)


def test_register_shows_each_role_only_its_scope(filed: World) -> None:
    def names(who: str) -> set[str]:
        html = filed.client_for(who).get(_register(filed)).content.decode()
        return {n for n in ("QĐ ban chỉ đạo.pdf", "ban-sao.pdf", "=HYPERLINK(1).pdf") if n in html}

    assert names("assessor") == {"QĐ ban chỉ đạo.pdf", "ban-sao.pdf", "=HYPERLINK(1).pdf"}
    assert names("editor_a") == {"QĐ ban chỉ đạo.pdf", "ban-sao.pdf"}
    assert names("agency_a") == {"ban-sao.pdf"}


def test_register_flags_duplicates_and_filters(filed: World) -> None:
    first, second = Evidence.objects.filter(entry__unit=filed.unit_a).order_by("pk")
    assert second.duplicate_of == first and first.duplicate_of is None and first.sha256 == second.sha256
    c = filed.client_for("assessor")
    html = c.get(_register(filed)).content.decode()
    assert "2 tệp trùng nội dung" in html and "Cùng một tệp được nộp 2 lần" in html
    assert first.sha256 in html
    html = c.get(_register(filed), {"don_vi": filed.unit_b.code}).content.decode()
    assert "1 tệp" in html and "=HYPERLINK(1).pdf" in html and "ban-sao.pdf" not in html
    html = c.get(_register(filed), {"tieu_chi": "I.3"}).content.decode()
    assert "ban-sao.pdf" in html and "QĐ ban chỉ đạo.pdf" not in html
    # filtered to one file, it is no longer a duplicate within the listing
    assert "Cùng một tệp" not in html


def test_register_exports_csv_and_xlsx_without_formula_injection(filed: World) -> None:
    c = filed.client_for("owner")
    resp = c.get(_register(filed), {"dinh_dang": "csv"})
    assert resp["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["STT", "Đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Tên tệp"]
    assert len(rows) == 4
    by_name = {r[4]: r for r in rows[1:]}
    assert "'=HYPERLINK(1).pdf" in by_name
    assert by_name["'=HYPERLINK(1).pdf"][11] == "Tệp không có chữ ký số."
    assert by_name["ban-sao.pdf"][13].startswith("Cùng một tệp được nộp 2 lần")
    resp = c.get(_register(filed), {"dinh_dang": "xlsx", "don_vi": filed.unit_a.code})
    ws = load_workbook(io.BytesIO(resp.content)).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert values[0][9] == "SHA-256" and len(values) == 3
    assert values[1][9] == Evidence.objects.order_by("pk").first().sha256
    assert AuditEvent.objects.filter(action="evidence.register_export").count() == 2


def test_download_is_an_audited_attachment_that_is_never_sniffed(filed: World, signed_pdf) -> None:
    ev = Evidence.objects.get(original_name="QĐ ban chỉ đạo.pdf")
    url = f"/ky/{filed.round.slug}/don-vi/{filed.unit_a.code}/minh-chung/{ev.pk}/"
    resp = filed.client_for("assessor").get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == signed_pdf
    assert resp["Content-Disposition"].startswith("attachment;")
    assert resp["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="evidence.download")
    assert event.actor == filed.users["assessor"] and event.object_id == str(ev.pk)


@pytest.mark.parametrize(("who", "status"), [("editor_a", 200), ("agency_a", 403), ("outsider", 403), (None, 302)])
def test_download_follows_the_evidence_rule(filed: World, who: str | None, status: int) -> None:
    ev = Evidence.objects.get(original_name="QĐ ban chỉ đạo.pdf")  # I.1: not the agency's criterion
    url = f"/ky/{filed.round.slug}/don-vi/{filed.unit_a.code}/minh-chung/{ev.pk}/"
    client = filed.client_for(who)
    assert client.get(url).status_code == status
    assert AuditEvent.objects.filter(action="evidence.download").count() == (1 if status == 200 else 0)


def test_a_file_cannot_be_fetched_through_another_units_url(filed: World) -> None:
    ev = Evidence.objects.get(original_name="=HYPERLINK(1).pdf")  # unit B
    url = f"/ky/{filed.round.slug}/don-vi/{filed.unit_a.code}/minh-chung/{ev.pk}/"
    assert filed.client_for("editor_a").get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.download").exists()
