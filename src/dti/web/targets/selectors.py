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
    j = result._unit_j(unit.code)
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
