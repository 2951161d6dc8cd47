"""Trust roots: the CA certificates a province trusts for digital signatures (chứng thư số gốc).

None are shipped. A province puts the root certificates it relies on (e.g. the government CA roots)
as PEM or DER files in ``DTI_TRUST_ROOTS_DIR`` (default ``var/trust-roots/``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509 as crypto_x509
from cryptography.hazmat.primitives.serialization import Encoding

from dti.evidence.errors import TrustRootError

TRUST_ROOTS_ENV = "DTI_TRUST_ROOTS_DIR"
DEFAULT_TRUST_ROOTS_DIR = Path("var/trust-roots")
CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}

CertificateLike: TypeAlias = bytes | crypto_x509.Certificate | asn1_x509.Certificate


def trust_roots_dir() -> Path:
    return Path(os.environ.get(TRUST_ROOTS_ENV) or DEFAULT_TRUST_ROOTS_DIR)


def load_trust_roots(directory: str | Path | None = None) -> list[asn1_x509.Certificate]:
    """Every certificate in the directory's .pem/.crt/.cer/.der files; a missing directory means none."""
    root = Path(directory) if directory is not None else trust_roots_dir()
    if not root.is_dir():
        return []
    certs: list[asn1_x509.Certificate] = []
    for path in sorted(root.iterdir()):
        if path.suffix.lower() in CERT_SUFFIXES and path.is_file():
            try:
                certs.extend(parse_certificates(path.read_bytes()))
            except TrustRootError as exc:
                raise TrustRootError(f"Tệp chứng thư gốc '{path.name}': {exc}") from exc
    return certs


def parse_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    """Certificates from PEM (one or many) or DER bytes."""
    try:
        if b"-----BEGIN" in data:
            parsed = crypto_x509.load_pem_x509_certificates(data)
        else:
            parsed = [crypto_x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise TrustRootError("không đọc được chứng thư số X.509 (PEM hoặc DER).") from exc
    return [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in parsed]


def to_asn1_certificates(items: Iterable[CertificateLike]) -> list[asn1_x509.Certificate]:
    """Normalise what callers pass as trust roots (bytes, cryptography or asn1crypto certificates)."""
    out: list[asn1_x509.Certificate] = []
    for item in items:
        if isinstance(item, asn1_x509.Certificate):
            out.append(item)
        elif isinstance(item, crypto_x509.Certificate):
            out.append(asn1_x509.Certificate.load(item.public_bytes(Encoding.DER)))
        elif isinstance(item, bytes | bytearray):
            out.extend(parse_certificates(bytes(item)))
        else:
            raise TrustRootError(f"Chứng thư gốc không hợp lệ: kiểu {type(item).__name__}.")
    return out
