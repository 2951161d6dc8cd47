"""Querysets scoped to a user: what a list page or an API list shows, filtered in SQL.

Each function answers, for every row at once, exactly what the matching predicate of
``dti.web.permissions.core`` answers for one object (``tests/web/test_permission_scoping.py``
compares them for every user of the test world): ``visible_rounds`` ≡ ``can_view_round``,
``visible_units`` ≡ ``can_view_unit``, ``managed_rounds`` ≡ ``office.can_manage_round``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from dti.web.accounts.models import Role
from dti.web.permissions import office
from dti.web.permissions.core import (
    can_see_all_units,
    has_role,
    is_admin,
    province_held,
    role_scope,
    roles_of,
)
from dti.web.rounds.models import PUBLIC_STATES, Assignment, Round
from dti.web.units.models import OrgUnit

User = AbstractBaseUser | AnonymousUser
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)  # an empty Q() would vanish when OR-ed with another


def within(scope: OrgUnit | None, prefix: str = "") -> Q:
    """Rows whose unit (at ``prefix``) is ``scope`` or lies under it, by the code path (None: everywhere)."""
    if scope is None:
        return EVERYTHING
    return Q(**{f"{prefix}path": scope.path}) | Q(**{f"{prefix}path__startswith": scope.path + "/"})


def _with_unit_within(scope: OrgUnit | None) -> Q:
    if scope is None:
        return EVERYTHING
    return Q(pk__in=Round.objects.filter(within(scope, "units__")).values("pk"))


def visible_rounds(user: User) -> QuerySet[Round]:
    """The rounds the user may open (``can_view_round``)."""
    rounds = Round.objects.all()
    if is_admin(user):
        return rounds
    q = NOTHING
    for ra in roles_of(user):
        scope = role_scope(ra)
        if ra.role in (Role.FRAMEWORK_OWNER, Role.ASSESSOR, Role.DATA_OFFICE):
            q |= within(scope, "owner_unit__")
        elif ra.role in (Role.UNIT_EDITOR, Role.AGENCY_EDITOR, Role.UNIT_LEADER):
            q |= _with_unit_within(scope)
        elif ra.role == Role.VIEWER:
            q |= Q(state__in=PUBLIC_STATES) & _with_unit_within(scope)
    return rounds.filter(q)


def visible_units(user: User, rnd: Round) -> QuerySet[OrgUnit]:
    """The round's units whose page the user may open (``can_view_unit``)."""
    units = rnd.units.all()
    if can_see_all_units(user, rnd) or has_role(user, Role.DATA_OFFICE, rnd.owner_unit):
        return units
    held = province_held(rnd)
    q = NOTHING
    for ra in roles_of(user):
        if ra.role in (Role.UNIT_EDITOR, Role.UNIT_LEADER) or (ra.role == Role.VIEWER and rnd.results_public):
            q |= within(role_scope(ra))
        elif ra.role == Role.AGENCY_EDITOR and ra.agency_id is not None:
            # an agency editor sees the units where the agency enters at least one criterion
            assigned = Assignment.objects.filter(round=rnd, agency_id=ra.agency_id).exclude(criterion_code__in=held)
            if assigned.exists():
                q |= within(role_scope(ra))
    return units.filter(q)


def managed_rounds(user: User) -> QuerySet[Round]:
    """The rounds the user runs from the office's console (``office.can_manage_round``)."""
    rounds = Round.objects.all()
    if is_admin(user):
        return rounds
    q = NOTHING
    for scope in office.owner_units(user):
        q |= within(scope, "owner_unit__")
    return rounds.filter(q)
