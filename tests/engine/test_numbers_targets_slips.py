"""Vietnamese number writing, targets with comparators, and the seeds' arithmetic slips."""

from __future__ import annotations

import pytest

from dti.engine import check_counts, check_stated, parse_target
from dti.engine.numbers import fmt_number, fmt_percent, parse_number, round_half_up


@pytest.mark.parametrize(
    ("text", "value", "pct"),
    [
        ("698,8", 698.8, False),
        ("1.627", 1627, False),
        ("15.958", 15958, False),
        ("97,36%", 97.36, True),
        ("47.8%", 47.8, True),
        ("1.627,5", 1627.5, False),
        ("0.5", 0.5, False),
        ("104", 104, False),
    ],
)
def test_parse_vietnamese_numbers(text, value, pct) -> None:
    assert parse_number(text) == (pytest.approx(value), pct)


def test_format_vietnamese_numbers() -> None:
    assert fmt_number(698.81, 1) == "698,8"
    assert fmt_number(1627, 0) == "1.627"
    assert fmt_number(55.01) == "55,01"
    assert fmt_percent(95.1446) == "95,14%"
    assert round_half_up(18.45, 1) == 18.5


@pytest.mark.parametrize(
    ("text", "comp", "value", "pct"),
    [
        (">60", ">", 60, False),
        ("≥ 80 %", "≥", 80, True),
        ("đạt trên 80%", ">", 80, True),
        ("100%", "≥", 100, True),
        ("<= 5%", "≤", 5, True),
        ("tối thiểu 24 tin", "≥", 24, False),
        ("dưới 5%", "<", 5, True),
    ],
)
def test_parse_targets(text, comp, value, pct) -> None:
    t = parse_target(text)
    assert (t.comparator, t.value, t.percent) == (comp, value, pct)


def test_target_met() -> None:
    assert parse_target(">60").met(52) is False
    assert parse_target(">60").met(61) is True
    assert parse_target("đạt trên 80%").met(81) is True
    assert parse_target("≥ 80%").met(None) is None


def test_seed_002_percentages_are_flagged() -> None:
    # 921/968 is 95,14 %, the report prints 97,36 %
    slip = check_stated("97,36%", percent=921 / 968 * 100, score=None, criterion="III.1")
    assert slip is not None and "95,14%" in slip.message
    # 4.466/7.258 is 61,53 %, the report prints 61,25 %
    assert check_stated("61,25%", percent=4466 / 7258 * 100, score=None) is not None
    # 4.021/7.258 = 55,40 %: printed 55,4 % agrees
    assert check_stated("55,4%", percent=4021 / 7258 * 100, score=None) is None
    # 1.627/1.663 = 97,84 %: printed 97,8 % agrees
    assert check_stated("97,8%", percent=1627 / 1663 * 100, score=None) is None


def test_seed_001_count_slip() -> None:
    problems = check_counts(total=14, done=10, remaining=5)
    assert problems and "còn lại 5" in problems[0] and "còn 4" in problems[0]
    assert check_counts(total=14, done=10, remaining=4) == []
    assert check_counts(total=53, done=20, in_progress=28, not_started=5) == []
