"""The CA certificates trusted for evidence signatures, managed from the UI by the platform admin.

They stay files in ``DTI_TRUST_ROOTS_DIR`` (the verifier and ``dti evidence verify`` read that
directory), one PEM per certificate named by its SHA-256 fingerprint; adding and removing is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.evidence.trust import CERT_SUFFIXES
from dti.web.audit.services import audit_record

MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class TrustRoot:
    file: str
    name: str
    fingerprint: str  # SHA-256, hex pairs separated by ":"
    not_before: dt.datetime
    not_after: dt.datetime
    is_ca: bool

    @property
    def valid_now(self) -> bool:
        now = dt.datetime.now(dt.UTC)
        return self.not_before <= now <= self.not_after


def _dir() -> Path:
    return Path(settings.DTI_TRUST_ROOTS_DIR)


def _load(data: bytes) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ValidationError({"file": "Tệp không phải chứng thư số X.509 (PEM hoặc DER)"}) from None


def _describe(cert: x509.Certificate, file: str) -> TrustRoot:
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    return TrustRoot(file=file, name=str(cn[0].value) if cn else cert.subject.rfc4514_string(),
                     fingerprint=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
                     not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc, is_ca=is_ca)


def trust_roots_list() -> list[TrustRoot]:
    root = _dir()
    if not root.is_dir():
        return []
    out = []
    for path in sorted(root.iterdir()):
        if path.suffix.lower() in CERT_SUFFIXES and path.is_file():
            try:
                out.extend(_describe(c, path.name) for c in _load(path.read_bytes()))
            except ValidationError:
                continue  # an unreadable file is shown by `dti evidence verify`; the page lists what it can
    return out


@transaction.atomic
def trust_root_add(*, data: bytes, actor: AbstractBaseUser | None) -> list[TrustRoot]:
    """Store every CA certificate of the file; a non-CA certificate is refused (it cannot anchor a chain)."""
    if not data or len(data) > MAX_BYTES:
        raise ValidationError({"file": f"Chọn tệp chứng thư (tối đa {MAX_BYTES // 1024} KB)"})
    certs = _load(data)
    added = []
    _dir().mkdir(parents=True, exist_ok=True)
    for cert in certs:
        info = _describe(cert, "")
        if not info.is_ca:
            raise ValidationError({"file": f"'{info.name}' không phải chứng thư của tổ chức cấp chứng thư (CA)"})
        name = info.fingerprint.replace(":", "").lower()[:40] + ".pem"
        (_dir() / name).write_bytes(cert.public_bytes(Encoding.PEM))
        added.append(_describe(cert, name))
        audit_record(actor=actor, action="trust_root.add", object_type="evidence.trustroot",
                     object_id=info.fingerprint[:64], object_repr=info.name,
                     new={"name": info.name, "fingerprint": info.fingerprint,
                          "not_after": info.not_after.isoformat()})
    return added


@transaction.atomic
def trust_root_remove(*, fingerprint: str, actor: AbstractBaseUser | None) -> TrustRoot:
    found = next((r for r in trust_roots_list() if r.fingerprint == fingerprint), None)
    if found is None:
        raise ValidationError({"fingerprint": "Không có chứng thư gốc này"})
    path = _dir() / found.file
    remaining = [c for c in _load(path.read_bytes())
                 if c.fingerprint(hashes.SHA256()).hex(":").upper() != fingerprint]
    if remaining:
        path.write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in remaining))
    else:
        path.unlink()
    audit_record(actor=actor, action="trust_root.remove", object_type="evidence.trustroot",
                 object_id=fingerprint[:64], object_repr=found.name,
                 old={"name": found.name, "fingerprint": fingerprint})
    return found
