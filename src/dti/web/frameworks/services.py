"""Loading framework versions: validated by the engine, frozen once a round uses them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from dti.engine.framework import FrameworkError, builtin_framework_paths, parse_framework_text
from dti.web.audit.services import audit_record
from dti.web.frameworks.models import FrameworkVersion


class FrameworkInUse(FrameworkError):
    pass


@transaction.atomic
def framework_load(*, yaml_text: str, source: str = "<YAML>", actor: AbstractBaseUser | None = None) -> FrameworkVersion:
    """Store a framework version; same text again is a no-op, changed text of a used version is refused."""
    fw = parse_framework_text(yaml_text, source=source)
    digest = hashlib.sha256(yaml_text.encode()).hexdigest()
    existing = FrameworkVersion.objects.select_for_update().filter(code=fw.code, version=fw.version).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        if existing.rounds.exists():
            raise FrameworkInUse(
                f"{source}: bộ chỉ số {fw.code} phiên bản {fw.version} đã được dùng cho kỳ đánh giá nên không "
                "được sửa; hãy tăng 'version'"
            )
    version, created = FrameworkVersion.objects.update_or_create(
        code=fw.code, version=fw.version,
        defaults={"name": fw.name, "kind": fw.kind, "yaml_text": yaml_text, "sha256": digest},
    )
    audit_record(
        actor=actor, action="framework.load" if created else "framework.update", obj=version,
        old=None if existing is None else {"sha256": existing.sha256}, new={"sha256": digest, "source": source},
    )
    return version


def frameworks_load_builtin(*, actor: AbstractBaseUser | None = None) -> tuple[list[FrameworkVersion], list[str]]:
    """Every YAML in src/dti/frameworks; a broken file is reported, not fatal to the others."""
    loaded, errors = [], []
    for code, path in builtin_framework_paths().items():
        try:
            loaded.append(framework_load(yaml_text=Path(path).read_text(encoding="utf-8"), source=path.name, actor=actor))
        except FrameworkError as exc:
            errors.append(f"{code}: {exc}")
    return loaded, errors
