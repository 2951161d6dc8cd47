"""Template → filled by a user → import → the same scores as the same entries built directly."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from dti.engine import Entry, Status, score_round
from dti.importers.template_xlsx import DATA_SHEET, META_SHEET, read_template, write_template

from .conftest import fill

VALUES = {
    ("ND", "I.1"): {"status": "Đạt", "done": "có"},
    ("ND", "I.2"): {"count": 1, "explanation": "Một cuộc họp ngày 10/3"},
    ("ND", "I.3"): {"count": 104},
    ("ND", "II.1"): {"date": dt.date(2024, 2, 5)},
    ("ND", "II.2"): {"numerator": 4021, "denominator": 7258},
    ("ND", "II.3"): {"expert_score": 4, "expert_reason": "thiếu tài liệu kiểm chứng"},
    ("PD", "I.1"): {"done": "không", "status": "Chưa thực hiện"},
    ("PD", "I.2"): {"count": 2},
    ("PD", "I.3"): {"count": "12"},
    ("PD", "II.1"): {"date": "15/01/2024"},
    ("PD", "II.2"): {"numerator": 921, "denominator": 968, "status": "Đang thực hiện"},
}
DIRECT = [
    Entry("ND", "I.1", status=Status.DAT, done=True),
    Entry("ND", "I.2", count=1, explanation="Một cuộc họp ngày 10/3"),
    Entry("ND", "I.3", count=104),
    Entry("ND", "II.1", date=dt.date(2024, 2, 5)),
    Entry("ND", "II.2", numerator=4021, denominator=7258),
    Entry("ND", "II.3", expert_score=4, expert_reason="thiếu tài liệu kiểm chứng"),
    Entry("PD", "I.1", done=False, status=Status.CHUA_THUC_HIEN),
    Entry("PD", "I.2", count=2),
    Entry("PD", "I.3", count=12),
    Entry("PD", "II.1", date=dt.date(2024, 1, 15)),
    Entry("PD", "II.2", numerator=921, denominator=968, status=Status.DANG_THUC_HIEN),
]


def test_it_scores_imported_entries_like_direct_entries(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units, round_slug="2024-q2", expert=True)
    filled = tmp_path / "da-dien.xlsx"
    fill(blank, filled, VALUES)
    got = read_template(filled, small)
    assert sorted(got.entries, key=lambda e: (e.unit, e.criterion)) == DIRECT
    assert got.round_slug == "2024-q2"
    assert got.empty_rows == 1  # PD II.3 left blank
    imported = score_round(small, got.units, got.entries, year=2024)
    direct = score_round(small, two_units, DIRECT, year=2024)
    for unit in ("ND", "PD"):
        assert imported.unit_result(unit) == direct.unit_result(unit)
    assert imported.unit_result("ND")["total"] > 0


def test_it_returns_the_same_entries_when_the_same_file_is_imported_twice(tmp_path, small, two_units):
    blank = write_template(tmp_path / "mau.xlsx", small, two_units, expert=True)
    fill(blank, tmp_path / "a.xlsx", VALUES)
    first = read_template(tmp_path / "a.xlsx", small)
    second = read_template((tmp_path / "a.xlsx").read_bytes(), small)
    assert first.entries == second.entries
    assert first.versions == second.versions


def test_it_records_row_versions_and_returns_them(tmp_path, small, two_units):
    versions = {("ND", "I.3"): 7, ("PD", "II.2"): 3}
    blank = write_template(tmp_path / "mau.xlsx", small, two_units, versions=versions)
    fill(blank, tmp_path / "a.xlsx", {("ND", "I.3"): {"count": 5}, ("PD", "II.2"): {"numerator": 1, "denominator": 2},
                                      ("ND", "I.1"): {"done": "có"}})
    got = read_template(tmp_path / "a.xlsx", small)
    assert got.versions == {("ND", "I.3"): 7, ("PD", "II.2"): 3, ("ND", "I.1"): 0}


def test_it_limits_rows_to_the_given_criteria(tmp_path, small, two_units):
    path = write_template(tmp_path / "mau.xlsx", small, two_units[:1], criteria=["I.3", "II.2"])
    ws = load_workbook(path)[DATA_SHEET]
    assert [(r[0], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)] == [("ND", "I.3"), ("ND", "II.2")]


def test_it_locks_identifying_columns_and_opens_inputs(tmp_path, small, two_units):
    path = write_template(tmp_path / "mau.xlsx", small, two_units, password="bi-mat")
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    assert ws.protection.sheet and ws.protection.password
    assert wb.security.lockStructure
    assert wb[META_SHEET].sheet_state == "veryHidden"
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Đơn vị", "Tên đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Cách tính điểm", "Điểm tối đa"]
    assert "Điểm thẩm định" not in header
    assert all(ws.cell(row=2, column=c).protection.locked for c in range(1, 7))
    assert not any(ws.cell(row=2, column=c).protection.locked for c in range(7, len(header) + 1))
    assert ws["E3"].value.startswith("10 điểm × mức đạt")  # describe_rule of I.2
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "decimal", "date"} <= kinds


def test_it_prefills_existing_entries_and_reads_them_back_unchanged(tmp_path, small, two_units):
    existing = [e for e in DIRECT if e.unit == "ND"] + [Entry("PD", "I.2", count=2, explanation="=1+2 không phải công thức")]
    path = write_template(tmp_path / "mau.xlsx", small, two_units, existing=existing, expert=True)
    got = read_template(path, small)
    assert sorted(got.entries, key=lambda e: (e.unit, e.criterion)) == sorted(existing, key=lambda e: (e.unit, e.criterion))
