"""Cheapest path for every unit of a round at once (what ``analysis.cheapest_path`` gives one unit).

``cheapest_path`` re-scores the round once per gap of one unit; a recompute stores the path of
every unit, so this computes the same figures from the scored arrays: raising criterion *k* of unit
*j* to its maximum changes only *j*'s scores along *k*'s ancestors — except under a ``relative``
rule where *j*'s input is a peer group extreme, whose peers are then re-scored on that one
criterion. ``tests/engine/test_gains.py`` checks equality with ``cheapest_path``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Status
from dti.engine.rules import Columns, Context, rule_of
from dti.engine.scoring import SCALE, RoundResult, leaf_points, percent_ticks, round_ticks, to_ticks

F = npt.NDArray[np.float64]


def _relative_on(rule: fw.Rule | None) -> str | None:
    """The measure a relative rule compares among peers (also inside a gate), else None."""
    if isinstance(rule, fw.RelativeRule):
        return rule.on
    if isinstance(rule, fw.GateRule):
        return _relative_on(rule.inner)
    return None


class _Rollup:
    """Propagates a change of one node's scores up to the total, for a set of unit columns."""

    def __init__(self, result: RoundResult) -> None:
        self.result = result
        fwk = result.framework
        self.parent = {code: fwk.parent_of.get(code) for code in result.index}

    def total_after(self, code: str, cols: npt.NDArray[np.int64], new: F) -> F:
        """Totals of ``cols`` when node ``code`` scores ``new``: each ancestor re-summed with the
        changed child in place, in the engine's order of additions, so the figures are bit-identical."""
        r = self.result
        child, parent = code, self.parent[code]
        while parent is not None:
            p = r.index[parent]
            if r.unscored[p]:
                return r.total[cols].copy()
            node = r.framework.by_code[parent]
            kids = [r.index[c.code] for c in node.children]
            scores = np.ascontiguousarray(r.score[kids][:, cols])  # C order: the engine's order of additions
            scores[[c.code for c in node.children].index(child)] = new
            s = scores.sum(axis=0)
            new = np.minimum(s, r.eff_max[p, cols]) if node.max_points is not None else s
            child, parent = parent, self.parent[parent]
        tops = [r.index[n.code] for n in r.framework.nodes]
        scores = np.ascontiguousarray(r.score[tops][:, cols])
        scores[[n.code for n in r.framework.nodes].index(child)] = new
        total: F = scores.sum(axis=0)
        return total


def cheapest_paths(result: RoundResult, *, limit: int = 5) -> list[list[dict[str, Any]]]:
    """Per unit (result order): up to ``limit`` biggest gaps as ``{code, lost, total_after, rank_after}``."""
    fwk = result.framework
    n_units = len(result.units)
    crits = [n for n in fwk.top_criteria() if not result.unscored[result.index[n.code]]]
    if not crits or not result.scored or limit <= 0:
        return [[] for _ in range(n_units)]
    rows = np.array([result.index[n.code] for n in crits])
    lost = np.round(result.eff_max[rows] - result.score[rows], 6)  # (crits, units)
    # per unit: most points lost first, then framework order (as gap_list sorts)
    order = np.lexsort((np.broadcast_to(rows[:, None], lost.shape), -lost), axis=0)
    rollup = _Rollup(result)
    peer_ids = result.peer_ids
    members = {int(g): np.nonzero(peer_ids == g)[0] for g in np.unique(peer_ids)}
    leaf_i = result.leaf_index
    # total after full marks on criterion c for every unit, when only that unit's scores change
    alone: dict[str, F] = {}
    keys: dict[int, _PeerKeys] = {}
    out: list[list[dict[str, Any]]] = []
    for j in range(n_units):
        path: list[dict[str, Any]] = []
        for c in order[:, j]:
            if lost[c, j] <= 1e-9 or len(path) >= limit:
                break
            node = crits[c]
            if node.code not in leaf_i:
                continue  # what_if replaces leaf entries only; a criterion with parts has none to raise
            g = int(peer_ids[j])
            on = _relative_on(node.rule)
            cols = members[g]
            at = int(np.nonzero(cols == j)[0][0])
            if on is not None and _moves_peers(result, node, j, cols, on):
                new_tot = _rescored_peers(result, rollup, node, j, cols)
                total_after = float(new_tot[at])
                rank_after = _printed_rank(result, cols, new_tot, at)
            else:
                if node.code not in alone:
                    every = np.arange(n_units)
                    alone[node.code] = rollup.total_after(node.code, every, result.eff_max[result.index[node.code]])
                total_after = float(alone[node.code][j])
                if g not in keys:
                    keys[g] = _PeerKeys(result, cols)
                rank_after = keys[g].rank_with(at, total_after)
            path.append({"code": node.code, "lost": float(lost[c, j]),
                         "total_after": float(round_ticks(to_ticks(total_after), fwk.display_precision)) / SCALE, "rank_after": rank_after})
        out.append(path)
    return out


class _PeerKeys:
    """The rank keys of one peer group's current totals (``_printed_rank``'s), kept to rank one
    changed unit against its unchanged peers without re-deriving every key."""

    def __init__(self, result: RoundResult, cols: npt.NDArray[np.int64]) -> None:
        self.digits = result.framework.display_precision
        self.maxima = result.total_max_ticks[cols]
        self.ranked = self.maxima > 0
        self.printed = len(set(self.maxima[self.ranked].tolist())) <= 1
        self.keys = self._keys(to_ticks(result.total[cols]), self.maxima)

    def _keys(self, ticks: npt.NDArray[np.int64], maxima: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        out: npt.NDArray[np.int64] = round_ticks(ticks, self.digits) if self.printed else percent_ticks(ticks, maxima)
        return out

    def rank_with(self, at: int, total: float) -> int:
        """Rank of peer ``at`` if its total were ``total``, the others unchanged."""
        mine = int(self._keys(to_ticks(np.array([total])), self.maxima[at:at + 1])[0])
        above = self.ranked & (self.keys > mine)
        return 1 + int(np.count_nonzero(above)) - int(bool(above[at]))


def _printed_rank(result: RoundResult, cols: npt.NDArray[np.int64], totals: F, at: int) -> int:
    """Rank of ``cols[at]`` among its peers with these totals, as the engine ranks: printed totals when
    the ranked peers share one maximum, else printed percentages of each unit's own maximum."""
    maxima = result.total_max_ticks[cols]
    ticks = to_ticks(totals)
    ranked = maxima > 0
    if len(set(maxima[ranked].tolist())) <= 1:
        keys = round_ticks(ticks, result.framework.display_precision)
    else:
        keys = percent_ticks(ticks, maxima)
    return 1 + int(np.sum(ranked & (keys > keys[at])))


def _measure(result: RoundResult, i: int, cols: npt.NDArray[np.int64], on: str) -> F:
    t = result.table
    c = Columns(numerator=t.numerator[i, cols], denominator=t.denominator[i, cols], count=t.count[i, cols],
                value=t.value[i, cols], value_is_percent=t.value_is_percent[i, cols], done=t.done[i, cols],
                status=t.status[i, cols], date_ordinal=t.date_ordinal[i, cols], date_year=t.date_year[i, cols],
                expert=t.expert[i, cols])
    return c.measure(on)


def _moves_peers(result: RoundResult, node: fw.Node, j: int, cols: npt.NDArray[np.int64], on: str) -> bool:
    """Whether dropping unit j's input changes its peers' relative scores: it was their min or max."""
    x = _measure(result, result.leaf_index[node.code], np.array([j]), on)[0]
    if np.isnan(x):
        return False
    others = _measure(result, result.leaf_index[node.code], cols, on)
    others = others[~np.isnan(others)]
    return bool(x <= others.min() or x >= others.max())


def _rescored_peers(result: RoundResult, rollup: _Rollup, node: fw.Node, j: int, cols: npt.NDArray[np.int64]) -> F:
    """New totals of the peer group when unit j's entry for ``node`` becomes full marks (no inputs)."""
    t, i = result.table, result.leaf_index[node.code]
    me = cols == j

    def col(arr: F, fill: float) -> F:
        out: F = arr[i, cols].astype(float)
        out[me] = fill
        return out

    status = t.status[i, cols].copy()
    status[me] = int(Status.DAT)
    is_pct = t.value_is_percent[i, cols].copy()
    is_pct[me] = False
    mx = float(node.max_points or 0.0)
    c = Columns(numerator=col(t.numerator, np.nan), denominator=col(t.denominator, np.nan),
                count=col(t.count, np.nan), value=col(t.value, np.nan), value_is_percent=is_pct,
                done=col(t.done, np.nan), status=status, date_ordinal=col(t.date_ordinal, np.nan),
                date_year=col(t.date_year, np.nan), expert=col(t.expert, mx))
    rule = node.rule
    if rule is None:  # callers pass relative criteria only, which always carry a rule
        return rollup.total_after(node.code, cols, result.score[result.index[node.code], cols])
    ticks, _ = leaf_points(rule_of(rule), c, Context(peer_ids=np.zeros(len(cols), np.int64), year=result.year),
                            mx, result.framework.precision)
    pts = ticks / SCALE
    has_expert = ~np.isnan(c.expert)
    pts = np.where(has_expert, np.clip(np.nan_to_num(c.expert), 0.0, mx), pts)
    pts = np.where(c.status == Status.KHONG_AP_DUNG, 0.0, pts)
    return rollup.total_after(node.code, cols, pts)
