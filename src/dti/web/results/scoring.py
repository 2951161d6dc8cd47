"""Scores of a round from the database — ONLY through the engine.

One query reads the round's entries (optionally for some units), one builds the EntryTable, and
``dti.engine.score_round`` does the rest. A recompute persists the round's scores
(``results.compute`` and ``results.services``); these functions score the live entries for the
few callers that need them (the entry preview, what-if, exports, tests comparing figures).

Two readings of the same entries: the *appraised* one (what ranks and is published: the unit's
inputs, replaced by the appraiser's corrected inputs where given, and the expert score) and the
*self-assessed* one (the unit's own inputs only, no expert score). ``score_round_db`` is the
appraised one; ``score_round_pair`` returns both and the (unit, criterion) keys already appraised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dti.engine import EntryTable, UnitRef, score_round
from dti.engine.entries import Entry as EngineEntry
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

_VALUE_FIELDS = (
    "criterion_code", "unit__code", "status", "done", "numerator", "denominator", "count", "value",
    "value_is_percent", "date", "text", "explanation", "stated", "expert_score", "expert_reason",
    "workflow", "appraised_values", "appraised_at",
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


def _appraised_row(row: dict[str, Any]) -> dict[str, Any]:
    corrected = row.get("appraised_values") or {}
    if not corrected:
        return row
    out = dict(row) | {k: v for k, v in corrected.items() if k in Entry.INPUT_FIELDS}
    if isinstance(out.get("date"), str):
        out["date"] = dt.date.fromisoformat(out["date"])
    return out


def _is_appraised(row: dict[str, Any]) -> bool:
    return row["workflow"] == Workflow.APPROVED or row["expert_score"] is not None or bool(row["appraised_values"])


@dataclass
class EntryTables:
    framework: Framework
    refs: list[UnitRef]
    appraised: EntryTable
    self_assessed: EntryTable
    appraised_keys: set[tuple[str, str]]  # (unit code, criterion code)


def build_entry_tables(
    rnd: Round, units: Sequence[OrgUnit], *, override: EngineEntry | None = None, with_self: bool = True
) -> EntryTables:
    framework = rnd.framework.parsed()
    refs = unit_refs(units)
    qs = Entry.objects.filter(round=rnd)
    if len(units) != rnd.units.count():
        qs = qs.filter(unit__in=[u.pk for u in units])
    appraised: list[EngineEntry] = []
    own: list[EngineEntry] = []
    keys: set[tuple[str, str]] = set()
    for row in qs.values(*_VALUE_FIELDS):
        code, unit_code = row["criterion_code"], row["unit__code"]
        if code not in framework.by_code:
            continue
        if override is not None and (unit_code, code) == (override.unit, override.criterion):
            continue
        appraised.append(to_engine(_appraised_row(row), unit_code, code))
        if with_self:
            # an expert score an appraiser gave is not the unit's; one loaded from the province's own
            # table (no appraisal recorded) is the only figure there is, in both readings
            own.append(to_engine(row | {"expert_score": None, "expert_reason": None}
                                 if row["appraised_at"] is not None else row, unit_code, code))
        if _is_appraised(row):
            keys.add((unit_code, code))
    if override is not None:
        appraised.append(override)
        own.append(override)
    return EntryTables(
        framework, refs, EntryTable.from_entries(framework, refs, appraised),
        EntryTable.from_entries(framework, refs, own if with_self else []), keys,
    )


def build_entry_table(
    rnd: Round, units: Sequence[OrgUnit], *, override: EngineEntry | None = None
) -> tuple[Framework, list[UnitRef], EntryTable]:
    """The appraised reading (what ranks and is published)."""
    t = build_entry_tables(rnd, units, override=override, with_self=False)
    return t.framework, t.refs, t.appraised


def score_round_db(
    rnd: Round, *, units: Sequence[OrgUnit] | None = None, override: EngineEntry | None = None
) -> RoundResult:
    """Score the round (or a peer group of it, which ranks identically) through the engine."""
    units = list(units) if units is not None else round_units(rnd)
    framework, refs, table = build_entry_table(rnd, units, override=override)
    return score_round(framework, refs, table, year=rnd.year)


@dataclass
class ScoredPair:
    appraised: RoundResult
    self_assessed: RoundResult
    appraised_keys: set[tuple[str, str]]

    def unit_result(self, unit_code: str) -> dict[str, Any]:
        """The appraised ``unit_result`` with the self-assessed figures beside it (see ``merge_self``)."""
        return merge_self(self.appraised.unit_result(unit_code), self.self_assessed.unit_result(unit_code),
                          {c for u, c in self.appraised_keys if u == unit_code})


def score_round_pair(rnd: Round, *, units: Sequence[OrgUnit] | None = None) -> ScoredPair:
    units = list(units) if units is not None else round_units(rnd)
    t = build_entry_tables(rnd, units)
    return ScoredPair(score_round(t.framework, t.refs, t.appraised, year=rnd.year),
                      score_round(t.framework, t.refs, t.self_assessed, year=rnd.year), t.appraised_keys)


def merge_self(appraised: dict[str, Any], own: dict[str, Any], appraised_codes: set[str]) -> dict[str, Any]:
    """Add ``self_total`` (and ``self_percent``, ``n_appraised``) to the unit result, ``self_score`` to
    every node and ``appraised`` to every criterion (true once the province appraised it; a ``sum``
    criterion once each of its items is). ``total``, ranks and classes stay the appraised ones."""
    out = dict(appraised)
    out["self_total"] = own.get("total")
    out["self_total_unrounded"] = own.get("total_unrounded")
    out["self_percent"] = own.get("percent")
    own_scores: dict[str, Any] = {}

    def collect(node: dict[str, Any]) -> None:
        own_scores[node["code"]] = node.get("score")
        for child in (*(node.get("children") or ()), *(node.get("items") or ())):
            collect(child)

    for g in own.get("groups", []):
        collect(g)
    count = 0

    def visit(node: dict[str, Any]) -> bool:
        # mutates the fresh dict ``unit_result`` returned; returns whether the node is fully appraised
        nonlocal count
        node["self_score"] = own_scores.get(node["code"])
        children = [*(node.get("children") or ()), *(node.get("items") or ())]
        flags = [visit(c) for c in children]
        done = node["code"] in appraised_codes or (bool(flags) and all(flags))
        if node.get("kind") == "criterion" or not children:
            node["appraised"] = done
            count += int(done and node.get("kind") == "criterion")
        return done

    for g in out.get("groups", []):
        visit(g)
    out["n_appraised"] = count
    return out
