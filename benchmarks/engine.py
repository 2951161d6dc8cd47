"""Engine benchmark: score a national-size round and compare with a per-unit pure-Python loop.

Prints criterion-scores per second for 3,321 units (2025 communes) and 10,035 units (legacy
communes in ~700 districts) × the Thừa Thiên Huế framework and × the largest framework, and the speed-up over a
straightforward loop (one unit at a time, one criterion at a time, Python floats) implemented
here as the baseline. Run: ``python benchmarks/engine.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

import numpy as np

from dti.engine import EntryTable, UnitRef, get_framework, score_round
from dti.engine import framework as fw
from dti.engine.framework import builtin_framework_paths, load_framework

YEAR = 2024


def synthetic_table(framework: fw.Framework, n_units: int, n_groups: int = 34, seed: int = 7) -> EntryTable:
    rng = np.random.default_rng(seed)
    units = [UnitRef(f"{i:05d}", f"Xã {i}", f"P{i % n_groups:03d}") for i in range(n_units)]
    t = EntryTable.empty(framework, units)
    shape = t.numerator.shape
    t.denominator[:] = rng.integers(1, 2000, shape)
    t.numerator[:] = np.floor(t.denominator * rng.random(shape))
    t.count[:] = rng.integers(0, 40, shape)
    t.value[:] = rng.random(shape) * 100
    t.value_is_percent[:] = True
    t.done[:] = rng.random(shape) < 0.7
    start = dt.date(YEAR, 1, 1).toordinal()
    t.date_ordinal[:] = start + rng.integers(0, 120, shape)
    t.date_year[:] = YEAR
    t.status[:] = 0
    return t


# --- baseline: one unit at a time, plain Python ------------------------------------------


def _scalar_fraction(rule: fw.Rule, i: int, j: int, t: EntryTable, peers_best: dict) -> float:
    num, den, cnt = t.numerator[i, j], t.denominator[i, j], t.count[i, j]
    rate = num / den if den > 0 else None
    kind = rule.type
    if kind == "boolean":
        return 1.0 if t.done[i, j] == 1.0 else 0.0
    if kind == "ratio":
        return 0.0 if rate is None else min(1.0, rate / rule.target)
    if kind == "count_target":
        return min(1.0, cnt / rule.minimum)
    if kind in ("steps", "bands"):
        x = cnt if kind == "steps" or rule.on == "count" else (rate or 0) * 100
        out = 0.0
        for s in sorted(rule.steps if kind == "steps" else rule.bands, key=lambda s: s.at_least):
            if x >= s.at_least:
                out = s.fraction
        return out
    if kind == "deadline":
        month, day = (int(p) for p in rule.by.split("-"))
        return 1.0 if t.date_ordinal[i, j] <= dt.date(YEAR, month, day).toordinal() else rule.late_fraction
    if kind == "inverse_ratio":
        return 0.0 if rate is None else max(0.0, 1 - rate / rule.zero_at)
    if kind == "gate":
        return _scalar_fraction(rule.inner, i, j, t, peers_best) if cnt >= rule.minimum else 0.0
    if kind == "relative":
        best = peers_best[(i, t.units[j].parent)]
        return (t.value[i, j] / best) if best else 0.0
    return 0.0


def per_unit_loop(framework: fw.Framework, t: EntryTable) -> list[float]:
    leaves = framework.criteria()
    peers_best: dict = {}
    for i, leaf in enumerate(leaves):
        if leaf.rule is not None and leaf.rule.type == "relative":
            for j, u in enumerate(t.units):
                key = (i, u.parent)
                peers_best[key] = max(peers_best.get(key, 0.0), t.value[i, j])
    totals = []
    for j in range(len(t.units)):
        scores: dict[str, float] = {}
        for i, leaf in enumerate(leaves):
            if leaf.rule is None or leaf.max_points is None or leaf.rule.type == "not_scored":
                continue
            frac = _scalar_fraction(leaf.rule, i, j, t, peers_best)
            scores[leaf.code] = round(frac * leaf.max_points + 1e-9, framework.precision)

        def node_score(node: fw.Node, scores: dict[str, float] = scores) -> float:
            if node.is_leaf:
                return scores.get(node.code, 0.0)
            return sum(node_score(c, scores) for c in node.children)

        totals.append(sum(node_score(n) for n in framework.nodes))
    # linear ranking: one pass to group, one sort per group (competition ranks, ties shared)
    groups: dict[str | None, list[int]] = {}
    for j, u in enumerate(t.units):
        groups.setdefault(u.parent, []).append(j)
    ranks = [0] * len(totals)
    for members in groups.values():
        ordered = sorted(members, key=lambda j: -totals[j])
        for pos, j in enumerate(ordered):
            ranks[j] = pos + 1 if pos == 0 or totals[ordered[pos - 1]] != totals[j] else ranks[ordered[pos - 1]]
    return totals


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    frameworks = {code: load_framework(p) for code, p in builtin_framework_paths().items()}
    scored = {c: f for c, f in frameworks.items() if f.kind == "points"}
    largest = max(scored.values(), key=lambda f: len(f.criteria()))
    chosen = [get_framework("thua-thien-hue-2024")]
    if largest.code != chosen[0].code:
        chosen.append(largest)
    print(f"{'bộ chỉ số':<22} {'đơn vị':>7} {'nhóm':>5} {'tiêu chí':>8} {'engine (s)':>11} {'điểm/giây':>12} "
          f"{'vòng lặp (s)':>13} {'nhanh hơn':>10}")
    # 2025 structure: 3,321 communes in 34 provinces; legacy: 10,035 communes in ~700 districts
    for framework in chosen:
        for n_units, n_groups in ((3321, 34), (10035, 705)):
            table = synthetic_table(framework, n_units, n_groups)
            n_crit = len(framework.criteria())
            engine_s = timed(lambda f=framework, t=table: score_round(f, t.units, t, year=YEAR).ranks)
            loop_s = timed(lambda f=framework, t=table: per_unit_loop(f, t), repeat=1)
            rate = n_units * n_crit / engine_s
            print(
                f"{framework.code:<22} {n_units:>7} {n_groups:>5} {n_crit:>8} {engine_s:>11.3f} {rate:>12,.0f} "
                f"{loop_s:>13.3f} {loop_s / engine_s:>9.1f}×"
            )


if __name__ == "__main__":
    main()
