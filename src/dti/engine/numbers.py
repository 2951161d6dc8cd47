"""Vietnamese number and date writing: ``698,8``, ``1.627``, ``97,36%``, ``30/5/2024``."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from fractions import Fraction

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


Exact = Fraction | Decimal | float | int


def exact(value: Exact) -> Fraction:
    """The exact value a number stands for: a float is read as the decimal it prints as (its
    shortest round-trip ``repr``), which is the decimal as written in the file or form."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("không phải số hữu hạn")
        return Fraction(repr(float(value)))  # float(): NumPy scalars print their type in repr
    return Fraction(value)


def half_up(value: Exact, digits: int) -> Decimal:
    """The one rounding policy: half away from zero on the exact decimal value, as on paper
    (2,5 → 3; 57,95 → 58,0; 51,65 → 51,7). Every score, total and percentage goes through it."""
    q = exact(value) * 10**digits
    sign = -1 if q < 0 else 1
    whole = math.floor(abs(q) + Fraction(1, 2))
    return Decimal(sign * whole).scaleb(-digits)


def round_half_up(value: float, digits: int) -> float:
    """:func:`half_up` as a float (the float of a short decimal prints back as that decimal)."""
    if value is None or math.isnan(value):
        return value
    return float(half_up(value, digits))


def plain_decimal(value: float) -> str:
    """A float as the plain decimal it stands for (``1234567.5``, never ``1.23457e+06``)."""
    return format(Decimal(repr(float(value))), "f")


def diff(a: Exact, b: Exact) -> float:
    """a − b computed on the exact decimals (20 − 18,45 is 1,55, not 1,5500000000000007)."""
    return float(exact(a) - exact(b))


def decimals(value: Exact) -> int:
    """How many decimals a number has as written (``0.379`` → 3; ``20`` → 0)."""
    q = exact(value)
    n = 0
    while q.denominator != 1 and n < 30:
        q *= 10
        n += 1
    return n


def fmt_number(value: Exact | None, digits: int = 2, *, trim: bool = True) -> str:
    """``698.81`` → ``698,81``; ``1627`` → ``1.627``; trailing zeros trimmed unless ``trim=False``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    rounded = half_up(value, digits)
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


#: decimals of criterion and group scores as printed: they are exact decimals with at most 4 places
SCORE_DIGITS = 4


def fmt_score(value: Exact | None) -> str:
    """A criterion or group score exactly as stored (``18,5``, ``0,379``, ``55,01``)."""
    return fmt_number(value, SCORE_DIGITS)


def fmt_percent(value: Exact | None, digits: int = 2) -> str:
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
