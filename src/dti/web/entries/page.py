"""The data-entry page's reads: rows by group with their forms, per-group progress, returned criteria.

Kept apart from the views so that the full page (no JavaScript) and the in-place save (JSON) build
the same facts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dti.engine import framework as fw
from dti.engine.explain import explain
from dti.engine.scoring import RoundResult
from dti.web import permissions as perm
from dti.web.entries import selectors
from dti.web.entries.evidence import SignedStatus, signed_statuses
from dti.web.entries.forms import EntryForm, initial_from
from dti.web.entries.models import Entry, Workflow
from dti.web.entries.submission import has_input, submittable_criteria
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


@dataclass
class Group:
    """One top-level group (tab): its rows and how far the unit got."""

    node: fw.Node
    rows: list[selectors.Row] = field(default_factory=list)
    criteria: int = 0
    filled: int = 0
    missing_evidence: int = 0
    returned: int = 0
    contradictions: int = 0
    score: float | None = None
    max_points: float | None = None

    @property
    def shown(self) -> int:
        """Criteria on the page (fewer than ``criteria`` with the "tiêu chí của tôi" filter)."""
        return sum(1 for r in self.rows if r.is_criterion)

    @property
    def done(self) -> bool:
        return self.criteria > 0 and self.filled == self.criteria and not self.missing_evidence


@dataclass
class EntryPage:
    groups: list[Group]
    returned: list[selectors.Row]
    contradictions: dict[str, str]
    signed: dict[str, SignedStatus]
    mine_only: bool
    has_mine: bool
    submittable: frozenset[str]


def row_editable(editable: frozenset[str], code: str, entry: Entry | None) -> bool:
    return (editable is perm.ALL or code in editable) and (
        entry is None or entry.workflow in (Workflow.DRAFT, Workflow.RETURNED)
    )


def build_page(
    user: Any, rnd: Round, unit: OrgUnit, result: RoundResult, entries: dict[str, Entry], *,
    bound: EntryForm | None = None, mine_only: bool = False,
) -> EntryPage:
    framework = rnd.framework.parsed()
    editable = perm.editable_criteria(user, rnd, unit)
    files = perm.evidence_criteria(user, rnd, unit)
    held = perm.province_held(rnd)
    agencies = selectors.assignments_by_criterion(rnd, unit)
    signed = signed_statuses(entries, framework)
    contradictions = selectors.unit_contradictions(result, unit.code, entries)
    j = result.unit_index[unit.code]
    groups: list[Group] = []
    returned: list[selectors.Row] = []
    for row in selectors.page_rows(framework):
        code = row.node.code
        if row.depth == 0:
            groups.append(Group(node=row.node))
        group = groups[-1]
        if code in result.index:
            k = result.index[code]
            row.result = explain(result, unit.code, code) if row.is_criterion else {}
            row.result["group_score"] = None if result.unscored[k] else float(result.score[k, j])
            row.result["group_max"] = None if result.unscored[k] else float(result.eff_max[k, j])
            if row.depth == 0:
                group.score, group.max_points = row.result["group_score"], row.result["group_max"]
        if not row.is_criterion:
            group.rows.append(row)
            continue
        row.entry = entries.get(code)
        row.signed = signed.get(code)
        row.agencies = agencies.get(code, [])
        row.can_see_files = files is perm.ALL or code in files
        row.province_source = held.get(code, "")
        row.editable = row_editable(editable, code, row.entry)
        row.mine = editable is perm.ALL or code in editable
        row.contradiction = contradictions.get(code, "")
        if bound is not None and bound.node.code == code:
            row.form = bound
        else:
            row.form = EntryForm(initial=initial_from(row.entry), prefix=f"c-{code}", node=row.node)
        if not row.editable:
            for f in row.form.fields.values():
                f.disabled = True
        group.criteria += 1
        group.filled += has_input(row.entry, row.node)
        group.missing_evidence += bool(row.signed is not None and not row.signed.ok)
        group.contradictions += bool(row.contradiction)
        if row.entry is not None and row.entry.workflow == Workflow.RETURNED:
            group.returned += 1
            returned.append(row)
        if not mine_only or row.mine:
            group.rows.append(row)
    if mine_only:
        # headings of sub-groups left without any criterion of mine go too
        for group in groups:
            group.rows = [r for i, r in enumerate(group.rows) if r.is_criterion or _has_criterion_after(group.rows, i)]
    has_mine = perm.enters_as_agency(user, unit) and bool(editable)
    return EntryPage(groups=groups, returned=returned, contradictions=contradictions, signed=signed,
                     mine_only=mine_only, has_mine=has_mine, submittable=submittable_criteria(user, rnd, unit))


def _has_criterion_after(rows: list[selectors.Row], i: int) -> bool:
    depth = rows[i].depth
    for r in rows[i + 1:]:
        if r.is_criterion:
            return True
        if r.depth <= depth:
            return False
    return False
