"""Evidence lifecycle (vòng đời minh chứng): remove, replace, link one upload to another criterion, and
the note saying where in the file the proof is.

Every change goes the way an upload goes: the round's row lock with the deadline rule of the unit's
inputs (``round_lock`` with ``Change.EVIDENCE`` → ``entry_lock_reason``), then the entry's workflow rule
(``RULES``: files change until the province approves the criterion), then an audit row. A stored file is
never deleted: a removed or replaced row keeps it for the audit trail and stops counting as current.
A link is a row of its own (its own note, removable on its own) that serves the stored file of the
original upload: one file, several criteria of the unit in the round, no second copy.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dti.web.audit.services import audit_record
from dti.web.entries.evidence import clean_note, evidence_add
from dti.web.entries.models import Entry, Evidence
from dti.web.entries.write import Change, EntryError, criterion_of, entry_refusal, entry_write, round_lock
from dti.web.rounds.models import Round


def _facts(ev: Evidence) -> dict[str, object]:
    return {"entry": ev.entry_id, "criterion": ev.entry.criterion_code, "name": ev.original_name,
            "sha256": ev.sha256, "note": ev.note, "linked_from": ev.linked_from_id}


def _locked(evidence: Evidence) -> tuple[Round, Entry, Evidence]:
    """Round row, entry and evidence row locked, in that order (as every writer locks); checks the rules."""
    entry = evidence.entry
    rnd = round_lock(entry.round, Change.EVIDENCE, entry.unit, entry.criterion_code)
    locked_entry = Entry.objects.select_for_update().select_related("unit").get(pk=entry.pk)
    ev = Evidence.objects.select_for_update().get(pk=evidence.pk)
    ev.entry = locked_entry
    if ev.removed_at is not None:
        raise EntryError(f"Tệp '{ev.original_name}' đã được gỡ khỏi tiêu chí {locked_entry.criterion_code}")
    refusal = entry_refusal(locked_entry, Change.EVIDENCE)
    if refusal is not None:
        raise EntryError(refusal)
    return rnd, locked_entry, ev


def _retire(ev: Evidence, actor: User, replaced_by: Evidence | None = None) -> None:
    ev.removed_at, ev.removed_by, ev.replaced_by = timezone.now(), actor, replaced_by
    ev.save(update_fields=["removed_at", "removed_by", "replaced_by"])


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User, ip: str | None = None) -> Evidence:
    """Take a file off its criterion (gỡ tệp); links of the same file on other criteria stay."""
    _rnd, _entry, ev = _locked(evidence)
    _retire(ev, actor)
    audit_record(actor=actor, action="evidence.remove", obj=ev, ip=ip, old=_facts(ev), new={"removed": True})
    return ev


@transaction.atomic
def evidence_replace(
    *, evidence: Evidence, upload: UploadedFile, actor: User, ip: str | None = None,
) -> Evidence:
    """A new file in place of a wrong one (thay tệp), checked like any upload; the note carries over."""
    _rnd, entry, ev = _locked(evidence)
    new = evidence_add(entry=entry, upload=upload, actor=actor, ip=ip, note=ev.note)
    _retire(ev, actor, replaced_by=new)
    audit_record(actor=actor, action="evidence.replace", obj=ev, ip=ip, old=_facts(ev),
                 new={"evidence": new.pk, "name": new.original_name, "sha256": new.sha256})
    return new


@transaction.atomic
def evidence_note_set(*, evidence: Evidence, note: str, actor: User, ip: str | None = None) -> Evidence:
    """Where in the file the proof is ("Mục II, trang 3"), for this criterion's link to the file."""
    _rnd, _entry, ev = _locked(evidence)
    old = ev.note
    ev.note = clean_note(note)
    ev.save(update_fields=["note"])
    audit_record(actor=actor, action="evidence.note", obj=ev, ip=ip, old={"note": old}, new={"note": ev.note})
    return ev


def link_row(source: Evidence, entry: Entry, actor: User | None, note: str = "") -> Evidence:
    """A row on ``entry`` serving ``source``'s stored file (the caller holds the locks and checked the rules)."""
    root_id = source.root_id
    if any(e.root_id == root_id or e.sha256 == source.sha256 for e in entry.current_evidence()):
        raise EntryError({"evidence": [
            f"Tệp '{source.original_name}' đã là minh chứng của tiêu chí {entry.criterion_code}"]})
    link = Evidence(
        entry=entry, original_name=source.original_name, content_type=source.content_type,
        extension=source.extension, size=source.size, sha256=source.sha256, uploaded_by=actor,
        kind_label=source.kind_label, signature_check=source.signature_check, verified_at=source.verified_at,
        linked_from_id=root_id, note=clean_note(note),
        file=source.file.name,  # the same stored file: nothing is copied
    )
    link.save()
    return link


@transaction.atomic
def evidence_link(
    *, evidence: Evidence, criterion_code: str, actor: User, note: str = "", ip: str | None = None,
) -> Evidence:
    """Use a file already uploaded for one criterion as evidence of another criterion of the same unit
    and round (creating that criterion's entry when there is none)."""
    src_entry = evidence.entry
    rnd = round_lock(src_entry.round, Change.EVIDENCE, src_entry.unit, criterion_code)
    criterion_of(rnd, criterion_code)
    source = Evidence.objects.select_related("entry").get(pk=evidence.pk)
    if source.removed_at is not None:
        raise EntryError({"evidence": [f"Tệp '{source.original_name}' đã được gỡ: không dùng lại được"]})
    if source.entry.round_id != rnd.pk or source.entry.unit_id != src_entry.unit_id:
        raise EntryError({"evidence": ["Chỉ dùng lại được tệp của cùng đơn vị trong cùng kỳ đánh giá"]})
    unit = source.entry.unit
    entry = Entry.objects.select_for_update().filter(round=rnd, unit=unit, criterion_code=criterion_code).first()
    if entry is None:
        entry = entry_write(round=rnd, unit=unit, criterion_code=criterion_code, values={}, expected_version=0,
                            actor=actor, ip=ip, change=Change.EVIDENCE)
    refusal = entry_refusal(entry, Change.EVIDENCE, criterion_code)
    if refusal is not None:
        raise EntryError(refusal)
    link = link_row(source, entry, actor, note)
    audit_record(actor=actor, action="evidence.link", obj=link, ip=ip,
                 new={"entry": entry.pk, "criterion": criterion_code, "from_evidence": source.pk,
                      "from_criterion": source.entry.criterion_code, "name": link.original_name,
                      "sha256": link.sha256, "note": link.note})
    return link
