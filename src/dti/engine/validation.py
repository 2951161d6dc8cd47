"""Checks of one entry against its criterion, shared by file imports, the web forms and the API.

Each problem is (field, Vietnamese message); an empty list means the entry can be scored. Every
column is checked whether or not the criterion's rule reads it; the rule object adds its own
checks (a rate needs both numbers, a rate written as a value needs its ``%``…).
"""

from __future__ import annotations

import datetime as dt

from dti.engine import framework as fw
from dti.engine.entries import Entry
from dti.engine.numbers import SCORE_DIGITS, decimals, fmt_date, fmt_number
from dti.engine.rules import Problem, rule_of

__all__ = ["Problem", "validate_entry"]


def validate_entry(
    entry: Entry,
    node: fw.Node,
    *,
    period: tuple[dt.date, dt.date] | None = None,
    year: int | None = None,
) -> list[Problem]:
    """``year`` is the assessment year: a date of an earlier year is refused (see docs/rules.md)."""
    problems: list[Problem] = []
    for name in ("numerator", "denominator", "count", "value"):
        v = getattr(entry, name)
        if v is not None and v < 0:
            problems.append((name, f"không được âm ({fmt_number(v)})"))
    if entry.count is not None and entry.count >= 0 and not float(entry.count).is_integer():
        problems.append(("count", f"số lượng phải là số nguyên ({fmt_number(entry.count, 4)})"))
    num, den = entry.numerator, entry.denominator
    if num is not None and den is not None:
        if den == 0 and num > 0:
            problems.append(("denominator", "mẫu số bằng 0 trong khi tử số lớn hơn 0"))
        elif num > den:
            problems.append(("numerator", f"tử số ({fmt_number(num)}) lớn hơn mẫu số ({fmt_number(den)})"))
    if node.children and entry.expert_score is None and any(
        getattr(entry, f) is not None for f in ("numerator", "denominator", "count", "value", "date", "done")
    ):
        problems.append(("criterion", "tiêu chí có các mục con: số liệu nhập ở từng mục con"))
    problems.extend(rule_of(node.rule).check_entry(entry))
    if entry.expert_score is not None:
        problems.extend(_expert(entry.expert_score, entry, node))
    if entry.date is not None:
        if period is not None and not period[0] <= entry.date <= period[1]:
            start, end = period
            problems.append(
                ("date", f"ngày {fmt_date(entry.date)} nằm ngoài kỳ đánh giá ({fmt_date(start)}–{fmt_date(end)})")
            )
        elif year is not None and entry.date.year < year:
            problems.append(("date", f"ngày {fmt_date(entry.date)} thuộc năm {entry.date.year}, trước năm đánh giá "
                                     f"{year}"))
    return problems


def _expert(score: float, entry: Entry, node: fw.Node) -> list[Problem]:
    problems: list[Problem] = []
    mx = node.max_points
    if mx is None or not rule_of(node.rule).scored:
        problems.append(("expert_score", "tiêu chí không tính điểm nên không có điểm thẩm định"))
    elif not 0 <= score <= mx:
        # refused, never clipped: the assessor must write a score the criterion can have
        problems.append(
            ("expert_score", f"điểm thẩm định {fmt_number(score, 4)} ngoài khoảng 0–{fmt_number(mx, 4)}")
        )
    elif decimals(score) > SCORE_DIGITS:
        problems.append(("expert_score", f"điểm thẩm định có quá {SCORE_DIGITS} chữ số thập phân"))
    if not (entry.expert_reason or "").strip():
        problems.append(("expert_reason", "điểm thẩm định phải kèm lý do"))
    return problems
