"""Score a round: every unit × every criterion at once, roll up, rank, count statuses.

``score_round`` is the one entry point. It takes plain data (a framework and an
:class:`EntryTable` or entry rows) and returns a :class:`RoundResult` of NumPy arrays, from which
per-unit plain dictionaries and explanations are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Entry, Status, UnitRef
from dti.engine.numbers import exact
from dti.engine.rules import Columns, Context, RuleBase, rule_of
from dti.engine.table import EntryTable
from dti.engine.targets import Target, parse_target

F = npt.NDArray[np.float64]
Ticks = npt.NDArray[np.int64]
_STATUS_KEYS = tuple(s.key for s in Status)

#: every criterion, group and total score is an exact multiple of 10⁻⁴ (rule scores are rounded to
#: the framework's ``precision`` ≤ 4, expert scores and maxima have at most 4 decimals), so sums are
#: done on integers ("ticks") and never drift
TICK_DIGITS = 4
SCALE = 10**TICK_DIGITS


def to_ticks(x: F | float) -> Ticks:
    """Exact decimals with at most 4 places → integer ticks (the float is within 10⁻¹² of it)."""
    out: Ticks = np.rint(np.asarray(x, dtype=float) * SCALE).astype(np.int64)
    return out


def round_ticks(t: Ticks, digits: int) -> Ticks:
    """Half-up rounding of non-negative ticks to ``digits`` decimals, still in ticks."""
    unit = 10 ** (TICK_DIGITS - digits)
    out: Ticks = (t + unit // 2) // unit * unit
    return out


def percent_ticks(t: Ticks, m: Ticks) -> Ticks:
    """Half-up percentage of t/m with 2 decimals, as an integer count of 0,01 %."""
    safe = np.where(m > 0, m, 1)
    out: Ticks = np.where(m > 0, (t * 20000 + safe) // (2 * safe), 0)
    return out


def leaf_points(rule: RuleBase, cols: Columns, ctx: Context, mx: float, precision: int) -> tuple[Ticks, F]:
    """A rule's points for every unit, rounded half-up to ``precision`` on the exact value, and the
    unrounded value. Floats decide where they are safely away from a decision; elsewhere the rule is
    evaluated again on exact fractions."""
    frac = np.asarray(rule.fraction(cols, ctx), dtype=float)
    raw = frac * mx
    scaled = raw * 10.0**precision
    rounded = np.floor(scaled + 0.5)
    off_half = np.abs(scaled - np.floor(scaled) - 0.5)
    suspect = (off_half < 1e-6 + 1e-12 * np.abs(scaled)) | rule.near_decision(cols, ctx)
    if suspect.any():
        if rule.peer_dependent:
            exact_frac = rule.fraction(cols.exact(), ctx.exact_ctx())[suspect]
        else:
            exact_frac = rule.fraction(cols.take(suspect).exact(), ctx.take(suspect).exact_ctx())
        mx_q = exact(mx)
        for pos, f in zip(np.nonzero(suspect)[0], exact_frac, strict=True):
            value = exact(f) * mx_q
            rounded[pos] = math.floor(value * 10**precision + Fraction(1, 2))
            raw[pos] = float(value)
    ticks = rounded.astype(np.int64) * 10 ** (TICK_DIGITS - precision)
    # a criterion never exceeds its maximum after rounding (19,7 at precision 0 stays 19,7)
    return np.minimum(ticks, to_ticks(mx)), raw


def _floats(t: Ticks) -> F:
    """Ticks as floats: each is the double nearest to its exact decimal, so it prints as that decimal."""
    out: F = t / SCALE
    return out


def score_round(
    framework: fw.Framework,
    units: Sequence[UnitRef],
    entries: EntryTable | Iterable[Entry],
    *,
    year: int | None = None,
) -> RoundResult:
    """Score all units of a round. Peers (for ``relative`` rules and ranks) share ``UnitRef.parent``.

    ``year`` is the assessment year of ``deadline`` rules (the round's, or ``--year``); without it
    the framework's ``year`` is used. Scoring twice (e.g. with and without assessor corrections) is
    two calls on two tables: nothing is kept between calls."""
    table = entries if isinstance(entries, EntryTable) else EntryTable.from_entries(framework, units, entries)
    year = year if year is not None else framework.year
    units = table.units
    n_units = len(units)
    parents = [u.parent or "" for u in units]
    _, peer_ids = np.unique(np.array(parents, dtype=object), return_inverse=True)
    ctx = Context(peer_ids=peer_ids.astype(np.int64), year=year)

    nodes = list(framework.walk())
    index = {n.code: k for k, n in enumerate(nodes)}
    leaves = framework.criteria()
    ticks = np.zeros((len(nodes), n_units), dtype=np.int64)
    full = np.zeros((len(nodes), n_units), dtype=np.int64)
    eff = np.zeros((len(nodes), n_units), dtype=np.int64)
    raw = np.full((len(nodes), n_units), np.nan)
    expert_used = np.zeros((len(nodes), n_units), dtype=bool)
    unscored = np.zeros(len(nodes), dtype=bool)

    for i, leaf in enumerate(leaves):
        k = index[leaf.code]
        cols = table.columns(i)
        rule = rule_of(leaf.rule)
        if not rule.scored or leaf.max_points is None:
            unscored[k] = True
            continue
        na = cols.status == Status.KHONG_AP_DUNG
        mx = to_ticks(float(leaf.max_points))
        pts, raw[k] = leaf_points(rule, cols, ctx, float(leaf.max_points), framework.precision)
        has_expert = ~np.isnan(cols.expert)
        pts = np.where(has_expert, np.clip(to_ticks(np.nan_to_num(cols.expert)), 0, mx), pts)
        expert_used[k] = has_expert & ~na
        ticks[k] = np.where(na, 0, pts)
        full[k] = mx
        eff[k] = np.where(na, 0, mx)

    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.is_leaf:
            continue
        kids = [index[c.code] for c in node.children]
        if all(unscored[c] for c in kids) or not rule_of(node.rule).scored and node.rule is not None:
            unscored[k] = True
            continue
        s = ticks[kids].sum(axis=0)
        child_full = full[kids].sum(axis=0)
        child_eff = eff[kids].sum(axis=0)
        if node.max_points is not None:
            stated = int(to_ticks(float(node.max_points)))
            full[k] = stated
            # a stated maximum caps; with a child not applicable it shrinks to the applicable total
            eff[k] = np.where(child_eff < child_full, np.minimum(stated, child_eff), stated)
            ticks[k] = np.minimum(s, eff[k])
        else:
            full[k] = child_full
            eff[k] = child_eff
            ticks[k] = s
        # the node's own row (a ``sum`` criterion): "Không áp dụng" removes it, an expert score replaces it
        for j, status in table.inner_status_of(node.code):
            if status == Status.KHONG_AP_DUNG:
                ticks[k, j] = 0
                eff[k, j] = 0
        for j, expert_score in table.inner_expert_of(node.code):
            if table.inner_status.get((node.code, j)) != Status.KHONG_AP_DUNG:
                ticks[k, j] = min(max(int(to_ticks(expert_score)), 0), int(eff[k, j]))
                expert_used[k, j] = True

    top = [index[n.code] for n in framework.nodes]
    return RoundResult(
        framework=framework,
        table=table,
        units=units,
        nodes=nodes,
        index=index,
        ticks=ticks,
        full_ticks=full,
        eff_ticks=eff,
        raw=raw,
        unscored=unscored,
        node_expert=expert_used,
        total_ticks=ticks[top].sum(axis=0),
        total_max_ticks=eff[top].sum(axis=0),
        peer_ids=ctx.peer_ids,
        year=year,
    )


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
    """Scores of a round as arrays (node × unit); read per unit with :meth:`unit_result`.

    Scores are kept as exact integer ticks of 10⁻⁴ (``ticks``, ``eff_ticks`` …); the float views
    (``score``, ``total`` …) are the same decimals. ``printed_total`` and ``percent`` are rounded
    half-up as printed, and ranks and classes are decided on them."""

    framework: fw.Framework
    table: EntryTable
    units: list[UnitRef]
    nodes: list[fw.Node]
    index: dict[str, int]
    ticks: Ticks
    full_ticks: Ticks
    eff_ticks: Ticks
    raw: F  # rule-computed leaf points before rounding (NaN elsewhere)
    unscored: npt.NDArray[np.bool_]
    node_expert: npt.NDArray[np.bool_]  # an expert score replaced the rule (node × unit)
    total_ticks: Ticks
    total_max_ticks: Ticks
    peer_ids: npt.NDArray[np.int64]
    year: int | None

    # --- derived arrays, computed on first use ---------------------------------

    @cached_property
    def score(self) -> F:
        return _floats(self.ticks)

    @cached_property
    def full_max(self) -> F:
        return _floats(self.full_ticks)

    @cached_property
    def eff_max(self) -> F:
        return _floats(self.eff_ticks)

    @cached_property
    def total(self) -> F:
        """Unrounded totals (exact sums of the criterion scores)."""
        return _floats(self.total_ticks)

    @cached_property
    def total_max(self) -> F:
        return _floats(self.total_max_ticks)

    @cached_property
    def printed_total(self) -> F:
        """Totals as printed: half-up at the framework's ``display_precision``."""
        return _floats(round_ticks(self.total_ticks, self.framework.display_precision))

    @cached_property
    def percent_unrounded(self) -> F:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.total_max_ticks > 0, self.total_ticks / self.total_max_ticks * 100.0, np.nan)

    @cached_property
    def percent(self) -> F:
        """Percentage of each unit's own maximum as printed (half-up, 2 decimals); NaN if max 0."""
        pct = percent_ticks(self.total_ticks, self.total_max_ticks) / 100
        return np.where(self.total_max_ticks > 0, pct, np.nan)

    @cached_property
    def expert_used(self) -> npt.NDArray[np.bool_]:
        """Expert scores of the leaves, shaped (leaves, units)."""
        return self.node_expert[[self.index[n.code] for n in self.framework.criteria()]]

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

    def classify(self, j: int) -> str | None:
        """The class (xếp loại) of unit ``j``, decided on its percentage as printed."""
        pct = self.percent[j]
        return None if np.isnan(pct) else self.framework.classify(float(pct))

    @cached_property
    def _rank_keys(self) -> tuple[Ticks, Ticks, Ticks]:
        """Per row (nodes, then the total): the printed figure, the printed percentage of the
        unit's own maximum (in 0,01 %), and the maximum — all integers."""
        dp = self.framework.display_precision
        values = np.vstack([self.ticks, round_ticks(self.total_ticks, dp)[None, :]])
        maxima = np.vstack([self.eff_ticks, self.total_max_ticks[None, :]])
        return values, percent_ticks(np.vstack([self.ticks, self.total_ticks[None, :]]), maxima), maxima

    @cached_property
    def _groups(self) -> int:
        return int(self.peer_ids.max()) + 1 if len(self.peer_ids) else 0

    @cached_property
    def _group_order(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Units sorted by peer group, and where each group starts in that order (for ``reduceat``)."""
        order = np.argsort(self.peer_ids, kind="stable")
        starts = np.concatenate([[0], np.cumsum(np.bincount(self.peer_ids))[:-1]]).astype(np.int64)
        return order, starts

    @cached_property
    def rank_basis(self) -> npt.NDArray[np.bool_]:
        """Per row and peer group (rows × groups): True when ranked by percentage, i.e. the ranked
        peers' maxima differ."""
        _, _, maxima = self._rank_keys
        if maxima.shape[1] == 0:
            return np.zeros((maxima.shape[0], 0), dtype=bool)
        order, starts = self._group_order
        m = maxima[:, order]
        ranked = m > 0
        hi = np.maximum.reduceat(np.where(ranked, m, -1), starts, axis=1)
        lo = np.minimum.reduceat(np.where(ranked, m, np.iinfo(np.int64).max), starts, axis=1)
        out: npt.NDArray[np.bool_] = (hi >= 0) & (hi != lo)
        return out

    @cached_property
    def ranks(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Competition ranks (1, 2, 2, 4) among peers for every node and the total: (rank, peers).

        Row ``len(nodes)`` holds the total. Ranks compare the figures the reader sees: the score
        as printed when all peers share the same maximum, else the percentage of each unit's own
        maximum as printed. 0 means not ranked (nothing applies: maximum 0)."""
        values, pcts, maxima = self._rank_keys
        ranked = maxima > 0
        # integers below 2⁵³ are exact in floats; an unranked unit sorts below every ranked one
        keys = np.where(ranked, np.where(self.rank_basis[:, self.peer_ids], pcts, values), -1).astype(np.float64)
        rank, peers = competition_ranks(keys, self.peer_ids)
        return np.where(ranked, rank, 0), peers

    @cached_property
    def rank_of(self) -> npt.NDArray[np.int64]:
        """How many peers are ranked in each row (a unit with maximum 0 is not ranked)."""
        _, _, maxima = self._rank_keys
        if maxima.shape[1] == 0:
            return np.zeros(maxima.shape, dtype=np.int64)
        order, starts = self._group_order
        counts = np.add.reduceat((maxima[:, order] > 0).astype(np.int64), starts, axis=1)
        out: npt.NDArray[np.int64] = counts[:, self.peer_ids]
        return out

    def rank_at(self, r: int, j: int) -> tuple[int | None, int]:
        """(rank or None when not ranked, number of ranked peers) of row ``r`` for unit ``j``."""
        rank = int(self.ranks[0][r, j])
        return (rank or None), int(self.rank_of[r, j])

    def rank_basis_of(self, j: int, r: int = -1) -> str:
        """``total`` or ``percent``: what unit ``j``'s rank in row ``r`` (default: the total) compares."""
        return "percent" if self.rank_basis[r, self.peer_ids[j]] else "total"

    @cached_property
    def targets(self) -> dict[str, Target]:
        # every target was parsed when the framework was validated
        return {node.code: parse_target(node.target) for node in self.framework.walk() if node.target}

    def measure(self, code: str, j: int) -> float | None:
        """The figure a target is compared with: the value, else num/den in %, else the count.

        A leaf criterion's figures are read from the table's arrays (which hold every entry's
        inputs), so a table filled column by column needs no entry objects for its targets."""
        i = self.leaf_index.get(code)
        if i is not None:
            t = self.table
            value, num, den, count = (float(a[i, j]) for a in (t.value, t.numerator, t.denominator, t.count))
            if not math.isnan(value):
                return value
            if not math.isnan(num) and not math.isnan(den) and den != 0:
                return num / den * 100.0  # Entry.rate × 100
            return None if math.isnan(count) else count
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
                for j, st in self.table.inner_status_of(node.code):
                    given[j] = st
            if not self.unscored[k]:
                s, m = self.ticks[k], self.eff_ticks[k]
                derived = np.where(
                    (m == 0) & (self.full_ticks[k] > 0), Status.KHONG_AP_DUNG,
                    np.where(s >= m, Status.DAT, np.where(s > 0, Status.DANG_THUC_HIEN, Status.CHUA_THUC_HIEN)),
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

    def column_of(self, unit: str | int) -> int:
        return unit if isinstance(unit, int) else self.unit_index[unit]

    def node_result(self, k: int, j: int, *, with_children: bool = True) -> dict[str, Any]:
        node = self.nodes[k]
        out: dict[str, Any] = {"code": node.code, "name": node.name, "kind": node.kind}
        if self.unscored[k] or not self.scored:
            out.update(score=None, max_points=None, rank=None, rank_of=None)
        else:
            rank, rank_of = self.rank_at(k, j)
            # criterion and group scores are exact decimals, printed as they are
            out.update(score=float(self.score[k, j]), max_points=float(self.eff_max[k, j]), rank=rank,
                       rank_of=rank_of)

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
        if self.node_expert[self.index[node.code], j]:
            fields["expert_score"] = True
        return fields

    def unit_result(self, unit: str | int) -> dict[str, Any]:
        """Everything about one unit as plain data (the JSON of ``dti score --json``)."""
        from dti.engine.explain import slips_for_unit

        j = self.column_of(unit)
        u = self.units[j]
        fwk = self.framework
        out: dict[str, Any] = {"unit": u.code, "unit_name": u.name, "parent": u.parent}
        if self.scored:
            pct = None if np.isnan(self.percent[j]) else float(self.percent[j])
            rank, rank_of = self.rank_at(len(self.nodes), j)
            out.update(
                total=float(self.printed_total[j]),
                total_unrounded=float(self.total[j]),
                max_points=float(self.total_max[j]),
                percent=pct,
                **{"class": self.classify(j)},
                rank=rank,
                rank_of=rank_of,
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
