"""Entry workflow services: save (optimistic locking), submit, approve, return, expert score, import.

All of them go through :mod:`dti.web.entries.write` (round lock, rules table, audit, results refresh).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from dti.engine.entries import Entry as EngineEntry
from dti.engine.validation import validate_entry
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.entries.write import (
    RULES,
    Change,
    EntryError,
    StaleEntry,
    check_entry,
    criterion_of,
    entry_apply,
    entry_refusal,
    entry_write,
    refresh_results,
    round_lock,
)
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

__all__ = ["EntryError", "StaleEntry", "check_entry"]  # re-exported for the views

FIELD_LABELS = {
    "status": "Tình trạng", "done": "Hoàn thành", "numerator": "Tử số", "denominator": "Mẫu số",
    "count": "Số lượng", "value": "Giá trị", "date": "Ngày", "text": "Nội dung", "explanation": "Giải trình",
    "expert_score": "Điểm thẩm định", "expert_reason": "Lý do thẩm định", "review_comment": "Ý kiến thẩm định",
}


@transaction.atomic
def entry_save(
    *, round: Round, unit: OrgUnit, criterion_code: str, values: dict[str, Any], expected_version: int,
    actor: AbstractBaseUser, ip: str | None = None,
) -> Entry:
    """Save a unit's inputs for one criterion (the form); a save based on an old version is refused."""
    return entry_write(round=round, unit=unit, criterion_code=criterion_code, values=values,
                       expected_version=expected_version, actor=actor, ip=ip)


@transaction.atomic
def entry_submit(
    *, round: Round, unit: OrgUnit, actor: AbstractBaseUser, criteria: frozenset[str] | None = None,
    ip: str | None = None,
) -> int:
    """Send the unit's draft/returned entries (those the user may edit) for review."""
    rnd = round_lock(round, Change.SUBMIT)
    qs = Entry.objects.select_for_update().filter(
        round=rnd, unit=unit, workflow__in=[w for w in RULES[Change.SUBMIT].workflows if w is not None]
    )
    if criteria is not None and "*" not in criteria:
        qs = qs.filter(criterion_code__in=criteria)
    n = 0
    for entry in qs:
        old = entry.workflow
        entry.workflow = Workflow.SUBMITTED
        entry.version += 1
        entry.updated_by = actor
        entry.save(update_fields=["workflow", "version", "updated_by", "updated_at"])
        audit_record(actor=actor, action="entry.submit", obj=entry, old={"workflow": old},
                     new={"workflow": entry.workflow}, ip=ip)
        n += 1
    if n == 0:
        raise EntryError("Không có số liệu nào đang soạn hoặc bị trả lại để gửi")
    refresh_results(rnd, actor)
    return n


def _locked(entry: Entry, change: Change) -> Entry:
    """The round's row first (every writer locks in that order), then the entry; both checked."""
    rnd = round_lock(entry.round, change)
    e = Entry.objects.select_for_update().get(pk=entry.pk)
    e.round = rnd
    refusal = entry_refusal(e, change)
    if refusal is not None:
        raise EntryError(refusal)
    return e


@transaction.atomic
def entry_approve(*, entry: Entry, actor: AbstractBaseUser, ip: str | None = None) -> Entry:
    e = _locked(entry, Change.APPROVE)
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.APPROVED, ""
    e.version += 1
    e.save()
    audit_record(actor=actor, action="entry.approve", obj=e, old=old, new=e.snapshot(), ip=ip)
    refresh_results(e.round, actor)
    return e


@transaction.atomic
def entry_return(*, entry: Entry, actor: AbstractBaseUser, comment: str, ip: str | None = None) -> Entry:
    if not comment.strip():
        raise EntryError({"review_comment": ["Trả lại số liệu phải kèm ý kiến thẩm định"]})
    e = _locked(entry, Change.RETURN)
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.RETURNED, comment.strip()
    e.version += 1
    e.save()
    audit_record(actor=actor, action="entry.return", obj=e, old=old, new=e.snapshot(), ip=ip)
    refresh_results(e.round, actor)
    return e


@transaction.atomic
def entry_set_expert_score(
    *, entry: Entry, actor: AbstractBaseUser, score: float | None, reason: str, ip: str | None = None
) -> Entry:
    """The assessor's score (điểm thẩm định) overrides the rule; a written reason is mandatory."""
    e = _locked(entry, Change.EXPERT_SCORE)
    node = criterion_of(e.round, e.criterion_code)
    values = {f: getattr(e, f) for f in Entry.INPUT_FIELDS} | {"expert_score": score, "expert_reason": reason}
    if score is not None:
        problems = [
            p for p in validate_entry(to_engine(values, "", e.criterion_code), node) if p[0].startswith("expert")
        ]
        if problems:
            raise EntryError({f: [m] for f, m in problems})
    old = e.snapshot()
    e.expert_score, e.expert_reason = score, reason.strip() if score is not None else ""
    e.version += 1
    e.save()
    audit_record(actor=actor, action="entry.expert_score", obj=e, old=old, new=e.snapshot(), ip=ip)
    refresh_results(e.round, actor)
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
    for e in entries:
        if e.unit not in units_by_code:
            raise EntryError(f"Đơn vị '{e.unit}' không tham gia kỳ đánh giá '{rnd.name}'")
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
