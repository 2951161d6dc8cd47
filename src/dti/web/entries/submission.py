"""What a user may submit for a unit, and the pre-submit check (missing signed evidence, contradictions, empty inputs).

Criteria assigned to an agency are entered and submitted by that agency, never by the unit's editor:
the unit's "Gửi thẩm định" leaves them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dti.engine import framework as fw
from dti.engine.scoring import RoundResult
from dti.web import permissions as perm
from dti.web.entries.evidence import SignedStatus, signed_statuses
from dti.web.entries.forms import inputs_for
from dti.web.entries.models import Entry, Workflow
from dti.web.entries.selectors import assignments_by_criterion, unit_contradictions
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

OPEN_WORKFLOWS = (Workflow.DRAFT, Workflow.RETURNED)


def agency_criteria(rnd: Round, unit: OrgUnit) -> frozenset[str]:
    """Criteria of ``unit`` assigned to one of its agencies (or an agency whose scope covers it)."""
    return frozenset(
        code for code, assignments in assignments_by_criterion(rnd, unit).items()
        if any(unit.is_within(a.agency.org_unit) for a in assignments)
    )


def submittable_criteria(user: Any, rnd: Round, unit: OrgUnit) -> frozenset[str]:
    """Concrete criterion codes the user submits with "Gửi thẩm định": their editable ones, less the agencies'.

    An agency editor's editable criteria are their agency's assignments, so they keep them.
    """
    editable = perm.editable_criteria(user, rnd, unit)
    if not editable:
        return frozenset()
    leaves = frozenset(n.code for n in rnd.framework.parsed().criteria())
    mine = leaves if editable is perm.ALL else editable & leaves
    if perm.enters_as_agency(user, unit):
        return mine
    return mine - agency_criteria(rnd, unit)


def has_input(entry: Entry | None, node: fw.Node) -> bool:
    """Whether any input the rule reads (or a status) was entered."""
    if entry is None:
        return False
    if entry.status is not None:
        return True
    for name in inputs_for(node.rule):
        v = getattr(entry, name)
        if v not in (None, ""):
            return True
    return False


@dataclass
class Finding:
    node: fw.Node
    text: str


@dataclass
class PreSubmitCheck:
    """Everything the user should know before sending; ``to_send`` are the entries that will go."""

    to_send: list[Entry] = field(default_factory=list)
    missing_signed: list[Finding] = field(default_factory=list)
    contradictions: list[Finding] = field(default_factory=list)
    empty: list[Finding] = field(default_factory=list)
    left_to_agencies: list[fw.Node] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing_signed or self.contradictions or self.empty)


def presubmit_check(
    user: Any, rnd: Round, unit: OrgUnit, entries: dict[str, Entry], result: RoundResult
) -> PreSubmitCheck:
    framework = rnd.framework.parsed()
    mine = submittable_criteria(user, rnd, unit)
    signed: dict[str, SignedStatus] = signed_statuses(entries, framework)
    contradictions = unit_contradictions(result, unit.code, entries)
    check = PreSubmitCheck()
    agencies = agency_criteria(rnd, unit)
    for node in framework.criteria():
        code, entry = node.code, entries.get(node.code)
        if code not in mine:
            if code in agencies and code not in mine:
                check.left_to_agencies.append(node)
            continue
        if entry is not None and entry.workflow not in OPEN_WORKFLOWS:
            continue  # already sent or approved: nothing to check again
        if entry is not None:
            check.to_send.append(entry)
        if not has_input(entry, node):
            check.empty.append(Finding(node, "Chưa nhập số liệu"))
        s = signed.get(code)
        if s is not None and not s.ok:
            check.missing_signed.append(Finding(node, f"{s.text} – {s.detail}"))
        if code in contradictions:
            check.contradictions.append(Finding(node, contradictions[code]))
    return check
