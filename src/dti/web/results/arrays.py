"""Stored per-node arrays of a unit result, and the explanation tree rebuilt from them on view.

A recompute stores, per unit, two small arrays over the framework's nodes (``Framework.walk()``
order) instead of a JSON tree: ``VALUE_ROWS`` as float64 and ``FLAG_ROWS`` as int16. The tree a
scorecard, the API and the documents read (the engine's ``unit_result``, as ``dti score --json``)
is built from these, the framework and the unit's explanations when one unit is viewed;
``tests/web_results/test_arrays.py`` checks it equals the engine's dict for every unit.

Adding a stored figure (e.g. a self-assessed score) is one more name in a ROWS tuple, filled in
``pack_round``; rows are addressed by name, so older readers keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Status
from dti.engine.numbers import round_half_up
from dti.engine.scoring import RoundResult

VALUE_ROWS = ("score", "max_points", "self_score")
FLAG_ROWS = ("rank", "status", "target_met", "expert", "appraised")
_STATUS_KEYS = tuple(s.key for s in Status)
NO_TARGET = -1


def pack_round(result: RoundResult, own: RoundResult | None = None,
               appraised: set[tuple[str, str]] | None = None) -> tuple[list[bytes], list[bytes]]:
    """Per unit (result order): the VALUE_ROWS and FLAG_ROWS arrays as bytes.

    ``result`` is the appraised scoring, ``own`` the self-assessed one and ``appraised`` the
    (unit code, criterion code) pairs already appraised (``results.scoring.score_round_pair``)."""
    n_nodes, n_units = len(result.nodes), len(result.units)
    values = np.empty((n_units, len(VALUE_ROWS), n_nodes), dtype=np.float64)
    values[:, 0, :] = result.score.T
    values[:, 1, :] = result.eff_max.T
    values[:, 2, :] = (own if own is not None else result).score.T
    flags = np.zeros((n_units, len(FLAG_ROWS), n_nodes), dtype=np.int16)
    rank, _ = result.ranks
    flags[:, 0, :] = rank[:n_nodes].T
    statuses = result.statuses
    for code, c in result.crit_rows.items():
        flags[:, 1, result.index[code]] = statuses[c]
    flags[:, 2, :] = NO_TARGET
    for code in result.targets:
        k = result.index[code]
        for j in range(n_units):
            met = result.target_met(code, j)
            flags[j, 2, k] = NO_TARGET if met is None else int(met)
    for i, leaf in enumerate(result.framework.criteria()):
        flags[:, 3, result.index[leaf.code]] = result.expert_used[i]
    _mark_appraised(result, flags[:, 4, :], appraised or set())
    return [values[j].tobytes() for j in range(n_units)], [flags[j].tobytes() for j in range(n_units)]


def _mark_appraised(result: RoundResult, out: npt.NDArray[np.int16], pairs: set[tuple[str, str]]) -> None:
    """``out`` (units × nodes): a node is appraised when it was, or when all its children/items are
    (``merge_self``); children are decided before their parents (reversed walk order)."""
    unit_index = result.unit_index
    done = np.zeros(out.shape, dtype=bool)
    for unit_code, code in pairs:
        j, k = unit_index.get(unit_code), result.index.get(code)
        if j is not None and k is not None:
            done[j, k] = True
    for node in reversed(result.nodes):
        if node.children:
            k = result.index[node.code]
            done[:, k] |= done[:, [result.index[c.code] for c in node.children]].all(axis=1)
    out[:] = done


@dataclass
class StoredUnit:
    """What the summary columns and arrays of one ``UnitResult`` hold, ready to rebuild the tree."""

    framework: fw.Framework
    unit: str
    unit_name: str
    parent: str | None
    total_unrounded: float | None
    max_points: float | None
    percent: float | None
    klass: str | None
    rank: int | None
    rank_of: int | None
    self_total_unrounded: float | None
    self_percent: float | None
    node_values: bytes
    node_flags: bytes
    slips: list[dict[str, Any]]
    explanations: dict[str, str]

    @cached_property
    def nodes(self) -> list[fw.Node]:
        return list(self.framework.walk())

    @cached_property
    def index(self) -> dict[str, int]:
        return {n.code: k for k, n in enumerate(self.nodes)}

    @cached_property
    def values(self) -> npt.NDArray[np.float64]:
        return np.frombuffer(self.node_values, dtype=np.float64).reshape(len(VALUE_ROWS), -1)

    @cached_property
    def flags(self) -> npt.NDArray[np.int16]:
        return np.frombuffer(self.node_flags, dtype=np.int16).reshape(len(FLAG_ROWS), -1)

    @cached_property
    def unscored(self) -> list[bool]:
        return node_unscored(self.framework, self.nodes)

    @cached_property
    def scored(self) -> bool:
        return self.framework.kind == "points" and not all(self.unscored)

    @cached_property
    def crit_codes(self) -> set[str]:
        return {n.code for n in self.framework.top_criteria()}

    def status_of(self, code: str) -> str:
        return _STATUS_KEYS[int(self.flags[1, self.index[code]]) - 1]

    def counts_under(self, node: fw.Node | None) -> dict[str, int]:
        counts = dict.fromkeys(_STATUS_KEYS, 0)
        for code in _criteria_under(node.children if node is not None else self.framework.nodes, self.crit_codes):
            counts[self.status_of(code)] += 1
        counts["total"] = sum(counts.values())
        return counts

    def target_met(self, k: int) -> bool | None:
        met = int(self.flags[2, k])
        return None if met == NO_TARGET else bool(met)

    def node_result(self, node: fw.Node) -> dict[str, Any]:
        k = self.index[node.code]
        out: dict[str, Any] = {"code": node.code, "name": node.name, "kind": node.kind}
        if self.unscored[k] or not self.scored:
            out.update(score=None, max_points=None, rank=None, rank_of=None)
        else:
            out.update(score=round(float(self.values[0, k]), max(self.framework.precision, 2)),
                       max_points=float(self.values[1, k]), rank=int(self.flags[0, k]), rank_of=self.rank_of)
        # the self-assessed score beside the appraised one (``results.scoring.merge_self``)
        self_score = (None if self.unscored[k] or not self.scored
                      else round(float(self.values[2, k]), max(self.framework.precision, 2)))
        if node.kind == "criterion" or node.is_leaf:
            if node.code in self.crit_codes:
                out["status"] = self.status_of(node.code)
            if self.explanations.get(node.code):
                out["explanation"] = self.explanations[node.code]
            if _parsable_target(node):
                out["target"] = node.target
                out["target_met"] = self.target_met(k)
            if node.is_leaf and self.flags[3, k]:
                out["expert_score"] = True
        else:
            out["status_counts"] = self.counts_under(node)
        if node.children and node.kind != "criterion":
            out["children"] = [self.node_result(c) for c in node.children]
        elif node.kind == "criterion" and node.children:
            out["items"] = [self.node_result(c) for c in node.children]
        out["self_score"] = self_score
        if node.kind == "criterion" or not node.children:
            out["appraised"] = bool(self.flags[4, k])
        return out

    def tree(self) -> dict[str, Any]:
        """The engine's ``unit_result`` dict for this unit."""
        out: dict[str, Any] = {"unit": self.unit, "unit_name": self.unit_name, "parent": self.parent}
        if self.scored:
            total = float(self.total_unrounded or 0.0)
            out.update(total=round_half_up(total, self.framework.display_precision), total_unrounded=total,
                       max_points=self.max_points, percent=self.percent, rank=self.rank, rank_of=self.rank_of)
            out["class"] = self.klass
        else:
            out.update(total=None, total_unrounded=None, max_points=None, percent=None, rank=None, rank_of=None)
            out["class"] = None
        out["status_counts"] = self.counts_under(None)
        targets = [k for k, n in enumerate(self.nodes) if _parsable_target(n)]
        if targets:
            met = [self.target_met(k) for k in targets]
            out["targets"] = {"total": len(met), "met": sum(1 for m in met if m is True),
                              "not_met": sum(1 for m in met if m is False),
                              "no_data": sum(1 for m in met if m is None)}
        out["groups"] = [self.node_result(n) for n in self.framework.nodes]
        out["slips"] = list(self.slips)
        if self.scored:
            own = float(self.self_total_unrounded or 0.0)
            out["self_total"] = round_half_up(own, self.framework.display_precision)  # the one rounding policy
            out["self_total_unrounded"] = own
        else:
            out["self_total"] = out["self_total_unrounded"] = None
        out["self_percent"] = self.self_percent
        out["n_appraised"] = sum(1 for n in self.framework.top_criteria() if self.flags[4, self.index[n.code]])
        return out


def _parsable_target(node: fw.Node) -> bool:
    from dti.engine.targets import TargetError, parse_target

    if not node.target:
        return False
    try:
        parse_target(node.target)
    except TargetError:
        return False
    return True


def _criteria_under(nodes: list[fw.Node], crit_codes: set[str]) -> list[str]:
    """Criteria counted for a node's status counts: its descendants down to (and including) the
    first ``criterion`` node on each branch, as ``RoundResult._criteria_under``."""
    out: list[str] = []
    for node in nodes:
        if node.code in crit_codes:
            out.append(node.code)
        if node.kind != "criterion":
            out.extend(_criteria_under(node.children, crit_codes))
    return out


def node_unscored(framework: fw.Framework, nodes: list[fw.Node]) -> list[bool]:
    """Which nodes carry no points, exactly as ``score_round`` decides it (framework only)."""
    out: dict[str, bool] = {}
    for node in reversed(nodes):
        if node.is_leaf:
            rule = node.rule
            out[node.code] = rule is None or rule.type == "not_scored" or node.max_points is None
        else:
            out[node.code] = all(out[c.code] for c in node.children) or (
                node.rule is not None and node.rule.type == "not_scored")
    return [out[n.code] for n in nodes]



def arrays_from_tree(framework: fw.Framework, data: dict[str, Any]) -> tuple[bytes, bytes]:
    """The stored arrays of a ``unit_result`` dict (for results stored as JSON trees before the arrays)."""
    nodes = list(framework.walk())
    index = {n.code: k for k, n in enumerate(nodes)}
    values = np.zeros((len(VALUE_ROWS), len(nodes)), dtype=np.float64)
    flags = np.zeros((len(FLAG_ROWS), len(nodes)), dtype=np.int16)
    flags[2, :] = NO_TARGET

    def visit(node: dict[str, Any]) -> None:
        k = index.get(node["code"])
        if k is not None:
            values[0, k] = node.get("score") or 0.0
            values[1, k] = node.get("max_points") or 0.0
            flags[0, k] = node.get("rank") or 0
            if node.get("status") in _STATUS_KEYS:
                flags[1, k] = _STATUS_KEYS.index(node["status"]) + 1
            if "target_met" in node:
                flags[2, k] = NO_TARGET if node["target_met"] is None else int(node["target_met"])
            flags[3, k] = int(bool(node.get("expert_score")))
            values[2, k] = node.get("self_score") or 0.0
            flags[4, k] = int(bool(node.get("appraised")))
        for child in (node.get("children") or []) + (node.get("items") or []):
            visit(child)

    for group in data.get("groups", []):
        visit(group)
    return values.tobytes(), flags.tobytes()
