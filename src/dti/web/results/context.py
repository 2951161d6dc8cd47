"""Page data of a unit scorecard, shared by the signed-in and the public page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dti.engine.analysis import compare
from dti.web.results import selectors
from dti.web.results.explain import gaps, peer_result, sim_fields
from dti.web.results.models import UnitResult
from dti.web.rounds.models import Round
from dti.web.rounds.scoring import peer_units, score_round_db
from dti.web.rounds.selectors import agencies_by_criterion, apply_agencies
from dti.web.targets.selectors import target_rows
from dti.web.units.models import OrgUnit


def status_text(res: UnitResult) -> str:
    return (f"{res.n_dat}/{res.n_criteria} đạt, {res.n_dang} đang thực hiện, {res.n_chua} chưa thực hiện"
            + (f", {res.n_kad} không áp dụng" if res.n_kad else ""))


def scorecard_context(rnd: Round, unit: OrgUnit, res: UnitResult, *, public: bool,
                      show_appraised: bool = True) -> dict[str, Any]:
    data = res.data
    framework = rnd.framework.parsed()
    live = peer_result(rnd, unit)
    gap_rows, cheapest = gaps(live, unit, limit=0 if public else 5)
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
        prev_units = peer_units(prev.round, prev.unit)
        change = compare(score_round_db(prev.round, units=prev_units), live, prev.unit.code, unit.code)
        change["round"] = prev.round
        change["unit"] = prev.unit
    sim = []
    if not public:
        j = live._unit_j(unit.code)
        for leaf in framework.criteria():
            fields = sim_fields(leaf)
            if leaf.code not in live.leaf_index or not fields:
                continue
            entry = live.table.entries.get((leaf.code, j))
            sim.append({"code": leaf.code, "name": leaf.name, "fields": fields,
                        "current": {f: _current(entry, f) for f in fields}})
    return {
        "round": rnd, "unit": unit, "res": res, "data": data, "groups": groups, "chart": chart,
        "status_text": status_text(res), "gaps": gap_rows, "cheapest": cheapest, "change": change,
        "targets": selectors.targets(data), "unit_targets": target_rows(live, unit, rnd.year), "show_appraised": show_appraised,
        "rows": [{"node": n, "depth": d, "is_group": bool(n.get("children"))} for n, d, _ in selectors.walk(data)], "sim_criteria": sim, "public": public,
        "precision": framework.display_precision,
        "evidence_base": None if public else reverse("entries:evidence", args=[rnd.slug, unit.code, 0])[:-2],
    }


def _current(entry: Any, field: str) -> Any:
    if entry is None:
        return None
    value = getattr(entry, field, None)
    if field == "date" and value is not None:
        return value.strftime("%d/%m/%Y")
    return value
