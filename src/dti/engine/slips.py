"""Disagreements between what a document printed and what the data says (sai lệch số liệu).

The platform computes the true figure; wherever it reads a stated one it flags the difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dti.engine.numbers import NumberFormatError, fmt_number, parse_number


@dataclass(frozen=True)
class Slip:
    criterion: str | None
    stated: str
    computed: float
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "criterion": self.criterion,
            "stated": self.stated,
            "computed": self.computed,
            "message": self.message,
        }


def _tolerance(printed: str) -> float:
    """Half a unit of the last printed digit: ``97,36`` ⇒ 0.005."""
    digits = printed.strip().rstrip("%").strip()
    sep = max(digits.rfind(","), digits.rfind(".") if digits.count(".") == 1 and len(digits.split(".")[1]) != 3 else -1)
    decimals = len(digits) - sep - 1 if sep >= 0 else 0
    return 0.5 * 10.0 ** (-decimals) + 1e-9


def check_stated(
    stated: str, *, percent: float | None, score: float | None, criterion: str | None = None
) -> Slip | None:
    """Compare a printed figure with the computed one: a percentage against ``percent``, a bare
    number against ``score``. Returns None when they agree (within the printed precision)."""
    try:
        value, is_pct = parse_number(stated)
    except NumberFormatError:
        return None
    if value is None:
        return None
    actual = percent if is_pct else score
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return None
    if abs(actual - value) <= _tolerance(stated):
        return None
    unit = "%" if is_pct else ""
    shown = fmt_number(actual, 2, trim=False) + unit
    return Slip(
        criterion,
        stated,
        actual,
        f"Số liệu ghi {stated.strip()} nhưng tính từ số liệu gốc được {shown}",
    )


def check_counts(
    *,
    total: int,
    done: int | None = None,
    in_progress: int | None = None,
    not_started: int | None = None,
    remaining: int | None = None,
    listed: int | None = None,
    label: str = "",
) -> list[str]:
    """Check stated counts against each other: ``10/14 đã hoàn thành`` + ``05 còn lại`` ≠ 14."""
    where = f"{label}: " if label else ""
    problems: list[str] = []
    parts = [p for p in (done, in_progress, not_started) if p is not None]
    if len(parts) == 3 and sum(parts) != total:
        problems.append(f"{where}{done} + {in_progress} + {not_started} = {sum(parts)}, không bằng tổng {total}")
    if done is not None and remaining is not None and done + remaining != total:
        problems.append(
            f"{where}đã hoàn thành {done}/{total} nhưng ghi còn lại {remaining} "
            f"(đúng ra còn {total - done})"
        )
    if listed is not None and done is not None and listed != done:
        problems.append(f"{where}ghi hoàn thành {done} nhưng danh sách liệt kê {listed}")
    return problems
