"""Checks of one entry against its criterion, shared by file imports, the web forms and the API.

Each problem is (field, Vietnamese message); an empty list means the entry can be scored.
"""

from __future__ import annotations

import datetime as dt

from dti.engine import framework as fw
from dti.engine.entries import Entry
from dti.engine.numbers import fmt_date, fmt_number

Problem = tuple[str, str]

_RATE_RULES = ("ratio", "inverse_ratio")


def _rule_types(rule: fw.Rule | None) -> set[str]:
    if rule is None:
        return set()
    if isinstance(rule, fw.GateRule):
        return {"gate", rule.inner.type}
    return {rule.type}


def validate_entry(
    entry: Entry,
    node: fw.Node,
    *,
    period: tuple[dt.date, dt.date] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    for name in ("numerator", "denominator", "count"):
        v = getattr(entry, name)
        if v is not None and v < 0:
            problems.append((name, f"không được âm ({fmt_number(v)})"))
    if entry.value is not None and entry.value < 0:
        problems.append(("value", f"không được âm ({fmt_number(entry.value)})"))
    num, den = entry.numerator, entry.denominator
    types = _rule_types(node.rule)
    if num is not None and den is not None:
        if den == 0 and num > 0:
            problems.append(("denominator", "mẫu số bằng 0 trong khi tử số lớn hơn 0"))
        elif num > den and types & {"ratio", "inverse_ratio", "bands", "relative"}:
            problems.append(
                ("numerator", f"tử số ({fmt_number(num)}) lớn hơn mẫu số ({fmt_number(den)})")
            )
    elif (num is None) != (den is None) and types & set(_RATE_RULES):
        missing = "denominator" if den is None else "numerator"
        label = "mẫu số" if den is None else "tử số"
        problems.append((missing, f"thiếu {label} (tỷ lệ cần cả tử số và mẫu số)"))
    if entry.value is not None and entry.value_is_percent and entry.value > 100 and types & set(_RATE_RULES):
        problems.append(("value", f"tỷ lệ {fmt_number(entry.value)}% vượt quá 100%"))
    if entry.expert_score is not None:
        mx = node.max_points
        if mx is None:
            problems.append(("expert_score", "tiêu chí không tính điểm nên không có điểm thẩm định"))
        elif not 0 <= entry.expert_score <= mx:
            problems.append(
                ("expert_score", f"điểm thẩm định {fmt_number(entry.expert_score)} ngoài khoảng 0–{fmt_number(mx)}")
            )
        if not (entry.expert_reason or "").strip():
            problems.append(("expert_reason", "điểm thẩm định phải kèm lý do"))
    if entry.date is not None and period is not None:
        start, end = period
        if not start <= entry.date <= end:
            problems.append(
                ("date", f"ngày {fmt_date(entry.date)} nằm ngoài kỳ đánh giá ({fmt_date(start)}–{fmt_date(end)})")
            )
    return problems
