"""Reads of the assessment cycle: the appraisal queue, what changed since the last submission, feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from dti.engine.numbers import fmt_number
from dti.web import permissions as perm
from dti.web.entries.models import Entry, EntryStatus, Feedback, FeedbackStatus, Workflow
from dti.web.entries.services import FIELD_LABELS
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

User = AbstractBaseUser | AnonymousUser
TABS = {
    "cho-duyet": ("Chờ thẩm định", [Workflow.SUBMITTED]),
    "thay-doi": ("Thay đổi từ lần gửi trước", [Workflow.SUBMITTED]),
    "tra-lai": ("Đã trả lại", [Workflow.RETURNED]),
    "da-duyet": ("Đã duyệt", [Workflow.APPROVED]),
}


def _shown(field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field_name == "status":
        return str(EntryStatus(int(value)).label)
    if field_name in ("done", "value_is_percent"):
        return "Có" if value else "Không"
    if isinstance(value, float | int):
        return fmt_number(float(value), 4)
    if field_name == "date" and isinstance(value, str) and len(value) == 10:
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}"
    return str(value)


def value_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, str]]:
    """Fields whose value differs between two submissions, labelled and formatted in Vietnamese."""
    if not before or not after:
        return []
    out = []
    for name in Entry.INPUT_FIELDS:
        if before.get(name) != after.get(name) and not (name == "value_is_percent"):
            out.append({"field": FIELD_LABELS.get(name, name), "before": _shown(name, before.get(name)),
                        "after": _shown(name, after.get(name))})
    return out


def reviewable_units(user: User, rnd: Round) -> list[OrgUnit]:
    return [u for u in rnd.units.select_related("parent").order_by("code") if perm.review_scope(user, rnd, u)]


@dataclass
class QueueRow:
    entry: Entry
    diff: list[dict[str, str]] = field(default_factory=list)


def appraisal_queue(user: User, rnd: Round, *, tab: str = "cho-duyet", unit_code: str = "",
                    code: str = "") -> list[QueueRow]:
    """Units × criteria in the user's appraisal scope, by tab (waiting, changed, returned, approved)."""
    _, states = TABS.get(tab, TABS["cho-duyet"])
    rows: list[QueueRow] = []
    for unit in reviewable_units(user, rnd):
        if unit_code and unit.code != unit_code:
            continue
        scope = perm.review_scope(user, rnd, unit)
        qs: QuerySet[Entry] = Entry.objects.filter(round=rnd, unit=unit, workflow__in=states).select_related(
            "unit", "entered_by").order_by("criterion_code")
        if scope is not perm.ALL:
            qs = qs.filter(criterion_code__in=scope)
        if code:
            qs = qs.filter(criterion_code=code)
        for e in qs:
            diff = value_diff(e.previous_values, e.submitted_values)
            if tab == "thay-doi" and not diff:
                continue
            rows.append(QueueRow(e, diff))
    return rows


def queue_counts(user: User, rnd: Round) -> dict[str, int]:
    return {tab: len(appraisal_queue(user, rnd, tab=tab)) for tab in TABS}


def feedback_of_round(rnd: Round, *, status: str | None = FeedbackStatus.OPEN) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(entry__round=rnd).select_related("entry__unit", "author", "answered_by", "evidence")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("entry__unit__code", "entry__criterion_code", "created_at")
