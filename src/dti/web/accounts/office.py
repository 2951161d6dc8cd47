"""Accounts the DTI office creates for its units and agencies: one-time passwords, deactivation,
resets, and a user's own password change. Every change is audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.accounts.models import AccountState, Role, RoleAssignment
from dti.web.audit.services import audit_record
from dti.web.units.models import Agency, OrgUnit

OFFICE_ROLES = (Role.UNIT_EDITOR, Role.AGENCY_EDITOR, Role.ASSESSOR, Role.VIEWER)
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I to misread


def one_time_password() -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


@dataclass(frozen=True)
class NewAccount:
    user: AbstractUser
    password: str  # shown once, never stored in clear


def _username_clean(username: str) -> str:
    username = (username or "").strip().lower()
    if not username or len(username) > 150 or not all(c.isalnum() or c in "-_.@" for c in username):
        raise ValidationError({"username": "Tên đăng nhập chỉ gồm chữ không dấu, số và - _ . @ (tối đa 150 ký tự)"})
    return username


def _flag(user: AbstractBaseUser, *, must_change: bool, by: AbstractBaseUser | None = None) -> None:
    state, _ = AccountState.objects.get_or_create(user=user, defaults={"created_by": by})
    state.must_change_password = must_change
    state.save(update_fields=["must_change_password"])


@transaction.atomic
def account_create(
    *, username: str, full_name: str, email: str = "", role: str, unit: OrgUnit, agency: Agency | None = None,
    actor: AbstractBaseUser | None,
) -> NewAccount:
    """A new account with one role; its one-time password must be changed at first login."""
    username = _username_clean(username)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"Đã có tài khoản '{username}'"})
    if role not in OFFICE_ROLES:
        raise ValidationError({"role": "Vai trò không hợp lệ"})
    if role == Role.AGENCY_EDITOR:
        if agency is None:
            raise ValidationError({"agency": "Cán bộ nhập liệu cơ quan phải gắn với một cơ quan"})
        unit = agency.org_unit
    elif agency is not None:
        raise ValidationError({"agency": "Chỉ cán bộ nhập liệu cơ quan mới gắn với cơ quan"})
    password = one_time_password()
    user = User(username=username, email=(email or "").strip()[:254])
    first, _, last = (full_name or "").strip().rpartition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    user.set_password(password)
    user.save()
    _flag(user, must_change=True, by=actor)
    RoleAssignment.objects.create(user=user, role=role, org_unit=None if agency else unit, agency=agency)
    audit_record(actor=actor, action="account.create", obj=user,
                 new={"username": username, "role": role, "unit": unit.code, "agency": agency and agency.name})
    return NewAccount(user, password)


@transaction.atomic
def account_set_active(*, user: AbstractUser, active: bool, actor: AbstractBaseUser | None) -> AbstractUser:
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError({"user": "Không thể tự khóa tài khoản của mình"})
    old = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="account.activate" if active else "account.deactivate", obj=user,
                 old={"is_active": old}, new={"is_active": active})
    return user


@transaction.atomic
def account_reset_password(*, user: AbstractUser, actor: AbstractBaseUser | None) -> str:
    """A fresh one-time password (returned to be shown once); the old one stops working at once."""
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _flag(user, must_change=True, by=actor)
    audit_record(actor=actor, action="account.reset_password", obj=user, new={"username": user.get_username()})
    return password


@transaction.atomic
def password_change(*, user: AbstractUser, old_password: str, new_password: str, new_password2: str) -> None:
    """The user's own change: the current password, then a new one passing the validators."""
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": "Mật khẩu hiện tại không đúng"})
    if new_password != new_password2:
        raise ValidationError({"new_password2": "Hai lần nhập mật khẩu mới không khớp"})
    if new_password == old_password:
        raise ValidationError({"new_password": "Mật khẩu mới phải khác mật khẩu hiện tại"})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _flag(user, must_change=False)
    audit_record(actor=user, action="account.change_password", obj=user, new={"username": user.get_username()})
