"""Targets in and out of Excel: Mã, Tiêu chí, Chỉ tiêu (the one column read back), for reference the
province's and the framework's targets."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook

from dti.engine.entries import fold
from dti.exports.xlsx import write_sheet
from dti.importers.xlsx_cells import cell_text

HEADERS = ["Mã", "Tiêu chí", "Chỉ tiêu", "Chỉ tiêu của tỉnh", "Chỉ tiêu của bộ chỉ số"]
MAX_ROWS = 2000


def targets_xlsx(title: str, rows: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    write_sheet(ws, HEADERS, [[r["node"].code, r["node"].name, r["own"], r["above"], r["framework"]] for r in rows],
                widths={1: 70, 2: 18, 3: 18, 4: 22})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_targets_xlsx(data: bytes) -> dict[str, str]:
    """code → target text from the first sheet (columns found by their headings); ValueError when unreadable."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValueError("tệp .xlsx bị hỏng, không mở được") from exc
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [fold(cell_text(v) or "").strip() for v in next(rows, ())]
        if "ma" not in header or "chi tieu" not in header:
            raise ValueError("không thấy cột 'Mã' và 'Chỉ tiêu' ở dòng đầu")
        code_at, text_at = header.index("ma"), header.index("chi tieu")
        out: dict[str, str] = {}
        for i, row in enumerate(rows, start=2):
            if i > MAX_ROWS:
                raise ValueError(f"bảng quá dài (tối đa {MAX_ROWS} dòng)")
            code = (cell_text(row[code_at]) or "").strip() if code_at < len(row) else ""
            if code:
                out[code] = (cell_text(row[text_at]) or "").strip() if text_at < len(row) else ""
        return out
    finally:
        wb.close()
