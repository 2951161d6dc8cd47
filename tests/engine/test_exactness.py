"""Issue 11's classes of disagreement, one regression test each (docs/rules.md has the examples)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dti.engine import Entry, Status, UnitRef, parse_framework, score_round
from dti.engine.numbers import fmt_number, half_up
from dti.engine.validation import validate_entry

from .conftest import one_criterion, score_one, units


def fw_of(nodes: list[dict[str, Any]], **extra: Any) -> Any:
    return parse_framework({"code": "t", "name": "Thử", "kind": "points", "level": "huyen", "nodes": nodes, **extra})


def crit(code: str, mx: float, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": code, "kind": "criterion", "max_points": mx, "rule": rule, **extra}


def group(code: str, children: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": code, "kind": "group", "children": children, **extra}


SUM = {
    "code": "S", "name": "Tổng", "kind": "criterion", "max_points": 20, "rule": {"type": "sum"},
    "children": [
        {"code": "S.1", "name": "a", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
        {"code": "S.2", "name": "b", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
    ],
}


# --- class 2: a sum criterion's own row ---------------------------------------------------------


def test_class2_expert_score_on_a_sum_row_replaces_the_sum() -> None:
    fw = fw_of([group("G", [SUM])])
    r = score_round(fw, units(1), [Entry("U0", "S.1", done=True), Entry("U0", "S.2", done=True),
                                   Entry("U0", "S", expert_score=0, expert_reason="không có minh chứng")])
    node = r.unit_result(0)["groups"][0]["children"][0]
    assert (node["score"], node["max_points"], node["expert_score"]) == (0, 20, True)
    assert r.unit_result(0)["total"] == 0


def test_class2_not_applicable_sum_leaves_the_maximum() -> None:
    fw = fw_of([group("G", [SUM, crit("B", 8, {"type": "boolean"})])])
    r = score_round(fw, units(1), [Entry("U0", "S.1", done=True), Entry("U0", "S.2", done=False),
                                   Entry("U0", "S", status=Status.KHONG_AP_DUNG), Entry("U0", "B", done=True)])
    out = r.unit_result(0)
    assert (out["total"], out["max_points"], out["percent"]) == (8, 8, 100)
    assert out["status_counts"]["khong_ap_dung"] == 1


# --- class 3: count and value never stand in for each other -------------------------------------


def test_class3_a_percentage_value_does_not_pass_a_count_gate() -> None:
    rule = {"type": "gate", "on": "count", "minimum": 5, "inner": {"type": "ratio"}}
    assert score_one(rule, 20, value=100, value_is_percent=True) == 0
    assert score_one(rule, 20, count=6, value=100, value_is_percent=True) == 20


def test_class3_count_target_reads_the_count_only() -> None:
    assert score_one({"type": "count_target", "minimum": 4}, 8, value=4) == 0


# --- class 4: percentage boundaries decided exactly -------------------------------------------


def test_class4_57_of_100_reaches_at_least_57() -> None:
    rule = {"type": "bands", "on": "percent", "bands": [{"at_least": 57, "fraction": 1}]}
    assert score_one(rule, 10, numerator=57, denominator=100) == 10
    assert score_one(rule, 10, numerator=0.57, denominator=1) == 10


def test_class4_58_percent_written_reaches_58() -> None:
    rule = {"type": "bands", "on": "percent", "bands": [{"at_least": 58, "fraction": 1}]}
    assert score_one(rule, 10, value=58, value_is_percent=True) == 10


# --- class 5: one half-up rounding on the decimal value ----------------------------------------


@pytest.mark.parametrize(("value", "digits", "printed"), [
    (2.5, 0, "3"), (57.95, 1, "58,0"), (51.65, 1, "51,7"), (10.25, 1, "10,3"), (18.45, 1, "18,5"),
])
def test_class5_half_up_as_on_paper(value: float, digits: int, printed: str) -> None:
    assert fmt_number(value, digits, trim=False) == printed
    assert str(half_up(value, digits)).replace(".", ",") == printed


def _total_of(points: list[float], display_precision: int) -> dict[str, Any]:
    nodes = [group("G", [crit(f"C{i}", p, {"type": "manual"}) for i, p in enumerate(points)])]
    fw = fw_of(nodes, display_precision=display_precision, precision=2)
    entries = [Entry("U0", f"C{i}", expert_score=p, expert_reason="x") for i, p in enumerate(points)]
    return score_round(fw, units(1), entries).unit_result(0)


def test_class5_total_10_25_is_stored_and_printed_10_3() -> None:
    out = _total_of([10.25], 1)
    assert out["total"] == 10.3 and out["total_unrounded"] == 10.25


def test_class5_totals_round_half_up_not_to_even() -> None:
    assert _total_of([2.5], 0)["total"] == 3
    assert _total_of([57.9, 0.05], 1)["total"] == 58.0
    assert _total_of([51.6, 0.05], 1)["total"] == 51.7


def test_class5_9_of_100_times_5_is_0_5_scored_and_printed() -> None:
    fw = one_criterion({"type": "ratio"}, 5, precision=1)
    r = score_round(fw, units(1), [Entry("U0", "C.1", numerator=9, denominator=100)])
    assert r.unit_result(0)["groups"][0]["children"][0]["score"] == 0.5
    assert fmt_number(r.score[r.index["C.1"], 0], 1) == "0,5"


# --- class 6: JSON scores at the precision they are printed with ------------------------------------


def test_class6_an_expert_0_379_stays_0_379() -> None:
    out = _total_of([0.379, 1], 2)
    assert out["groups"][0]["children"][0]["score"] == 0.379
    assert out["groups"][0]["score"] == 1.379
    assert out["total_unrounded"] == 1.379 and out["total"] == 1.38


# --- point 7: decided behaviour ----------------------------------------------------------------------


def test_point7_not_applicable_item_keeps_the_points_of_the_others() -> None:
    capped = {**SUM, "max_points": 15, "children": [
        {"code": "S.1", "name": "a", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
        {"code": "S.2", "name": "b", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
    ]}
    fw = fw_of([group("G", [capped])])
    r = score_round(fw, units(1), [Entry("U0", "S.1", done=True), Entry("U0", "S.2", status=Status.KHONG_AP_DUNG)])
    node = r.unit_result(0)["groups"][0]["children"][0]
    # maximum = min(15, 10 applicable) = 10, and the 10 earned are kept
    assert (node["score"], node["max_points"], node["status"]) == (10, 10, "dat")


def test_point7_group_maximum_shrinks_with_a_not_applicable_child() -> None:
    fw = fw_of([group("G", [crit("A", 10, {"type": "boolean"}), crit("B", 10, {"type": "boolean"})], max_points=15)])
    r = score_round(fw, units(1), [Entry("U0", "A", done=True), Entry("U0", "B", status=Status.KHONG_AP_DUNG)])
    g = r.unit_result(0)["groups"][0]
    assert (g["score"], g["max_points"]) == (10, 10)
    r = score_round(fw, units(1), [Entry("U0", "A", done=True), Entry("U0", "B", done=True)])
    assert r.unit_result(0)["groups"][0]["score"] == 15


def test_point7_not_applicable_unit_is_no_benchmark_for_relative() -> None:
    fw = one_criterion({"type": "relative", "method": "best", "on": "value"}, 10)
    r = score_round(fw, units(3), [Entry("U0", "C.1", value=100, status=Status.KHONG_AP_DUNG),
                                   Entry("U1", "C.1", value=50), Entry("U2", "C.1", value=25)])
    k = r.index["C.1"]
    assert list(r.score[k]) == [0, 10, 5]
    assert r.eff_max[k, 0] == 0


@pytest.mark.parametrize(("higher", "values", "expected"), [
    (True, [0, 0], [0, 0]), (True, [40, 40], [10, 10]), (False, [0, 0], [10, 10]), (False, [7, 7], [10, 10]),
])
def test_point7_minmax_all_equal_scores_as_best(higher: bool, values: list[float], expected: list[float]) -> None:
    fw = one_criterion({"type": "relative", "method": "minmax", "on": "value", "higher_is_better": higher}, 10)
    r = score_round(fw, units(2), [Entry(f"U{i}", "C.1", value=v) for i, v in enumerate(values)])
    assert list(r.score[r.index["C.1"]]) == expected


def test_point7_rounding_never_exceeds_the_maximum() -> None:
    fw = one_criterion({"type": "ratio"}, 19.7, precision=0)
    r = score_round(fw, units(1), [Entry("U0", "C.1", numerator=1, denominator=1)])
    assert r.score[r.index["C.1"], 0] == 19.7


def test_point7_ranks_by_printed_total_and_share_ties() -> None:
    points = [69.96, 70.04, 69]
    fw = fw_of([group("G", [crit("C", 100, {"type": "manual"})])], display_precision=1)
    r = score_round(fw, units(3), [Entry(f"U{i}", "C", expert_score=p, expert_reason="x") for i, p in enumerate(points)])
    got = [(r.unit_result(j)["total"], r.unit_result(j)["rank"]) for j in range(3)]
    assert got == [(70.0, 1), (70.0, 1), (69.0, 3)]
    assert r.rank_basis_of(0) == "total"


def test_point7_ranks_by_percentage_when_maxima_differ_and_max_0_is_not_ranked() -> None:
    fw = fw_of([group("G", [crit("A", 10, {"type": "boolean"}), crit("B", 10, {"type": "boolean"})])])
    na = Status.KHONG_AP_DUNG
    r = score_round(fw, units(3), [
        Entry("U0", "A", done=True), Entry("U0", "B", status=na),  # 10/10 = 100 %
        Entry("U1", "A", done=True), Entry("U1", "B", done=False),  # 10/20 = 50 %
        Entry("U2", "A", status=na), Entry("U2", "B", status=na),  # nothing applies
    ])
    out = [r.unit_result(j) for j in range(3)]
    assert [(o["rank"], o["rank_of"]) for o in out[:2]] == [(1, 2), (2, 2)] and r.rank_basis_of(0) == "percent"
    assert out[2]["rank"] is None and out[2]["percent"] is None and out[2]["class"] is None


def test_point7_class_is_decided_on_the_printed_percentage() -> None:
    bands = [{"at_least_percent": 80, "label": "Tốt"}, {"at_least_percent": 0, "label": "Khá"}]
    fw = fw_of([group("G", [crit("C", 3, {"type": "manual"})])], classification=bands)
    # 2,39999/3 = 79,99966… % is printed 80,00 % and classed Tốt
    r = score_round(fw, units(1), [Entry("U0", "C", expert_score=2.3999, expert_reason="x")])
    assert r.unit_result(0)["percent"] == 80.0 and r.unit_result(0)["class"] == "Tốt"


def test_point7_deadline_year_comes_from_the_framework_without_year() -> None:
    fw = parse_framework({"code": "t", "name": "t", "kind": "points", "level": "huyen", "year": 2024, "nodes": [
        group("G", [crit("D", 10, {"type": "deadline", "by": "01-31"})])]})
    late = [Entry("U0", "D", date=dt.date(2024, 2, 1))]
    assert score_round(fw, units(1), late).score[1, 0] == 5
    assert score_round(fw, units(1), [Entry("U0", "D", date=dt.date(2024, 1, 31))]).score[1, 0] == 10
    problems = validate_entry(Entry("U0", "D", date=dt.date(2023, 1, 5)), fw.by_code["D"], year=2024)
    assert [f for f, _ in problems] == ["date"]


def _problems(rule: dict[str, Any], mx: float = 10, **inputs: Any) -> list[str]:
    fw = one_criterion(rule, mx)
    return [f for f, _ in validate_entry(Entry("U0", "C.1", **inputs), fw.by_code["C.1"])]


def test_point7_every_column_is_validated_whatever_the_rule_reads() -> None:
    assert _problems({"type": "boolean"}, numerator=1200, denominator=968, done=True) == ["numerator"]
    assert _problems({"type": "boolean"}, count=2.5, done=True) == ["count"]
    assert _problems({"type": "boolean"}, count=-1) == ["count"]


def test_point7_a_ratio_value_must_carry_percent() -> None:
    assert _problems({"type": "ratio"}, value=81.3) == ["value"]
    assert _problems({"type": "ratio"}, value=81.3, value_is_percent=True) == []


def test_point7_expert_score_above_the_maximum_is_refused() -> None:
    assert _problems({"type": "manual"}, 5, expert_score=6, expert_reason="x") == ["expert_score"]


def test_point7_status_words_are_exactly_the_documented_ones() -> None:
    from dti.engine import parse_status

    for word in ("Đạt", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không áp dụng", "N/A", "dat",
                 "dang_thuc_hien", "chua_thuc_hien", "khong_ap_dung"):
        assert parse_status(word) is not None
    for word in ("Chưa đạt", "Không đạt", "Đang triển khai", "na", "ko áp dụng"):
        with pytest.raises(ValueError):
            parse_status(word)


def test_scoring_twice_is_independent() -> None:
    # the assessment cycle scores with and without assessor corrections: two calls, nothing shared
    fw = one_criterion({"type": "ratio"}, 10)
    own = [Entry("U0", "C.1", numerator=1, denominator=2)]
    fixed = [Entry("U0", "C.1", numerator=1, denominator=2, expert_score=2, expert_reason="sửa")]
    a, b = score_round(fw, units(1), own), score_round(fw, units(1), fixed)
    assert (a.score[1, 0], b.score[1, 0]) == (5, 2)
    assert UnitRef("U0") in b.units or b.units[0].code == "U0"


# --- shrunk counterexamples of the differential test ---------------------------------------------


def test_regression_minmax_peers_equal_only_in_exact_decimals() -> None:
    # 57/100 is 56,99999999999999 % in floats and "57%" is 57: the peers are equal, so both earn full
    # marks (lower is better), instead of one scoring 0 over a span of float noise
    fw = one_criterion({"type": "relative", "method": "minmax", "on": "percent", "higher_is_better": False}, 1,
                       precision=0)
    r = score_round(fw, units(2), [Entry("U0", "C.1", numerator=57, denominator=100),
                                   Entry("U1", "C.1", value=57, value_is_percent=True)])
    assert list(r.score[r.index["C.1"]]) == [1, 1]
