"""Who runs the office's console: framework owners within their province, and platform admins.

Scopes compare code paths, so an owner of Tỉnh Thừa Thiên Huế (code 46) keeps its districts after
the province record was replaced by Thành phố Huế (also code 46) in 2025.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from dti.web.accounts.models import Role
from dti.web.permissions import core as perm
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

User = AbstractBaseUser | AnonymousUser
DENIED = "Chỉ cơ quan chủ trì bộ chỉ số (Sở) của tỉnh mới thực hiện được thao tác này"


def owner_units(user: User) -> list[OrgUnit]:
    return [ra.org_unit for ra in perm.roles_of(user) if ra.role == Role.FRAMEWORK_OWNER and ra.org_unit is not None]


def can_use_office(user: User) -> bool:
    return perm.is_admin(user) or bool(owner_units(user))


def can_manage_unit(user: User, unit: OrgUnit) -> bool:
    """Accounts, agencies and province data of ``unit``: the owner of a province above it."""
    return perm.is_admin(user) or any(unit.is_within(scope) for scope in owner_units(user))


def can_manage_round(user: User, rnd: Round) -> bool:
    return perm.is_admin(user) or any(rnd.owner_unit.is_within(scope) for scope in owner_units(user))


def owner_unit_for(user: User, ref: str | None = None) -> OrgUnit:
    """The province a new round belongs to: the owner's own (the one named when it has several)."""
    scopes = owner_units(user)
    if ref:
        chosen = [s for s in scopes if ref in (s.code, s.key)]
        if chosen:
            return chosen[0]
        if perm.is_admin(user):
            found = OrgUnit.objects.filter(key=ref).first() or OrgUnit.objects.filter(code=ref, level=1).first()
            if found is not None:
                return found
        raise PermissionDenied(DENIED)
    if len(scopes) == 1:
        return scopes[0]
    raise PermissionDenied(DENIED if not scopes else "Bạn phụ trách nhiều tỉnh: hãy chọn đơn vị tổ chức kỳ")


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(DENIED)
