"""Reads for the data-entry page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from dti.engine import framework as fw
from dti.engine.explain import describe_rule
from dti.web.entries.models import Entry, Workflow
from dti.web.rounds.models import Assignment
from dti.web.rounds.selectors import Round, assignments_of
from dti.web.units.models import OrgUnit


def entries_of_unit(rnd: Round, unit: OrgUnit) -> dict[str, Entry]:
    qs = Entry.objects.filter(round=rnd, unit=unit).prefetch_related("evidence")
    return {e.criterion_code: e for e in qs}


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
    province_source: str = ""  # set when the province provides this criterion's figures


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
