"""Writes of the documents app; each records an audit event in the same transaction."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from dti.limits import TEXT_MAX, text_problem
from dti.reports import PdfError, ReportError, SettingsError, TemplateError
from dti.web.audit.services import audit_record
from dti.web.documents import build
from dti.web.documents.models import (
    BatchState,
    DocumentBatch,
    ReportNotes,
    RoundDocumentSettings,
    UnitDocumentSettings,
)
from dti.web.rounds.models import Round, RoundState
from dti.web.units.models import OrgUnit

SETTINGS_FIELDS = ("issuer_parent", "issuer_name", "reporter", "place", "symbol_report", "symbol_plan",
                   "on_behalf_of", "deputy_of", "signer_title", "signer_name", "recipients")
MAX_TEXT = TEXT_MAX["note"]


def notes_refusal(rnd: Round) -> str | None:
    """Why the round's report notes can no longer change (None while they can).

    Closed (đã khóa) is the end: the documents are issued. Published results stay open to notes,
    because the báo cáo and the kế hoạch nâng cao DTI are written from the published results."""
    if rnd.state == RoundState.CLOSED:
        return (f"Kỳ '{rnd.name}' đang ở trạng thái '{rnd.get_state_display()}': nội dung văn bản đã khóa, "
                "không sửa được nữa")
    return None


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _changes(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    old, new = {}, {}
    for f in fields:
        if f in data and getattr(obj, f) != data[f]:
            old[f], new[f] = getattr(obj, f), data[f]
            setattr(obj, f, data[f])
    return old, new


@transaction.atomic
def unit_settings_save(*, unit: OrgUnit, data: dict[str, str],
                       acting_user: AbstractBaseUser | None) -> UnitDocumentSettings:
    """Create or update the unit's thể thức; only changed fields reach the audit row."""
    cfg, created = UnitDocumentSettings.objects.select_for_update().get_or_create(unit=unit)
    old, new = _changes(cfg, {k: (v or "").strip() for k, v in data.items()}, SETTINGS_FIELDS)
    if old or created:
        cfg.updated_by = _user(acting_user)
        cfg.save()
        audit_record(actor=acting_user, action="documents.settings_save", obj=cfg, old=old or None, new=new)
    return cfg


@transaction.atomic
def round_settings_save(*, round: Round, kind: str, data: dict[str, Any],
                        acting_user: AbstractBaseUser | None) -> RoundDocumentSettings:
    """The office's thể thức for the round's tổng hợp / công bố; a closed round's documents are final."""
    if kind not in RoundDocumentSettings.KINDS:
        raise ValidationError({"kind": "Không có loại văn bản này"})
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.state == RoundState.CLOSED:
        raise ValidationError({"__all__": f"Kỳ '{locked.name}' đã đóng: không sửa thể thức văn bản"})
    cfg, created = RoundDocumentSettings.objects.select_for_update().get_or_create(round=locked, kind=kind)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    old, new = _changes(cfg, clean, RoundDocumentSettings.FIELDS)
    if old or created:
        cfg.updated_by = _user(acting_user)
        cfg.full_clean()
        cfg.save()
        audit_record(actor=acting_user, action="documents.round_settings_save", obj=cfg, old=old or None,
                     new={"kind": kind, **new})
    return cfg


def round_settings_copy(*, source: Round, target: Round, actor: AbstractBaseUser | None, **_: Any) -> int:
    """A copied round keeps its documents' issuer, signer and recipients (not the old number and day)."""
    n = 0
    for cfg in RoundDocumentSettings.objects.filter(round=source):
        values = {f: getattr(cfg, f) for f in RoundDocumentSettings.FIELDS if f not in RoundDocumentSettings.NOT_COPIED}
        RoundDocumentSettings.objects.update_or_create(round=target, kind=cfg.kind,
                                                       defaults={**values, "updated_by": _user(actor)})
        n += 1
    if n:
        audit_record(actor=actor, action="documents.round_settings_copy", obj=target,
                     new={"copy_from": source.slug, "kinds": n})
    return n


@transaction.atomic
def report_notes_save(*, round: Round, unit: OrgUnit, data: dict[str, str],
                      acting_user: AbstractBaseUser | None) -> ReportNotes:
    """The unit's free texts for the round's documents (khó khăn, đề xuất, nhiệm vụ, mục tiêu).

    Locked once the round is closed (``notes_refusal``): the documents issued then must stay what they
    were. The round's row is locked first, so a save cannot slip past the closing."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    refusal = notes_refusal(locked)
    if refusal is not None:
        raise ValidationError(refusal)
    if not round.units.filter(pk=unit.pk).exists():
        raise ValidationError(f"{unit.name} không tham gia kỳ '{round.name}'")
    too_long = {}
    for field in ReportNotes.TEXT_FIELDS:
        label = str(ReportNotes._meta.get_field(field).verbose_name)
        found = text_problem("note", data.get(field) or "", label=f"Mục '{label}'")
        if found is not None:
            too_long[field] = [found]
    if too_long:
        raise ValidationError(too_long)
    notes, created = ReportNotes.objects.select_for_update().get_or_create(round=round, unit=unit)
    old, new = _changes(notes, {k: (v or "").strip() for k, v in data.items()}, ReportNotes.TEXT_FIELDS)
    if old or created:
        notes.updated_by = _user(acting_user)
        notes.save()
        audit_record(actor=acting_user, action="documents.notes_save", obj=notes, old=old or None, new=new)
    return notes


@transaction.atomic
def batch_request(*, round: Round, kind: str, fmt: str, acting_user: AbstractBaseUser | None) -> DocumentBatch:
    if kind not in build.KINDS:
        raise ValidationError(f"Loại văn bản '{kind}' không hợp lệ")
    if fmt not in build.FORMATS:
        raise ValidationError(f"Định dạng '{fmt}' không hợp lệ (docx hoặc pdf)")
    batch = DocumentBatch.objects.create(round=round, kind=kind, fmt=fmt, requested_by=_user(acting_user),
                                         n_units=round.units.count())
    audit_record(actor=acting_user, action="documents.batch_request", obj=batch, new={"kind": kind, "fmt": fmt})
    return batch


def batch_build(*, batch_id: int) -> DocumentBatch:
    """Generate the ZIP; failures are stored on the batch as a Vietnamese message, never half a file."""
    DocumentBatch.objects.filter(pk=batch_id).update(state=BatchState.RUNNING)
    batch = DocumentBatch.objects.select_related("round__framework").get(pk=batch_id)
    try:
        with tempfile.TemporaryDirectory(prefix="dti-batch-") as tmp:
            zip_path = Path(tmp) / f"{batch.kind}-{batch.round.slug}.zip"
            n = build.batch_zip(batch.round, batch.kind, batch.fmt, zip_path)
            with zip_path.open("rb") as fh:
                batch.file.save(f"{batch.kind}-{batch.fmt}-{batch.round.slug}-{batch.pk}.zip", File(fh), save=False)
        batch.state, batch.n_units, batch.error = BatchState.DONE, n, ""
    except (ReportError, PdfError, SettingsError, TemplateError, OSError) as exc:
        batch.state, batch.error = BatchState.FAILED, str(exc)[:2000]
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "file", "n_units", "error", "finished_at"])
    return batch


def batch_build_task(batch_id: int) -> str:
    """Job-queue entry point (django-q2 pickles only the id)."""
    return batch_build(batch_id=batch_id).state


def batch_start(batch: DocumentBatch) -> None:
    """Small rounds run inline (the page shows the ZIP at once); larger ones go to the job queue."""
    inline_limit = int(getattr(settings, "DTI_INLINE_DOCUMENT_UNITS", 12))
    if batch.n_units <= inline_limit:
        batch_build(batch_id=batch.pk)
        return
    from django_q.tasks import async_task

    sync = bool(getattr(settings, "Q_CLUSTER", {}).get("sync", False))
    async_task(batch_build_task, batch.pk, sync=sync, task_name=f"van-ban-{batch.round.slug}-{batch.pk}"[:100])
