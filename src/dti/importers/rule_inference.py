"""Guess a scoring rule from the condition text (Điều kiện) of a criterion, when it is obvious.

Only patterns the seeds show are recognised; anything else is left to a person (rule ``manual``).
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from dti.engine.entries import fold
from dti.engine.numbers import fmt_number

_NUM = r"(\d+(?:[.,]\d+)?)"
# "1 năm", "một năm", "trên 1 năm", "/năm": the period, never the minimum
_PER_YEAR = re.compile(r"(?:tren\s+|/\s*)?(?:1|mot)\s+nam|/\s*nam")


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _steps(t: str) -> tuple[dict[str, Any], str] | None:
    # "Tối thiểu một năm triển khai 2 cuộc … Tổ chức 1 cuộc thì đạt 50% số điểm"
    m = re.search(rf"(\d+)\s+([a-z]+)\s+thi\s+(?:chi\s+)?(?:dat|duoc)?\s*{_NUM}\s*%", t)
    if not m:
        return None
    partial, word, pct = int(m.group(1)), m.group(2), _num(m.group(3))
    full = max((int(x) for x in re.findall(rf"(\d+)\s+{word}\b", t)), default=0)
    if full <= partial or not 0 < pct < 100:
        return None
    rule = {"type": "steps", "steps": [{"at_least": partial, "fraction": pct / 100}, {"at_least": full, "fraction": 1.0}]}
    return rule, f"số lượng {full} trở lên đạt đủ điểm, {partial} đạt {fmt_number(pct, 4)}%"


def _deadline(t: str) -> tuple[dict[str, Any], str] | None:
    # "ban hành trong tháng 1 hằng năm sẽ đạt tối đa điểm, sau thời gian trên sẽ đạt 50% số điểm"
    late = re.search(rf"\bsau\b.*?{_NUM}\s*%", t)
    if not late:
        return None
    month = re.search(r"trong\s+thang\s+(\d{1,2})\b", t)
    if month and 1 <= int(month.group(1)) <= 12:
        mm = int(month.group(1))
        day = calendar.monthrange(2001, mm)[1]  # a non-leap year: 28/2 is the safe end of February
    else:
        date = re.search(r"truoc\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})\b", t)
        if not date or not (1 <= int(date.group(2)) <= 12 and 1 <= int(date.group(1)) <= 31):
            return None
        day, mm = int(date.group(1)), int(date.group(2))
    fraction = _num(late.group(1)) / 100
    if not 0 <= fraction <= 1:
        return None
    rule = {"type": "deadline", "by": f"{mm:02d}-{day:02d}", "late_fraction": fraction}
    return rule, f"đúng hạn {day:02d}/{mm:02d} đạt đủ điểm, sau hạn đạt {fmt_number(fraction * 100, 4)}%"


def infer_rule(condition: str | None, name: str | None = None) -> tuple[dict[str, Any], str] | None:
    """(rule data, Vietnamese reason) for an obvious condition text, else None."""
    text = condition if condition and condition.strip() else name
    if not text:
        return None
    t = " ".join(fold(text).split())
    found = _steps(t) or _deadline(t)
    if found:
        return found
    has_rate = bool(re.search(r"\bty (le|so)\b", t))
    if re.search(r"cang (nhieu|cao)\b.*\bcang thap\b|cang thap cang tot", t):
        return {"type": "inverse_ratio"}, "càng thấp càng tốt ⇒ tỷ lệ nghịch"
    minimum = re.search(r"toi thieu\s+(?:la\s+)?(?:[a-z]+\s+){0,4}?(\d+)", _PER_YEAR.sub(" ", t))
    if minimum and has_rate and "de tinh diem" in t:
        n = int(minimum.group(1))
        rule = {"type": "gate", "on": "count", "minimum": n, "inner": {"type": "ratio"}}
        return rule, f"tối thiểu {n} mới tính điểm, sau đó tính theo tỷ lệ"
    if minimum and int(minimum.group(1)) > 0:
        n = int(minimum.group(1))
        return {"type": "count_target", "minimum": n}, f"tối thiểu {n} ⇒ số lượng so với mức tối thiểu"
    if has_rate:
        return {"type": "ratio"}, "tỷ lệ ⇒ điểm tỷ lệ thuận, đủ điểm khi đạt 100%"
    return None
