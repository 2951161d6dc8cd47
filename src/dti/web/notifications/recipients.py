"""Who is told: the people holding a role on a unit, on a round's owner unit, or assessing a unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser

from dti.web.accounts.models import Role, RoleAssignment
from dti.web.units.models import OrgUnit

if TYPE_CHECKING:
    from dti.web.rounds.models import Round


def _users(qs: object) -> list[AbstractBaseUser]:
    return [ra.user for ra in qs.select_related("user")]  # type: ignore[attr-defined]


def unit_people(unit: OrgUnit, *, roles: tuple[str, ...] = (Role.UNIT_EDITOR, Role.UNIT_LEADER,
                                                             Role.AGENCY_EDITOR)) -> list[AbstractBaseUser]:
    """Users whose role is scoped to this unit itself (or to one of its agencies)."""
    qs = RoleAssignment.objects.filter(role__in=roles, org_unit=unit) | RoleAssignment.objects.filter(
        role__in=roles, agency__org_unit=unit)
    return _users(qs.distinct())


def unit_leaders(unit: OrgUnit) -> list[AbstractBaseUser]:
    return _users(RoleAssignment.objects.filter(role=Role.UNIT_LEADER, org_unit=unit))


def round_people(rnd: Round) -> list[AbstractBaseUser]:
    """Everyone entering data for a unit of the round."""
    units = list(rnd.units.all())
    qs = RoleAssignment.objects.filter(
        role__in=(Role.UNIT_EDITOR, Role.UNIT_LEADER), org_unit__in=units
    ) | RoleAssignment.objects.filter(role=Role.AGENCY_EDITOR, agency__org_unit__in=units)
    return _users(qs.distinct())


def round_office(rnd: Round) -> list[AbstractBaseUser]:
    """The round's owners and assessors (scoped to its owner unit or above)."""
    ancestors = [u for u in OrgUnit.objects.filter(path__in=_prefixes(rnd.owner_unit.path))]
    qs = RoleAssignment.objects.filter(role__in=(Role.FRAMEWORK_OWNER, Role.ASSESSOR), org_unit__in=ancestors)
    return _users(qs)


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
