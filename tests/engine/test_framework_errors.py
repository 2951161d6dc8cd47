"""Invalid framework and entries files are rejected whole, naming file, code/row and field."""

from __future__ import annotations

import pytest

from dti.engine import FrameworkError, get_framework, load_framework
from dti.importers.entries_file import EntriesFileError, read_entries

GOOD = """
code: thu
name: Thử
kind: points
level: huyen
nodes:
  - code: I
    name: Nhóm
    kind: group
    children:
      - code: I.1
        name: Tiêu chí
        kind: criterion
        max_points: 10
        rule: {type: ratio, target: 0.8}
"""


def write(tmp_path, text, name="thu.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_good_file_loads(tmp_path) -> None:
    assert load_framework(write(tmp_path, GOOD)).by_code["I.1"].rule.target == 0.8


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (GOOD.replace("target: 0.8", "target: 1.5"), ["thu.yaml", "mã I.1", "rule", "target"]),
        (GOOD.replace("type: ratio", "type: tyle"), ["thu.yaml", "mã I.1", "rule"]),
        (GOOD.replace("        max_points: 10\n", ""), ["thu.yaml", "I.1", "max_points"]),
        (GOOD.replace("name: Tiêu chí", "name: Tiêu chí\n        diem: 3"), ["thu.yaml", "mã I.1", "diem", "không được phép"]),
        (GOOD + "  - code: I\n    name: Trùng\n    kind: criterion\n    max_points: 1\n    rule: {type: boolean}\n", ["trùng"]),
        ("code: [", ["thu.yaml", "YAML không hợp lệ"]),
    ],
)
def test_invalid_framework_names_file_code_and_field(tmp_path, bad, expected) -> None:
    with pytest.raises(FrameworkError) as exc:
        load_framework(write(tmp_path, bad))
    for word in expected:
        assert word in str(exc.value)


def test_unknown_framework_code() -> None:
    with pytest.raises(FrameworkError, match="không tìm thấy bộ chỉ số"):
        get_framework("khong-co")


def test_entries_file_reports_every_problem_and_scores_nothing(tmp_path) -> None:
    fw = load_framework(write(tmp_path, GOOD))
    csv = tmp_path / "so-lieu.csv"
    csv.write_text(
        "unit,criterion,numerator,denominator,status,date,expert_score,expert_reason\n"
        "A,I.1,5,10,Đạt,,,\n"
        "A,I.9,1,2,,,,\n"  # unknown criterion
        "B,I.1,1200,968,,,,\n"  # numerator > denominator
        "C,I.1,-1,5,,,,\n"  # negative
        "D,I.1,1,2,xong,,,\n"  # bad status
        "E,I.1,1,2,,31/02/2024,,\n"  # bad date
        "F,I.1,1,2,,,5,\n"  # expert score without reason
        "A,I.1,5,10,,,,\n",  # duplicate
        encoding="utf-8",
    )
    with pytest.raises(EntriesFileError) as exc:
        read_entries(csv, fw)
    problems = exc.value.problems
    assert len(problems) == 7
    text = "\n".join(problems)
    for needle in (
        "dòng 3, cột 'criterion'",
        "dòng 4, cột 'numerator': tử số (1.200) lớn hơn mẫu số (968)",
        "dòng 5, cột 'numerator': không được âm",
        "dòng 6, cột 'status'",
        "dòng 7, cột 'date'",
        "dòng 8, cột 'expert_reason'",
        "dòng 9, cột 'criterion'",
    ):
        assert needle in text
    assert all(p.startswith("so-lieu.csv: dòng") for p in problems)


def test_entries_xlsx_with_vietnamese_headers(tmp_path) -> None:
    from openpyxl import Workbook

    fw = load_framework(write(tmp_path, GOOD))
    wb = Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Mã tiêu chí", "Tử số", "Mẫu số", "Giải trình"])
    ws.append(["A", "I.1", 4021, 7258, "=HYPERLINK(\"x\")"])
    path = tmp_path / "so-lieu.xlsx"
    wb.save(path)
    data = read_entries(path, fw)
    assert data.entries[0].numerator == 4021
    assert data.entries[0].explanation == '=HYPERLINK("x")'
