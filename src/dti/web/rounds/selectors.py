"""Reads on a round's assignment table: the one answer to "which agencies lead / coordinate this
criterion", for the entry page, the scorecard, the workbooks and the kế hoạch's Phụ lục 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dti.web.rounds.models import AgencyRole, Assignment, Round
from dti.web.units.models import OrgUnit


@dataclass
class CriterionAgencies:
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)


def _covers(agency_unit_path: str, unit: OrgUnit) -> bool:
    # an agency of the unit itself or of a unit above it (a Sở answers for every district)
    return unit.path == agency_unit_path or unit.path.startswith(agency_unit_path + "/")


def assignments_of(rnd: Round, unit: OrgUnit | None = None) -> list[Assignment]:
    """The table's rows (for one unit: those of its own agencies and of the units above it)."""
    rows = list(Assignment.objects.filter(round=rnd).select_related("agency__org_unit")
                .order_by("criterion_code", "role", "agency__name"))
    if unit is not None:
        rows = [a for a in rows if _covers(a.agency.org_unit.path, unit)]
    return rows


def agencies_by_criterion(rnd: Round, unit: OrgUnit | None = None) -> dict[str, CriterionAgencies]:
    """criterion code → agency names by role; the whole round's names (distinct) when no unit is given."""
    out: dict[str, CriterionAgencies] = {}
    for a in assignments_of(rnd, unit):
        entry = out.setdefault(a.criterion_code, CriterionAgencies())
        names = entry.lead if a.role == AgencyRole.LEAD else entry.coordinators
        if a.agency.name not in names:
            names.append(a.agency.name)
    return out


def apply_agencies(nodes: list[dict[str, Any]], agencies: dict[str, CriterionAgencies]) -> None:
    """Overwrite ``lead``/``coordinators`` of plain-data nodes (and their children) from the table."""
    for node in nodes:
        if "code" in node:
            found = agencies.get(node["code"], CriterionAgencies())
            node["lead"], node["coordinators"] = list(found.lead), list(found.coordinators)
        apply_agencies(node.get("children", []) + node.get("items", []), agencies)


def assignment_table(rnd: Round) -> list[dict[str, Any]]:
    """The API's shape: one dict per row."""
    return [{"criterion": a.criterion_code, "agency": a.agency_id, "agency_name": a.agency.name,
             "unit": a.agency.org_unit.code, "role": a.role} for a in assignments_of(rnd)]
