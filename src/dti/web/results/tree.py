"""Explanation trees of stored results: built when a unit is viewed, from its arrays and the framework.

One query reads the unit's explanations (the only texts the tree carries); nothing is re-scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dti.engine.framework import Framework
from dti.web.entries.models import Entry
from dti.web.results.arrays import StoredUnit
from dti.web.results.models import UnitResult


def explanations_of(round_id: int, unit_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """unit id → {criterion code: explanation} of the entries that have one."""
    out: dict[int, dict[str, str]] = {uid: {} for uid in unit_ids}
    rows = (Entry.objects.filter(round_id=round_id, unit_id__in=list(unit_ids)).exclude(explanation="")
            .values_list("unit_id", "criterion_code", "explanation"))
    for uid, code, text in rows:
        out[uid][code] = text
    return out


def stored_unit(res: UnitResult, framework: Framework, explanations: dict[str, str]) -> StoredUnit:
    return StoredUnit(
        framework=framework, unit=res.unit.code, unit_name=res.unit.name,
        parent=res.parent.code if res.parent_id and res.parent else None,
        total_unrounded=res.total_unrounded, max_points=res.max_points, percent=res.percent,
        klass=res.klass or None, rank=res.rank, rank_of=res.rank_of, self_total_unrounded=res.self_total_unrounded,
        self_percent=res.self_percent, node_values=bytes(res.node_values),
        node_flags=bytes(res.node_flags), slips=res.slips, explanations=explanations)


def unit_tree(res: UnitResult) -> dict[str, Any]:
    framework = res.round.framework.parsed()
    explanations = explanations_of(res.round_id, [res.unit_id])[res.unit_id]
    return stored_unit(res, framework, explanations).tree()


def unit_trees(rows: Sequence[UnitResult], framework: Framework) -> list[dict[str, Any]]:
    """Trees of several units of one round, with one query for all their explanations."""
    if not rows:
        return []
    explanations = explanations_of(rows[0].round_id, [r.unit_id for r in rows])
    return [stored_unit(r, framework, explanations[r.unit_id]).tree() for r in rows]
