"""Reading cell values back as people typed them, without ever evaluating a formula."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dti.engine.numbers import plain_decimal

# safe_cell (dti.exports.xlsx) stores text that looks like a formula behind an apostrophe
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str | None:
    """A cell as text: formulas stay their literal text ("=HYPERLINK(…)"), our apostrophe is removed."""
    if value is None:
        return None
    if isinstance(value, str):
        if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_PREFIXES):
            return value[1:]
        return value
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else plain_decimal(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
