"""Roll-up, not-applicable, rounding, classification, ranking, status counts."""

from __future__ import annotations

import numpy as np

from dti.engine import Entry, Status, UnitRef, parse_framework, score_round


def framework(**extra):
    data = {
        "code": "t",
        "name": "Thử",
        "kind": "points",
        "level": "huyen",
        "precision": 1,
        "classification": [
            {"at_least_percent": 80, "label": "Tốt"},
            {"at_least_percent": 65, "label": "Khá"},
            {"at_least_percent": 0, "label": "Trung bình"},
        ],
        "nodes": [
            {
                "code": "1",
                "name": "Nhóm 1",
                "kind": "group",
                "max_points": 30,
                "children": [
                    {"code": "1.1", "name": "A", "kind": "criterion", "max_points": 10, "rule": {"type": "boolean"}},
                    {"code": "1.2", "name": "B", "kind": "criterion", "max_points": 20, "rule": {"type": "ratio"}},
                ],
            },
            {
                "code": "2",
                "name": "Nhóm 2",
                "kind": "group",
                "children": [
                    {
                        "code": "2.1",
                        "name": "Kinh phí",
                        "kind": "criterion",
                        "max_points": 15,
                        "rule": {"type": "sum"},
                        "children": [
                            {"code": "2.1.1", "name": "a", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
                            {"code": "2.1.2", "name": "b", "kind": "item", "max_points": 10, "rule": {"type": "boolean"}},
                        ],
                    },
                    {"code": "2.2", "name": "Đô thị", "kind": "criterion", "rule": {"type": "not_scored"}},
                ],
            },
        ],
    }
    data.update(extra)
    return parse_framework(data)


def test_rollup_sum_cap_and_totals() -> None:
    fw = framework()
    us = [UnitRef("A", "A", "P"), UnitRef("B", "B", "P")]
    entries = [
        Entry("A", "1.1", done=True),
        Entry("A", "1.2", numerator=9228, denominator=10000),  # 18,456 ⇒ 18,5 at precision 1
        Entry("A", "2.1.1", done=True),
        Entry("A", "2.1.2", done=True),  # 20 capped at 15
        Entry("B", "1.1", done=True),
    ]
    r = score_round(fw, us, entries)
    a = r.unit_result("A")
    assert a["groups"][0]["score"] == 28.5
    assert a["groups"][1]["score"] == 15
    assert a["total"] == 43.5
    assert a["max_points"] == 45
    assert a["class"] == "Tốt"
    assert (a["rank"], a["rank_of"]) == (1, 2)
    assert r.unit_result("B")["total"] == 10


def test_not_applicable_removes_from_maximum() -> None:
    r = score_round(
        framework(),
        [UnitRef("A")],
        [Entry("A", "1.1", status=Status.KHONG_AP_DUNG), Entry("A", "1.2", numerator=1, denominator=1)],
    )
    a = r.unit_result("A")
    assert a["groups"][0]["max_points"] == 20
    assert a["max_points"] == 35
    assert a["status_counts"]["khong_ap_dung"] == 1


def test_ties_share_a_rank() -> None:
    us = [UnitRef(c, c, "P") for c in "ABCD"]
    entries = [Entry("A", "1.1", done=True), Entry("B", "1.1", done=True), Entry("C", "1.1", done=True)]
    r = score_round(framework(), us, entries)
    assert [r.unit_result(c)["rank"] for c in "ABCD"] == [1, 1, 1, 4]


def test_peers_are_ranked_within_their_parent() -> None:
    us = [UnitRef("A", "A", "P1"), UnitRef("B", "B", "P2"), UnitRef("C", "C", "P2")]
    entries = [Entry("B", "1.1", done=True)]
    r = score_round(framework(), us, entries)
    assert (r.unit_result("A")["rank"], r.unit_result("A")["rank_of"]) == (1, 1)
    assert (r.unit_result("C")["rank"], r.unit_result("C")["rank_of"]) == (2, 2)


def test_status_counts_derived_and_given() -> None:
    r = score_round(
        framework(),
        [UnitRef("A")],
        [
            Entry("A", "1.1", done=True),
            Entry("A", "1.2", numerator=1, denominator=2),
            Entry("A", "2.2", status=Status.DANG_THUC_HIEN),
        ],
    )
    sc = r.unit_result("A")["status_counts"]
    # 1.1 full ⇒ Đạt, 1.2 half ⇒ Đang, 2.1 nothing ⇒ Chưa, 2.2 given Đang
    assert (sc["dat"], sc["dang_thuc_hien"], sc["chua_thuc_hien"], sc["total"]) == (1, 2, 1, 4)


def test_relative_rule_against_best_peer() -> None:
    fw = parse_framework(
        {
            "code": "r",
            "name": "r",
            "kind": "points",
            "level": "huyen",
            "nodes": [
                {
                    "code": "1",
                    "name": "n",
                    "kind": "group",
                    "children": [
                        {"code": "1.1", "name": "x", "kind": "criterion", "max_points": 10, "rule": {"type": "relative"}}
                    ],
                }
            ],
        }
    )
    us = [UnitRef(c, c, "P") for c in "ABC"]
    r = score_round(fw, us, [Entry("A", "1.1", value=200), Entry("B", "1.1", value=50)])
    assert np.allclose(r.score[r.index["1.1"]], [10, 2.5, 0])


def test_explanation_names_rule_inputs_and_formula() -> None:
    from dti.engine import explain

    r = score_round(framework(), [UnitRef("A")], [Entry("A", "1.2", numerator=921, denominator=968)])
    e = explain(r, "A", "1.2")
    assert e["rule"] == "ratio"
    assert e["inputs"]["Tử số / mẫu số"] == "921/968"
    assert "95,14%" in e["formula"]
    assert e["score"] == 19.0
