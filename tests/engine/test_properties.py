"""Property-based tests: every rule stays within 0..max, monotone rules are monotone,
not-applicable removes from the maximum, and roll-up equals the sum of the parts."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dti.engine import Entry, Status, UnitRef, parse_framework, score_round

from .conftest import one_criterion, units

counts = st.floats(min_value=0, max_value=1e6, allow_nan=False)
fractions = st.floats(min_value=0.01, max_value=1.0)
maxima = st.sampled_from([1, 2.5, 5, 10, 20, 24, 30])
steps = st.lists(
    st.tuples(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=1)), min_size=1, max_size=4
)

RULES = st.one_of(
    st.just({"type": "boolean"}),
    fractions.map(lambda t: {"type": "ratio", "target": t}),
    st.floats(min_value=0.5, max_value=100).map(lambda m: {"type": "count_target", "minimum": m}),
    steps.map(lambda s: {"type": "steps", "steps": [{"at_least": a, "fraction": f} for a, f in s]}),
    steps.map(lambda s: {"type": "bands", "bands": [{"at_least": a, "fraction": f} for a, f in s]}),
    st.just({"type": "deadline", "by": "01-31", "late_fraction": 0.5}),
    fractions.map(lambda z: {"type": "inverse_ratio", "zero_at": z}),
    st.sampled_from(["best", "minmax"]).map(lambda m: {"type": "relative", "method": m, "on": "count"}),
    st.just({"type": "manual"}),
    st.just({"type": "gate", "on": "count", "minimum": 5, "inner": {"type": "ratio"}}),
)


@st.composite
def entry_inputs(draw):
    den = draw(st.floats(min_value=0, max_value=1e5, allow_nan=False))
    num = draw(st.floats(min_value=0, max_value=max(den, 0), allow_nan=False))
    return {
        "numerator": num,
        "denominator": den,
        "count": draw(counts),
        "done": draw(st.booleans()),
        "date": draw(st.dates(dt.date(2023, 6, 1), dt.date(2024, 12, 31))),
        "expert_score": draw(st.none() | st.floats(min_value=0, max_value=30)),
        "expert_reason": "lý do",
    }


@settings(max_examples=150, deadline=None)
@given(rule=RULES, mx=maxima, inputs=st.lists(entry_inputs(), min_size=1, max_size=6))
def test_every_rule_scores_within_zero_and_max(rule, mx, inputs) -> None:
    fw = one_criterion(rule, mx)
    us = units(len(inputs))
    entries = [Entry(u.code, "C.1", **i) for u, i in zip(us, inputs, strict=True)]
    r = score_round(fw, us, entries, year=2024)
    s = r.score[r.index["C.1"]]
    assert np.all(s >= 0) and np.all(s <= mx + 1e-9)


MONOTONE_IN_COUNT = st.one_of(
    st.floats(min_value=0.5, max_value=100).map(lambda m: {"type": "count_target", "minimum": m}),
    steps.map(lambda s: {"type": "steps", "steps": [{"at_least": a, "fraction": f} for a, f in s]}),
)


def _sorted_steps(rule):
    # steps/bands are monotone when their fractions do not fall as thresholds rise
    key = "steps" if "steps" in rule else None
    if key:
        items = sorted(rule[key], key=lambda s: s["at_least"])
        fr = sorted(s["fraction"] for s in items)
        rule = {**rule, key: [{"at_least": s["at_least"], "fraction": f} for s, f in zip(items, fr, strict=True)]}
    return rule


@settings(max_examples=100, deadline=None)
@given(rule=MONOTONE_IN_COUNT, a=counts, b=counts)
def test_count_rules_are_monotone(rule, a, b) -> None:
    rule = _sorted_steps(rule)
    lo, hi = sorted([a, b])
    fw = one_criterion(rule, 10)
    us = units(2)
    r = score_round(fw, us, [Entry("U0", "C.1", count=lo), Entry("U1", "C.1", count=hi)])
    s = r.score[r.index["C.1"]]
    assert s[0] <= s[1] + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    den=st.floats(min_value=1, max_value=1e5),
    p=st.floats(min_value=0, max_value=1),
    q=st.floats(min_value=0, max_value=1),
    target=fractions,
)
def test_ratio_is_monotone_and_inverse_ratio_antitone(den, p, q, target) -> None:
    lo, hi = sorted([p, q])
    us = units(2)
    for rule, sign in (({"type": "ratio", "target": target}, 1), ({"type": "inverse_ratio", "zero_at": target}, -1)):
        r = score_round(
            one_criterion(rule, 10),
            us,
            [Entry("U0", "C.1", numerator=lo * den, denominator=den), Entry("U1", "C.1", numerator=hi * den, denominator=den)],
        )
        s = r.score[r.index["C.1"]]
        assert sign * (s[1] - s[0]) >= -0.011  # rounding to 2 decimals may tie


def _tree(max_points: list[float]) -> dict:
    return {
        "code": "p",
        "name": "p",
        "kind": "points",
        "level": "xa",
        "nodes": [
            {
                "code": "G",
                "name": "G",
                "kind": "group",
                "children": [
                    {"code": f"C{i}", "name": "c", "kind": "criterion", "max_points": m, "rule": {"type": "ratio"}}
                    for i, m in enumerate(max_points)
                ],
            }
        ],
    }


@settings(max_examples=100, deadline=None)
@given(
    maxes=st.lists(st.sampled_from([1, 2, 5, 10, 15, 20]), min_size=1, max_size=8),
    data=st.data(),
)
def test_rollup_equals_sum_of_parts_and_na_shrinks_maximum(maxes, data) -> None:
    fw = parse_framework(_tree(maxes))
    rates = data.draw(st.lists(st.floats(0, 1), min_size=len(maxes), max_size=len(maxes)))
    na = data.draw(st.lists(st.booleans(), min_size=len(maxes), max_size=len(maxes)))
    entries = [
        Entry("A", f"C{i}", numerator=r * 100, denominator=100, status=Status.KHONG_AP_DUNG if n else None)
        for i, (r, n) in enumerate(zip(rates, na, strict=True))
    ]
    res = score_round(fw, [UnitRef("A")], entries)
    crit = [float(res.score[res.index[f"C{i}"], 0]) for i in range(len(maxes))]
    assert abs(float(res.score[res.index["G"], 0]) - sum(crit)) < 1e-9
    assert abs(float(res.total[0]) - sum(crit)) < 1e-9
    expected_max = sum(m for m, n in zip(maxes, na, strict=True) if not n)
    assert abs(float(res.total_max[0]) - expected_max) < 1e-9
    for i, n in enumerate(na):
        if n:
            assert crit[i] == 0


@settings(max_examples=60, deadline=None)
@given(scores=st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_ranks_are_competition_ranks(scores) -> None:
    fw = one_criterion({"type": "count_target", "minimum": 5}, 5)
    us = units(len(scores))
    r = score_round(fw, us, [Entry(u.code, "C.1", count=s) for u, s in zip(us, scores, strict=True)])
    ranks = [r.unit_result(j)["rank"] for j in range(len(us))]
    for s, rank in zip(scores, ranks, strict=True):
        assert rank == 1 + sum(1 for t in scores if t > s)


@settings(max_examples=80, deadline=None)
@given(
    cap=st.sampled_from([5, 10, 15]),
    items=st.lists(st.tuples(st.sampled_from([2.5, 5, 10]), st.booleans()), min_size=1, max_size=6),
)
def test_sum_rule_is_capped_sum_of_items_and_not_scored_never_scores(cap, items) -> None:
    fw = parse_framework(
        {
            "code": "s",
            "name": "s",
            "kind": "points",
            "level": "huyen",
            "nodes": [
                {
                    "code": "G",
                    "name": "G",
                    "kind": "group",
                    "children": [
                        {
                            "code": "S",
                            "name": "Kinh phí",
                            "kind": "criterion",
                            "max_points": cap,
                            "rule": {"type": "sum"},
                            "children": [
                                {"code": f"S.{i}", "name": "m", "kind": "item", "max_points": m, "rule": {"type": "boolean"}}
                                for i, (m, _) in enumerate(items)
                            ],
                        },
                        {"code": "N", "name": "Đô thị", "kind": "criterion", "rule": {"type": "not_scored"}},
                    ],
                }
            ],
        }
    )
    entries = [Entry("A", f"S.{i}", done=d) for i, (_, d) in enumerate(items)] + [Entry("A", "N", done=True)]
    r = score_round(fw, [UnitRef("A")], entries)
    expected = min(cap, sum(m for m, d in items if d))
    assert float(r.score[r.index["S"], 0]) == expected
    assert r.unscored[r.index["N"]]
    assert float(r.total[0]) == expected
