"""Vietnamese number and date writing: ``698,8``, ``1.627``, ``97,36%``, ``30/5/2024``."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi_VN"

_NUM_RE = re.compile(r"^[+-]?[\d.,\s]+$")


class NumberFormatError(ValueError):
    pass


def parse_number(text: str | float | int | None) -> tuple[float | None, bool]:
    """Parse ``1.627``, ``698,8``, ``97,36%``, ``1627``, ``0.5`` → (value, is_percent).

    A dot followed by exactly three digits (and no comma) is a thousands separator, as
    Vietnamese documents write it; otherwise the dot is a decimal point.
    """
    if text is None:
        return None, False
    if isinstance(text, bool):
        raise NumberFormatError(str(text))
    if isinstance(text, int | float):
        return (None if isinstance(text, float) and math.isnan(text) else float(text)), False
    s = str(text).strip().replace("\u00a0", " ")
    if not s:
        return None, False
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    s = s.replace(" ", "")
    if not _NUM_RE.match(s):
        raise NumberFormatError(text)
    if "," in s and "." in s:
        # 1.627,5 (vi) or 1,627.5 (en): the last separator is the decimal one
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif s.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", s):
        s = s.replace(".", "")
    try:
        return float(s), percent
    except ValueError:
        raise NumberFormatError(text) from None


def round_half_up(value: float, digits: int) -> float:
    """Round as people do on paper (18,45 → 18,5), not banker's rounding."""
    if value is None or math.isnan(value):
        return value
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def fmt_number(value: float | None, digits: int = 2, *, trim: bool = True) -> str:
    """``698.81`` → ``698,81``; ``1627`` → ``1.627``; trailing zeros trimmed unless ``trim=False``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = round_half_up(float(value), digits)
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_percent(value: float | None, digits: int = 2) -> str:
    """A percentage number (95.14) → ``95,14%``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt_number(value, digits) + "%"


_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """``30/5/2024`` or ISO ``2024-05-30`` → date."""
    if text is None or isinstance(text, dt.date):
        return text.date() if isinstance(text, dt.datetime) else text
    s = str(text).strip()
    if not s:
        return None
    m = _DATE_RE.match(s)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(s[:10])


def fmt_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
