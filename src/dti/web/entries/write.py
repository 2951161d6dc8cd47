"""The one write path of entries (số liệu), used by the form, the API and machine pushes, the Excel
template, ``entries_import`` (demo, fixtures, CLI) and evidence uploads.

Every write runs in one transaction that first locks the round's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every transaction is ``IMMEDIATE``, which serialises writers the same way) and
only then reads the round's state: a write and ``round_publish`` can never interleave, so nothing
commits after a round stops accepting data. Results are refreshed after the commit, never as part
of the write (see ``results_schedule``): a failing recompute cannot turn a committed save into an error.

``RULES`` is the single table of what may change in which round state and entry workflow; who may
make the change (roles and scopes) is decided by ``dti.web.permissions``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from dti.engine.validation import validate_entry
from dti.limits import value_problems
from dti.web.audit.services import audit_event, audit_record, audit_record_many
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.rounds.models import ENTRY_STATES, REVIEW_STATES, Round, RoundState
from dti.web.units.models import OrgUnit


class EntryError(ValidationError):
    """A refused write; ``message_dict`` maps field → Vietnamese messages."""


class StaleEntry(EntryError):
    pass


class EntryLocked(EntryError):
    """Refused by the round's state or the submission deadline; the message says whom to ask."""

    def __init__(self, message: str, *, kind: str = "round_locked") -> None:
        super().__init__(message)
        self.kind = kind  # "deadline" or "round_locked" (the API's error code)


def check_open(rnd: Round, unit: OrgUnit, code: str | None = None) -> None:
    """May the unit's data change now (round state, deadlines, extensions)? Raises ``EntryLocked``."""
    from dti.web.rounds.deadlines import deadline_passed, entry_lock_reason

    reason = entry_lock_reason(rnd, unit, code)
    if reason is not None:
        raise EntryLocked(reason, kind="deadline" if rnd.accepts_entries and deadline_passed(rnd) else "round_locked")


class Change(StrEnum):
    INPUTS = "inputs"  # the unit's values: form, API, machine push, Excel template
    EVIDENCE = "evidence"  # attach, replace, remove or link a file (attaching creates the entry when there is none)
    COPY = "copy"  # "Sao chép từ kỳ trước": the inputs of the previous round's entry, marked as copied
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    EXPERT_SCORE = "expert_score"
    LOAD = "load"  # bulk load of validated files (demo, fixtures, ``dti`` commands), workflow given


@dataclass(frozen=True)
class Allowed:
    who: str  # for the reader: the permission predicates decide it
    round_states: frozenset[str]
    workflows: frozenset[str | None]  # None: the entry does not exist yet
    fields: tuple[str, ...]


_OPEN = ENTRY_STATES
_REVIEWING = REVIEW_STATES
_EDITABLE = frozenset({None, Workflow.DRAFT, Workflow.RETURNED})
_ANY = frozenset({None, *Workflow.values})
_EXPERT = ("expert_score", "expert_reason")

RULES: dict[Change, Allowed] = {
    Change.INPUTS: Allowed("biên tập đơn vị, cơ quan được phân công, mã truy cập máy, quản trị",
                           _OPEN, _EDITABLE, Entry.INPUT_FIELDS),
    # files may be added, replaced or removed until the province approves the criterion
    Change.EVIDENCE: Allowed("như nhập số liệu", _OPEN, _ANY - {Workflow.APPROVED}, ()),
    Change.COPY: Allowed("như nhập số liệu", _OPEN, _EDITABLE, (*Entry.INPUT_FIELDS, "copied_from")),
    Change.SUBMIT: Allowed("như nhập số liệu", _OPEN, frozenset({Workflow.DRAFT, Workflow.RETURNED}),
                           ("workflow",)),
    Change.APPROVE: Allowed("thẩm định viên, quản trị", _REVIEWING, frozenset({Workflow.SUBMITTED}),
                            ("workflow", "review_comment")),
    # the unit leader returns what waits for their approval (READY), the province what was sent to it
    Change.RETURN: Allowed("thẩm định viên, quản trị, lãnh đạo đơn vị (chờ duyệt)", _REVIEWING,
                           frozenset({Workflow.READY, Workflow.SUBMITTED, Workflow.APPROVED}),
                           ("workflow", "review_comment")),
    Change.EXPERT_SCORE: Allowed("thẩm định viên, quản trị", _REVIEWING, _ANY - {None}, _EXPERT),
    Change.LOAD: Allowed("lệnh dti, dữ liệu minh họa", frozenset({RoundState.DRAFT, RoundState.OPEN, RoundState.REVIEW}),
                         _ANY, (*Entry.INPUT_FIELDS, "stated", *_EXPERT, "workflow", "is_sample")),
}


def accepts(rnd: Round, change: Change) -> bool:
    """Does the round's state allow this change (on the copy at hand; writes re-check under the lock)?"""
    return rnd.state in RULES[change].round_states


def round_refusal(rnd: Round, change: Change) -> str | None:
    if accepts(rnd, change):
        return None
    what = "không nhận số liệu" if change in (Change.INPUTS, Change.EVIDENCE, Change.COPY, Change.SUBMIT, Change.LOAD) \
        else "không thẩm định được"
    return f"Kỳ đánh giá '{rnd.name}' đang ở trạng thái '{rnd.get_state_display()}': {what}"


def entry_refusal(entry: Entry | None, change: Change, code: str = "") -> str | None:
    """Why the entry's workflow forbids the change (None when allowed)."""
    workflow = entry.workflow if entry is not None else None
    if workflow in RULES[change].workflows:
        return None
    assert entry is not None  # noqa: S101 - None is in every table row that reaches here
    label = entry.get_workflow_display()
    code = code or entry.criterion_code
    if change == Change.APPROVE:
        return f"Chỉ duyệt được số liệu đã gửi (hiện: '{label}')"
    if change == Change.RETURN:
        return f"Chỉ trả lại được số liệu đã gửi hoặc đã duyệt (hiện: '{label}')"
    if change == Change.EVIDENCE:
        return f"Tiêu chí {code} đã được duyệt: không thay đổi minh chứng được"
    return f"Tiêu chí {code} đang ở trạng thái '{label}': không sửa được"


def editable(entry: Entry | None, change: Change = Change.INPUTS) -> bool:
    return entry_refusal(entry, change) is None


def round_row_lock(rnd: Round) -> Round:
    """Lock the round's row for the rest of the transaction; the state is re-read on the locked row."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("round_row_lock must run inside a transaction")  # pragma: no cover - programming error
    locked = Round.objects.select_for_update().get(pk=rnd.pk)
    if Round.framework.is_cached(rnd):  # type: ignore[attr-defined]
        locked.framework = rnd.framework  # keep the parsed framework the caller already has
    rnd.state = locked.state
    return locked


def round_lock(rnd: Round, change: Change, unit: OrgUnit | None = None, code: str | None = None) -> Round:
    """Lock the round's row and check the change on it: the unit's inputs against the deadlines and
    extensions (``dti.web.rounds.deadlines``), every other change against ``RULES``."""
    locked = round_row_lock(rnd)
    if unit is not None and change in (Change.INPUTS, Change.EVIDENCE, Change.COPY):
        check_open(locked, unit, code)
        return locked
    refusal = round_refusal(locked, change)
    if refusal is not None:
        raise EntryLocked(refusal)
    return locked


def criterion_of(rnd: Round, code: str) -> Any:
    node = rnd.framework.parsed().by_code.get(code)
    if node is None or not node.is_leaf:
        raise EntryError({"criterion_code": [f"Không có tiêu chí nhập liệu '{code}' trong bộ chỉ số"]})
    return node


def check_entry(rnd: Round, unit: OrgUnit, code: str, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The input limits (``dti.limits``), the engine's validation and the round's entry policy (dates in
    the assessment year, whole counts).

    Shared by every write (form, API, Excel template, pushes) and the live preview, so they agree.
    A value outside the limits is refused before the engine sees it.
    """
    from dti.web.entries.policy import policy_problems

    node = criterion_of(rnd, code)
    too_big = value_problems(values)
    if too_big:
        return [(f, f"Tiêu chí {code} – {m}") for f, m in too_big]
    return validate_entry(to_engine(dict(values), unit.code, code), node) + policy_problems(rnd, node, dict(values))


def _clean(field: str, value: Any) -> Any:
    return "" if value is None and field in ("text", "explanation", "stated", "expert_reason") else value


def entry_apply(
    *, rnd: Round, unit: OrgUnit, code: str, values: Mapping[str, Any], entry: Entry | None,
    actor: AbstractBaseUser | None, action: str | None, ip: str | None = None, is_sample: bool = False,
) -> Entry:
    """Set the given fields, bump the version and (``action`` given) write the audit row; the caller
    has locked the round and the entry and checked the rules."""
    old = entry.snapshot() if entry is not None else None
    if entry is None:
        entry = Entry(round=rnd, unit=unit, criterion_code=code, version=0)
    for field, value in values.items():
        setattr(entry, field, _clean(field, value))
    entry.version += 1
    entry.updated_by = actor
    if action is not None:  # a person's (or a source's) own values; loads keep who entered them
        entry.entered_by = actor
    entry.is_sample = is_sample
    entry.save()
    if action is not None:
        audit_record(actor=actor, action=action, obj=entry, old=old, new=entry.snapshot(), ip=ip)
    return entry


def refresh_results(rnd: Round, actor: AbstractBaseUser | None, unit: OrgUnit | None = None) -> None:
    # explicit, not a signal: every write that changes scores asks for fresh results (after commit);
    # a change of one unit's entries rescores only its peer group
    from dti.web.results.services import results_schedule

    results_schedule(round=rnd, acting_user=actor, changed_units=None if unit is None else [unit])


@transaction.atomic
def entry_write(
    *, round: Round, unit: OrgUnit, criterion_code: str, values: Mapping[str, Any], expected_version: int,
    actor: AbstractBaseUser, action: str = "entry.save", ip: str | None = None, change: Change = Change.INPUTS,
    refresh: bool = True,
) -> Entry:
    """Save a unit's inputs for one criterion; a save based on an old version is refused (``StaleEntry``).

    ``refresh=False``: the caller writes several criteria and asks for fresh results once (``refresh_results``).
    """
    rnd = round_lock(round, change, unit, criterion_code)
    unknown = set(values) - set(RULES[change].fields)
    if unknown:
        raise EntryError({f: ["Trường này không sửa được ở đây"] for f in sorted(unknown)})
    problems = check_entry(rnd, unit, criterion_code, values)
    if problems:
        raise EntryError({f: [m] for f, m in problems})
    entry = Entry.objects.select_for_update().filter(round=rnd, unit=unit, criterion_code=criterion_code).first()
    current = entry.version if entry else 0
    if expected_version != current:
        raise StaleEntry(
            "Số liệu tiêu chí này vừa được người khác cập nhật (phiên bản "
            f"{current}, bạn đang sửa phiên bản {expected_version}). Dữ liệu bạn nhập vẫn được giữ bên dưới: "
            "hãy xem lại và lưu lại."
        )
    refusal = entry_refusal(entry, change, criterion_code)
    if refusal is not None:
        raise EntryError(refusal)
    if change == Change.INPUTS and entry is not None and entry.copied_from_id is not None:
        values = {**values, "copied_from": None}  # the user's own save confirms what was copied
    entry = entry_apply(rnd=rnd, unit=unit, code=criterion_code, values=values, entry=entry, actor=actor,
                        action=action, ip=ip)
    if refresh:
        refresh_results(rnd, actor, unit)
    return entry


def entries_apply_many(
    *, rnd: Round, items: list[tuple[OrgUnit, str, Mapping[str, Any], Entry | None]],
    actor: AbstractBaseUser | None, action: str, ip: str | None = None,
) -> list[Entry]:
    """``entry_apply`` for many (unit, criterion, values, current entry) rows at once: the same
    fields set the same way, then one bulk insert of the new entries, one bulk update of the
    others and one bulk insert of their audit rows (one per entry). The caller holds the locks,
    has checked every row against ``RULES`` and ``check_entry``, and runs inside the transaction;
    a concurrent first save of the same entry raises ``IntegrityError`` from the insert."""
    from django.utils import timezone

    now = timezone.now()
    new: list[Entry] = []
    changed: list[Entry] = []
    olds: list[tuple[Entry, dict[str, object] | None]] = []
    fields = {"version", "updated_by", "entered_by", "is_sample", "updated_at"}
    for unit, code, values, entry in items:
        old = entry.snapshot() if entry is not None else None
        if entry is None:
            entry = Entry(round=rnd, unit=unit, criterion_code=code, version=0)
        for field, value in values.items():
            setattr(entry, field, _clean(field, value))
            fields.add(field)
        entry.version += 1
        entry.updated_by = entry.entered_by = actor
        entry.is_sample = False
        entry.updated_at = now
        (changed if entry.pk is not None else new).append(entry)
        olds.append((entry, old))
    _insert_entries(rnd, new)
    if changed:
        Entry.objects.bulk_update(changed, sorted(fields), batch_size=1000)
    audit_record_many([audit_event(actor=actor, action=action, obj=e, old=old, new=e.snapshot(), ip=ip)
                       for e, old in olds])
    return [e for e, _ in olds]


def _insert_entries(rnd: Round, new: list[Entry]) -> None:
    """Insert new entries with one COPY (PostgreSQL) or one executemany INSERT (SQLite), then read
    their ids back in one query (the audit rows name them)."""
    if not new:
        return
    from dti.web.core.bulk import bulk_insert

    names = [f.attname for f in Entry._meta.concrete_fields if not f.primary_key]
    bulk_insert(Entry, [f.name for f in Entry._meta.concrete_fields if not f.primary_key],
                [tuple(Entry._meta.get_field(n).get_db_prep_save(getattr(e, n), connection) for n in names)
                 for e in new])
    ids = dict(((u, c), pk) for u, c, pk in Entry.objects.filter(
        round=rnd, unit_id__in={e.unit_id for e in new}).values_list("unit_id", "criterion_code", "pk"))
    for e in new:
        e.pk = ids[(e.unit_id, e.criterion_code)]
        e._state.adding = False
