"""The round's entry policy, on top of the engine's validation: which dates a round accepts, whole counts.

A round is one quarter (or half, or year) of an *assessment year*. Annual facts — the year's plan,
the steering committee's decision — are issued once, usually in January, and count in every round of
that year. So a date is checked against the assessment year, up to the round's submission day, never
against the quarter's three months. See docs/rules.md ("Ngày trong kỳ đánh giá").
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dti.engine import framework as fw
from dti.engine.numbers import fmt_date, fmt_number
from dti.web.rounds.models import Round

FIELD_LABELS = {
    "status": "Tình trạng", "done": "Đã thực hiện", "numerator": "Tử số", "denominator": "Mẫu số",
    "count": "Số lượng", "value": "Giá trị", "date": "Ngày ban hành", "text": "Nội dung", "explanation": "Giải trình",
    "expert_score": "Điểm thẩm định", "expert_reason": "Lý do thẩm định", "review_comment": "Ý kiến thẩm định",
}


def date_window(rnd: Round) -> tuple[dt.date, dt.date]:
    """First and last date a round accepts: 1 January of its year to its submission day (else 31 December)."""
    start, end = dt.date(rnd.year, 1, 1), dt.date(rnd.year, 12, 31)
    deadline = rnd.submission_deadline
    if deadline is not None and start <= deadline < end:
        end = deadline
    return start, end


def _deadline_by(node: fw.Node, year: int) -> dt.date | None:
    rule = node.rule.inner if isinstance(node.rule, fw.GateRule) else node.rule
    if not isinstance(rule, fw.DeadlineRule):
        return None
    month, day = (int(p) for p in rule.by.split("-"))
    return dt.date(year, month, day)


def date_problem(rnd: Round, node: fw.Node, date: dt.date) -> str | None:
    """Vietnamese refusal naming criterion and field, or None when the date fits the round."""
    start, end = date_window(rnd)
    if start <= date <= end:
        return None
    where = f"Tiêu chí {node.code} – {FIELD_LABELS['date']}"
    if date.year != rnd.year:
        text = f"{where}: ngày {fmt_date(date)} không thuộc năm đánh giá {rnd.year}"
    else:
        text = f"{where}: ngày {fmt_date(date)} sau hạn nộp của kỳ ({fmt_date(end)})"
    text += f" – kỳ này nhận văn bản ban hành từ {fmt_date(start)} đến {fmt_date(end)}"
    by = _deadline_by(node, rnd.year)
    if by is not None:
        text += f"; ban hành đến {fmt_date(by)} được tối đa điểm"
    return text


def policy_problems(rnd: Round, node: fw.Node, values: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    date = values.get("date")
    if isinstance(date, dt.date):
        found = date_problem(rnd, node, date)
        if found:
            problems.append(("date", found))
    count = values.get("count")
    if isinstance(count, int | float) and not isinstance(count, bool) and math.isfinite(count) \
            and not float(count).is_integer():
        problems.append(("count", f"Tiêu chí {node.code} – {FIELD_LABELS['count']}: {fmt_number(count)} không phải "
                                  "số nguyên (số lượng đếm được: 0, 1, 2…)"))
    return problems
