"""Score a round: every unit × every criterion at once, roll up, rank, count statuses.

``score_round`` is the one entry point. It takes plain data (a framework and an
:class:`EntryTable` or entry rows) and returns a :class:`RoundResult` of NumPy arrays, from which
per-unit plain dictionaries and explanations are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Entry, Status, UnitRef
from dti.engine.rules import Context, fraction
from dti.engine.table import EntryTable
from dti.engine.targets import Target, TargetError, parse_target

F = npt.NDArray[np.float64]
EPS = 1e-9
_STATUS_KEYS = tuple(s.key for s in Status)


def _round_half_up(x: F, digits: int) -> F:
    scale = 10.0**digits
    # the epsilon keeps 18.45 (stored as 18.4499999…) rounding up, as on paper
    return np.floor(x * scale + 0.5 + 1e-7) / scale


def score_round(
    framework: fw.Framework,
    units: Sequence[UnitRef],
    entries: EntryTable | Iterable[Entry],
    *,
    year: int | None = None,
) -> RoundResult:
    """Score all units of a round. Peers (for ``relative`` rules and ranks) share ``UnitRef.parent``."""
    table = entries if isinstance(entries, EntryTable) else EntryTable.from_entries(framework, units, entries)
    units = table.units
    n_units = len(units)
    parents = [u.parent or "" for u in units]
    _, peer_ids = np.unique(np.array(parents, dtype=object), return_inverse=True)
    ctx = Context(peer_ids=peer_ids.astype(np.int64), year=year)

    nodes = list(framework.walk())
    index = {n.code: k for k, n in enumerate(nodes)}
    leaves = framework.criteria()
    score = np.zeros((len(nodes), n_units))
    full_max = np.zeros((len(nodes), n_units))
    eff_max = np.zeros((len(nodes), n_units))
    expert_used = np.zeros((len(leaves), n_units), dtype=bool)
    unscored = np.zeros(len(nodes), dtype=bool)

    for i, leaf in enumerate(leaves):
        k = index[leaf.code]
        cols = table.columns(i)
        na = cols.status == Status.KHONG_AP_DUNG
        rule = leaf.rule
        if rule is None or rule.type == "not_scored" or leaf.max_points is None:
            unscored[k] = True
            continue
        mx = float(leaf.max_points)
        pts = _round_half_up(fraction(rule, cols, ctx) * mx, framework.precision)
        has_expert = ~np.isnan(cols.expert)
        pts = np.where(has_expert, np.clip(np.nan_to_num(cols.expert), 0.0, mx), pts)
        expert_used[i] = has_expert & ~na
        score[k] = np.where(na, 0.0, pts)
        full_max[k] = mx
        eff_max[k] = np.where(na, 0.0, mx)

    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.is_leaf:
            continue
        kids = [index[c.code] for c in node.children]
        if all(unscored[c] for c in kids) or (node.rule is not None and node.rule.type == "not_scored"):
            unscored[k] = True
            continue
        s = score[kids].sum(axis=0)
        child_full = full_max[kids].sum(axis=0)
        child_eff = eff_max[kids].sum(axis=0)
        if node.max_points is not None:
            stated = float(node.max_points)
            full_max[k] = stated
            eff_max[k] = np.maximum(0.0, stated - (child_full - child_eff))
            score[k] = np.minimum(s, eff_max[k])
        else:
            full_max[k] = child_full
            eff_max[k] = child_eff
            score[k] = s

    top = [index[n.code] for n in framework.nodes]
    total = score[top].sum(axis=0)
    total_max = eff_max[top].sum(axis=0)

    result = RoundResult(
        framework=framework,
        table=table,
        units=units,
        nodes=nodes,
        index=index,
        score=score,
        full_max=full_max,
        eff_max=eff_max,
        unscored=unscored,
        expert_used=expert_used,
        total=total,
        total_max=total_max,
        peer_ids=ctx.peer_ids,
        year=year,
    )
    return result


def competition_ranks(values: F, peer_ids: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Competition ranks (1, 2, 2, 4, highest first) of every row of ``values`` (rows × units) among
    the units sharing a peer id, and each unit's number of peers.

    One sort of all rows by (peer group, value) whatever the number of groups: a unit's rank is one
    plus the number of its peers with a strictly greater value. NaN counts below every number and
    NaNs tie with each other, as ``np.sort`` + ``searchsorted`` ranked them group by group.
    """
    n_rows, n_units = values.shape
    if n_units == 0:
        return np.zeros(values.shape, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # per row: by group, then value ascending (NaN last). A plain sort of the values, then a stable
    # sort by group id (a radix sort for 16-bit ids) is ~5× quicker than one lexsort of both keys
    by_value = np.argsort(values, axis=1)
    ids = peer_ids.astype(np.int16 if peer_ids.max() < 2**15 else np.int64)
    order = np.take_along_axis(by_value, np.argsort(ids[by_value], axis=1, kind="stable"), axis=1)
    sv = np.take_along_axis(values, order, axis=1)
    sg = peer_ids[order]
    same = (sv[:, 1:] == sv[:, :-1]) | (np.isnan(sv[:, 1:]) & np.isnan(sv[:, :-1]))
    run_end = np.ones(values.shape, dtype=bool)  # last position of a run of equal values in a group
    run_end[:, :-1] = (sg[:, 1:] != sg[:, :-1]) | ~same
    positions = np.broadcast_to(np.arange(n_units), values.shape)
    end_at = np.where(run_end, positions, n_units)
    end_at = np.minimum.accumulate(end_at[:, ::-1], axis=1)[:, ::-1]
    sizes = np.bincount(peer_ids, minlength=int(peer_ids.max()) + 1)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # units with a value <= v in the group = end_at - start + 1, so rank = size - that + 1
    sorted_rank = sizes[sg] - (end_at - starts[sg])
    rank = np.empty(values.shape, dtype=np.int64)
    np.put_along_axis(rank, order, sorted_rank, axis=1)
    return rank, sizes[peer_ids].astype(np.int64)


@dataclass
class RoundResult:
    """Scores of a round as arrays (node × unit); read per unit with :meth:`unit_result`."""

    framework: fw.Framework
    table: EntryTable
    units: list[UnitRef]
    nodes: list[fw.Node]
    index: dict[str, int]
    score: F
    full_max: F
    eff_max: F
    unscored: npt.NDArray[np.bool_]
    expert_used: npt.NDArray[np.bool_]
    total: F
    total_max: F
    peer_ids: npt.NDArray[np.int64]
    year: int | None

    # --- derived arrays, computed on first use ---------------------------------

    @cached_property
    def unit_index(self) -> dict[str, int]:
        return {u.code: j for j, u in enumerate(self.units)}

    @cached_property
    def leaf_index(self) -> dict[str, int]:
        return {n.code: i for i, n in enumerate(self.framework.criteria())}

    @cached_property
    def stated_entries(self) -> dict[int, list[tuple[str, Entry]]]:
        """Entries carrying a figure printed by a document, by unit."""
        out: dict[int, list[tuple[str, Entry]]] = {}
        for (code, j), entry in self.table.entries.items():
            if entry.stated:
                out.setdefault(j, []).append((code, entry))
        return out

    @cached_property
    def scored(self) -> bool:
        return self.framework.kind == "points" and not bool(np.all(self.unscored))

    @cached_property
    def percent(self) -> F:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.total_max > 0, self.total / self.total_max * 100.0, np.nan)

    @cached_property
    def ranks(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Competition ranks (1, 2, 2, 4) among peers for every node and the total: (rank, peers).

        Row ``len(nodes)`` holds the total."""
        values = np.asarray(np.round(np.vstack([self.score, self.total[None, :]]), 6), dtype=np.float64)
        return competition_ranks(values, self.peer_ids)

    @cached_property
    def targets(self) -> dict[str, Target]:
        out = {}
        for node in self.framework.walk():
            if node.target:
                try:
                    out[node.code] = parse_target(node.target)
                except TargetError:
                    continue
        return out

    def measure(self, code: str, j: int) -> float | None:
        """The figure a target is compared with: the value, else num/den in %, else the count."""
        entry = self.table.entries.get((code, j))
        if entry is None:
            return None
        if entry.value is not None:
            return entry.value
        if entry.rate is not None:
            return entry.rate * 100.0
        return entry.count

    def target_met(self, code: str, j: int) -> bool | None:
        target = self.targets.get(code)
        if target is None:
            return None
        return target.met(self.measure(code, j))

    @cached_property
    def statuses(self) -> npt.NDArray[np.int8]:
        """Final status of every ``criterion`` node (given, else derived), shaped (criteria, units)."""
        crits = self.framework.top_criteria()
        out = np.zeros((len(crits), len(self.units)), dtype=np.int8)
        for c, node in enumerate(crits):
            k = self.index[node.code]
            if node.is_leaf:
                given = self.table.status[self.leaf_index[node.code]].copy()
            else:
                given = np.zeros(len(self.units), dtype=np.int8)
                for (code, j), st in self.table.inner_status.items():
                    if code == node.code:
                        given[j] = st
            if not self.unscored[k]:
                s, m = self.score[k], self.eff_max[k]
                derived = np.where(
                    s >= m - EPS, Status.DAT, np.where(s > EPS, Status.DANG_THUC_HIEN, Status.CHUA_THUC_HIEN)
                )
            else:
                derived = self._unscored_status(node)
            out[c] = np.where(given > 0, given, derived)
        return out

    def _unscored_status(self, node: fw.Node) -> npt.NDArray[np.int8]:
        """Status of a criterion without points: done or target met ⇒ Đạt, target missed ⇒ Đang
        thực hiện, nothing ⇒ Chưa thực hiện; a criterion with parts is Đạt when all parts are."""
        n = len(self.units)
        if node.children:
            parts = [self._unscored_status(c) for c in node.children]
            stack = np.vstack(parts)
            all_done = np.all(stack == Status.DAT, axis=0)
            some = np.any((stack == Status.DAT) | (stack == Status.DANG_THUC_HIEN), axis=0)
            return np.where(all_done, Status.DAT, np.where(some, Status.DANG_THUC_HIEN, Status.CHUA_THUC_HIEN)).astype(
                np.int8
            )
        i = self.leaf_index[node.code]
        given = self.table.status[i]
        derived = np.where(self.table.done[i] == 1.0, Status.DAT, Status.CHUA_THUC_HIEN).astype(np.int8)
        if node.code in self.targets:
            for j in range(n):
                met = self.target_met(node.code, j)
                if met is not None:
                    derived[j] = Status.DAT if met else Status.DANG_THUC_HIEN
        return np.where(given > 0, given, derived).astype(np.int8)

    @cached_property
    def _criteria_under(self) -> dict[str, list[int]]:
        """Row numbers (in ``statuses``) of the criteria below each node."""
        crit_rows = self.crit_rows
        out: dict[str, list[int]] = {}

        def visit(node: fw.Node) -> list[int]:
            rows = [crit_rows[node.code]] if node.code in crit_rows else []
            if node.kind != "criterion":
                for child in node.children:
                    rows.extend(visit(child))
            else:
                for child in node.children:
                    visit(child)
            out[node.code] = rows
            return rows

        for node in self.framework.nodes:
            visit(node)
        return out

    @cached_property
    def _status_totals(self) -> dict[str | None, npt.NDArray[np.int64]]:
        """Per node (None = whole framework): counts of each status for every unit, (4, units)."""
        onehot = np.stack([(self.statuses == s) for s in Status]).astype(np.int64)  # (4, crit, units)
        out: dict[str | None, npt.NDArray[np.int64]] = {None: onehot.sum(axis=1)}
        for code, rows in self._criteria_under.items():
            out[code] = onehot[:, rows, :].sum(axis=1) if rows else np.zeros((4, len(self.units)), np.int64)
        return out

    def status_counts(self, j: int, code: str | None = None) -> dict[str, int]:
        totals = self._status_totals.get(code)
        if totals is None:
            totals = np.zeros((4, len(self.units)), np.int64)
        counts = {key: int(totals[n, j]) for n, key in enumerate(_STATUS_KEYS)}
        counts["total"] = sum(counts.values())
        return counts

    # --- per-unit plain data ------------------------------------------------

    def _unit_j(self, unit: str | int) -> int:
        return unit if isinstance(unit, int) else self.unit_index[unit]

    def node_result(self, k: int, j: int, *, with_children: bool = True) -> dict[str, Any]:
        node = self.nodes[k]
        rank, peers = self.ranks
        fwk = self.framework
        out: dict[str, Any] = {"code": node.code, "name": node.name, "kind": node.kind}
        if self.unscored[k] or not self.scored:
            out.update(score=None, max_points=None, rank=None, rank_of=None)
        else:
            out.update(
                score=round(float(self.score[k, j]), max(fwk.precision, 2)),
                max_points=float(self.eff_max[k, j]),
                rank=int(rank[k, j]),
                rank_of=int(peers[j]),
            )
        if node.kind == "criterion" or node.is_leaf:
            out.update(self._criterion_fields(node, j))
        else:
            out["status_counts"] = self.status_counts(j, node.code)
        if with_children and node.children and node.kind != "criterion":
            out["children"] = [self.node_result(self.index[c.code], j) for c in node.children]
        elif node.kind == "criterion" and node.children:
            out["items"] = [self.node_result(self.index[c.code], j) for c in node.children]
        return out

    @cached_property
    def crit_rows(self) -> dict[str, int]:
        """Row of each ``criterion`` node in :attr:`statuses`."""
        return {n.code: c for c, n in enumerate(self.framework.top_criteria())}

    def _criterion_fields(self, node: fw.Node, j: int) -> dict[str, Any]:
        crit_rows = self.crit_rows
        fields: dict[str, Any] = {}
        if node.code in crit_rows:
            fields["status"] = _STATUS_KEYS[int(self.statuses[crit_rows[node.code], j]) - 1]
        entry = self.table.entries.get((node.code, j))
        if entry is not None and entry.explanation:
            fields["explanation"] = entry.explanation
        if node.code in self.targets:
            fields["target"] = node.target
            fields["target_met"] = self.target_met(node.code, j)
        if node.code in self.leaf_index and self.expert_used[self.leaf_index[node.code], j]:
            fields["expert_score"] = True
        return fields

    def unit_result(self, unit: str | int) -> dict[str, Any]:
        """Everything about one unit as plain data (the JSON of ``dti score --json``)."""
        from dti.engine.explain import slips_for_unit

        j = self._unit_j(unit)
        u = self.units[j]
        rank, peers = self.ranks
        fwk = self.framework
        out: dict[str, Any] = {"unit": u.code, "unit_name": u.name, "parent": u.parent}
        if self.scored:
            total = float(self.total[j])
            pct = float(self.percent[j]) if not np.isnan(self.percent[j]) else None
            out.update(
                total=round(total, fwk.display_precision),
                total_unrounded=round(total, 6),
                max_points=float(self.total_max[j]),
                percent=None if pct is None else round(pct, 2),
                **{"class": None if pct is None else fwk.classify(pct)},
                rank=int(rank[-1, j]),
                rank_of=int(peers[j]),
            )
        else:
            out.update(total=None, total_unrounded=None, max_points=None, percent=None, rank=None, rank_of=None)
            out["class"] = None
        out["status_counts"] = self.status_counts(j)
        if self.targets:
            met = [self.target_met(code, j) for code in self.targets]
            out["targets"] = {
                "total": len(met),
                "met": sum(1 for m in met if m is True),
                "not_met": sum(1 for m in met if m is False),
                "no_data": sum(1 for m in met if m is None),
            }
        out["groups"] = [self.node_result(self.index[n.code], j) for n in fwk.nodes]
        out["slips"] = [s.as_dict() for s in slips_for_unit(self, j)]
        return out

    def all_results(self) -> list[dict[str, Any]]:
        return [self.unit_result(j) for j in range(len(self.units))]
