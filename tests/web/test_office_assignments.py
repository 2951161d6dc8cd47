"""One assignment table per round: API, Excel import (all-or-nothing, errors by row), grid, agencies."""

from __future__ import annotations

import io

from click.testing import CliRunner
from openpyxl import Workbook

from dti.cli.main import cli
from dti.web.accounts.models import RoleAssignment
from dti.web.audit.models import AuditEvent
from dti.web.rounds.models import Assignment
from dti.web.units.models import Agency


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Phụ lục 1. Phân công"])
    ws.append(["STT", "Tiêu chí", "Cơ quan chủ trì", "Cơ quan phối hợp"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table(world) -> list[tuple[str, str, str]]:
    return sorted(Assignment.objects.filter(round=world.round).values_list("criterion_code", "agency__name", "role"))


def test_api_reads_and_replaces_the_table_all_or_nothing(world) -> None:
    owner = world.client_for("owner")
    url = f"/api/rounds/{world.round.slug}/assignments/"
    got = owner.get(url).json()
    assert [(r["criterion"], r["agency"], r["role"]) for r in got] == [("I.3", world.agency.pk, "lead")]
    phong = Agency.objects.create(org_unit=world.unit_b, code="phong-vhtt", name="Phòng VH&TT")
    bad = owner.put(url, [{"criterion": "I.1", "agency": phong.pk, "role": "lead"},
                          {"criterion": "VII.99", "agency": phong.pk, "role": "lead"},
                          {"criterion": "I.2", "agency": 999999, "role": "coordinator"},
                          {"criterion": "I.2", "agency": phong.pk, "role": "boss"}], content_type="application/json")
    assert bad.status_code == 400
    rows = bad.json()["error"]["fields"]["rows"]
    assert any("Dòng 2" in r and "VII.99" in r for r in rows) and any("Dòng 3" in r for r in rows)
    assert any("Dòng 4" in r for r in rows)
    assert _table(world) == [("I.3", "Công an huyện An Đông", "lead")]
    ok = owner.put(url, [{"criterion": "I.1", "agency": phong.pk, "role": "lead"},
                         {"criterion": "I.3", "agency": world.agency.pk, "role": "coordinator"}],
                   content_type="application/json")
    assert ok.status_code == 200
    assert _table(world) == [("I.1", "Phòng VH&TT", "lead"), ("I.3", "Công an huyện An Đông", "coordinator")]
    assert world.client_for("editor_a").put(url, [], content_type="application/json").status_code == 403
    assert world.client_for("outsider").get(url).status_code == 403


def test_excel_import_reports_unknown_criteria_and_agencies_by_row(world) -> None:
    owner = world.client_for("owner")
    Agency.objects.create(org_unit=world.unit_b, code="phong-vhtt", name="Phòng VH&TT")
    Agency.objects.create(org_unit=world.unit_a, code="phong-vhtt", name="Phòng VH&TT")
    bad = _xlsx([["I.1", "Ban chỉ đạo", "Phòng VH&TT", ""], ["VII.99", "?", "Phòng VH&TT", ""],
                 ["I.2", "Hộ có cáp quang", "Sở Không Có", "Phòng VH&TT"]])
    resp = owner.post(f"/so/ky/{world.round.slug}/phan-cong/nhap/", {"file": io.BytesIO(bad)}, format="multipart")
    html = resp.content.decode()
    assert resp.status_code == 400 and "Dòng 4" in html and "VII.99" in html and "Dòng 5" in html
    assert "Sở Không Có" in html and _table(world) == [("I.3", "Công an huyện An Đông", "lead")]
    good = _xlsx([["I.1", "Ban chỉ đạo", "Phòng VH&TT", ""], ["", "Tin bài", "Công an huyện An Đông", "Phòng VH&TT"]])
    f = io.BytesIO(good)
    f.name = "pc.xlsx"
    resp = owner.post(f"/so/ky/{world.round.slug}/phan-cong/nhap/", {"file": f})
    assert resp.status_code == 302
    assert _table(world) == [("I.1", "Phòng VH&TT", "lead"), ("I.1", "Phòng VH&TT", "lead"),
                             ("I.3", "Công an huyện An Đông", "lead"), ("I.3", "Phòng VH&TT", "coordinator"),
                             ("I.3", "Phòng VH&TT", "coordinator")]
    assert AuditEvent.objects.filter(action="assignments.replace").exists()


def test_cli_assignments_import(world, tmp_path) -> None:
    path = tmp_path / "pc.xlsx"
    path.write_bytes(_xlsx([["I.2", "Hộ có cáp quang", "Công an huyện An Đông", ""]]))
    res = CliRunner().invoke(cli, ["assignments", "import", "--round", world.round.slug, str(path)])
    assert res.exit_code == 0, res.output
    assert _table(world) == [("I.2", "Công an huyện An Đông", "lead")]
    path.write_bytes(_xlsx([["X.1", "?", "Công an huyện An Đông", ""]]))
    res = CliRunner().invoke(cli, ["assignments", "import", "--round", world.round.slug, str(path)])
    assert res.exit_code != 0 and "Dòng 3" in res.output


def test_grid_edits_only_the_rows_shown(world) -> None:
    owner = world.client_for("owner")
    url = f"/so/ky/{world.round.slug}/phan-cong/?nhom=II"
    page = owner.get(url).content.decode()
    assert "II.1" in page and "I.3" not in page.split("<tbody>")[1]
    resp = owner.post(url, {"code": ["II.1", "II.2"], "lead-II.1": "Công an huyện An Đông", "lead-II.2": ""})
    assert resp.status_code == 302
    assert _table(world) == [("I.3", "Công an huyện An Đông", "lead"), ("II.1", "Công an huyện An Đông", "lead")]
    resp = owner.post(url, {"code": ["II.1"], "lead-II.1": "Không Tồn Tại"})
    assert resp.status_code == 400 and "Tiêu chí II.1" in resp.content.decode()
    assert world.client_for("editor_a").get(url).status_code == 403


def test_agencies_api_and_merge_keep_history(world) -> None:
    owner = world.client_for("owner")
    resp = owner.post("/api/agencies/", {"name": "Chi cục Thuế khu vực", "unit": "901"},
                      content_type="application/json")
    assert resp.status_code == 201 and resp.json()["unit"] == "901"
    dup = owner.post("/api/agencies/", {"name": "chi cục thuế khu vực", "unit": "901"},
                     content_type="application/json")
    assert dup.status_code == 400
    assert world.client_for("outsider").post("/api/agencies/", {"name": "X", "unit": "901"},
                                             content_type="application/json").status_code == 403
    names = [a["name"] for a in owner.get("/api/agencies/?unit=901").json()["results"]]
    assert names == ["Chi cục Thuế khu vực", "Công an huyện An Đông"]
    new = Agency.objects.get(name="Chi cục Thuế khu vực")
    resp = owner.post("/so/co-quan/", {"action": "merge", "unit": world.unit_a.key, "agency": world.agency.pk,
                                       "into": new.pk})
    assert resp.status_code == 302
    world.agency.refresh_from_db()
    assert not world.agency.active and world.agency.merged_into == new
    assert _table(world) == [("I.3", "Chi cục Thuế khu vực", "lead")]
    assert RoleAssignment.objects.get(user=world.users["agency_a"]).agency == new
    assert AuditEvent.objects.filter(action="agency.merge", object_id=str(world.agency.pk)).exists()


def test_the_directory_is_imported_from_a_list_or_from_the_assignment_table(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = world.client_for("owner")
    wb = Workbook()
    wb.active.append(["Danh mục cơ quan"])
    wb.active.append(["STT", "Tên cơ quan"])
    for i, name in enumerate(["Phòng Nội vụ", "Chi cục Thuế khu vực", "phòng nội vụ", ""], start=1):
        wb.active.append([i, name])
    out = io.BytesIO()
    wb.save(out)

    def upload(data: bytes, name: str = "co-quan.xlsx"):  # type: ignore[no-untyped-def]
        return owner.post("/so/co-quan/", {"action": "import_file", "unit": world.unit_a.key,
                                           "file": SimpleUploadedFile(name, data)})

    before = Agency.objects.filter(org_unit=world.unit_a).count()
    assert upload(out.getvalue()).status_code == 302
    names = set(Agency.objects.filter(org_unit=world.unit_a).values_list("name", flat=True))
    assert {"Phòng Nội vụ", "Chi cục Thuế khu vực"} <= names and len(names) == before + 2
    # the assignment table itself names the agencies, lead and coordinating
    assert upload(_xlsx([["I.1", "Ban chỉ đạo", "Văn phòng HĐND và UBND", "Công an huyện; Bưu điện huyện"]])).status_code == 302
    names = set(Agency.objects.filter(org_unit=world.unit_a).values_list("name", flat=True))
    assert {"Văn phòng HĐND và UBND", "Công an huyện", "Bưu điện huyện"} <= names
    # not an Excel file, or no heading: a Vietnamese message and nothing written
    n = Agency.objects.count()
    r = upload(b"%PDF-1.4 not a workbook", "co-quan.xlsx")
    assert r.status_code == 400 and "không phải Excel" in r.content.decode()
    wb2 = Workbook()
    wb2.active.append(["Họ tên", "Chức vụ"])
    out2 = io.BytesIO()
    wb2.save(out2)
    r = upload(out2.getvalue())
    assert r.status_code == 400 and "không thấy cột" in r.content.decode() and Agency.objects.count() == n
