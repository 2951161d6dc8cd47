"""Targets as they apply to a unit (its own, else the province's, else the framework's), and the
targets-vs-results rows the scorecard, dashboard and documents show."""

from __future__ import annotations

from typing import Any

from dti.engine.scoring import RoundResult
from dti.engine.targets import TargetError, parse_target
from dti.web.targets.models import Target
from dti.web.units.models import OrgUnit

ORIGIN = {"unit": "đơn vị", "province": "tỉnh", "framework": "bộ chỉ số"}


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    parts = unit.path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def targets_for(unit: OrgUnit, framework_code: str, year: int) -> dict[str, tuple[str, str]]:
    """criterion → (target text, origin): the unit's own over any unit above it."""
    rows = Target.objects.filter(framework_code=framework_code, year=year).select_related("unit")
    own = {t.criterion_code: t.text for t in rows.filter(unit=unit)}
    above = {t.criterion_code: t.text for t in rows.filter(unit__path__in=_ancestor_paths(unit))}
    return {**{c: (t, "province") for c, t in above.items()}, **{c: (t, "unit") for c, t in own.items()}}


def target_rows(result: RoundResult, unit: OrgUnit, year: int) -> list[dict[str, Any]]:
    """Every criterion with a target for the unit: target, origin, the measured figure, met or not."""
    framework = result.framework
    j = result.column_of(unit.code)
    set_here = targets_for(unit, framework.code, year)
    out = []
    for node in framework.walk():
        text, origin = set_here.get(node.code, (node.target or "", "framework"))
        if not text:
            continue
        try:
            target = parse_target(text)
        except TargetError:
            continue
        measure = result.measure(node.code, j) if node.code in result.index else None
        met = target.met(measure)
        out.append({"code": node.code, "name": node.name, "target": text, "origin": ORIGIN[origin],
                    "measure": measure, "met": met,
                    "verdict": "Chưa có số liệu" if met is None else ("Đạt mục tiêu" if met else "Chưa đạt mục tiêu")})
    return out


def _measure(entry: Any) -> float | None:
    """The figure a target compares, from a stored entry (as the scorecard's ``_UnitMeasures``)."""
    if entry is None:
        return None
    if entry.value is not None:
        return float(entry.value)
    if entry.numerator is not None and entry.denominator:
        return float(entry.numerator / entry.denominator * 100.0)
    return None if entry.count is None else float(entry.count)


def round_overview(rnd: Any, framework: Any) -> list[dict[str, Any]]:
    """Per criterion with a target set for the round's year: units met / missed / without data, and
    the units that missed. Three queries whatever the number of units: targets, the round's stored
    results (its units), their entries on those criteria — never the engine."""
    from dti.web.entries.models import Entry
    from dti.web.results.models import UnitResult

    by_path: dict[str, dict[str, str]] = {}
    for t in Target.objects.filter(framework_code=framework.code, year=rnd.year).select_related("unit"):
        by_path.setdefault(t.unit.path, {})[t.criterion_code] = t.text
    codes = {c for texts in by_path.values() for c in texts if c in framework.by_code}
    if not codes:
        return []
    units = [r.unit for r in UnitResult.objects.filter(round=rnd).select_related("unit").order_by("unit__name")]
    entries = {(e.unit_id, e.criterion_code): e
               for e in Entry.objects.filter(round=rnd, criterion_code__in=codes, unit__in=[u.pk for u in units])}
    out = []
    for node in framework.walk():
        if node.code not in codes:
            continue
        row: dict[str, Any] = {"code": node.code, "name": node.name, "met": 0, "missed": 0, "no_data": 0,
                               "missed_units": []}
        for unit in units:
            # The unit's own target wins over any unit above it, the nearest first.
            text = next((by_path[p][node.code] for p in [unit.path, *reversed(_ancestor_paths(unit))]
                         if node.code in by_path.get(p, {})), None)
            if text is None:
                continue
            try:
                target = parse_target(text)
            except TargetError:
                continue
            measure = _measure(entries.get((unit.pk, node.code)))
            met = target.met(measure)
            if met is None:
                row["no_data"] += 1
            elif met:
                row["met"] += 1
            else:
                row["missed"] += 1
                row["missed_units"].append({"name": unit.name, "measure": measure, "target": text})
        if row["met"] or row["missed"] or row["no_data"]:
            out.append(row)
    return out
