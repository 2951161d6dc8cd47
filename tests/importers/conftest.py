"""Small frameworks and template helpers for importer tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dti.engine import UnitRef, parse_framework
from dti.engine.framework import Framework
from dti.importers.template_xlsx import DATA_SHEET, LABELS

SMALL = {
    "code": "nho",
    "name": "Bộ chỉ số nhỏ",
    "kind": "points",
    "level": "huyen",
    "nodes": [
        {
            "code": "I",
            "name": "Nhận thức số",
            "kind": "group",
            "children": [
                {"code": "I.1", "name": "Ban chỉ đạo", "kind": "criterion", "max_points": 5, "rule": {"type": "boolean"},
                 "lead": ["Phòng Văn hóa và Thông tin"]},
                {"code": "I.2", "name": "Họp định kỳ", "kind": "criterion", "max_points": 10,
                 "rule": {"type": "steps", "steps": [{"at_least": 1, "fraction": 0.5}, {"at_least": 2, "fraction": 1}]}},
                {"code": "I.3", "name": "Tin bài", "kind": "criterion", "max_points": 24,
                 "rule": {"type": "count_target", "minimum": 24}, "lead": ["Phòng Nội vụ"]},
            ],
        },
        {
            "code": "II",
            "name": "Thể chế số",
            "kind": "group",
            "children": [
                {"code": "II.1", "name": "Kế hoạch hằng năm", "kind": "criterion", "max_points": 10,
                 "rule": {"type": "deadline", "by": "01-31", "late_fraction": 0.5}},
                {"code": "II.2", "name": "Tỷ lệ hộ có cáp quang", "kind": "criterion", "max_points": 10,
                 "rule": {"type": "ratio"}},
                {"code": "II.3", "name": "Đánh giá của hội đồng", "kind": "criterion", "max_points": 20,
                 "rule": {"type": "manual"}},
            ],
        },
    ],
}


@pytest.fixture
def small() -> Framework:
    return parse_framework(SMALL)


@pytest.fixture
def two_units() -> list[UnitRef]:
    return [UnitRef("ND", "Nam Đông", "TTH"), UnitRef("PD", "Phong Điền", "TTH")]


def fill(path: Path, out: Path, values: dict[tuple[str, str], dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Type ``values[(unit, criterion)][field]`` into a template like a user would; returns their rows."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    col = {cell.value: cell.column for cell in ws[1]}
    rows = {}
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[2].value)
        rows[key] = row[0].row
        for field, value in values.get(key, {}).items():
            ws.cell(row=row[0].row, column=col[LABELS[field]], value=value)
    wb.save(out)
    return rows
