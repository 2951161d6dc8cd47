"""A throw-away PKI and PDF builder for the evidence tests: test CA, signer certificates, signed PDFs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dti.web.demo_pki import one_page_pdf

PAGE_TEXT = b"Bao cao chuyen doi so nam 2024"


@dataclass
class Identity:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def make_root(cn: str = "DTI Test Root CA", org: str = "Ban Cơ yếu Thử nghiệm") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    name = _name(cn, org)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3650))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Identity(key, cert)


def make_signer(
    issuer: Identity,
    *,
    cn: str = "Nguyễn Văn An",
    org: str = "UBND huyện Nam Đông",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, org))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=30))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return Identity(key, cert)


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def minimal_pdf(text: bytes = PAGE_TEXT) -> bytes:
    """A one-page PDF written by hand, with a correct cross-reference table."""
    return one_page_pdf(text, width=300)


def make_tsa(issuer: Identity, *, not_before: datetime, not_after: datetime) -> Identity:
    # pyHanko's DummyTimeStamper signs with RSA only.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("DTI Test TSA", "Ban Cơ yếu Thử nghiệm"))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return Identity(key, cert)


def _key_info(identity: Identity) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def _store(chain: list[Identity]) -> SimpleCertificateStore:
    return SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(c.der) for c in chain])


def sign_pdf(
    pdf: bytes,
    signer: Identity,
    chain: list[Identity],
    *,
    field_name: str = "ChuKy1",
    tsa: Identity | None = None,
    timestamp_at: datetime | None = None,
) -> bytes:
    """Sign with pyHanko; with ``tsa`` the signature carries a timestamp token dated ``timestamp_at``."""
    simple = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(signer.der),
        signing_key=_key_info(signer),
        cert_registry=_store(chain),
    )
    timestamper = None
    if tsa is not None:
        timestamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.der),
            tsa_key=_key_info(tsa),
            certs_to_embed=_store(chain),
            fixed_dt=timestamp_at,
        )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name=field_name)
    out = signers.sign_pdf(writer, meta, signer=simple, timestamper=timestamper)
    return bytes(out.getvalue())


def append_content_change(signed: bytes, new_text: bytes = b"Bao cao DA SUA sau khi ky") -> bytes:
    """An incremental update that replaces the page's text: a modification a signature must not allow."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 20 100 Td (" + new_text + b") Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def flip_signed_byte(signed: bytes) -> bytes:
    """Change one letter of the page text, which lies inside the signed byte range."""
    at = signed.index(PAGE_TEXT)
    data = bytearray(signed)
    data[at] = ord("X")
    return bytes(data)
