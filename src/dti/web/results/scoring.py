"""Scores of a round from the database — ONLY through the engine.

One raw query reads the round's entries (optionally for some units), poured into the EntryTable, and
``dti.engine.score_round`` does the rest. A recompute persists the round's scores
(``results.compute`` and ``results.services``); these functions score the live entries for the
few callers that need them (the entry preview, what-if, exports, tests comparing figures).

Two readings of the same entries: the *appraised* one (what ranks and is published: the unit's
inputs, replaced by the appraiser's corrected inputs where given, and the expert score) and the
*self-assessed* one (the unit's own inputs only, no expert score). ``score_round_db`` is the
appraised one; ``score_round_pair`` returns both and the (unit, criterion) keys already appraised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dti.engine import EntryTable, UnitRef, score_round
from dti.engine.entries import Entry as EngineEntry
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Workflow
from dti.web.results import compute
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


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
    """One raw read of the units' entries (``results.compute``), poured into the tables column by
    column, with an entry object per row (explanations and what-if read them); ``override``
    replaces one (unit, criterion) row in both readings."""
    framework = rnd.framework.parsed()
    refs = unit_refs(units)
    rows_of = [compute.UnitRow(u.id, u.code, u.name, u.parent_id, u.parent.code if u.parent else None)
               for u in units]
    whole = len(units) == rnd.units.count()
    rows = compute._entry_rows(rnd, None if whole else [u.id for u in units])
    code_of = {u.id: u.code for u in units}
    if override is not None:
        rows = [r for r in rows if (code_of.get(r[0]), r[1]) != (override.unit, override.criterion)]
    keys = {(code_of[r[0]], r[1]) for r in rows if r[0] in code_of and r[1] in framework.by_code
            and (r[compute.WORKFLOW] == Workflow.APPROVED or r[compute.EXPERT] is not None or r[compute.CORRECTED])}
    appraised, own = compute.fill_tables(framework, refs, rows_of, rows, every_entry=True, with_self=with_self)
    if override is not None:
        for table in (appraised, own) if with_self else (appraised,):
            _put(table, override)
    return EntryTables(framework, refs, appraised, own, keys)


def _put(table: EntryTable, entry: EngineEntry) -> None:
    """Set one engine entry into a filled table, as ``EntryTable.from_entries`` would have."""
    j = next(k for k, u in enumerate(table.units) if u.code == entry.unit)
    leaf = {code: i for i, code in enumerate(table.leaf_codes)}
    table.entries[(entry.criterion, j)] = entry
    i = leaf.get(entry.criterion)
    if i is None:
        if entry.status is not None:
            table.inner_status[(entry.criterion, j)] = entry.status
        if entry.expert_score is not None:
            table.inner_expert[(entry.criterion, j)] = entry.expert_score
        return
    for name, value in (("numerator", entry.numerator), ("denominator", entry.denominator), ("count", entry.count),
                        ("value", entry.value), ("done", None if entry.done is None else float(entry.done)),
                        ("expert", entry.expert_score)):
        getattr(table, name)[i, j] = np.nan if value is None else value
    table.value_is_percent[i, j] = entry.value_is_percent
    table.date_ordinal[i, j] = entry.date.toordinal() if entry.date else np.nan
    table.date_year[i, j] = entry.date.year if entry.date else np.nan
    table.status[i, j] = int(entry.status or 0)


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
