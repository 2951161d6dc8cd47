"""Reading an assignment table (phân công) in the layout of seed 003's Appendix 1.

Columns, found by their headings on the first rows: STT (the criterion code, e.g. ``VII.1``),
tiêu chí (its name), cơ quan chủ trì, cơ quan phối hợp. Several agencies in one cell are separated
by ``;`` or line breaks. Only reading here: resolving codes and agency names is the caller's job.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from openpyxl import load_workbook

from dti.engine.entries import fold
from dti.importers.xlsx_cells import cell_text

HEADINGS = {
    "code": ("stt", "ma", "ma tieu chi", "tt"),
    "name": ("tieu chi", "chi so/chi so thanh phan", "chi so", "ten tieu chi", "noi dung"),
    "lead": ("co quan chu tri", "chu tri", "don vi chu tri"),
    "coordinators": ("co quan phoi hop", "phoi hop", "don vi phoi hop"),
}
MAX_ROWS = 5000
_SPLIT = re.compile(r"[;\n]+")


class AssignmentTableError(ValueError):
    pass


@dataclass(frozen=True)
class AssignmentLine:
    row: int
    code: str
    name: str
    lead: list[str]
    coordinators: list[str]


def split_agencies(text: str) -> list[str]:
    return [part.strip(" .-–") for part in _SPLIT.split(text or "") if part.strip(" .-–")]


def _columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, text in enumerate(header):
        key = fold(text).strip().rstrip(":")
        for field, names in HEADINGS.items():
            if field not in found and key in names:
                found[field] = i
    return found if {"code", "lead"} <= found.keys() else None


def _get(cells: list[str], columns: dict[str, int], field: str) -> str:
    i = columns.get(field)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def read_assignment_table(data: bytes) -> list[AssignmentLine]:
    """Rows with at least one agency, in file order; the heading row may be any of the first ten."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise AssignmentTableError("tệp .xlsx bị hỏng, không mở được") from exc
    try:
        ws = wb.worksheets[0]
        columns: dict[str, int] | None = None
        lines: list[AssignmentLine] = []
        for row_no, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) or "" for v in row]
            if columns is None:
                if row_no > 10:
                    break
                columns = _columns(cells)
                continue
            if row_no > MAX_ROWS:
                raise AssignmentTableError(f"bảng quá dài (tối đa {MAX_ROWS} dòng)")
            lead, coordinators = split_agencies(_get(cells, columns, "lead")), split_agencies(
                _get(cells, columns, "coordinators"))
            code, name = _get(cells, columns, "code"), _get(cells, columns, "name")
            if (code or name) and (lead or coordinators):
                lines.append(AssignmentLine(row_no, code, name, lead, coordinators))
    finally:
        wb.close()
    if columns is None:
        raise AssignmentTableError(
            "không thấy dòng tiêu đề: cần các cột 'STT', 'Tiêu chí', 'Cơ quan chủ trì', 'Cơ quan phối hợp'"
        )
    return lines
