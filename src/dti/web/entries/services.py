"""Entry workflow services: save (optimistic locking), submit, leader approval, approve, return, expert
score, correction, import — all on :mod:`dti.web.entries.write` (round row lock, rules, audit, results)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from dti.engine.entries import Entry as EngineEntry
from dti.engine.validation import validate_entry
from dti.limits import TEXT_MAX, rows_problem, text_problem, value_problems
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.entries.write import (
    Change,
    EntryError,
    EntryLocked,
    StaleEntry,
    check_entry,
    check_open,
    criterion_of,
    entry_apply,
    entry_write,
    refresh_results,
    round_lock,
    round_row_lock,
)
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

__all__ = ["EntryError", "EntryLocked", "StaleEntry", "check_entry"]  # re-exported for the views
_check_open = check_open
_criterion = criterion_of

from dti.web.entries.policy import FIELD_LABELS as FIELD_LABELS  # noqa: E402 - re-exported: api.errors


@transaction.atomic
def entry_save(
    *, round: Round, unit: OrgUnit, criterion_code: str, values: dict[str, Any], expected_version: int,
    actor: AbstractBaseUser, ip: str | None = None,
) -> Entry:
    """Save a unit's inputs for one criterion (the form); a save based on an old version is refused."""
    return entry_write(round=round, unit=unit, criterion_code=criterion_code, values=values,
                       expected_version=expected_version, actor=actor, ip=ip)


def _agency_codes(rnd: Round, unit: OrgUnit) -> set[str]:
    """Criteria assigned to an agency of this unit: only that agency submits them."""
    from dti.web.rounds.models import Assignment

    return set(Assignment.objects.filter(round=rnd, agency__org_unit=unit).values_list("criterion_code", flat=True))


def _has_leader(unit: OrgUnit) -> bool:
    from dti.web.accounts.models import Role, RoleAssignment

    return RoleAssignment.objects.filter(role=Role.UNIT_LEADER, org_unit=unit).exists()


def _to_province(entry: Entry, actor: AbstractBaseUser) -> None:
    """Submitted to the province: remember what was sent (and what was sent the time before)."""
    entry.workflow = Workflow.SUBMITTED
    entry.previous_values = entry.submitted_values
    entry.submitted_values = entry.inputs()
    entry.version += 1
    entry.updated_by = actor


def submit_candidates(
    *, round: Round, unit: OrgUnit, actor: AbstractBaseUser, criteria: frozenset[str] | None = None
) -> QuerySet[Entry]:
    """The entries a submit by ``actor`` would send (the page's count and the action agree)."""
    from dti.web.permissions import is_admin

    qs = Entry.objects.filter(
        round=round, unit=unit, workflow__in=[Workflow.DRAFT, Workflow.RETURNED]
    ).order_by("criterion_code")
    if criteria is not None and "*" not in criteria:
        qs = qs.filter(criterion_code__in=criteria)
    elif not is_admin(actor):
        qs = qs.exclude(criterion_code__in=_agency_codes(round, unit))
    return qs


def submits_to_leader(*, unit: OrgUnit, actor: AbstractBaseUser) -> bool:
    """Whether a submit by ``actor`` goes to the unit leader's approval first."""
    from dti.web.permissions import is_unit_leader

    return _has_leader(unit) and not is_unit_leader(actor, unit)


@transaction.atomic
def entry_submit(
    *, round: Round, unit: OrgUnit, actor: AbstractBaseUser, criteria: frozenset[str] | None = None,
    ip: str | None = None,
) -> int:
    """Send the unit's draft/returned entries (those the user may edit) on.

    Where the unit has a leader (lãnh đạo đơn vị) they go to the leader's approval (``ready``);
    otherwise, or when the leader submits, straight to the province. A unit-wide submit never sends
    the criteria assigned to one of the unit's agencies: the agency submits those itself.
    """
    round = round_row_lock(round)
    qs = submit_candidates(round=round, unit=unit, actor=actor, criteria=criteria).select_for_update()
    to_leader = submits_to_leader(unit=unit, actor=actor)
    n = 0
    locked: str | None = None
    for entry in qs:
        try:
            _check_open(round, unit, entry.criterion_code)
        except EntryLocked as exc:
            locked = exc.messages[0]
            continue
        old = entry.workflow
        if to_leader:
            entry.workflow = Workflow.READY
            entry.version += 1
            entry.updated_by = actor
        else:
            _to_province(entry, actor)
        entry.save()
        audit_record(actor=actor, action="entry.submit", obj=entry, old={"workflow": old},
                     new={"workflow": entry.workflow}, ip=ip)
        n += 1
    if n == 0:
        from dti.web.rounds.deadlines import entry_lock_reason

        locked = locked or entry_lock_reason(round, unit)
        if locked:
            _check_open(round, unit)
            raise EntryLocked(locked)
        raise EntryError("Không có số liệu nào đang soạn hoặc bị trả lại để gửi")
    from dti.web.entries.notify import notify_submitted

    notify_submitted(round=round, unit=unit, actor=actor, n=n, to_leader=to_leader)
    _refresh_results(round, actor, unit)
    return n


@transaction.atomic
def entry_unit_approve(
    *, round: Round, unit: OrgUnit, actor: AbstractBaseUser, criteria: Iterable[str] | None = None,
    ip: str | None = None,
) -> int:
    """The unit leader approves what the unit's editors and agencies sent and submits it to the province."""
    round = round_row_lock(round)
    qs = Entry.objects.select_for_update().filter(round=round, unit=unit, workflow=Workflow.READY)
    if criteria is not None:
        qs = qs.filter(criterion_code__in=list(criteria))
    n = 0
    locked: str | None = None
    for entry in qs.order_by("criterion_code"):
        try:
            _check_open(round, unit, entry.criterion_code)
        except EntryLocked as exc:
            locked = exc.messages[0]
            continue
        _to_province(entry, actor)
        entry.save()
        audit_record(actor=actor, action="entry.unit_approve", obj=entry, old={"workflow": Workflow.READY},
                     new={"workflow": entry.workflow}, ip=ip)
        n += 1
    if n == 0:
        if locked:
            _check_open(round, unit)
            raise EntryLocked(locked)
        raise EntryError("Không có tiêu chí nào chờ lãnh đạo đơn vị duyệt")
    from dti.web.entries.notify import notify_submitted

    notify_submitted(round=round, unit=unit, actor=actor, n=n, to_leader=False)
    _refresh_results(round, actor, unit)
    return n


_refresh_results = refresh_results


def _locked(entry: Entry) -> Entry:
    """The round's row first (every writer locks in that order, so a publication waits), then the entry."""
    rnd = round_row_lock(entry.round)
    e = Entry.objects.select_for_update().get(pk=entry.pk)
    e.round = rnd
    return e


def _check_review(entry: Entry) -> None:
    if not entry.round.in_review:
        raise EntryError(f"Kỳ đánh giá đang ở trạng thái '{entry.round.get_state_display()}': không thẩm định được")


@transaction.atomic
def entry_approve(*, entry: Entry, actor: AbstractBaseUser, ip: str | None = None, notify: bool = True) -> Entry:
    e = _locked(entry)
    _check_review(e)
    if e.workflow != Workflow.SUBMITTED:
        raise EntryError(f"Chỉ duyệt được số liệu đã gửi (hiện: '{e.get_workflow_display()}')")
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.APPROVED, ""
    _appraised(e, actor)
    e.save()
    audit_record(actor=actor, action="entry.approve", obj=e, old=old, new=e.snapshot(), ip=ip)
    if notify:
        from dti.web.entries.notify import notify_approved

        notify_approved(entries=[e], actor=actor)
    _refresh_results(e.round, actor, e.unit)
    return e


def _appraised(e: Entry, actor: AbstractBaseUser) -> None:
    from django.utils import timezone

    e.appraised_at, e.appraised_by = timezone.now(), actor
    e.version += 1


@transaction.atomic
def entry_return(*, entry: Entry, actor: AbstractBaseUser, comment: str, ip: str | None = None,
                 by_leader: bool = False) -> Entry:
    """Back to whoever entered it, with the comment (kept in the criterion's thread).

    The province returns submitted/approved entries (in data entry or review); the unit leader
    (``by_leader``) returns what waits for their approval.
    """
    from dti.web.entries.models import CommentKind, EntryComment

    e = _locked(entry)
    if not comment.strip():
        raise EntryError({"review_comment": ["Trả lại số liệu phải kèm ý kiến thẩm định"]})
    if by_leader:
        if e.workflow != Workflow.READY:
            raise EntryError(f"Chỉ trả lại được tiêu chí đang chờ lãnh đạo duyệt (hiện: '{e.get_workflow_display()}')")
    else:
        _check_review(e)
        if e.workflow not in (Workflow.SUBMITTED, Workflow.APPROVED):
            raise EntryError(f"Chỉ trả lại được số liệu đã gửi hoặc đã duyệt (hiện: '{e.get_workflow_display()}')")
    found = text_problem("review_comment", comment.strip())
    if found is not None:
        raise EntryError({"review_comment": [found]})
    comment = comment.strip()
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.RETURNED, comment
    e.version += 1
    e.save()
    EntryComment.objects.create(entry=e, author=actor, kind=CommentKind.RETURN, text=comment)
    audit_record(actor=actor, action="entry.return", obj=e, old=old, new=e.snapshot(), ip=ip)
    from dti.web.entries.notify import notify_returned

    notify_returned(entries=[e], actor=actor, comment=comment)
    _refresh_results(e.round, actor, e.unit)
    return e


MAX_COMMENT = TEXT_MAX["comment"]


@transaction.atomic
def entry_set_expert_score(
    *, entry: Entry, actor: AbstractBaseUser, score: float | None, reason: str, ip: str | None = None,
    council: bool = False,
) -> Entry:
    """The assessor's score (điểm thẩm định) overrides the rule; a written reason is mandatory.

    The unit's self-assessed score stays (scored from its own inputs, without this score). The
    council (``council``) may also adjust during preliminary results, when answering feedback.
    """
    e = _locked(entry)
    if not (council and e.round.in_preliminary):
        _check_review(e)
    node = _criterion(e.round, e.criterion_code)
    values = {f: getattr(e, f) for f in Entry.INPUT_FIELDS} | {"expert_score": score, "expert_reason": reason}
    too_big = value_problems({"expert_score": score, "expert_reason": reason.strip()})
    if too_big:
        raise EntryError({f: [m] for f, m in too_big})
    if score is not None:
        problems = [
            p for p in validate_entry(to_engine(values, "", e.criterion_code), node) if p[0].startswith("expert")
        ]
        if problems:
            raise EntryError({f: [m] for f, m in problems})
    old = e.snapshot()
    e.expert_score, e.expert_reason = score, reason.strip() if score is not None else ""
    _appraised(e, actor)
    e.save()
    if score is not None:
        from dti.web.entries.models import CommentKind, EntryComment

        EntryComment.objects.create(entry=e, author=actor, kind=CommentKind.EXPERT,
                                    text=f"Điểm thẩm định {score:g}: {e.expert_reason}"[:MAX_COMMENT])
    audit_record(actor=actor, action="entry.expert_score", obj=e, old=old, new=e.snapshot(), ip=ip)
    _refresh_results(e.round, actor, e.unit)
    return e


@transaction.atomic
def entry_correct(
    *, entry: Entry, actor: AbstractBaseUser, values: dict[str, Any] | None, reason: str, ip: str | None = None
) -> Entry:
    """The appraiser's corrected inputs (số liệu thẩm định): scored instead of the unit's own, which stay
    as the self-assessment. ``values`` None clears the correction. A written reason is mandatory."""
    from dti.web.entries.models import CommentKind, EntryComment

    e = _locked(entry)
    _check_review(e)
    if values is not None:
        if not reason.strip():
            raise EntryError({"expert_reason": ["Sửa số liệu khi thẩm định phải kèm lý do"]})
        unknown = sorted(set(values) - set(Entry.INPUT_FIELDS))
        if unknown:
            raise EntryError({"criterion_code": [f"Không sửa được ô: {', '.join(unknown)}"]})
        merged = {f: getattr(e, f) for f in Entry.INPUT_FIELDS} | values
        problems = check_entry(e.round, e.unit, e.criterion_code, merged)
        if problems:
            raise EntryError({f: [m] for f, m in problems})
    old = e.snapshot()
    e.appraised_values = None if values is None else {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
    _appraised(e, actor)
    e.save()
    if values is not None:
        shown = ", ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in e.appraised_values.items())
        EntryComment.objects.create(entry=e, author=actor, kind=CommentKind.EXPERT,
                                    text=f"Sửa số liệu ({shown}): {reason.strip()}"[:MAX_COMMENT])
    audit_record(actor=actor, action="entry.correct", obj=e, old=old, new=e.snapshot() | {"reason": reason}, ip=ip)
    _refresh_results(e.round, actor, e.unit)
    return e


@transaction.atomic
def entries_import(
    *, round: Round, entries: Iterable[EngineEntry], units_by_code: dict[str, OrgUnit], workflow: str,
    is_sample: bool, actor: AbstractBaseUser | None,
) -> int:
    """Load validated engine entries (from ``read_entries``) into the round; idempotent by key.

    One audit row for the whole load (what it loaded, how many); each entry's version moves on.
    """
    rnd = round_lock(round, Change.LOAD)
    entries = list(entries)
    too_many = rows_problem("entries_file", len(entries))
    if too_many:
        raise EntryError(too_many)
    refused: dict[str, list[str]] = {}
    for e in entries:
        if e.unit not in units_by_code:
            raise EntryError(f"Đơn vị '{e.unit}' không tham gia kỳ đánh giá '{rnd.name}'")
        sizes = {f: getattr(e, f) for f in ("numerator", "denominator", "count", "value", "text", "explanation",
                                            "stated", "expert_score", "expert_reason")}
        for field, message in value_problems(sizes):
            refused.setdefault(field, []).append(f"{e.unit}, tiêu chí {e.criterion} – {message}")
    if refused:  # checked before the first write: nothing is loaded
        raise EntryError(refused)
    existing = {
        (x.unit_id, x.criterion_code): x
        for x in Entry.objects.select_for_update().filter(round=rnd, unit__in=[u.pk for u in units_by_code.values()])
    }
    for e in entries:
        unit = units_by_code[e.unit]
        values = {
            "status": int(e.status) if e.status else None, "done": e.done, "numerator": e.numerator,
            "denominator": e.denominator, "count": e.count, "value": e.value,
            "value_is_percent": e.value_is_percent, "date": e.date, "text": e.text, "explanation": e.explanation,
            "stated": e.stated, "expert_score": e.expert_score, "expert_reason": e.expert_reason, "workflow": workflow,
        }
        entry_apply(rnd=rnd, unit=unit, code=e.criterion, values=values, entry=existing.get((unit.pk, e.criterion)),
                    actor=actor, action=None, is_sample=is_sample)
    audit_record(actor=actor, action="entries.import", obj=rnd, new={"count": len(entries), "sample": is_sample})
    refresh_results(rnd, actor)
    return len(entries)
