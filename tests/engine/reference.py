"""An independent reference scorer, written from docs/rules.md, docs/frameworks.md and
docs/entries-format.md alone, in plain Python with exact fractions. It never imports the engine:
the differential test (``test_differential.py``) checks that both agree on every number.

Input: the framework as plain data (the YAML mapping), units as (code, parent) pairs, and the
entries as plain dicts of exact values (``Fraction`` numbers, ``datetime.date``, status words as
the four keys). Output: per unit, the figures ``dti score --json`` prints.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction as Q
from typing import Any

NA = "khong_ap_dung"


def half_up(q: Q, digits: int) -> Q:
    scaled = q * 10**digits
    return Q(math.floor(abs(scaled) + Q(1, 2)) * (1 if scaled >= 0 else -1), 10**digits)


def q(x: Any) -> Q:
    return x if isinstance(x, Q) else Q(str(x))


@dataclass
class NodeScore:
    score: Q = Q(0)
    full: Q = Q(0)
    eff: Q = Q(0)
    scored: bool = True


@dataclass
class UnitScore:
    nodes: dict[str, NodeScore] = field(default_factory=dict)
    total: Q = Q(0)
    max_points: Q = Q(0)


def _rate(e: dict[str, Any]) -> Q | None:
    if e.get("numerator") is not None and e.get("denominator"):
        return q(e["numerator"]) / q(e["denominator"])
    if e.get("value") is not None and e.get("value_is_percent"):
        return q(e["value"]) / 100
    return None


def _measure(e: dict[str, Any], on: str) -> Q | None:
    if on == "percent":
        rate = _rate(e)
        return None if rate is None else rate * 100
    v = e.get(on)
    return None if v is None else q(v)


def _stepwise(x: Q | None, steps: list[dict[str, Any]]) -> Q:
    reached = [s for s in steps if x is not None and x >= q(s["at_least"])]
    return q(max(reached, key=lambda s: q(s["at_least"]))["fraction"]) if reached else Q(0)


def fraction(rule: dict[str, Any], e: dict[str, Any], peers: list[dict[str, Any]], year: int | None) -> Q:
    """Fraction of the maximum (0..1) under ``rule`` for entry ``e`` (peers: same parent, applicable)."""
    t = rule["type"]
    if t == "boolean":
        done = e.get("done")
        return Q(1) if (done is True or (done is None and e.get("status") == "dat")) else Q(0)
    if t == "ratio":
        rate = _rate(e)
        return Q(0) if rate is None else min(Q(1), rate / q(rule.get("target", 1)))
    if t == "inverse_ratio":
        rate = _rate(e)
        return Q(0) if rate is None else min(Q(1), max(Q(0), 1 - rate / q(rule.get("zero_at", 1))))
    if t == "count_target":
        c = e.get("count")
        return Q(0) if c is None else min(Q(1), q(c) / q(rule["minimum"]))
    if t == "steps":
        return _stepwise(_measure(e, "count"), rule["steps"])
    if t == "bands":
        return _stepwise(_measure(e, rule.get("on", "percent")), rule["bands"])
    if t == "deadline":
        d = e.get("date")
        if d is None:
            return Q(0)
        month, day = (int(p) for p in rule["by"].split("-"))
        by = dt.date(year if year is not None else d.year, month, day)
        return Q(1) if d <= by else q(rule.get("late_fraction", "0.5"))
    if t == "gate":
        x = _measure(e, rule.get("on", "count"))
        return fraction(rule["inner"], e, peers, year) if x is not None and x >= q(rule["minimum"]) else Q(0)
    if t == "relative":
        on = rule.get("on", "value")
        x = _measure(e, on)
        vals = [v for v in (_measure(p, on) for p in peers) if v is not None]
        if x is None or not vals:
            return Q(0)
        lo, hi = min(vals), max(vals)
        higher = rule.get("higher_is_better", True)
        if rule.get("method", "best") == "minmax" and hi != lo:
            f = (x - lo) / (hi - lo)
            return f if higher else 1 - f
        if higher:
            return x / hi if hi > 0 else Q(0)
        return lo / x if x > 0 else Q(1)
    return Q(0)  # manual: the expert score only


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.get("children", [])))
    return out


def score(fw: dict[str, Any], units: list[tuple[str, str]], entries: dict[tuple[str, str], dict[str, Any]],
          year: int | None = None) -> dict[str, dict[str, Any]]:
    year = year if year is not None else fw.get("year")
    precision, dp = fw.get("precision", 2), fw.get("display_precision", 1)
    parent = dict(units)
    out: dict[str, UnitScore] = {code: UnitScore() for code, _ in units}

    def applies_with_data(code: str, unit: str) -> bool:
        return entries.get((unit, code), {}).get("status") != NA

    def visit(node: dict[str, Any], unit: str) -> NodeScore:
        e = entries.get((unit, node["code"]), {})
        rule = node.get("rule")
        kids = node.get("children", [])
        res = NodeScore()
        if not kids:
            if rule is None or rule["type"] == "not_scored" or node.get("max_points") is None:
                res.scored = False
            else:
                mx = q(node["max_points"])
                peers = [entries.get((u, node["code"]), {}) for u, p in units
                         if p == parent[unit] and applies_with_data(node["code"], u)]
                pts = min(half_up(fraction(rule, e, peers, year) * mx, precision), mx)
                if e.get("expert_score") is not None:
                    pts = q(e["expert_score"])
                res.full = mx
                res.score, res.eff = (Q(0), Q(0)) if e.get("status") == NA else (pts, mx)
        else:
            parts = [visit(c, unit) for c in kids]
            scored = [p for p in parts if p.scored]
            if not scored or (rule is not None and rule["type"] == "not_scored"):
                res.scored = False
            else:
                s = sum((p.score for p in scored), Q(0))
                cf = sum((p.full for p in scored), Q(0))
                ce = sum((p.eff for p in scored), Q(0))
                if node.get("max_points") is not None:
                    stated = q(node["max_points"])
                    res.full = stated
                    res.eff = min(stated, ce) if ce < cf else stated
                else:
                    res.full, res.eff = cf, ce
                res.score = min(s, res.eff)
                if e.get("status") == NA:
                    res.score, res.eff = Q(0), Q(0)
                elif e.get("expert_score") is not None:
                    res.score = min(q(e["expert_score"]), res.eff)
        out[unit].nodes[node["code"]] = res
        return res

    for code, _ in units:
        tops = [visit(n, code) for n in fw["nodes"]]
        out[code].total = sum((t.score for t in tops if t.scored), Q(0))
        out[code].max_points = sum((t.eff for t in tops if t.scored), Q(0))

    results: dict[str, dict[str, Any]] = {}
    for code, _ in units:
        u = out[code]
        pct = half_up(u.total / u.max_points * 100, 2) if u.max_points > 0 else None
        bands = sorted(fw.get("classification", []), key=lambda b: -q(b["at_least_percent"]))
        klass = None if pct is None else next((b["label"] for b in bands if pct >= q(b["at_least_percent"])), None)
        results[code] = {"total": half_up(u.total, dp), "total_unrounded": u.total, "max_points": u.max_points,
                         "percent": pct, "class": klass,
                         "nodes": {c: (n.score, n.eff) for c, n in u.nodes.items() if n.scored}}
    # ranks: printed totals when the peers' maxima are equal, else printed percentages; max 0 ⇒ not ranked
    groups: dict[str, list[str]] = {}
    for code, p in units:
        groups.setdefault(p, []).append(code)
    for members in groups.values():
        ranked = [c for c in members if out[c].max_points > 0]
        same_max = len({out[c].max_points for c in ranked}) <= 1
        key = {c: results[c]["total"] if same_max else results[c]["percent"] for c in ranked}
        for c in members:
            results[c]["rank"] = 1 + sum(1 for o in ranked if key[o] > key[c]) if c in ranked else None
            results[c]["rank_of"] = len(ranked)
            results[c]["rank_basis"] = "total" if same_max else "percent"
        # top-level group ranks follow the same rule on the group's own score and maximum
        for top in fw["nodes"]:
            g = top["code"]
            rows = {c: out[c].nodes[g] for c in members if out[c].nodes[g].scored}
            ranked_g = [c for c, r in rows.items() if r.eff > 0]
            same = len({rows[c].eff for c in ranked_g}) <= 1
            gkey = {c: rows[c].score if same else half_up(rows[c].score / rows[c].eff * 100, 2) for c in ranked_g}
            for c in rows:
                results[c].setdefault("group_ranks", {})[g] = (
                    1 + sum(1 for o in ranked_g if gkey[o] > gkey[c]) if c in ranked_g else None)
    return results


def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _walk(nodes)
