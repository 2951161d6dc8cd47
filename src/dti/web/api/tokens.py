"""Issuing, revoking and checking API tokens; every issue/revoke is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dti.web.api.models import DataSource, MachineToken, PersonalToken
from dti.web.audit.services import audit_record
from dti.web.frameworks.models import FrameworkVersion
from dti.web.units.models import OrgUnit

MACHINE_PREFIX = "dti_m_"
PERSONAL_PREFIX = "dti_u_"
MAX_DAYS = 366
_SOURCE_NAME = re.compile(r"^[\w.\-]{2,60}$")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def _expiry(days: int) -> dt.datetime:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": [f"Thời hạn phải từ 1 đến {MAX_DAYS} ngày (nhận: {days})"]})
    return timezone.now() + dt.timedelta(days=days)


def _known_criteria() -> set[str]:
    """Leaf codes of every loaded framework version."""
    codes: set[str] = set()
    for fv in FrameworkVersion.objects.all():
        codes |= {n.code for n in fv.parsed().criteria()}
    return codes


@transaction.atomic
def data_source_ensure(*, name: str, actor: AbstractBaseUser | None) -> DataSource:
    """The source and its service account (username = source name, no password: it cannot log in)."""
    name = name.strip()
    if not _SOURCE_NAME.match(name):
        raise ValidationError({"source": [f"Tên nguồn dữ liệu '{name}' không hợp lệ (2–60 chữ, số, '.', '-', '_')"]})
    existing = DataSource.objects.filter(name=name).first()
    if existing is not None:
        return existing
    User = get_user_model()
    if User.objects.filter(username=name).exists():
        raise ValidationError({"source": [f"Tên nguồn '{name}' trùng tên đăng nhập của một người dùng"]})
    user = User(username=name, first_name=name)
    user.set_unusable_password()
    user.save()
    source = DataSource.objects.create(name=name, user=user)
    audit_record(actor=actor, action="datasource.create", obj=source, new={"name": name})
    return source


def clean_machine_request(*, source: str, criteria: Iterable[str], days: int) -> tuple[str, list[str]]:
    """Validate what a machine token would be issued with; returns (source, criteria codes)."""
    errors: dict[str, list[str]] = {}
    source = source.strip()
    if not _SOURCE_NAME.match(source):
        errors["source"] = [f"Tên nguồn dữ liệu '{source}' không hợp lệ (2–60 chữ, số, '.', '-', '_')"]
    codes = sorted({c.strip() for c in criteria if c.strip()})
    unknown = [c for c in codes if c not in _known_criteria()]
    if not codes:
        errors["criteria"] = ["Phải nêu ít nhất một mã tiêu chí"]
    elif unknown:
        errors["criteria"] = [f"Không có tiêu chí {', '.join(unknown)} trong bộ chỉ số nào đã nạp"]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [f"Thời hạn phải từ 1 đến {MAX_DAYS} ngày (nhận: {days})"]
    if errors:
        raise ValidationError(errors)
    return source, codes


@transaction.atomic
def machine_token_issue(
    *, source: str, criteria: Iterable[str], unit: OrgUnit, days: int, actor: AbstractBaseUser | None,
) -> tuple[MachineToken, str]:
    """A token for ``source`` limited to ``criteria`` in ``unit``'s subtree; returns (token, secret)."""
    source, codes = clean_machine_request(source=source, criteria=criteria, days=days)
    expires = _expiry(days)
    ds = data_source_ensure(name=source, actor=actor)
    secret = _new_secret(MACHINE_PREFIX)
    token = MachineToken.objects.create(
        source=ds, criteria=codes, unit=unit, expires_at=expires, key_hash=hash_secret(secret),
        hint=secret[: len(MACHINE_PREFIX) + 4], created_by=actor if actor and actor.is_authenticated else None,
    )
    audit_record(actor=actor, action="token.issue", obj=token,
                 new={"source": ds.name, "criteria": codes, "unit": unit.key, "expires_at": expires.isoformat()})
    return token, secret


@transaction.atomic
def personal_token_issue(
    *, user: AbstractBaseUser, days: int, label: str = "", actor: AbstractBaseUser | None,
) -> tuple[PersonalToken, str]:
    if hasattr(user, "data_source"):
        raise ValidationError({"user": ["Tài khoản dịch vụ của nguồn dữ liệu chỉ dùng mã truy cập máy"]})
    expires = _expiry(days)
    secret = _new_secret(PERSONAL_PREFIX)
    token = PersonalToken.objects.create(
        user=user, label=label, expires_at=expires, key_hash=hash_secret(secret),
        hint=secret[: len(PERSONAL_PREFIX) + 4], created_by=actor if actor and actor.is_authenticated else None,
    )
    audit_record(actor=actor, action="token.issue", obj=token,
                 new={"user": user.get_username(), "expires_at": expires.isoformat()})
    return token, secret


@transaction.atomic
def token_revoke(*, token: MachineToken | PersonalToken, actor: AbstractBaseUser | None) -> None:
    locked = type(token).objects.select_for_update().get(pk=token.pk)
    if locked.revoked:
        return
    locked.revoked, locked.revoked_at = True, timezone.now()
    locked.save(update_fields=["revoked", "revoked_at"])
    token.revoked, token.revoked_at = locked.revoked, locked.revoked_at
    audit_record(actor=actor, action="token.revoke", obj=locked, old={"revoked": False}, new={"revoked": True})


def token_lookup(secret: str) -> MachineToken | PersonalToken | None:
    """The token a secret belongs to (active or not), or None."""
    if secret.startswith(MACHINE_PREFIX):
        return MachineToken.objects.select_related("source__user", "unit").filter(key_hash=hash_secret(secret)).first()
    if secret.startswith(PERSONAL_PREFIX):
        return PersonalToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    return None
