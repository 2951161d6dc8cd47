"""Page data of a unit scorecard, shared by the signed-in and the public page."""

from __future__ import annotations

from typing import Any, cast

from django.urls import reverse

from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry
from dti.web.results import selectors
from dti.web.results.arrays import StoredUnit
from dti.web.results.explain import sim_fields
from dti.web.results.models import UnitResult
from dti.web.results.tree import stored_unit
from dti.web.rounds.models import Round
from dti.web.rounds.selectors import agencies_by_criterion, apply_agencies
from dti.web.targets.selectors import target_rows
from dti.web.units.models import OrgUnit


def status_text(res: UnitResult) -> str:
    return (f"{res.n_dat}/{res.n_criteria} đạt, {res.n_dang} đang thực hiện, {res.n_chua} chưa thực hiện"
            + (f", {res.n_kad} không áp dụng" if res.n_kad else ""))


def scorecard_context(rnd: Round, unit: OrgUnit, res: UnitResult, *, public: bool,
                      show_appraised: bool = True) -> dict[str, Any]:
    """Everything the scorecard shows, from the stored row (arrays, gaps, cheapest path) and the
    unit's entries: no engine call, whatever the size of the round."""
    framework = rnd.framework.parsed()
    entries = {e.criterion_code: e for e in Entry.objects.filter(round=rnd, unit=unit)}
    explanations = {code: e.explanation for code, e in entries.items() if e.explanation}
    stored = stored_unit(res, framework, explanations)
    data = stored.tree()
    res.__dict__["data"] = data  # the tree is built once per view
    gap_rows = stored_gaps(stored, entries)
    by_code = {g["code"]: g for g in gap_rows}
    cheapest = [] if public else [{**by_code[p["code"]], "total_after": p["total_after"],
                                   "rank_after": p["rank_after"]} for p in res.cheapest if p["code"] in by_code]
    table = agencies_by_criterion(rnd, unit)
    apply_agencies(gap_rows, table)
    apply_agencies(cheapest, table)
    groups = [{**g, "percent": 100 * g["score"] / g["max_points"] if g.get("max_points") and g.get("score") is not None
               else None} for g in data.get("groups", [])]
    chart = {"labels": [f"{g['code']}" for g in groups], "names": [g["name"] for g in groups],
             "score": [g.get("score") for g in groups], "max": [g.get("max_points") for g in groups],
             "percent": [g["percent"] for g in groups]}
    prev = selectors.previous_result(rnd, unit)
    change = None
    if prev is not None:
        change = stored_change(prev, res, data)
        change["round"] = prev.round
        change["unit"] = prev.unit
    sim = []
    if not public:
        for leaf in framework.criteria():
            fields = sim_fields(leaf)
            if not fields:
                continue
            entry = entries.get(leaf.code)
            sim.append({"code": leaf.code, "name": leaf.name, "fields": fields,
                        "current": {f: _current(entry, f) for f in fields}})
    return {
        "round": rnd, "unit": unit, "res": res, "data": data, "groups": groups, "chart": chart,
        "status_text": status_text(res), "gaps": gap_rows, "cheapest": cheapest, "change": change,
        "targets": selectors.targets(data),
        "unit_targets": target_rows(cast(RoundResult, _UnitMeasures(framework, entries)), unit, rnd.year),
        "rows": [{"node": n, "depth": d, "is_group": bool(n.get("children"))} for n, d, _ in selectors.walk(data)],
        "sim_criteria": sim, "public": public, "show_appraised": show_appraised,
        "precision": framework.display_precision,
        "evidence_base": None if public else reverse("entries:evidence", args=[rnd.slug, unit.code, 0])[:-2],
    }


def stored_gaps(stored: StoredUnit, entries: dict[str, Entry]) -> list[dict[str, Any]]:
    """``analysis.gap_list`` from the stored arrays: criteria short of their maximum, most points lost first."""
    fwk = stored.framework
    rows = []
    for top in fwk.nodes:
        stack = [top]
        while stack:
            node = stack.pop()
            stack.extend(reversed(node.children))
            if node.kind != "criterion":
                continue
            k = stored.index[node.code]
            if stored.unscored[k]:
                continue
            mx, score = float(stored.values[1, k]), float(stored.values[0, k])
            lost = round(mx - score, 6)
            if lost <= 1e-9:
                continue
            entry = entries.get(node.code)
            rows.append({"code": node.code, "name": node.name, "group": top.code, "group_name": top.name,
                         "score": score, "max_points": mx, "lost": lost, "lead": list(node.lead),
                         "coordinators": list(node.coordinators),
                         "explanation": ((entry.explanation or entry.expert_reason) or None) if entry else None,
                         "expert_reason": (entry.expert_reason or None) if entry else None})
    rows.sort(key=lambda r: (-r["lost"], stored.index[r["code"]]))
    return rows


def stored_change(prev: UnitResult, res: UnitResult, data: dict[str, Any]) -> dict[str, Any]:
    """``analysis.compare`` of two stored results: total, rank, class, and groups whose codes match."""
    groups = []
    for g in data.get("groups", []):
        old = prev.group_scores.get(g["code"])
        before = old[0] if old else None
        delta = None if before is None or g["score"] is None else round(g["score"] - before, 6)
        groups.append({"code": g["code"], "name": g["name"], "before": before, "after": g["score"],
                       "delta": delta})
    total_delta = None
    if res.total is not None and prev.total is not None:
        total_delta = round((res.total_unrounded or 0.0) - (prev.total_unrounded or 0.0), 6)
    return {"before": {"total": prev.total, "rank": prev.rank, "rank_of": prev.rank_of, "class": prev.klass or None},
            "after": {"total": res.total, "rank": res.rank, "rank_of": res.rank_of, "class": res.klass or None},
            "total_delta": total_delta, "groups": groups}


class _UnitMeasures:
    """The figures ``target_rows`` reads (``RoundResult.measure``), from the unit's stored entries."""

    def __init__(self, framework: Framework, entries: dict[str, Entry]) -> None:
        self.framework = framework
        self.entries = entries
        self.index = framework.by_code

    def column_of(self, code: str) -> int:
        return 0

    def measure(self, code: str, j: int) -> float | None:
        e = self.entries.get(code)
        if e is None:
            return None
        if e.value is not None:
            return e.value
        if e.numerator is not None and e.denominator:
            return e.numerator / e.denominator * 100.0
        return e.count


def _current(entry: Entry | None, field: str) -> Any:
    if entry is None:
        return None
    value = getattr(entry, field, None)
    if field == "date" and value is not None:
        return value.strftime("%d/%m/%Y")
    return value
