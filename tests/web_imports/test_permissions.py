"""Who may download and upload, and which rows a file may touch."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dti.web.entries.models import Entry
from tests.factories import World
from tests.helpers import Case, check_access

from .template import fill
from .test_round_trip import download, upload

ROLES = ("admin", "owner", "assessor", "editor_a", "agency_a", "viewer", "outsider", None)


def _cases(world: World) -> list[Case]:
    base = f"/ky/{world.round.slug}"
    return [
        Case("tải mẫu nhiều đơn vị", "GET", f"{base}/mau-excel/",
             {"admin": 200, "owner": 200, "editor_a": 200, "agency_a": 200}),
        Case("tải mẫu đơn vị B", "GET", f"{base}/mau-excel/?don-vi={world.unit_b.code}",
             {"admin": 200, "owner": 200}),
        Case("trang nhập Excel", "GET", f"{base}/nhap-excel/",
             {"admin": 200, "owner": 200, "editor_a": 200, "agency_a": 200}),
        Case("tải lên", "POST", f"{base}/nhap-excel/", {"admin": 400, "editor_a": 400, "agency_a": 400}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world: World, role: str | None) -> None:
    for case in _cases(world):
        check_access(world.client_for(role), case, role)


@pytest.mark.django_db
def test_a_unit_editor_cannot_import_another_units_rows(world: World) -> None:
    a, b = world.unit_a.code, world.unit_b.code
    data, rows = fill(download(world.client_for("admin"), world), {
        (a, "I.3"): {"count": 5}, (b, "I.3"): {"count": 6}, (b, "I.1"): {"done": "có"},
    })
    resp = upload(world.client_for("editor_a"), world, data)
    assert resp.status_code == 400
    got = [(p.row, p.column, p.message) for p in resp.context["problems"]]
    assert got == [
        (rows[(b, "I.1")], "A", f"Bạn không có quyền nhập số liệu cho đơn vị Huyện Đa Lộc ({b})"),
        (rows[(b, "I.3")], "A", f"Bạn không có quyền nhập số liệu cho đơn vị Huyện Đa Lộc ({b})"),
    ]
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_an_agency_editor_gets_and_imports_only_its_criteria(world: World) -> None:
    client = world.client_for("agency_a")
    data = download(client, world)
    _, rows = fill(data, {})
    assert list(rows) == [(world.unit_a.code, "I.3")], "only the assigned criterion of its unit"
    ok, _ = fill(data, {(world.unit_a.code, "I.3"): {"count": 4}})
    assert upload(client, world, ok).status_code == 302
    assert list(Entry.objects.values_list("criterion_code", "count")) == [("I.3", 4)]
    # a unit editor's full template: every other criterion is refused, the file as a whole too
    full = download(world.client_for("editor_a"), world, world.unit_a.code)
    bad, rows = fill(full, {(world.unit_a.code, "I.1"): {"done": "có"}, (world.unit_a.code, "I.3"): {"count": 6}})
    resp = upload(client, world, bad)
    assert resp.status_code == 400
    assert [(p.row, p.message) for p in resp.context["problems"]] == [
        (rows[(world.unit_a.code, "I.1")], "Bạn không có quyền nhập số liệu cho tiêu chí I.1")
    ]
    assert Entry.objects.get().count == 4


@pytest.mark.django_db
def test_the_service_checks_permissions_itself(world: World) -> None:
    """Rows that slipped past the reader (e.g. from the CLI) are still checked per unit × criterion."""
    from dti.engine.entries import Entry as EngineEntry
    from dti.importers.template_xlsx import TemplateImportError
    from dti.web.imports.services import TemplateRow, entries_apply_template

    rows = [TemplateRow(2, EngineEntry(world.unit_a.code, "I.1", done=True), 0),
            TemplateRow(3, EngineEntry(world.unit_a.code, "I.3", count=4), 0)]
    with pytest.raises(TemplateImportError) as exc:
        entries_apply_template(round=world.round, rows=rows, actor=world.users["agency_a"])
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "C")]
    assert "I.1" in exc.value.problems[0].message
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_a_viewer_and_an_owner_cannot_upload(world: World) -> None:
    data, _ = fill(download(world.client_for("admin"), world), {(world.unit_a.code, "I.3"): {"count": 5}})
    for who in ("viewer", "owner", "outsider", "assessor"):
        assert upload(world.client_for(who), world, data).status_code == 403, who
    resp = upload(world.client_for(None), world, data)
    assert resp.status_code == 302 and "dang-nhap" in resp["Location"]
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_the_upload_page_offers_templates_per_unit(world: World) -> None:
    html = world.client_for("owner").get(f"/ky/{world.round.slug}/nhap-excel/").content.decode()
    assert "Mẫu cho tất cả 2 đơn vị" in html and "Huyện Đa Lộc" in html
    assert "Bạn chỉ được tải mẫu" in html
    page = world.client_for("editor_a").get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/").content.decode()
    assert f"/ky/{world.round.slug}/mau-excel/?don-vi={world.unit_a.code}" in page and "Nhập từ Excel" in page
    wb = load_workbook(io.BytesIO(download(world.client_for("editor_a"), world)))
    assert {r[0] for r in wb["Số liệu"].iter_rows(min_row=2, values_only=True)} == {world.unit_a.code}
