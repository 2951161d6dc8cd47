"""Evidence uploads: type decided by content (``filetype``), size-limited, stored under a random name."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dti.engine.numbers import fmt_number
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry, Evidence
from dti.web.entries.services import EntryError

ALLOWED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, ZIP"


def evidence_check(upload: UploadedFile) -> tuple[str, str]:
    """(mime, extension) of an acceptable file; raise ``EntryError`` naming the file otherwise."""
    name = upload.name or "tệp"
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise EntryError({"file": [f"Tệp '{name}' rỗng"]})
    if upload.size > limit:
        raise EntryError({"file": [
            f"Tệp '{name}' dung lượng {fmt_number(upload.size / 1048576, 1)} MB, vượt giới hạn "
            f"{fmt_number(limit / 1048576, 1)} MB"
        ]})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    allowed = settings.EVIDENCE_ALLOWED_MIME
    if mime not in allowed:
        found = f"nội dung thực là {kind.extension.upper()}" if kind else "không nhận ra loại nội dung"
        raise EntryError({"file": [f"Tệp '{name}' không được chấp nhận ({found}); chỉ nhận {ALLOWED_LABEL}"]})
    return mime, allowed[mime]


@transaction.atomic
def evidence_add(*, entry: Entry, upload: UploadedFile, actor: AbstractBaseUser, ip: str | None = None) -> Evidence:
    mime, ext = evidence_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    ev = Evidence(
        entry=entry, original_name=(upload.name or "")[:255], content_type=mime, extension=ext,
        size=upload.size or 0, sha256=digest.hexdigest(), uploaded_by=actor,
    )
    ev.file.save("upload", upload, save=False)
    ev.save()
    audit_record(actor=actor, action="evidence.add", obj=ev,
                 new={"entry": entry.pk, "name": ev.original_name, "sha256": ev.sha256, "type": mime}, ip=ip)
    return ev
