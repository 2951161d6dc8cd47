"""Backup and restore of one installation: the database as portable JSON, every stored file, a manifest.

A backup is a directory::

    manifest.json        format, time, database vendor, row counts, SHA-256 of every part
    database.json.gz     Django's dumpdata (natural keys): loads into SQLite or PostgreSQL alike
    files/<name>         each file a FileField refers to (evidence, batch documents), under its stored name

Restore refuses a damaged backup (any hash differs) before touching anything, then migrates, wipes the
database and loads the dump in one transaction, writes the files back and checks each file's hash
again. The job queue's pending tasks, sessions and the cache are not kept: they are transient.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

FORMAT = "dti-backup/1"
DUMP = "database.json.gz"
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "django_q.ormq", "admin.logentry"]


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is Vietnamese."""


@dataclass
class BackupReport:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
    return h.hexdigest()


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [(m, f.name) for m in apps.get_models() for f in m._meta.get_fields()
            if isinstance(f, models.FileField)]


def _stored_names() -> list[str]:
    names: set[str] = set()
    for model, name in _file_fields():
        names.update(v for v in model._default_manager.values_list(name, flat=True) if v)
    return sorted(names)


def _safe(name: str) -> str:
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise BackupError(f"Tên tệp lưu trữ không hợp lệ trong bản sao lưu: {name!r}")
    return name


def backup_create(*, out: Path) -> BackupReport:
    """Write a backup into the new or empty directory ``out``."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"Thư mục '{out}' đã có dữ liệu: hãy chọn một thư mục mới cho bản sao lưu")
    (out / "files").mkdir(parents=True, exist_ok=True)
    report = BackupReport(path=out)
    # one consistent view of the rows and the file list (SQLite serialises; PostgreSQL: repeatable read)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        dump = out / DUMP
        call_command("dumpdata", "--natural-foreign", "--natural-primary", *[f"--exclude={e}" for e in EXCLUDE],
                     output=str(dump), verbosity=0)
        names = _stored_names()
    with gzip.open(dump, "rt", encoding="utf-8") as fh:
        for row in json.load(fh):
            report.rows[row["model"]] = report.rows.get(row["model"], 0) + 1
    files: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for name in names:
        if not default_storage.exists(name):
            missing.append(name)
            continue
        target = out / "files" / _safe(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, target.open("wb") as dst:
            while chunk := src.read(1024 * 1024):
                dst.write(chunk)
        files[name] = {"sha256": _sha256(target), "size": target.stat().st_size}
        report.bytes += target.stat().st_size
    report.files = len(files)
    manifest = {
        "format": FORMAT, "created": timezone.now().isoformat(), "database": connection.vendor,
        "dump": {"name": DUMP, "sha256": _sha256(dump)}, "rows": report.rows, "files": files,
        "missing_files": missing,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def backup_check(path: Path) -> dict[str, Any]:
    """The manifest of a complete, undamaged backup; ``BackupError`` naming the first problem otherwise."""
    try:
        manifest: dict[str, Any] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"'{path}' không phải bản sao lưu DTI (thiếu hoặc hỏng manifest.json)") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu không hỗ trợ: {manifest.get('format')!r}")
    dump = path / manifest["dump"]["name"]
    if not dump.is_file() or _sha256(dump) != manifest["dump"]["sha256"]:
        raise BackupError("Tệp dữ liệu của bản sao lưu bị thiếu hoặc đã thay đổi (mã băm SHA-256 không khớp)")
    for name, facts in manifest["files"].items():
        target = path / "files" / _safe(name)
        if not target.is_file() or _sha256(target) != facts["sha256"]:
            raise BackupError(f"Tệp '{name}' trong bản sao lưu bị thiếu hoặc đã thay đổi")
    return manifest


def _is_empty() -> bool:
    # by the app registry, as the rest of this module: core sits below the apps whose rows it copies
    return not any(apps.get_model(*name).objects.exists() for name in (("rounds", "Round"), ("units", "OrgUnit")))


def backup_restore(*, path: Path, replace: bool = False) -> BackupReport:
    """Restore ``path`` into this installation's database and storage (see the module docstring)."""
    manifest = backup_check(path)
    call_command("migrate", interactive=False, verbosity=0)
    if not replace and not _is_empty():
        raise BackupError("Cơ sở dữ liệu đang có dữ liệu: dùng --replace để xóa và thay bằng bản sao lưu")
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(path / manifest["dump"]["name"]), verbosity=0)
    report = BackupReport(path=path, rows=dict(manifest["rows"]))
    for name, facts in manifest["files"].items():
        if default_storage.exists(name):
            default_storage.delete(name)
        with (path / "files" / _safe(name)).open("rb") as fh:
            saved = default_storage.save(name, File(fh, name=name))
        if saved != name:
            raise BackupError(f"Không ghi lại được tệp '{name}' đúng tên cũ (lưu thành '{saved}')")
        with default_storage.open(name, "rb") as fh:
            h = hashlib.sha256()
            while chunk := fh.read(1024 * 1024):
                h.update(chunk)
        if h.hexdigest() != facts["sha256"]:
            raise BackupError(f"Tệp '{name}' sau khi phục hồi không khớp mã băm")
        report.files += 1
        report.bytes += facts["size"]
    return report
