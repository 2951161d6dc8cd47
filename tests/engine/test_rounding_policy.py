"""One rounding policy: what is stored is what is displayed, for every number (property tests)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dti.engine import Entry, score_round
from dti.engine.numbers import exact, fmt_number, fmt_percent, half_up, parse_number, round_half_up

from .conftest import one_criterion, units

decimals4 = st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False, allow_infinity=False)


def shown(text: str) -> Fraction:
    value, _ = parse_number(text.rstrip("%"))
    assert value is not None
    return exact(value)


@given(decimals4, st.integers(0, 4))
def test_stored_equals_displayed(value: Decimal, digits: int) -> None:
    stored = round_half_up(float(value), digits)
    # the stored float is the rounded decimal exactly, and displaying it shows that decimal
    assert exact(stored) == Fraction(half_up(Fraction(value), digits))
    assert fmt_number(stored, digits) == fmt_number(float(value), digits)
    assert shown(fmt_number(stored, digits, trim=False).replace(".", "")) == exact(stored)


@given(decimals4, st.integers(0, 4))
def test_half_up_is_half_away_from_zero_on_the_decimal(value: Decimal, digits: int) -> None:
    q = Fraction(value) * 10**digits
    got = Fraction(half_up(Fraction(value), digits)) * 10**digits
    assert got.denominator == 1 and -Fraction(1, 2) <= q - got < Fraction(1, 2)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2000), st.integers(1, 2000), st.sampled_from([1, 2.5, 5, 10, 19.7, 20, 24]), st.integers(0, 3))
def test_scored_json_equals_what_is_printed(num: int, den: int, mx: float, precision: int) -> None:
    num = min(num, den)
    fw = one_criterion({"type": "ratio"}, mx, precision=precision)
    r = score_round(fw, units(1), [Entry("U0", "C.1", numerator=num, denominator=den)])
    out = r.unit_result(0)
    crit = out["groups"][0]["children"][0]
    expected = min(half_up(Fraction(num, den) * exact(mx), precision), Decimal(str(mx)))
    assert exact(crit["score"]) == Fraction(expected)
    assert fmt_number(crit["score"], precision) == fmt_number(Fraction(expected), precision)
    d = fw.display_precision
    assert exact(out["total"]) == Fraction(half_up(exact(out["total_unrounded"]), d))
    assert fmt_number(out["total"], d) == fmt_number(out["total_unrounded"], d)
    if out["percent"] is not None:
        assert fmt_percent(out["percent"]) == fmt_percent(float(r.percent_unrounded[0]))
