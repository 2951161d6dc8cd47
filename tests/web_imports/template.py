"""Excel round-trip helpers: type into a downloaded template like a user would."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from dti.importers.template_xlsx import DATA_SHEET, LABELS


def fill(data: bytes, values: dict[tuple[str, str], dict[str, Any]]) -> tuple[bytes, dict[tuple[str, str], int]]:
    """Type ``values[(unit, criterion)][field]`` into a downloaded template like a user would.

    Returns the new file and the row number of every (unit, criterion).
    """
    wb = load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    col = {cell.value: cell.column for cell in ws[1]}
    rows = {}
    for row in ws.iter_rows(min_row=2):
        key = (str(row[0].value), str(row[2].value))
        rows[key] = row[0].row
        for field, value in values.get(key, {}).items():
            ws.cell(row=row[0].row, column=col[LABELS[field]], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), rows


def column_of(data: bytes, field: str) -> str:
    ws = load_workbook(io.BytesIO(data), read_only=True)[DATA_SHEET]
    header = next(ws.iter_rows(min_row=1, max_row=1))
    return next(c.column_letter for c in header if c.value == LABELS[field])
