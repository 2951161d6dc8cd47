"""Entry writes: save (optimistic locking), submit, approve, return, expert score, import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine.entries import Entry as EngineEntry
from dti.engine.validation import validate_entry
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

FIELD_LABELS = {
    "status": "Tình trạng", "done": "Hoàn thành", "numerator": "Tử số", "denominator": "Mẫu số",
    "count": "Số lượng", "value": "Giá trị", "date": "Ngày", "text": "Nội dung", "explanation": "Giải trình",
    "expert_score": "Điểm thẩm định", "expert_reason": "Lý do thẩm định", "review_comment": "Ý kiến thẩm định",
}


class EntryError(ValidationError):
    """A refused write; ``message_dict`` maps field → Vietnamese messages."""


class StaleEntry(EntryError):
    pass


def _check_open(rnd: Round) -> None:
    if not rnd.accepts_entries:
        raise EntryError(f"Kỳ đánh giá '{rnd.name}' đang ở trạng thái '{rnd.get_state_display()}': không nhận số liệu")


def _criterion(rnd: Round, code: str) -> Any:
    node = rnd.framework.parsed().by_code.get(code)
    if node is None or not node.is_leaf:
        raise EntryError({"criterion_code": [f"Không có tiêu chí nhập liệu '{code}' trong bộ chỉ số"]})
    return node


def check_entry(rnd: Round, unit: OrgUnit, code: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """The engine's validation of the posted values (shared by save and the live preview)."""
    node = _criterion(rnd, code)
    return validate_entry(to_engine(values, unit.code, code), node, period=(rnd.start, rnd.end), year=rnd.year)


@transaction.atomic
def entry_save(
    *, round: Round, unit: OrgUnit, criterion_code: str, values: dict[str, Any], expected_version: int,
    actor: AbstractBaseUser, ip: str | None = None,
) -> Entry:
    """Save a unit's inputs for one criterion; a save based on an old version is refused."""
    _check_open(round)
    problems = check_entry(round, unit, criterion_code, values)
    if problems:
        raise EntryError({f: [m] for f, m in problems})
    entry = Entry.objects.select_for_update().filter(round=round, unit=unit, criterion_code=criterion_code).first()
    current = entry.version if entry else 0
    if expected_version != current:
        raise StaleEntry(
            "Số liệu tiêu chí này vừa được người khác cập nhật (phiên bản "
            f"{current}, bạn đang sửa phiên bản {expected_version}). Dữ liệu bạn nhập vẫn được giữ bên dưới: "
            "hãy xem lại và lưu lại."
        )
    if entry is not None and entry.workflow in (Workflow.SUBMITTED, Workflow.APPROVED):
        raise EntryError(f"Tiêu chí {criterion_code} đang ở trạng thái '{entry.get_workflow_display()}': không sửa được")
    old = entry.snapshot() if entry else None
    if entry is None:
        entry = Entry(round=round, unit=unit, criterion_code=criterion_code, version=0)
    for field in Entry.INPUT_FIELDS:
        if field in values:
            setattr(entry, field, values[field] if values[field] is not None or field not in ("text", "explanation") else "")
    entry.version += 1
    entry.updated_by = actor
    entry.is_sample = False
    entry.save()
    audit_record(actor=actor, action="entry.save", obj=entry, old=old, new=entry.snapshot(), ip=ip)
    _refresh_results(round, actor)
    return entry


@transaction.atomic
def entry_submit(
    *, round: Round, unit: OrgUnit, actor: AbstractBaseUser, criteria: frozenset[str] | None = None,
    ip: str | None = None,
) -> int:
    """Send the unit's draft/returned entries (those the user may edit) for review."""
    _check_open(round)
    qs = Entry.objects.select_for_update().filter(
        round=round, unit=unit, workflow__in=[Workflow.DRAFT, Workflow.RETURNED]
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
    _refresh_results(round, actor)
    return n


def _refresh_results(rnd: Round, actor: AbstractBaseUser | None) -> None:
    # explicit, not a signal: every write that changes scores asks for fresh results
    from dti.web.results.services import results_schedule

    results_schedule(round=rnd, acting_user=actor)


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("round").get(pk=entry.pk)


def _check_review(entry: Entry) -> None:
    if not entry.round.in_review:
        raise EntryError(f"Kỳ đánh giá đang ở trạng thái '{entry.round.get_state_display()}': không thẩm định được")


@transaction.atomic
def entry_approve(*, entry: Entry, actor: AbstractBaseUser, ip: str | None = None) -> Entry:
    e = _locked(entry)
    _check_review(e)
    if e.workflow != Workflow.SUBMITTED:
        raise EntryError(f"Chỉ duyệt được số liệu đã gửi (hiện: '{e.get_workflow_display()}')")
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.APPROVED, ""
    e.version += 1
    e.save()
    audit_record(actor=actor, action="entry.approve", obj=e, old=old, new=e.snapshot(), ip=ip)
    _refresh_results(e.round, actor)
    return e


@transaction.atomic
def entry_return(*, entry: Entry, actor: AbstractBaseUser, comment: str, ip: str | None = None) -> Entry:
    e = _locked(entry)
    _check_review(e)
    if not comment.strip():
        raise EntryError({"review_comment": ["Trả lại số liệu phải kèm ý kiến thẩm định"]})
    if e.workflow not in (Workflow.SUBMITTED, Workflow.APPROVED):
        raise EntryError(f"Chỉ trả lại được số liệu đã gửi hoặc đã duyệt (hiện: '{e.get_workflow_display()}')")
    old = e.snapshot()
    e.workflow, e.review_comment = Workflow.RETURNED, comment.strip()
    e.version += 1
    e.save()
    audit_record(actor=actor, action="entry.return", obj=e, old=old, new=e.snapshot(), ip=ip)
    _refresh_results(e.round, actor)
    return e


@transaction.atomic
def entry_set_expert_score(
    *, entry: Entry, actor: AbstractBaseUser, score: float | None, reason: str, ip: str | None = None
) -> Entry:
    """The assessor's score (điểm thẩm định) overrides the rule; a written reason is mandatory."""
    e = _locked(entry)
    _check_review(e)
    node = _criterion(e.round, e.criterion_code)
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
    _refresh_results(e.round, actor)
    return e


@transaction.atomic
def entries_import(
    *, round: Round, entries: Iterable[EngineEntry], units_by_code: dict[str, OrgUnit], workflow: str,
    is_sample: bool, actor: AbstractBaseUser | None,
) -> int:
    """Load validated engine entries (from ``read_entries``) into the round; idempotent by key."""
    n = 0
    for e in entries:
        unit = units_by_code.get(e.unit)
        if unit is None:
            raise EntryError(f"Đơn vị '{e.unit}' không tham gia kỳ đánh giá '{round.name}'")
        defaults = {
            "status": int(e.status) if e.status else None, "done": e.done, "numerator": e.numerator,
            "denominator": e.denominator, "count": e.count, "value": e.value,
            "value_is_percent": e.value_is_percent, "date": e.date, "text": e.text or "",
            "explanation": e.explanation or "", "stated": e.stated or "", "expert_score": e.expert_score,
            "expert_reason": e.expert_reason or "", "workflow": workflow, "is_sample": is_sample,
            "updated_by": actor,
        }
        Entry.objects.update_or_create(round=round, unit=unit, criterion_code=e.criterion, defaults=defaults)
        n += 1
    audit_record(actor=actor, action="entries.import", obj=round, new={"count": n, "sample": is_sample})
    _refresh_results(round, actor)
    return n
