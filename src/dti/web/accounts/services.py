"""Writes on users and role assignments (demo users, admin tools)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.db import transaction

from dti.web.accounts.models import RoleAssignment
from dti.web.audit.services import audit_record
from dti.web.units.models import Agency, OrgUnit


@transaction.atomic
def user_ensure(
    *, username: str, password: str, full_name: str = "", is_staff: bool = False, email: str | None = None,
    actor: AbstractBaseUser | None = None,
) -> AbstractUser:
    """Create the user, or reset its password/name when it exists (idempotent)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    first, _, last = full_name.rpartition(" ")
    user.first_name, user.last_name = first, last
    if email is not None:  # notifications are e-mailed here
        user.email = email
    user.is_staff = is_staff
    user.is_superuser = is_staff
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create" if created else "user.update", obj=user, new={"username": username})
    return user


@transaction.atomic
def role_assign(
    *, user: AbstractBaseUser, role: str, org_unit: OrgUnit | None = None, agency: Agency | None = None,
    criteria: str | None = None, is_council: bool | None = None, actor: AbstractBaseUser | None = None,
) -> RoleAssignment:
    """Give the role (idempotent); an assessor's ``criteria`` (codes of criteria/groups) and council flag."""
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=org_unit, agency=agency)
    old = {"criteria": assignment.criteria, "is_council": assignment.is_council}
    if criteria is not None:
        assignment.criteria = " ".join(criteria.replace(",", " ").split())[:500]
    if is_council is not None:
        assignment.is_council = is_council
    new = {"criteria": assignment.criteria, "is_council": assignment.is_council}
    if new != old:
        assignment.save(update_fields=["criteria", "is_council"])
    if created or new != old:
        audit_record(
            actor=actor, action="role.assign" if created else "role.update", obj=assignment,
            new={"user": user.get_username(), "role": role, "org_unit": org_unit and org_unit.key,
                 "agency": agency and agency.code} | new,
        )
    return assignment
