"""Input limits (giới hạn dữ liệu nhập): the one table every path checks against.

The web form, the API, the Excel template, the entries file (CSV/XLSX), the admin and the services
behind them all read these numbers, so a value refused on one path is refused on every other, with
the same Vietnamese message naming the field (and, in files, the row). Pure Python: the importers
and the engine's callers use it without Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from dti.engine.numbers import fmt_number

# --- lengths of text fields (characters) ---------------------------------------------------------
TEXT_MAX: dict[str, int] = {
    "text": 20_000,  # Nội dung of a criterion (free text rules)
    "explanation": 20_000,  # Giải trình
    "stated": 60,  # the figure a document printed (model column width)
    "expert_reason": 5_000,  # Lý do thẩm định
    "review_comment": 5_000,  # Ý kiến thẩm định / trả lại
    "comment": 5_000,  # one message of an entry's thread, feedback, council answers
    "reason": 2_000,  # reasons of extensions, reopenings, amendments
    "note": 20_000,  # one block of a report's notes (ReportNotes)
    "name": 300,  # names of rounds, agencies, documents
}

# --- numbers ------------------------------------------------------------------------------------
# Largest magnitude of a numeric input (households, news items, VND spent…): far above any real
# figure, low enough that the engine's arithmetic on it stays exact in a float (2**53 ≈ 9e15).
NUMBER_ABS_MAX = 1e15
NUMERIC_FIELDS = ("numerator", "denominator", "count", "value", "expert_score")

# --- rows of uploads and imports, sizes of lists --------------------------------------------------
ROWS_MAX: dict[str, int] = {
    "template": 200_000,  # one Excel entry template (units × criteria of the downloader's scope)
    "entries_file": 200_000,  # one long-format entries file (CSV/XLSX)
    "assignments": 20_000,  # an assignment table (API, Excel)
    "targets": 2_000,  # a targets sheet
}
LIST_MAX: dict[str, int] = {
    "units": 5_000,  # units of a round created through the API
    "whatif_changes": 200,  # changes of one what-if simulation
    "bulk": 1_000,  # entries of one bulk approve/return
}
# Problems listed on one page or in one API answer; the rest are counted ("… và N lỗi khác").
PROBLEMS_SHOWN = 200

LABELS: dict[str, str] = {
    "text": "Nội dung", "explanation": "Giải trình", "stated": "Số liệu báo cáo ghi",
    "expert_reason": "Lý do thẩm định", "review_comment": "Ý kiến thẩm định", "comment": "Ý kiến",
    "reason": "Lý do", "note": "Ghi chú", "name": "Tên",
    "numerator": "Tử số", "denominator": "Mẫu số", "count": "Số lượng", "value": "Giá trị",
    "expert_score": "Điểm thẩm định",
}


def _n(value: int) -> str:
    return fmt_number(value, 0)


def text_problem(field: str, value: Any, *, label: str | None = None) -> str | None:
    """Vietnamese refusal when the text is longer than the table allows (None when it fits)."""
    limit = TEXT_MAX.get(field)
    if limit is None or not isinstance(value, str) or len(value) <= limit:
        return None
    return (f"{label or LABELS.get(field, field)}: dài {_n(len(value))} ký tự, tối đa {_n(limit)} ký tự "
            "(hãy rút gọn, hoặc đính kèm nội dung dài thành tệp minh chứng)")


def number_problem(field: str, value: Any, *, label: str | None = None) -> str | None:
    """Vietnamese refusal for a number that is not finite or too large in magnitude."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    name = label or LABELS.get(field, field)
    if isinstance(value, float) and not math.isfinite(value):
        return f"{name}: phải là một số hữu hạn"
    if abs(value) > NUMBER_ABS_MAX:
        return f"{name}: số quá lớn (giá trị tuyệt đối tối đa {_n(int(NUMBER_ABS_MAX))})"
    return None


def value_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for every text or number of ``values`` outside the table."""
    problems: list[tuple[str, str]] = []
    for field, value in values.items():
        found = text_problem(field, value) if field in TEXT_MAX else (
            number_problem(field, value) if field in NUMERIC_FIELDS else None)
        if found is not None:
            problems.append((field, found))
    return problems


def rows_problem(kind: str, rows: int) -> str | None:
    limit = ROWS_MAX[kind]
    if rows <= limit:
        return None
    return f"tệp có quá nhiều dòng ({_n(rows)} dòng trở lên; tối đa {_n(limit)} dòng)"


def list_problem(kind: str, size: int) -> str | None:
    limit = LIST_MAX[kind]
    if size <= limit:
        return None
    return f"danh sách quá dài ({_n(size)} mục; tối đa {_n(limit)} mục)"


def truncated(problems: Sequence[str], shown: int = PROBLEMS_SHOWN) -> list[str]:
    """The first ``shown`` problems, then one line counting the rest."""
    if len(problems) <= shown:
        return list(problems)
    return [*problems[:shown], more_line(len(problems) - shown)]


def more_line(rest: int) -> str:
    return f"… và {_n(rest)} lỗi khác"
