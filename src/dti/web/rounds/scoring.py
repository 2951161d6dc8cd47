"""Scores of a round from the database — ONLY through the engine.

One query reads the round's entries (optionally for some units), one builds the EntryTable, and
``dti.engine.score_round`` does the rest. A later Results feature persists what this returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dti.engine import EntryTable, UnitRef, score_round
from dti.engine.entries import Entry as EngineEntry
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry, to_engine
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

_VALUE_FIELDS = (
    "criterion_code", "unit__code", "status", "done", "numerator", "denominator", "count", "value",
    "value_is_percent", "date", "text", "explanation", "stated", "expert_score", "expert_reason",
)


def unit_refs(units: Iterable[OrgUnit]) -> list[UnitRef]:
    """Peers share the parent's code (ranks and ``relative`` rules compare within it)."""
    return [UnitRef(u.code, u.name, u.parent.code if u.parent else None) for u in units]


def round_units(rnd: Round) -> list[OrgUnit]:
    return list(rnd.units.select_related("parent").order_by("code"))


def _parent_code(unit: OrgUnit) -> str | None:
    return unit.parent.code if unit.parent else None


def peer_units(rnd: Round, unit: OrgUnit) -> list[OrgUnit]:
    """Units ranked with ``unit``: same parent *code*, as in ``unit_refs`` (a province keeps its code
    across the 2025 renaming, so its 2024 districts stay peers whichever record is their parent)."""
    parent = _parent_code(unit)
    qs = rnd.units.select_related("parent").order_by("code")
    # selected in SQL: a page about one unit reads its peer group, not the whole round
    return list(qs.filter(parent__code=parent) if parent is not None else qs.filter(parent__isnull=True))


def build_entry_table(
    rnd: Round, units: Sequence[OrgUnit], *, override: EngineEntry | None = None
) -> tuple[Framework, list[UnitRef], EntryTable]:
    framework = rnd.framework.parsed()
    refs = unit_refs(units)
    qs = Entry.objects.filter(round=rnd)
    if len(units) != rnd.units.count():
        qs = qs.filter(unit__in=[u.pk for u in units])
    entries: list[EngineEntry] = []
    for row in qs.values(*_VALUE_FIELDS):
        code = row["criterion_code"]
        if code not in framework.by_code:
            continue
        if override is not None and (row["unit__code"], code) == (override.unit, override.criterion):
            continue
        entries.append(to_engine(row, row["unit__code"], code))
    if override is not None:
        entries.append(override)
    return framework, refs, EntryTable.from_entries(framework, refs, entries)


def score_round_db(
    rnd: Round, *, units: Sequence[OrgUnit] | None = None, override: EngineEntry | None = None
) -> RoundResult:
    """Score the round (or a peer group of it, which ranks identically) through the engine."""
    units = list(units) if units is not None else round_units(rnd)
    framework, refs, table = build_entry_table(rnd, units, override=override)
    return score_round(framework, refs, table, year=rnd.year)
