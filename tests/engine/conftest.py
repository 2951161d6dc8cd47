"""Builders of small frameworks and entries for engine tests."""

from __future__ import annotations

from typing import Any

from dti.engine import Entry, UnitRef, parse_framework
from dti.engine.framework import Framework


def one_criterion(rule: dict[str, Any], max_points: float = 10, *, precision: int = 2) -> Framework:
    """A framework with one group holding criterion C.1 under ``rule``."""
    return parse_framework(
        {
            "code": "t",
            "name": "Thử",
            "kind": "points",
            "level": "huyen",
            "precision": precision,
            "nodes": [
                {
                    "code": "G",
                    "name": "Nhóm",
                    "kind": "group",
                    "children": [
                        {"code": "C.1", "name": "Tiêu chí", "kind": "criterion", "max_points": max_points, "rule": rule}
                    ],
                }
            ],
        }
    )


def units(n: int, parent: str = "P") -> list[UnitRef]:
    return [UnitRef(f"U{i}", f"Đơn vị {i}", parent) for i in range(n)]


def score_one(rule: dict[str, Any], max_points: float = 10, *, year: int | None = None, **inputs: Any) -> float:
    from dti.engine import score_round

    fw = one_criterion(rule, max_points)
    result = score_round(fw, units(1), [Entry("U0", "C.1", **inputs)], year=year)
    return float(result.score[result.index["C.1"], 0])
