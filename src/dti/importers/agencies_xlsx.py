"""Reading a directory of agencies (danh mục cơ quan) from an Excel table.

Two layouts are understood, found by their headings on the first ten rows: a list with a column
"Tên cơ quan" (or "Cơ quan", "Tên đơn vị"), or an assignment table in the layout of seed 003's
Appendix 1, whose "Cơ quan chủ trì" and "Cơ quan phối hợp" cells name the agencies. Reading only:
the caller decides which names are new.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dti.engine.entries import fold
from dti.importers.assignments_xlsx import AssignmentTableError, read_assignment_table, split_agencies
from dti.importers.xlsx_cells import cell_text

NAME_HEADINGS = ("ten co quan", "co quan", "ten don vi", "ten co quan, don vi", "co quan, don vi")
MAX_ROWS = 2000
MAX_NAME = 200


class AgencyTableError(ValueError):
    """A table that cannot be read; the message is Vietnamese and names the row."""


def _name_column(cells: list[str]) -> int | None:
    for i, text in enumerate(cells):
        if fold(text).strip().rstrip(":") in NAME_HEADINGS:
            return i
    return None


def read_agency_names(data: bytes) -> list[str]:
    """Distinct agency names in file order (the first spelling of a name is kept)."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise AgencyTableError("tệp .xlsx bị hỏng, không mở được") from exc
    names: list[tuple[int, str]] = []
    column: int | None = None
    try:
        for row_no, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [cell_text(v) or "" for v in row]
            if column is None:
                if row_no > 10:
                    break
                column = _name_column(cells)
                continue
            if row_no > MAX_ROWS:
                raise AgencyTableError(f"bảng quá dài (tối đa {MAX_ROWS} dòng)")
            if column < len(cells):
                names.extend((row_no, n) for n in split_agencies(cells[column]))
    finally:
        wb.close()
    if column is None:
        try:
            lines = read_assignment_table(data)
        except AssignmentTableError:
            raise AgencyTableError("không thấy cột 'Tên cơ quan' (hoặc các cột 'Cơ quan chủ trì', "
                                   "'Cơ quan phối hợp' của bảng phân công) trong 10 dòng đầu") from None
        names = [(line.row, n) for line in lines for n in (*line.lead, *line.coordinators)]
    out: dict[str, str] = {}
    for row_no, name in names:
        if len(name) > MAX_NAME:
            raise AgencyTableError(f"dòng {row_no}: tên cơ quan dài quá {MAX_NAME} ký tự")
        out.setdefault(fold(name), name)
    return list(out.values())
