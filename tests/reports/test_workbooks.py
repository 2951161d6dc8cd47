"""XLSX workbooks read back: values, formats, and text that would run as a formula kept as text."""

from __future__ import annotations

from openpyxl import load_workbook

from dti.engine import Entry, score_round
from dti.reports.workbooks import write_workbook

from .conftest import UNITS


def test_ranking_workbook(small_framework, small_result, tmp_path):
    path = write_workbook("ranking", tmp_path / "xh.xlsx", framework=small_framework, result=small_result)
    ws = load_workbook(path).active
    assert ws.title == "Xếp hạng" and ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:5] == ["Hạng", "Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Tổng điểm"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [(r[0], r[2]) for r in rows] == [(1, "Huyện Bắc Sơn"), (2, "Huyện An Bình"), (3, "Thị xã Cẩm Hà")]
    assert rows[1][4] == 39.57 and rows[1][7] == "Khá"
    assert ws.cell(row=2, column=5).number_format == "#,##0.00"


def test_unit_workbook_lists_every_criterion_with_inputs(small_framework, small_result, tmp_path):
    path = write_workbook("unit", tmp_path / "dv.xlsx", framework=small_framework, result=small_result, unit="A")
    ws = load_workbook(path).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"I.1", "I.2", "I.3", "II.1", "II.2"}
    assert rows["I.2"][4:7] == (1627, 1663, 1627 / 1663 * 100)
    assert rows["I.2"][11:14] == (19.57, 20, "Đang thực hiện")


def test_formula_text_is_stored_as_text(small_framework, tmp_path):
    entries = [Entry("A", "I.1", done=True, explanation="=HYPERLINK(\"http://x\",\"bấm\")")]
    result = score_round(small_framework, UNITS[:1], entries, year=2024)
    path = write_workbook("unit", tmp_path / "dv.xlsx", framework=small_framework, result=result, unit="A")
    ws = load_workbook(path).active
    cell = next(r[14] for r in ws.iter_rows(min_row=2) if r[0].value == "I.1")
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_assignments_and_targets(small_framework, small_result, tmp_path):
    path = write_workbook("assignments", tmp_path / "pc.xlsx", framework=small_framework)
    rows = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert ("II.1", "Kế hoạch chuyển đổi số hằng năm", "Phòng VH&TT",
            "Phòng Tài chính - Kế hoạch; UBND các xã", None) in rows
    path = write_workbook("targets", tmp_path / "mt.xlsx", framework=small_framework, result=small_result)
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Đơn vị", "Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả thực hiện",
                                        "Đánh giá"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[2], r[4], r[6]) for r in rows] == [
        ("A", "I.2", "≥ 80%", "Đạt mục tiêu"), ("B", "I.2", "≥ 80%", "Đạt mục tiêu"),
        ("C", "I.2", "≥ 80%", "Chưa đạt mục tiêu"),
    ]
    assert rows[2][5] == 10
