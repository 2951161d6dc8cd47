"""Evidence uploads through dti.evidence: content-checked, PDF signatures verified, duplicates linked.

The file checks and the signature verdicts live in :mod:`dti.evidence` (shared with the CLI and API);
this module only persists their results and records them in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dti.engine import framework as fw
from dti.evidence import (
    KINDS,
    UNKNOWN_ISSUER,
    EvidenceError,
    FileRejected,
    NotAPdfError,
    inspect_file,
    load_trust_roots,
    verify_pdf,
)
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry, Evidence
from dti.web.entries.write import Change, EntryError, entry_refusal, entry_write, round_lock
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

# Reading more than this just to report "too large" would let one request fill the memory.
_READ_CAP = 64 * 1024 * 1024


def _read(upload: UploadedFile, limit: int) -> bytes:
    upload.seek(0)
    size = upload.size or 0
    data = upload.read() if size <= max(limit, _READ_CAP) else upload.read(limit + 1)
    upload.seek(0)
    return data


def signature_check(data: bytes) -> dict[str, Any] | None:
    """``PdfVerification.to_dict()`` against the configured trust roots; None for non-PDF bytes.

    A PDF that cannot be verified still gets a record (with ``error``) rather than blocking the upload:
    the verdict tells the assessor why.
    """
    try:
        roots = load_trust_roots(settings.DTI_TRUST_ROOTS_DIR)
        return verify_pdf(data, trust_roots=roots).to_dict()
    except NotAPdfError:
        return None
    except EvidenceError as exc:
        return {"signed": False, "all_ok": False, "verdict": f"Không kiểm tra được chữ ký số: {exc}",
                "signatures": [], "error": str(exc)}


@transaction.atomic
def evidence_add(
    *, entry: Entry, upload: UploadedFile, actor: AbstractBaseUser, ip: str | None = None, note: str = "",
) -> Evidence:
    """Check, verify and store one uploaded file; ``EntryError`` (Vietnamese, names the file) when refused.

    ``note`` says where in the file the proof is (mục, trang).
    """
    note = clean_note(note)
    data = _read(upload, settings.EVIDENCE_MAX_BYTES)
    try:
        facts = inspect_file(data, upload.name or "tệp", max_bytes=settings.EVIDENCE_MAX_BYTES)
    except FileRejected as exc:
        raise EntryError({"file": [str(exc)]}) from None
    check = signature_check(data) if facts.kind == "pdf" else None
    first = (Evidence.objects.current().filter(entry__round_id=entry.round_id, sha256=facts.sha256,
                                               linked_from__isnull=True)
             .order_by("uploaded_at", "pk").first())
    ev = Evidence(
        entry=entry, original_name=(upload.name or facts.filename)[:255], content_type=facts.mime,
        extension=KINDS[facts.kind].extensions[0].lstrip("."), size=facts.size, sha256=facts.sha256,
        uploaded_by=actor, kind_label=facts.label, signature_check=check,
        verified_at=timezone.now() if check is not None else None, duplicate_of=first, note=note,
    )
    ev.file.save("upload", ContentFile(data), save=False)
    ev.save()
    audit_record(actor=actor, action="evidence.add", obj=ev, ip=ip, new={
        "entry": entry.pk, "name": ev.original_name, "sha256": ev.sha256, "type": facts.mime,
        "signature": ev.signature_verdict if check is not None else None,
        "duplicate_of": first.pk if first else None, "note": note,
    })
    return ev


NOTE_MAX = 300


def clean_note(note: str | None) -> str:
    """The "where in the file" note, trimmed; too long is refused rather than cut."""
    text = " ".join((note or "").split())
    if len(text) > NOTE_MAX:
        raise EntryError({"note": [f"Vị trí minh chứng trong tệp dài quá {NOTE_MAX} ký tự"]})
    return text


@transaction.atomic
def evidence_attach(
    *, round: Round, unit: OrgUnit, criterion_code: str, upload: UploadedFile, actor: AbstractBaseUser,
    ip: str | None = None, note: str = "",
) -> Evidence:
    """Attach a file to the unit's entry, creating the entry when there is none — all or nothing:
    a refused file leaves neither an empty entry nor an audit row."""
    rnd = round_lock(round, Change.EVIDENCE, unit, criterion_code)
    entry = Entry.objects.select_for_update().filter(round=rnd, unit=unit, criterion_code=criterion_code).first()
    if entry is None:
        entry = entry_write(round=rnd, unit=unit, criterion_code=criterion_code, values={}, expected_version=0,
                            actor=actor, ip=ip, change=Change.EVIDENCE)
    refusal = entry_refusal(entry, Change.EVIDENCE, criterion_code)
    if refusal is not None:
        raise EntryError(refusal)
    return evidence_add(entry=entry, upload=upload, actor=actor, ip=ip, note=note)


@transaction.atomic
def evidence_recheck(*, evidence: Evidence, actor: AbstractBaseUser, ip: str | None = None) -> Evidence:
    """Verify the stored PDF again (e.g. after trust roots were installed) and keep the new verdict."""
    ev = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if ev.extension != "pdf":
        raise EntryError(f"Tệp '{ev.original_name}' không phải PDF: không có chữ ký số để kiểm tra")
    with ev.file.open("rb") as fh:
        data = fh.read()
    old = ev.signature_verdict
    ev.signature_check = signature_check(data)
    ev.verified_at = timezone.now()
    ev.save(update_fields=["signature_check", "verified_at"])
    audit_record(actor=actor, action="evidence.recheck", obj=ev, ip=ip,
                 old={"signature": old}, new={"signature": ev.signature_verdict})
    return ev


# --- criterion-level status for criteria that require a signed file ------------------------------

OK, UNKNOWN, INVALID, MISSING = "ok", "unknown_issuer", "invalid", "missing"
STATUS_TEXT = {
    OK: "Đạt: có chữ ký số hợp lệ",
    UNKNOWN: "Không xác định được tổ chức cấp",
    INVALID: "Chữ ký không hợp lệ",
    MISSING: "Thiếu tệp",
}
_RANK = {OK: 0, UNKNOWN: 1, INVALID: 2, MISSING: 3}


def file_status(ev: Evidence) -> str:
    """OK / UNKNOWN (intact, issuer not among trust roots) / INVALID / MISSING (not signed)."""
    check = ev.signature_check
    if not check or not check.get("signatures"):
        return MISSING
    if check.get("all_ok"):
        return OK
    sigs = check["signatures"]
    if all(s.get("intact") and (s.get("ok") or any(UNKNOWN_ISSUER in p for p in s.get("problems", [])))
           for s in sigs):
        return UNKNOWN
    return INVALID


@dataclass(frozen=True)
class SignedStatus:
    code: str  # OK, UNKNOWN, INVALID, MISSING
    text: str  # Vietnamese status
    detail: str  # which file decided it and its verdict

    @property
    def ok(self) -> bool:
        return self.code == OK


def criterion_signed_status(files: Iterable[Evidence]) -> SignedStatus:
    """The best file decides: one validly signed file is enough."""
    files = list(files)
    if not files:
        return SignedStatus(MISSING, STATUS_TEXT[MISSING], "Chưa có tệp minh chứng nào.")
    best = min(files, key=lambda ev: (_RANK[file_status(ev)], -ev.pk))
    code = file_status(best)
    if code == MISSING:
        return SignedStatus(MISSING, "Thiếu tệp có chữ ký số",
                            f"{len(files)} tệp đã nộp nhưng không tệp nào có chữ ký số.")
    return SignedStatus(code, STATUS_TEXT[code], f"{best.original_name}: {best.signature_verdict}")


def signed_statuses(entries: dict[str, Entry], framework: fw.Framework) -> dict[str, SignedStatus]:
    """Criterion code → status, for every criterion requiring signed evidence (entries prefetch evidence)."""
    out = {}
    for node in framework.by_code.values():
        if node.is_leaf and node.requires_signed_evidence:
            entry = entries.get(node.code)
            out[node.code] = criterion_signed_status(entry.current_evidence() if entry else [])
    return out
