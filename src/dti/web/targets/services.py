"""Setting targets: each text must parse as a comparator target; every change is audited."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine.framework import Framework
from dti.engine.targets import TargetError, parse_target
from dti.web.audit.services import audit_record
from dti.web.targets.models import Target
from dti.web.units.models import OrgUnit


@transaction.atomic
def targets_set(*, unit: OrgUnit, framework: Framework, year: int, targets: Mapping[str, str],
                actor: AbstractBaseUser | None) -> int:
    """Set (or clear, with an empty text) the unit's targets of ``year``; all or nothing."""
    errors = []
    for code, text in targets.items():
        if code not in framework.by_code:
            errors.append(f"Không có tiêu chí '{code}' trong bộ chỉ số {framework.code}")
        elif (text or "").strip():
            if len(text) > 60:
                errors.append(f"Tiêu chí {code}: chỉ tiêu dài quá 60 ký tự")
                continue
            try:
                parse_target(text)
            except TargetError as exc:
                errors.append(f"Tiêu chí {code}: {exc} (ví dụ '>60', '≥ 80 %', '100%')")
    if errors:
        raise ValidationError(errors)
    changed = {}
    for code, raw in targets.items():
        text = (raw or "").strip()
        current = Target.objects.filter(unit=unit, framework_code=framework.code, year=year, criterion_code=code).first()
        old = current.text if current else ""
        if old == text:
            continue
        if not text:
            current.delete()  # type: ignore[union-attr]
        else:
            Target.objects.update_or_create(unit=unit, framework_code=framework.code, year=year, criterion_code=code,
                                            defaults={"text": text, "set_by": actor})
        changed[code] = {"old": old, "new": text}
    if changed:
        audit_record(actor=actor, action="targets.set", object_type="targets.target",
                     object_id=f"{unit.code}/{year}", object_repr=f"Chỉ tiêu {year} – {unit.name}",
                     new={"framework": framework.code, "changes": changed})
    return len(changed)
