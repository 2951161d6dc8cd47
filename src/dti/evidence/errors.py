"""Errors raised by the evidence package. Every message is Vietnamese and meant for the user."""

from __future__ import annotations


class EvidenceError(Exception):
    """Base class: ``str(exc)`` is a Vietnamese message that can be shown as is."""

    code = "evidence_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileRejected(EvidenceError):
    """The uploaded file must not be accepted (type, size, content, antivirus)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class NotAPdfError(EvidenceError):
    """Signature verification was asked for a file that is not a PDF."""

    code = "not_pdf"


class TrustRootError(EvidenceError):
    """A trust-root file could not be read as an X.509 certificate."""

    code = "trust_root"
