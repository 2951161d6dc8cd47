"""Where evidence bytes live. Callers keep only the opaque key this returns, never a user-given name.

Keys are random (``ab/cd/<32 hex>.pdf``): they reveal nothing, cannot collide in practice, spread files
over sharded directories, and are validated on every access so no key can reach outside the store.

Backends: ``LocalStorage`` (default; a directory outside the web root) and ``S3Storage`` (any
S3-compatible service; needs the optional ``boto3`` package). Choose with ``DTI_EVIDENCE_STORAGE``.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from dti.evidence.errors import StorageError
from dti.evidence.filecheck import ALLOWED_EXTENSIONS

STORAGE_ENV = "DTI_EVIDENCE_STORAGE"  # "local" (default) or "s3"
ROOT_ENV = "DTI_EVIDENCE_ROOT"
DEFAULT_ROOT = Path("var/media/evidence")

_SUFFIXES = "|".join(sorted(re.escape(ext[1:]) for ext in ALLOWED_EXTENSIONS))
_KEY_RE = re.compile(rf"^[0-9a-f]{{2}}/[0-9a-f]{{2}}/[0-9a-f]{{32}}\.({_SUFFIXES})$")


@runtime_checkable
class Storage(Protocol):
    def save(self, data: bytes, *, suffix: str) -> str:
        """Store the bytes under a new random key and return the key."""

    def read(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is not an error."""


def new_key(suffix: str) -> str:
    suffix = suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise StorageError(f"Phần mở rộng '{suffix}' không được phép lưu trữ.")
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token[2:4]}/{token}{suffix}"


def check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise StorageError(f"Mã tệp lưu trữ không hợp lệ: {key!r}.")
    return key


class LocalStorage:
    """Files under ``root`` (default ``var/media/evidence``), which must not be served by the web server."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root or os.environ.get(ROOT_ENV) or DEFAULT_ROOT).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        # The key pattern already forbids "..", this guards against symlinked shards.
        if not path.is_relative_to(self.root):
            raise StorageError(f"Mã tệp lưu trữ trỏ ra ngoài kho: {key!r}.")
        return path

    def save(self, data: bytes, *, suffix: str) -> str:
        for _ in range(5):
            key = new_key(suffix)
            path = self._path(key)
            if not path.exists():
                break
        else:  # pragma: no cover - 128 random bits colliding five times
            raise StorageError("Không tạo được tên tệp lưu trữ mới.")
        path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o640)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"Không tìm thấy tệp lưu trữ {key}.") from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """An S3-compatible bucket (AWS S3, MinIO, Ceph…), private objects, keys as in :func:`new_key`.

    Configured by ``DTI_S3_BUCKET``, ``DTI_S3_ENDPOINT_URL`` (for non-AWS services), ``DTI_S3_PREFIX``
    and the standard AWS credential variables.
    """

    def __init__(
        self,
        bucket: str | None = None,
        *,
        prefix: str | None = None,
        endpoint_url: str | None = None,
        client: Any = None,
    ) -> None:
        self.bucket = bucket or os.environ.get("DTI_S3_BUCKET", "")
        if not self.bucket:
            raise StorageError("Chưa cấu hình kho S3: thiếu biến môi trường DTI_S3_BUCKET.")
        self.prefix = (prefix if prefix is not None else os.environ.get("DTI_S3_PREFIX", "evidence/")).lstrip(
            "/"
        )
        if client is None:
            try:
                import boto3  # type: ignore[import-untyped]
            except ImportError as exc:
                raise StorageError("Kho S3 cần gói 'boto3' (pip install boto3).") from exc
            client = boto3.client(
                "s3", endpoint_url=endpoint_url or os.environ.get("DTI_S3_ENDPOINT_URL") or None
            )
        self.client = client

    def _object(self, key: str) -> str:
        return self.prefix + check_key(key)

    def save(self, data: bytes, *, suffix: str) -> str:
        key = new_key(suffix)
        self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=data, ACL="private")
        return key

    def read(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._object(key))
        except self.client.exceptions.NoSuchKey as exc:
            raise StorageError(f"Không tìm thấy tệp lưu trữ {key}.") from exc
        return bytes(response["Body"].read())

    def exists(self, key: str) -> bool:
        response = self.client.list_objects_v2(Bucket=self.bucket, Prefix=self._object(key), MaxKeys=1)
        return any(o["Key"] == self._object(key) for o in response.get("Contents", []))

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))


def storage_from_env() -> Storage:
    """The backend named by ``DTI_EVIDENCE_STORAGE`` (``local`` by default)."""
    backend = os.environ.get(STORAGE_ENV, "local").strip().lower()
    if backend == "local":
        return LocalStorage()
    if backend == "s3":
        return S3Storage()
    raise StorageError(f"{STORAGE_ENV}='{backend}' không hợp lệ: chọn 'local' hoặc 's3'.")
