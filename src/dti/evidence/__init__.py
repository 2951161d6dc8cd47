"""Trustworthy evidence (tài liệu kiểm chứng): file checks, PDF signature verification, the register.

Plain Python, no Django: the web app, the API and the ``dti evidence`` CLI call the same functions.
Every error a user can cause is an :class:`EvidenceError` whose ``str()`` is a Vietnamese message.

Typical upload flow (what the web app does)::

    from dti.evidence import FileRejected, EvidenceRecord, inspect_file, verify_pdf

    try:
        facts = inspect_file(data, upload.name, max_bytes=20 * 1024 * 1024)   # type, size, sha256
    except FileRejected as exc:
        form.add_error("file", str(exc))        # Vietnamese, names the file; exc.code for logic
        return
    check = verify_pdf(data) if facts.kind == "pdf" else None   # trust roots from DTI_TRUST_ROOTS_DIR
    key = ...  # where the caller stored the bytes (the web app: a FileField under MEDIA_ROOT)
    record = EvidenceRecord.from_facts(facts, unit=..., criterion=..., uploader=user.username,
                                       uploaded_at=timezone.now(), storage_key=key,
                                       signatures=check.signatures if check else [])
    # persist record.to_dict() (or its fields); check.verdict is the file-level Vietnamese verdict

API
- ``inspect_file(data, filename, *, max_bytes, scanner=None) -> FileFacts`` — content-based type check;
  raises ``FileRejected`` (``.code``: empty, too_large, executable, script, extension_not_allowed,
  unknown_content, type_mismatch, pdf_truncated, virus). Allowed: PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG.
- ``verify_pdf(data, *, trust_roots=None, now=None) -> PdfVerification`` — ``.signatures`` (list of
  ``SignatureVerdict``), ``.verdict`` (file level, "Tệp không có chữ ký số." when unsigned), ``.all_ok``.
  ``verify_pdf_signatures(...)`` returns just the list. ``trust_roots=None`` loads
  ``DTI_TRUST_ROOTS_DIR`` (default ``var/trust-roots/``); pass a list of PEM/DER bytes or certificates
  to override, ``[]`` to trust nothing. Raises ``NotAPdfError`` for non-PDF bytes, ``EvidenceError``
  for an unreadable PDF. Synchronous (pyHanko runs its own event loop): call it from sync code or a
  worker thread, not from inside a running asyncio loop.
- ``SignatureVerdict`` fields: signer, organisation, issuer, signed_at, signed_at_source, intact,
  covers_whole_file, trusted, expired, problems, notes, verdict (Vietnamese), ``.ok``, ``.to_dict()``.
- ``load_trust_roots(directory=None)`` — certificates from the configured directory.
- ``EvidenceRecord`` / ``find_duplicates(records)`` — register rows and same-hash groups.
- Antivirus hook: ``scanner=`` argument or ``DTI_EVIDENCE_SCANNER=module:callable``; a scanner is
  ``(data, filename) -> threat name | None``.
"""

from __future__ import annotations

from dti.evidence.errors import (
    EvidenceError,
    FileRejected,
    NotAPdfError,
    TrustRootError,
)
from dti.evidence.filecheck import ALLOWED_EXTENSIONS, DEFAULT_MAX_BYTES, KINDS, FileFacts, inspect_file
from dti.evidence.register import EvidenceRecord, duplicate_message, find_duplicates
from dti.evidence.scanning import Scanner, default_scanner, load_scanner
from dti.evidence.signatures import PdfVerification, SignatureVerdict, verify_pdf, verify_pdf_signatures
from dti.evidence.trust import load_trust_roots, trust_roots_dir
from dti.evidence.verdicts import NO_SIGNATURE, UNKNOWN_ISSUER

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "NO_SIGNATURE",
    "UNKNOWN_ISSUER",
    "EvidenceError",
    "EvidenceRecord",
    "FileFacts",
    "FileRejected",
    "NotAPdfError",
    "PdfVerification",
    "Scanner",
    "SignatureVerdict",
    "TrustRootError",
    "default_scanner",
    "duplicate_message",
    "find_duplicates",
    "inspect_file",
    "load_scanner",
    "load_trust_roots",
    "trust_roots_dir",
    "verify_pdf",
    "verify_pdf_signatures",
]
