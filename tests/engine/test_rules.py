"""Each rule of the catalogue on the seeds' own examples."""

from __future__ import annotations

import datetime as dt

import pytest

from dti.engine import Status

from .conftest import score_one


def test_boolean_done_gives_max() -> None:
    assert score_one({"type": "boolean"}, 5, done=True) == 5
    assert score_one({"type": "boolean"}, 5, done=False) == 0


def test_boolean_falls_back_to_status() -> None:
    assert score_one({"type": "boolean"}, 5, status=Status.DAT) == 5
    assert score_one({"type": "boolean"}, 5, status=Status.DANG_THUC_HIEN) == 0


def test_ratio_fibre_households_seed_002() -> None:
    # 4.021/7.258 households with fibre ⇒ 55,40 % of 10 pts
    assert score_one({"type": "ratio"}, 10, numerator=4021, denominator=7258) == 5.54


def test_ratio_with_target_is_capped() -> None:
    assert score_one({"type": "ratio", "target": 0.8}, 20, numerator=90, denominator=100) == 20
    assert score_one({"type": "ratio", "target": 0.8}, 20, numerator=40, denominator=100) == 10


def test_ratio_from_percent_value() -> None:
    # seed 003: 92,28 % of 20 points
    assert score_one({"type": "ratio"}, 20, value=92.28, value_is_percent=True) == pytest.approx(18.46)


def test_count_target_news_items_seed_002() -> None:
    assert score_one({"type": "count_target", "minimum": 24}, 24, count=104) == 24
    assert score_one({"type": "count_target", "minimum": 24}, 24, count=12) == 12


def test_steps_meetings_seed_002() -> None:
    rule = {"type": "steps", "steps": [{"at_least": 1, "fraction": 0.5}, {"at_least": 2, "fraction": 1}]}
    assert score_one(rule, 10, count=2) == 10
    assert score_one(rule, 10, count=1) == 5
    assert score_one(rule, 10, count=0) == 0


def test_deadline_plan_issued_in_january() -> None:
    rule = {"type": "deadline", "by": "01-31", "late_fraction": 0.5}
    assert score_one(rule, 10, year=2024, date=dt.date(2024, 1, 8)) == 10
    assert score_one(rule, 10, year=2024, date=dt.date(2024, 2, 1)) == 5
    assert score_one(rule, 10, year=2024) == 0


def test_gate_bulletins_then_readers() -> None:
    rule = {"type": "gate", "on": "count", "minimum": 5, "inner": {"type": "ratio"}}
    assert score_one(rule, 20, count=6, numerator=50, denominator=100) == 10
    assert score_one(rule, 20, count=4, numerator=100, denominator=100) == 0


def test_inverse_ratio_lower_is_better() -> None:
    assert score_one({"type": "inverse_ratio"}, 10, numerator=0, denominator=968) == 10
    assert score_one({"type": "inverse_ratio", "zero_at": 0.1}, 10, value=5.27, value_is_percent=True) == 4.73


def test_bands() -> None:
    rule = {"type": "bands", "bands": [{"at_least": 50, "fraction": 0.5}, {"at_least": 80, "fraction": 1}]}
    assert score_one(rule, 10, numerator=81, denominator=100) == 10
    assert score_one(rule, 10, numerator=60, denominator=100) == 5
    assert score_one(rule, 10, numerator=49, denominator=100) == 0


def test_manual_needs_expert_score() -> None:
    assert score_one({"type": "manual"}, 20) == 0
    assert score_one({"type": "manual"}, 20, expert_score=4, expert_reason="thiếu tài liệu kiểm chứng") == 4


def test_expert_score_overrides_any_rule_and_is_clipped() -> None:
    assert score_one({"type": "boolean"}, 10, done=True, expert_score=8.8, expert_reason="PCT ký") == 8.8
    assert score_one({"type": "boolean"}, 10, expert_score=99, expert_reason="x") == 10


def test_not_applicable_scores_nothing() -> None:
    assert score_one({"type": "boolean"}, 5, done=True, status=Status.KHONG_AP_DUNG) == 0
