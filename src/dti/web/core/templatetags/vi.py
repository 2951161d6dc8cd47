"""Template filters printing numbers and dates the Vietnamese way (698,8 / 1.627 / 30/05/2024)."""

from __future__ import annotations

import datetime as dt

from django import template

from dti.engine.numbers import SCORE_DIGITS, fmt_date, fmt_number, fmt_percent

register = template.Library()


@register.filter
def so(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """A number the Vietnamese way. Without ``digits`` it prints a score exactly as stored (scores
    and totals are already rounded by the engine's one rounding policy), trailing zeros trimmed."""
    return fmt_number(value, int(digits))


@register.filter
def phantram(value: float | None, digits: int = 2) -> str:
    return fmt_percent(value, int(digits))


@register.filter
def ngay(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return fmt_date(value)


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def chenh(appraised: float | None, self_score: float | None) -> str:
    """Appraised minus self-assessed, signed ("+1,5", "−2", "0"); blank when either is missing."""
    if not isinstance(appraised, int | float) or not isinstance(self_score, int | float):
        return ""
    diff = float(appraised) - float(self_score)
    if abs(diff) < 1e-9:
        return "0"
    return ("+" if diff > 0 else "−") + fmt_number(abs(diff), 2)
