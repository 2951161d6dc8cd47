"""Province-held figures: the office fills them for every unit (screen or file), units read them only;
targets set in the UI show next to the results on the scorecard and in the báo cáo."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dti.importers.template_xlsx import DATA_SHEET, LABELS
from dti.reports.bao_cao import target_lines
from dti.web import permissions as perm
from dti.web.audit.models import AuditEvent
from dti.web.documents.build import unit_data
from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute
from dti.web.rounds.province import province_criteria_set


def _fill(data: bytes, values: dict[tuple[str, str], dict[str, object]]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    col = {cell.value: cell.column for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        for field, value in values.get((str(row[0].value), str(row[2].value)), {}).items():
            ws.cell(row=row[0].row, column=col[LABELS[field]], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_office_fills_one_criterion_for_all_units_and_units_read_it_only(world) -> None:
    province_criteria_set(round=world.round, criteria={"I.2": "Hue-S"}, actor=world.users["owner"])
    owner = world.client_for("owner")
    url = f"/so/ky/{world.round.slug}/du-lieu-tinh/?tieu-chi=I.2"
    assert owner.get(url).status_code == 200
    bad = owner.post(url, {"action": "values", "u-901-version": "0", "u-901-numerator": "50",
                           "u-901-denominator": "100", "u-902-version": "0", "u-902-numerator": "120",
                           "u-902-denominator": "100"})
    assert bad.status_code == 400 and not Entry.objects.filter(criterion_code="I.2").exists()
    ok = owner.post(url, {"action": "values", "u-901-version": "0", "u-901-numerator": "50",
                          "u-901-denominator": "100", "u-902-version": "0", "u-902-numerator": "70",
                          "u-902-denominator": "100"})
    assert ok.status_code == 302
    assert sorted(Entry.objects.filter(criterion_code="I.2").values_list("unit__code", "numerator")) == [
        ("901", 50.0), ("902", 70.0)]
    event = AuditEvent.objects.get(action="province_data.save")
    assert event.new["source"] == "Hue-S" and event.new["units"] == ["901", "902"]

    editor = world.users["editor_a"]
    assert not perm.can_edit(editor, world.round, world.unit_a, "I.2")
    assert perm.can_edit(editor, world.round, world.unit_a, "I.1")
    page = world.client_for("editor_a").get(f"/ky/{world.round.slug}/don-vi/901/").content.decode()
    card = page.split('id="c-I.2"')[1].split("</article>")[0]
    assert "Dữ liệu do Sở cung cấp" in card and "Hue-S" in card and "Lưu I.2" not in card
    denied = world.client_for("editor_a").post(f"/ky/{world.round.slug}/don-vi/901/", {
        "criterion": "I.2", "c-I.2-version": "1", "c-I.2-numerator": "99", "c-I.2-denominator": "100"})
    assert denied.status_code == 403
    assert world.client_for("editor_a").get(url).status_code == 403


def test_office_uploads_province_figures_in_one_file_all_or_nothing(world) -> None:
    province_criteria_set(round=world.round, criteria={"I.2": "IOC", "I.3": "Sở TT&TT"}, actor=None)
    owner = world.client_for("owner")
    data = owner.get(f"/so/ky/{world.round.slug}/du-lieu-tinh/mau/").content
    rows = {(r[0], r[2]) for r in load_workbook(io.BytesIO(data))[DATA_SHEET].iter_rows(min_row=2, values_only=True)}
    assert rows == {("901", "I.2"), ("901", "I.3"), ("902", "I.2"), ("902", "I.3")}
    wrong = _fill(data, {("901", "I.2"): {"numerator": 5, "denominator": 10}, ("902", "I.2"): {"numerator": 50,
                                                                                              "denominator": 10}})
    f = io.BytesIO(wrong)
    f.name = "t.xlsx"
    assert owner.post(f"/so/ky/{world.round.slug}/du-lieu-tinh/tai-len/", {"file": f}).status_code == 400
    assert not Entry.objects.filter(criterion_code="I.2").exists()
    good = _fill(data, {(u, "I.2"): {"numerator": 5, "denominator": 10} for u in ("901", "902")}
                 | {(u, "I.3"): {"count": 6} for u in ("901", "902")})
    f = io.BytesIO(good)
    f.name = "t.xlsx"
    assert owner.post(f"/so/ky/{world.round.slug}/du-lieu-tinh/tai-len/", {"file": f}).status_code == 302
    assert Entry.objects.filter(criterion_code__in=["I.2", "I.3"]).count() == 4
    assert AuditEvent.objects.get(action="province_data.import").new["sources"] == {"I.2": "IOC", "I.3": "Sở TT&TT"}


def test_unit_targets_show_on_the_scorecard_and_in_the_report(world) -> None:
    editor = world.client_for("editor_a")
    url = f"/ky/{world.round.slug}/don-vi/901/chi-tieu/"
    assert editor.post(url, {"t-I.2": "tám mươi"}).status_code == 400
    assert editor.post(url, {"t-I.2": "≥ 80 %", "t-I.3": ">5"}).status_code == 302
    assert world.client_for("editor_a").post(f"/ky/{world.round.slug}/don-vi/902/chi-tieu/",
                                             {"t-I.2": "50%"}).status_code == 403
    owner = world.client_for("owner")
    assert owner.post(f"/so/ky/{world.round.slug}/chi-tieu/", {"t-I.2": "≥ 60%"}).status_code == 302
    editor.post(f"/ky/{world.round.slug}/don-vi/901/", {"criterion": "I.2", "c-I.2-version": "0",
                                                        "c-I.2-numerator": "85", "c-I.2-denominator": "100"})
    results_recompute(round=world.round, acting_user=None)
    page = owner.get(f"/ky/{world.round.slug}/ket-qua/901/").content.decode()
    section = page.split('id="chi-tieu-nam"')[1].split("</section>")[0]
    assert "≥ 80 %" in section and "đơn vị" in section and "Đạt mục tiêu" in section and "&gt;5" in section and "2024" in section
    other = owner.get(f"/ky/{world.round.slug}/ket-qua/902/").content.decode()
    assert "≥ 60%" in other.split('id="chi-tieu-nam"')[1].split("</section>")[0]
    lines = target_lines(unit_data(world.round, world.unit_a))
    assert any("mục tiêu ≥ 80 %, đạt 85 – đạt mục tiêu" in line for line in lines)


def test_targets_round_trip_through_excel(world) -> None:
    editor = world.client_for("editor_a")
    url = f"/ky/{world.round.slug}/don-vi/901/chi-tieu/"
    editor.post(url, {"t-I.2": "≥ 80 %"})
    data = editor.get(url + "?excel=1").content
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["I.2"][2].value == "≥ 80 %"
    rows["I.2"][2].value = ""
    rows["I.3"][2].value = ">5"
    out = io.BytesIO()
    wb.save(out)
    f = io.BytesIO(out.getvalue())
    f.name = "ct.xlsx"
    assert editor.post(url, {"file": f}).status_code == 302
    from dti.web.targets.models import Target

    assert list(Target.objects.values_list("criterion_code", "text")) == [("I.3", ">5")]
    rows["I.3"][2].value = "nhiều"
    out = io.BytesIO()
    wb.save(out)
    f = io.BytesIO(out.getvalue())
    f.name = "ct.xlsx"
    assert editor.post(url, {"file": f}).status_code == 400
    assert list(Target.objects.values_list("criterion_code", "text")) == [("I.3", ">5")]
