"""XLSX workbooks with Vietnamese headers, number formats, frozen panes — and no formula injection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is stored as text (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def write_sheet(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    number_formats: dict[int, str] | None = None,
    widths: dict[int, int] | None = None,
) -> None:
    ws.append([safe_cell(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for i, header in enumerate(headers, start=1):
        letter = get_column_letter(i)
        width = (widths or {}).get(i - 1) or min(60, max(10, len(str(header)) + 2))
        ws.column_dimensions[letter].width = width
        fmt = (number_formats or {}).get(i - 1)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
    ws.freeze_panes = "A2"


def save_workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]], dict[str, Any]]], path: str | Path) -> None:
    """Write (title, headers, rows, options) sheets to ``path``."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows, options in sheets:
        ws = wb.create_sheet(title=title[:31])
        write_sheet(ws, headers, rows, **options)
    wb.save(path)
