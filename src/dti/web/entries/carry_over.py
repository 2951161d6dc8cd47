"""Carry-over (Sao chép từ kỳ trước): a unit's annual facts — Ban chỉ đạo, the year's plan, the tổ công
nghệ số — entered in one quarter need not be typed again in the next.

The previous round is the latest round of the same framework, year, kind of period (the quarter
before) and organiser that the unit took part in and that started before this one. Copying takes a criterion's inputs
(values, status, explanation) and its current evidence (as links to the same stored files, with their
notes) through the one write path (``entry_write`` with ``Change.COPY``: the round's state and
deadline, the entry's workflow, the same validation, an audit row). The entry stays marked as copied
(``Entry.copied_from``) until the user saves the criterion (or submits it after the pre-submit check,
which lists what is still unconfirmed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine import framework as fw
from dti.web.audit.services import audit_record
from dti.web.entries.evidence_changes import link_row
from dti.web.entries.models import Entry, Workflow
from dti.web.entries.submission import has_input
from dti.web.entries.write import Change, EntryError, criterion_of, entry_write, refresh_results, round_lock
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def previous_round(rnd: Round, unit: OrgUnit) -> Round | None:
    """The unit's previous round of the same framework and year (None in the year's first round)."""
    cached: dict[int, Round | None] = rnd.__dict__.setdefault("_dti_previous_round", {})
    if unit.pk not in cached:
        cached[unit.pk] = (
            Round.objects.filter(framework__code=rnd.framework.code, year=rnd.year, owner_unit=rnd.owner_unit,
                                 period_kind=rnd.period_kind, start__lt=rnd.start, units=unit)
            .exclude(pk=rnd.pk).select_related("framework").order_by("-start", "-pk").first()
        )
    return cached[unit.pk]


def previous_entries(rnd: Round, unit: OrgUnit) -> dict[str, Entry]:
    """Criterion code → the previous round's entry, for the criteria of this round it has data for."""
    prev = previous_round(rnd, unit)
    if prev is None:
        return {}
    framework = rnd.framework.parsed()
    out = {}
    for e in Entry.objects.filter(round=prev, unit=unit).prefetch_related("evidence"):
        node = framework.by_code.get(e.criterion_code)
        if node is not None and node.is_leaf and (has_input(e, node) or e.current_evidence()):
            out[e.criterion_code] = e
    return out


def _copy_evidence(source: Entry, entry: Entry, actor: User) -> list[int]:
    """Link the previous entry's current files to the new entry (files already there are left alone)."""
    made = []
    for ev in source.current_evidence():
        try:
            made.append(link_row(ev, entry, actor, ev.note).pk)
        except EntryError:
            continue  # the same file is already evidence of this criterion
    return made


def _copy_one(
    rnd: Round, unit: OrgUnit, source: Entry, expected_version: int, actor: User, ip: str | None,
) -> Entry:
    values = {f: getattr(source, f) for f in Entry.INPUT_FIELDS} | {"copied_from": source}
    entry = entry_write(round=rnd, unit=unit, criterion_code=source.criterion_code, values=values,
                        expected_version=expected_version, actor=actor, action="entry.copy", ip=ip,
                        change=Change.COPY, refresh=False)
    links = _copy_evidence(source, entry, actor)
    if links:
        audit_record(actor=actor, action="evidence.copy", obj=entry, ip=ip,
                     new={"from_entry": source.pk, "from_round": source.round_id, "evidence": links})
    return entry


def _source(rnd: Round, unit: OrgUnit, code: str) -> Entry:
    prev = previous_round(rnd, unit)
    if prev is None:
        raise EntryError(f"Không có kỳ đánh giá trước của cùng bộ chỉ số trong năm {rnd.year} để sao chép")
    source = previous_entries(rnd, unit).get(code)
    if source is None:
        raise EntryError(f"Kỳ trước ({prev.name}) chưa có số liệu tiêu chí {code} để sao chép")
    return source


@transaction.atomic
def entry_copy_previous(
    *, round: Round, unit: OrgUnit, criterion_code: str, expected_version: int, actor: User,
    ip: str | None = None,
) -> Entry:
    """Copy one criterion from the previous round (its current inputs are replaced: the version the user
    saw must still be the current one)."""
    rnd = round_lock(round, Change.COPY, unit, criterion_code)
    criterion_of(rnd, criterion_code)
    entry = _copy_one(rnd, unit, _source(rnd, unit, criterion_code), expected_version, actor, ip)
    refresh_results(rnd, actor, unit)
    return entry


@dataclass
class GroupCopy:
    copied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already entered in this round, or not editable now
    refused: list[str] = field(default_factory=list)  # "II.1: why"


def copyable(entry: Entry | None, node: fw.Node) -> bool:
    """A criterion a group copy fills: nothing entered yet in this round, still editable."""
    return entry is None or (entry.workflow in (Workflow.DRAFT, Workflow.RETURNED)
                             and not has_input(entry, node) and not entry.current_evidence())


@transaction.atomic
def group_copy_previous(
    *, round: Round, unit: OrgUnit, group_code: str, criteria: frozenset[str], actor: User,
    ip: str | None = None,
) -> GroupCopy:
    """Copy every criterion of a group that is still empty in this round (and in ``criteria``, the ones
    the user may enter); criteria already entered are left as they are."""
    rnd = round_lock(round, Change.COPY, unit)
    framework = rnd.framework.parsed()
    group = framework.by_code.get(group_code)
    if group is None or group.is_leaf:
        raise EntryError({"group": [f"Không có nhóm chỉ số '{group_code}'"]})
    sources = previous_entries(rnd, unit)
    if previous_round(rnd, unit) is None:
        raise EntryError(f"Không có kỳ đánh giá trước của cùng bộ chỉ số trong năm {rnd.year} để sao chép")
    current = {e.criterion_code: e for e in Entry.objects.filter(round=rnd, unit=unit).prefetch_related("evidence")}
    out = GroupCopy()
    for node in _leaves(group):
        source = sources.get(node.code)
        if source is None:
            continue
        entry = current.get(node.code)
        if ("*" not in criteria and node.code not in criteria) or not copyable(entry, node):
            out.skipped.append(node.code)
            continue
        try:
            _copy_one(rnd, unit, source, entry.version if entry else 0, actor, ip)
        except ValidationError as exc:
            out.refused.append(f"{node.code}: {' '.join(exc.messages)}")
        else:
            out.copied.append(node.code)
    if out.copied:
        refresh_results(rnd, actor, unit)
    return out


def _leaves(node: fw.Node) -> list[fw.Node]:
    """The criteria under a group, in the framework's order."""
    stack, out = [node], []
    while stack:
        n = stack.pop()
        if n.is_leaf:
            out.append(n)
        else:
            stack.extend(reversed(n.children))
    return out
