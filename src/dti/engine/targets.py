"""Targets (chỉ tiêu) with comparators: ``>60``, ``≥ 80 %``, ``đạt trên 80%``, ``100%``."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from dti.engine.entries import fold
from dti.engine.numbers import NumberFormatError, parse_number

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    "≥": operator.ge,
    "<": operator.lt,
    "≤": operator.le,
    "=": lambda a, b: abs(a - b) < 1e-9,
}
_ALIASES = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "==": "="}
# Vietnamese wording, accent-folded, longest first
_WORDS = [
    ("tu tro len", "≥"),
    ("tro len", "≥"),
    ("toi thieu", "≥"),
    ("it nhat", "≥"),
    ("khong duoi", "≥"),
    ("tren", ">"),
    ("hon", ">"),
    ("toi da", "≤"),
    ("khong qua", "≤"),
    ("khong vuot", "≤"),
    ("duoi", "<"),
]

_TARGET_RE = re.compile(r"(>=|=>|<=|=<|==|[><=≥≤])?\s*([\d][\d.,]*)\s*(%?)")


class TargetError(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    comparator: str  # one of > ≥ < ≤ =
    value: float
    percent: bool

    def met(self, actual: float | None) -> bool | None:
        if actual is None:
            return None
        return _OPS[self.comparator](actual, self.value)

    def __str__(self) -> str:
        from dti.engine.numbers import fmt_number

        return f"{self.comparator} {fmt_number(self.value, 2)}{'%' if self.percent else ''}"


def parse_target(text: str, *, default: str = "≥") -> Target:
    """Parse a target as written in plans; a bare number means ``default`` (at least)."""
    s = str(text).strip()
    m = _TARGET_RE.search(s)
    if not m:
        raise TargetError(f"không đọc được chỉ tiêu '{text}'")
    comp = m.group(1)
    if comp:
        comp = _ALIASES.get(comp, comp)
    else:
        before = fold(s[: m.start()])
        after = fold(s[m.end() :])
        comp = default
        for word, op in _WORDS:
            if word in before or (word.startswith("tro len") and word in after) or word == after.strip():
                comp = op
                break
        if "tro len" in after:
            comp = "≥"
    try:
        value, is_pct = parse_number(m.group(2))
    except NumberFormatError:
        raise TargetError(f"không đọc được chỉ tiêu '{text}'") from None
    if value is None:
        raise TargetError(f"không đọc được chỉ tiêu '{text}'")
    return Target(comp, value, bool(m.group(3)) or is_pct)
