"""Reads for the data-entry page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from dti.engine import consistency
from dti.engine import framework as fw
from dti.engine.explain import describe_rule
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry, Workflow
from dti.web.rounds.models import Assignment
from dti.web.rounds.selectors import Round, assignments_of
from dti.web.units.models import OrgUnit


def entries_of_unit(rnd: Round, unit: OrgUnit) -> dict[str, Entry]:
    """The unit's entries by criterion, with every evidence row (``Entry.current_evidence`` filters)."""
    qs = Entry.objects.filter(round=rnd, unit=unit).prefetch_related("evidence")
    return {e.criterion_code: e for e in qs}


@dataclass(frozen=True)
class UnitFile:
    """One stored file of the unit in the round, and the criteria it currently serves."""

    pk: int  # a current row serving it (what a link form posts)
    name: str
    codes: tuple[str, ...]


def unit_files(entries: dict[str, Entry], visible: frozenset[str]) -> dict[int, UnitFile]:
    """Root upload id → the file, over the current evidence of the criteria whose files the user may open."""
    found: dict[int, tuple[int, str, list[str]]] = {}
    for code in sorted(entries):
        if visible != frozenset({"*"}) and code not in visible:
            continue
        for ev in entries[code].current_evidence():
            pk, name, codes = found.setdefault(ev.root_id, (ev.pk, ev.original_name, []))
            codes.append(code)
    return {root: UnitFile(pk, name, tuple(codes)) for root, (pk, name, codes) in found.items()}


def assignments_by_criterion(rnd: Round, unit: OrgUnit | None = None) -> dict[str, list[Assignment]]:
    """The round's assignment table by criterion (for a unit: its agencies and those above it)."""
    out: dict[str, list[Assignment]] = {}
    for a in assignments_of(rnd, unit):
        out.setdefault(a.criterion_code, []).append(a)
    return out


def workflow_counts(rnd: Round, unit_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """unit id → {workflow: count} (of some units only, e.g. one page of them), one aggregate query."""
    out: dict[int, dict[str, int]] = {}
    qs = Entry.objects.filter(round=rnd)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = qs.values("unit_id", "workflow").annotate(n=Count("id"))
    for row in rows:
        out.setdefault(row["unit_id"], {w: 0 for w in Workflow.values})[row["workflow"]] = row["n"]
    return out


@dataclass
class Row:
    """One line of the entry page: a heading (group/pillar) or a criterion to fill."""

    node: fw.Node
    depth: int
    is_criterion: bool
    rule_text: str = ""
    entry: Entry | None = None
    result: dict[str, Any] = field(default_factory=dict)
    form: Any = None
    editable: bool = False
    agencies: list[Assignment] = field(default_factory=list)
    signed: Any = None  # evidence.SignedStatus when the criterion requires signed evidence
    mine: bool = False  # the user may enter it
    contradiction: str = ""  # status_contradiction's message
    province_source: str = ""  # set when the province provides this criterion's figures
    can_see_files: bool = False  # perm.evidence_criteria lets the user open its files
    evidence_editable: bool = False  # files may be added, replaced, removed, linked (until approved)
    files: list[Any] = field(default_factory=list)  # [(current Evidence, other criteria using the file)]
    removed_files: list[Any] = field(default_factory=list)  # removed/replaced rows, kept for the audit trail
    link_options: list[Any] = field(default_factory=list)  # [(evidence pk, label)]: the unit's other files
    previous: Any = None  # the previous round's entry of the criterion (carry-over), when it has data
    filled: bool = False  # something is entered in this round


def page_rows(framework: fw.Framework) -> list[Row]:
    rows: list[Row] = []

    def visit(node: fw.Node, depth: int) -> None:
        rows.append(Row(node=node, depth=depth, is_criterion=node.is_leaf,
                        rule_text=describe_rule(node.rule, node.max_points) if node.is_leaf else ""))
        for child in node.children:
            visit(child, depth + 1)

    for top in framework.nodes:
        visit(top, 0)
    return rows


# --- status vs score (the rule lives in the engine: forms, checks, scorecard and documents agree) -----

status_contradiction = consistency.status_contradiction


def unit_contradictions(result: RoundResult, unit_code: str, entries: dict[str, Entry]) -> dict[str, str]:
    """Criterion code → contradiction message, for one unit's entries scored in ``result``."""
    j = result.unit_index.get(unit_code)
    out: dict[str, str] = {}
    if j is None:
        return out
    for code, entry in entries.items():
        k = result.index.get(code)
        if k is None or result.unscored[k]:
            continue
        found = status_contradiction(entry.status, float(result.score[k, j]), float(result.eff_max[k, j]))
        if found:
            out[code] = found
    return out
