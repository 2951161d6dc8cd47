"""Verification of digital signatures in PDF evidence (chữ ký số), with pyHanko, offline.

Trust is judged at signing time: the signature's embedded timestamp when it has one, else the signing
time the signer declared. A certificate that expired later does not make an old signature untrusted, but
is flagged (``expired``). No network access: revocation lists are not fetched (``allow_fetching=False``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from dti.evidence.errors import EvidenceError, NotAPdfError
from dti.evidence.trust import CertificateLike, load_trust_roots, to_asn1_certificates
from dti.evidence.verdicts import (
    NO_SIGNATURE,
    file_verdict,
    signature_notes,
    signature_problems,
    signature_verdict,
)

log = logging.getLogger(__name__)

# Vietnamese signing certificates carry digitalSignature and/or nonRepudiation; accept either.
_KEY_USAGE = KeyUsageConstraints(
    key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
)


@dataclass
class SignatureVerdict:
    """One signature's facts and the Vietnamese judgement (kết luận) on it."""

    field_name: str
    signer: str | None  # CN of the signing certificate
    organisation: str | None  # O of the signing certificate
    issuer: str | None  # CN (or O) of the certificate's issuer
    serial_number: str | None
    signed_at: datetime | None
    signed_at_source: str | None  # "timestamp" (dấu thời gian) | "signer" (người ký khai) | None
    intact: bool  # bytes unchanged since signing and no disallowed later modifications
    covers_whole_file: bool  # False when later revisions were appended (even allowed ones)
    coverage: str  # pyHanko SignatureCoverageLevel name
    modification: str | None  # pyHanko ModificationLevel name of later revisions
    trusted: bool  # chain to a configured root, valid at signing time
    expired: bool  # certificate expired at the check time
    cert_valid_from: datetime | None
    cert_valid_until: datetime | None
    timestamp_trusted: bool | None  # None when there is no timestamp
    problems: list[str] = field(default_factory=list)  # why it is invalid or untrusted
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure
    verdict: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("signed_at", "cert_valid_from", "cert_valid_until"):
            out[key] = out[key].isoformat() if out[key] else None
        out["ok"] = self.ok
        return out


@dataclass
class PdfVerification:
    """All signatures of a PDF plus a file-level verdict ("Tệp không có chữ ký số" when there are none)."""

    signatures: list[SignatureVerdict]
    verdict: str

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def all_ok(self) -> bool:
        return self.signed and all(s.ok for s in self.signatures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "signed": self.signed,
            "all_ok": self.all_ok,
            "verdict": self.verdict,
            "signatures": [s.to_dict() for s in self.signatures],
        }


def verify_pdf_signatures(
    data: bytes,
    *,
    trust_roots: Sequence[CertificateLike] | None = None,
    now: datetime | None = None,
) -> list[SignatureVerdict]:
    """Verdicts for every signature in the PDF, in signing order; empty list when unsigned."""
    return verify_pdf(data, trust_roots=trust_roots, now=now).signatures


def verify_pdf(
    data: bytes,
    *,
    trust_roots: Sequence[CertificateLike] | None = None,
    now: datetime | None = None,
) -> PdfVerification:
    """Verify a PDF's signatures. ``trust_roots=None`` loads the configured directory; ``[]`` trusts nothing."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _verify_pdf(data, trust_roots=trust_roots, now=now)
    # pyHanko's synchronous API runs its own event loop; inside a running loop (ASGI, a browser
    # driver) it must run on a thread of its own
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify_pdf, data, trust_roots=trust_roots, now=now).result()


def _verify_pdf(
    data: bytes,
    *,
    trust_roots: Sequence[CertificateLike] | None,
    now: datetime | None,
) -> PdfVerification:
    if not data.startswith(b"%PDF-"):
        raise NotAPdfError(
            "Tệp không phải PDF nên không kiểm tra được chữ ký số (chỉ kiểm tra chữ ký trên PDF)."
        )
    roots = load_trust_roots() if trust_roots is None else to_asn1_certificates(trust_roots)
    check_time = now or datetime.now(UTC)
    if check_time.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise EvidenceError(f"Không đọc được tệp PDF (tệp hỏng hoặc không đúng chuẩn): {exc}") from exc
    verdicts = [_verify_one(sig, roots, check_time) for sig in embedded]
    return PdfVerification(signatures=verdicts, verdict=file_verdict(verdicts) if verdicts else NO_SIGNATURE)


def _verify_one(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], now: datetime
) -> SignatureVerdict:
    cert: asn1_x509.Certificate = sig.signer_cert
    ts_time = _timestamp_time(sig)
    claimed = sig.self_reported_timestamp
    ref_time = ts_time or claimed or now
    context = ValidationContext(
        trust_roots=list(roots),
        allow_fetching=False,
        moment=ref_time,
    )
    valid_from = cert["tbs_certificate"]["validity"]["not_before"].native
    valid_until = cert["tbs_certificate"]["validity"]["not_after"].native
    verdict = SignatureVerdict(
        field_name=str(sig.field_name or ""),
        signer=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        issuer=_name_part(cert.issuer, "common_name") or _name_part(cert.issuer, "organization_name"),
        serial_number=format(cert.serial_number, "X"),
        signed_at=ref_time if (ts_time or claimed) else None,
        signed_at_source="timestamp" if ts_time else ("signer" if claimed else None),
        intact=False,
        covers_whole_file=False,
        coverage="UNCLEAR",
        modification=None,
        trusted=False,
        expired=valid_until < now,
        cert_valid_from=valid_from,
        cert_valid_until=valid_until,
        timestamp_trusted=None,
    )
    try:
        status = validate_pdf_signature(sig, context, key_usage_settings=_KEY_USAGE)
    except (SignatureValidationError, PdfError, ValueError, KeyError) as exc:
        log.info("signature %s failed structural validation: %s", verdict.field_name, exc)
        verdict.problems = ["cấu trúc chữ ký số không hợp lệ hoặc không được hỗ trợ"]
        verdict.verdict = signature_verdict(verdict)
        return verdict
    _apply_status(verdict, status)
    verdict.problems = signature_problems(verdict, status, now=now)
    verdict.notes = signature_notes(verdict, now=now)
    verdict.verdict = signature_verdict(verdict, verdict.notes)
    return verdict


def _apply_status(verdict: SignatureVerdict, status: PdfSignatureStatus) -> None:
    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    level = status.modification_level
    verdict.coverage = coverage.name
    verdict.modification = level.name if level is not None else None
    verdict.covers_whole_file = coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Hash and signature check, plus pyHanko's judgement of later revisions (docmdp_ok is False for
    # any modification beyond extra signatures, form filling or LTA data, or beyond the DocMDP level).
    verdict.intact = bool(
        status.intact
        and status.valid
        and coverage >= SignatureCoverageLevel.ENTIRE_REVISION
        and status.docmdp_ok is True
    )
    verdict.trusted = bool(
        status.valid and status.trust_problem_indic is None and status.validation_path is not None
    )
    if status.timestamp_validity is not None:
        ts = status.timestamp_validity
        verdict.timestamp_trusted = bool(ts.valid and ts.intact and ts.trusted)


def _timestamp_time(sig: EmbeddedPdfSignature) -> datetime | None:
    # Read before validation: the timestamp's time is the moment at which the chain must be valid.
    for tst in extract_tst_data_iter(sig.signer_info, signed=False):
        try:
            gen_time = tst["encap_content_info"]["content"].parsed["gen_time"].native
        except (KeyError, ValueError, AttributeError):
            continue
        if isinstance(gen_time, datetime):
            return gen_time
    return None


def _name_part(name: asn1_x509.Name, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value) if value else None
