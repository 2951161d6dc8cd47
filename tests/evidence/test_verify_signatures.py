from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dti.evidence import (
    NO_SIGNATURE,
    UNKNOWN_ISSUER,
    EvidenceError,
    NotAPdfError,
    verify_pdf,
    verify_pdf_signatures,
)
from tests import pki
from tests.conftest import PAST_UNTIL


def only(data: bytes, roots: list) -> object:
    verdicts = verify_pdf_signatures(data, trust_roots=roots)
    assert len(verdicts) == 1
    return verdicts[0]


def test_it_accepts_a_valid_signature_from_a_trusted_root(signed_pdf, root):
    v = only(signed_pdf, [root.pem])
    assert (v.intact, v.covers_whole_file, v.trusted, v.expired) == (True, True, True, False)
    assert v.ok
    assert v.signer == "Nguyễn Văn An"
    assert v.organisation == "UBND huyện Nam Đông"
    assert v.issuer == "DTI Test Root CA"
    assert v.signed_at_source == "signer"
    assert abs(v.signed_at - datetime.now(UTC)) < timedelta(minutes=10)
    assert v.problems == []
    assert v.verdict.startswith("Chữ ký hợp lệ: ký bởi Nguyễn Văn An (UBND huyện Nam Đông) lúc ")
    assert "tài liệu còn nguyên vẹn" in v.verdict


def test_it_takes_trust_roots_as_der_bytes_or_certificate_objects(signed_pdf, root):
    assert only(signed_pdf, [root.der]).trusted
    assert only(signed_pdf, [root.cert]).trusted


def test_it_does_not_trust_an_unknown_root(signed_pdf, other_root):
    v = only(signed_pdf, [other_root.pem])
    assert v.intact and not v.trusted and not v.ok
    assert UNKNOWN_ISSUER in v.verdict
    assert v.verdict.startswith("Chữ ký chưa được xác thực")
    assert "(DTI Test Root CA)" in v.verdict


def test_it_trusts_nothing_with_an_empty_root_list(signed_pdf):
    v = only(signed_pdf, [])
    assert not v.trusted
    assert "không xác định được tổ chức cấp" in v.verdict


def test_it_rejects_an_incremental_update_that_changes_the_page(signed_pdf, root):
    v = only(pki.append_content_change(signed_pdf), [root.pem])
    assert not v.intact and not v.covers_whole_file and not v.ok
    assert v.modification == "OTHER"
    assert v.verdict.startswith("Chữ ký KHÔNG hợp lệ")
    assert "tài liệu đã bị sửa đổi sau khi ký" in v.verdict


def test_it_rejects_a_byte_changed_inside_the_signed_range(signed_pdf, root):
    v = only(pki.flip_signed_byte(signed_pdf), [root.pem])
    assert not v.intact and not v.ok
    assert "nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp)" in v.verdict


def test_it_refuses_a_certificate_expired_at_signing_time(unsigned_pdf, expired_signer, root):
    v = only(pki.sign_pdf(unsigned_pdf, expired_signer, [root]), [root.pem])
    assert v.intact and v.expired and not v.trusted
    assert "chứng thư số đã hết hạn tại thời điểm ký (hết hạn ngày 01/01/2021)" in v.verdict


def test_it_keeps_trusting_a_signature_whose_certificate_expired_later(signed_pdf, root):
    later = datetime.now(UTC) + timedelta(days=800)
    v = verify_pdf(signed_pdf, trust_roots=[root.pem], now=later).signatures[0]
    assert v.trusted and v.intact and v.expired
    assert v.verdict.startswith("Chữ ký hợp lệ")
    assert "sau thời điểm ký" in v.verdict


def test_it_uses_the_timestamp_as_signing_time(unsigned_pdf, expired_signer, root, tsa):
    stamped_at = datetime(2020, 6, 15, 3, 0, tzinfo=UTC)
    data = pki.sign_pdf(unsigned_pdf, expired_signer, [root], tsa=tsa, timestamp_at=stamped_at)
    v = only(data, [root.pem])
    assert v.signed_at == stamped_at and v.signed_at_source == "timestamp"
    assert v.timestamp_trusted is True
    # Certificate valid on the timestamp's date, expired today: trusted, and flagged.
    assert v.trusted and v.intact and v.expired
    assert v.cert_valid_until == PAST_UNTIL
    assert "10:00 ngày 15/06/2020" in v.verdict


def test_it_reports_an_unsigned_pdf(unsigned_pdf, root):
    result = verify_pdf(unsigned_pdf, trust_roots=[root.pem])
    assert result.signatures == [] and not result.signed and not result.all_ok
    assert result.verdict == NO_SIGNATURE == "Tệp không có chữ ký số."
    assert verify_pdf_signatures(unsigned_pdf, trust_roots=[root.pem]) == []


def test_a_second_signature_leaves_the_first_intact_but_not_whole_file(signed_pdf, signer, root):
    data = pki.sign_pdf(signed_pdf, signer, [root], field_name="ChuKy2")
    result = verify_pdf(data, trust_roots=[root.pem])
    first, second = result.signatures
    assert first.intact and not first.covers_whole_file and first.modification == "FORM_FILLING"
    assert second.intact and second.covers_whole_file
    assert result.all_ok and result.verdict == "Tệp có 2 chữ ký số, tất cả hợp lệ."


@pytest.mark.parametrize(
    "data", [b"\x7fELF\x02\x01\x01" + b"\0" * 64, b"MZ\x90\x00" + b"\0" * 64, b"PK\x03\x04" + b"\0" * 64]
)
def test_it_refuses_non_pdf_bytes(data):
    with pytest.raises(NotAPdfError, match="không phải PDF"):
        verify_pdf(data, trust_roots=[])


def test_it_reports_an_unreadable_pdf():
    with pytest.raises(EvidenceError, match="Không đọc được tệp PDF"):
        verify_pdf(b"%PDF-1.7\nrubbish\n%%EOF\n", trust_roots=[])


def test_it_loads_trust_roots_from_the_configured_directory(signed_pdf, root, tmp_path, monkeypatch):
    monkeypatch.setenv("DTI_TRUST_ROOTS_DIR", str(tmp_path))
    assert not only(signed_pdf, None).trusted
    (tmp_path / "root.pem").write_bytes(root.pem)
    assert only(signed_pdf, None).trusted


def test_verdict_dict_is_json_ready(signed_pdf, root):
    d = verify_pdf(signed_pdf, trust_roots=[root.pem]).to_dict()
    sig = d["signatures"][0]
    for key in (
        "signer",
        "signed_at",
        "intact",
        "covers_whole_file",
        "trusted",
        "organisation",
        "issuer",
        "expired",
        "verdict",
    ):
        assert key in sig
    assert isinstance(sig["signed_at"], str) and sig["ok"] is True and d["all_ok"] is True
