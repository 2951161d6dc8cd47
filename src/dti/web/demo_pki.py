"""The demo's signed evidence: a demo CA made at demo time, trusted by the platform, and one PDF it
signed. Private keys live in memory only and are never written (nothing secret is committed or stored)."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DEMO_CA_NAME = "DTI Demo Root CA (chỉ dùng cho bản trình diễn)"


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def _cert(subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey,
          signer_key: ec.EllipticCurvePrivateKey, *, ca: bool, days: int) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(_usage(ca=ca), critical=True))
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    return builder.sign(signer_key, hashes.SHA256())


def one_page_pdf(text: bytes, *, width: int = 420) -> bytes:
    """A one-page PDF with a correct cross-reference table (pyHanko appends the signature to it)."""
    content = b"BT /F1 12 Tf 20 100 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 200] /Contents 4 0 R" % width +
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_signed_evidence(signer_name: str, org: str, text: bytes) -> tuple[bytes, bytes]:
    """(the demo CA's certificate as PEM, a PDF signed under it)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(DEMO_CA_NAME, "Nền tảng DTI – trình diễn")
    ca = _cert(ca_name, ca_name, ca_key, ca_key, ca=True, days=3650)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(_name(signer_name, org), ca_name, key, ca_key, ca=False, days=730)
    der = cert.public_bytes(serialization.Encoding.DER)
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der), signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))]),
    )

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(one_page_pdf(text)))
        out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="ChuKy1"), signer=signer)
        return bytes(out.getvalue())

    # pyHanko's sync API starts its own event loop: under a running loop (a server, a browser test)
    # it signs on a worker thread instead
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return ca.public_bytes(serialization.Encoding.PEM), sign()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return ca.public_bytes(serialization.Encoding.PEM), pool.submit(sign).result()
