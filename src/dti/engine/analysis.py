"""Reading a result for decisions: gap list, what-if simulation, change against an earlier round."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np

from dti.engine.entries import Entry, Status
from dti.engine.numbers import diff
from dti.engine.scoring import RoundResult, score_round


def gap_list(result: RoundResult, unit: str | int) -> list[dict[str, Any]]:
    """Criteria of ``unit`` that did not reach their maximum, most points lost first.

    Each row: code, name, group, score, max_points, lost, lead, coordinators, explanation.
    """
    j = result.column_of(unit)
    fw = result.framework
    group_of = _top_group(result)
    rows = []
    for node in fw.top_criteria():
        k = result.index[node.code]
        if result.unscored[k]:
            continue
        mx = float(result.eff_max[k, j])
        score = float(result.score[k, j])
        lost = diff(mx, score)
        if lost <= 0:
            continue
        entry = result.table.entries.get((node.code, j))
        group = group_of[node.code]
        rows.append(
            {
                "code": node.code,
                "name": node.name,
                "group": group.code,
                "group_name": group.name,
                "score": score,
                "max_points": mx,
                "lost": lost,
                "lead": list(node.lead),
                "coordinators": list(node.coordinators),
                "explanation": (entry.explanation or entry.expert_reason) if entry else None,
                "expert_reason": entry.expert_reason if entry else None,
            }
        )
    rows.sort(key=lambda r: (-r["lost"], result.index[r["code"]]))
    return rows


def _top_group(result: RoundResult) -> dict[str, Any]:
    out = {}
    for top in result.framework.nodes:
        stack = [top]
        while stack:
            node = stack.pop()
            out[node.code] = top
            stack.extend(node.children)
    return out


def what_if(
    result: RoundResult, unit: str | int, changes: Iterable[Entry], *, year: int | None = None
) -> dict[str, Any]:
    """Score the round again with ``changes`` replacing the unit's entries, without saving anything.

    Returns before/after total, class, rank and the per-criterion differences."""
    j = result.column_of(unit)
    code = result.units[j].code
    table = copy.copy(result.table)
    # copy only what we change; the arrays are shared with the original result otherwise
    for name in ("numerator", "denominator", "count", "value", "value_is_percent", "done",
                 "date_ordinal", "date_year", "expert", "status"):  # fmt: skip
        setattr(table, name, getattr(result.table, name).copy())
    table.entries = dict(result.table.entries)
    table.inner_status = dict(result.table.inner_status)
    leaf_index = result.leaf_index
    for change in changes:
        change = replace(change, unit=code)
        if change.criterion not in leaf_index:
            raise KeyError(change.criterion)
        i = leaf_index[change.criterion]
        table.entries[(change.criterion, j)] = change
        for name, value in (
            ("numerator", change.numerator),
            ("denominator", change.denominator),
            ("count", change.count),
            ("value", change.value),
            ("done", None if change.done is None else float(change.done)),
            ("expert", change.expert_score),
        ):
            getattr(table, name)[i, j] = np.nan if value is None else value
        table.value_is_percent[i, j] = change.value_is_percent
        table.date_ordinal[i, j] = change.date.toordinal() if change.date else np.nan
        table.date_year[i, j] = change.date.year if change.date else np.nan
        table.status[i, j] = int(change.status or 0)
    after = score_round(result.framework, result.units, table, year=year if year is not None else result.year)
    before_u, after_u = result.unit_result(j), after.unit_result(j)
    diffs = []
    for node in result.framework.top_criteria():
        k = result.index[node.code]
        if result.unscored[k]:
            continue
        b, a = float(result.score[k, j]), float(after.score[k, j])
        if a != b:
            diffs.append({"code": node.code, "name": node.name, "before": b, "after": a, "delta": diff(a, b)})
    keys = ("total", "total_unrounded", "max_points", "percent", "class", "rank", "rank_of")
    return {
        "unit": code,
        "before": {k: before_u.get(k) for k in keys},
        "after": {k: after_u.get(k) for k in keys},
        "changes": diffs,
        "result": after,
    }


def full_marks(result: RoundResult, code: str) -> Entry:
    """An entry that earns criterion ``code`` its maximum (for 'raise 3.5 to full' simulations)."""
    node = result.framework.by_code[code]
    return Entry(unit="", criterion=code, expert_score=node.max_points, expert_reason="Mô phỏng: đạt tối đa",
                 status=Status.DAT)  # fmt: skip


def cheapest_path(result: RoundResult, unit: str | int, *, limit: int = 10) -> list[dict[str, Any]]:
    """The criteria with the most points still to gain, and what each would do to rank and total."""
    j = result.column_of(unit)
    out = []
    for gap in gap_list(result, j)[:limit]:
        sim = what_if(result, j, [full_marks(result, gap["code"])])
        out.append({**gap, "total_after": sim["after"]["total"], "rank_after": sim["after"]["rank"]})
    return out


def compare(before: RoundResult, after: RoundResult, unit_before: str, unit_after: str | None = None) -> dict[str, Any]:
    """Change of a unit between two rounds (same or different framework versions): total, rank, and
    per group where the group codes match."""
    b = before.unit_result(unit_before)
    a = after.unit_result(unit_after or unit_before)
    groups_b = {g["code"]: g for g in b["groups"]}
    groups = []
    for g in a["groups"]:
        old = groups_b.get(g["code"])
        delta = None
        if old and old["score"] is not None and g["score"] is not None:
            delta = diff(g["score"], old["score"])
        groups.append({"code": g["code"], "name": g["name"], "before": old and old["score"], "after": g["score"],
                       "delta": delta})  # fmt: skip
    total_delta = None
    if a["total"] is not None and b["total"] is not None:
        total_delta = diff(a["total_unrounded"], b["total_unrounded"])
    return {
        "before": {"total": b["total"], "rank": b["rank"], "rank_of": b["rank_of"], "class": b["class"]},
        "after": {"total": a["total"], "rank": a["rank"], "rank_of": a["rank_of"], "class": a["class"]},
        "total_delta": total_delta,
        "groups": groups,
    }
