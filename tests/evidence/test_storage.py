from __future__ import annotations

import re
import stat

import pytest

from dti.evidence import LocalStorage, S3Storage, Storage, StorageError, storage_from_env

KEY_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.pdf$")


def test_local_storage_round_trip(tmp_path):
    store = LocalStorage(tmp_path)
    assert isinstance(store, Storage)
    key = store.save(b"%PDF-1.7 data", suffix=".PDF")
    assert KEY_RE.match(key)
    path = tmp_path / key
    assert path.read_bytes() == b"%PDF-1.7 data"
    assert path.parent.parent.name == key[:2] and path.parent.name == key[3:5]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert store.exists(key) and store.read(key) == b"%PDF-1.7 data"
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # idempotent
    with pytest.raises(StorageError, match="Không tìm thấy"):
        store.read(key)


def test_keys_are_random(tmp_path):
    store = LocalStorage(tmp_path)
    assert store.save(b"a", suffix=".pdf") != store.save(b"a", suffix=".pdf")


@pytest.mark.parametrize(
    "key",
    [
        "../../etc/passwd",
        "ab/cd/../../../etc/passwd.pdf",
        "/etc/passwd",
        "ab/cd/" + "0" * 32 + ".exe",
        "ab/cd/" + "0" * 32 + ".pdf/../x",
        "AB/cd/" + "0" * 32 + ".pdf",
    ],
)
def test_it_refuses_keys_that_could_escape_the_store(tmp_path, key):
    store = LocalStorage(tmp_path)
    for op in (store.read, store.exists, store.delete):
        with pytest.raises(StorageError, match="không hợp lệ"):
            op(key)


def test_it_refuses_suffixes_that_are_not_evidence_types(tmp_path):
    with pytest.raises(StorageError, match="'.html'"):
        LocalStorage(tmp_path).save(b"x", suffix=".html")


def test_storage_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DTI_EVIDENCE_ROOT", str(tmp_path))
    store = storage_from_env()
    assert isinstance(store, LocalStorage) and store.root == tmp_path.resolve()
    monkeypatch.setenv("DTI_EVIDENCE_STORAGE", "ftp")
    with pytest.raises(StorageError, match="chọn 'local' hoặc 's3'"):
        storage_from_env()


def test_s3_needs_a_bucket(monkeypatch):
    monkeypatch.delenv("DTI_S3_BUCKET", raising=False)
    with pytest.raises(StorageError, match="DTI_S3_BUCKET"):
        S3Storage()


def test_s3_storage_round_trip_on_moto(monkeypatch):
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    for var, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(var, value)
    with moto.mock_aws():
        boto3.client("s3").create_bucket(Bucket="minh-chung")
        monkeypatch.setenv("DTI_EVIDENCE_STORAGE", "s3")
        monkeypatch.setenv("DTI_S3_BUCKET", "minh-chung")
        store = storage_from_env()
        assert isinstance(store, S3Storage)
        key = store.save(b"%PDF-1.7 s3", suffix=".pdf")
        assert KEY_RE.match(key)
        assert store.exists(key) and store.read(key) == b"%PDF-1.7 s3"
        listed = boto3.client("s3").list_objects_v2(Bucket="minh-chung")["Contents"]
        assert [o["Key"] for o in listed] == ["evidence/" + key]
        store.delete(key)
        assert not store.exists(key)
        with pytest.raises(StorageError, match="Không tìm thấy"):
            store.read(key)
        with pytest.raises(StorageError, match="không hợp lệ"):
            store.read("../x.pdf")
