from __future__ import annotations

import pytest

from dti.evidence import TrustRootError, load_trust_roots


def test_it_reads_pem_bundles_and_der_files(tmp_path, root, other_root):
    (tmp_path / "bundle.pem").write_bytes(root.pem + other_root.pem)
    (tmp_path / "goc.cer").write_bytes(root.der)
    (tmp_path / "README.txt").write_text("not a certificate")
    certs = load_trust_roots(tmp_path)
    assert [c.subject.native["common_name"] for c in certs] == [
        "DTI Test Root CA",
        "CA Lạ Không Tin Cậy",
        "DTI Test Root CA",
    ]


def test_a_missing_directory_means_no_roots(tmp_path):
    assert load_trust_roots(tmp_path / "khong-co") == []


def test_it_names_the_bad_file(tmp_path):
    (tmp_path / "hong.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustRootError, match="'hong.pem'.*không đọc được chứng thư số"):
        load_trust_roots(tmp_path)


def test_it_defaults_to_the_environment_directory(tmp_path, monkeypatch, root):
    monkeypatch.setenv("DTI_TRUST_ROOTS_DIR", str(tmp_path))
    (tmp_path / "root.crt").write_bytes(root.pem)
    assert len(load_trust_roots()) == 1
