"""Who may do what through the API: the UI's rules for people, token scope for machines.

People go through exactly the predicates and querysets the UI uses (``core``, ``scoping``, ``results``);
a machine token has no roles, only its scope (criteria × unit subtree), and never sees scores or the
audit trail.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from dti.web.accounts.models import Role
from dti.web.api.errors import Conflict
from dti.web.api.permissions import machine_of
from dti.web.entries.models import Entry
from dti.web.permissions import core as perm
from dti.web.permissions import results, scoping
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

DENIED = "Bạn không có quyền thực hiện thao tác này"


def visible_rounds(request: Request) -> list[Round]:
    token = machine_of(request)
    if token is not None:
        qs = Round.objects.filter(pk__in=Round.objects.filter(scoping.within(token.unit, "units__")).values("pk"))
    else:
        qs = scoping.visible_rounds(request.user)
    return list(qs.select_related("framework", "owner_unit").order_by("-year", "slug"))


def can_view_round(request: Request, rnd: Round) -> bool:
    token = machine_of(request)
    if token is not None:
        return rnd.units.filter(scoping.within(token.unit)).exists()
    return perm.can_view_round(request.user, rnd)


def can_view_unit(request: Request, rnd: Round, unit: OrgUnit) -> bool:
    token = machine_of(request)
    if token is not None:
        return token.covers(unit)
    return perm.can_view_unit(request.user, rnd, unit)


def can_view_result(request: Request, rnd: Round, unit: OrgUnit) -> bool:
    """A unit's scores: exactly who sees its scorecard page; never a machine."""
    if machine_of(request) is not None:
        return False
    return results.can_view_scorecard(request.user, rnd, unit)


def visible_units(request: Request, rnd: Round) -> list[OrgUnit]:
    """The round's units whose entries/scores the caller may read (as the round page lists them)."""
    token = machine_of(request)
    units = rnd.units.all() if token is not None else scoping.visible_units(request.user, rnd)
    if token is not None:
        units = units.filter(scoping.within(token.unit))
    return list(units.select_related("parent").order_by("code"))


def visible_entries(request: Request) -> QuerySet[Entry]:
    """Entries of every (round, unit) the caller may read; a machine only its criteria."""
    q = Q(pk__in=[])
    token = machine_of(request)
    for rnd in visible_rounds(request):
        units = visible_units(request, rnd)
        if len(units) == rnd.units.count():
            q |= Q(round=rnd)
        elif units:
            q |= Q(round=rnd, unit__in=units)
    qs = Entry.objects.filter(q)
    if token is not None:
        qs = qs.filter(criterion_code__in=token.criteria)
    return qs


def audit_entries(request: Request) -> QuerySet[Entry] | None:
    """Entries whose history the caller may read (None = every event, for admins).

    Viewers read published results only, so the history of entries is for the people who
    enter, review or manage them.
    """
    user = request.user
    if perm.is_admin(user):
        return None
    if all(ra.role == Role.VIEWER for ra in perm.roles_of(user)):
        return Entry.objects.none()
    return visible_entries(request)


def check_edit(request: Request, rnd: Round, unit: OrgUnit, code: str) -> None:
    """Raise 403 when the caller may never edit this; 409 when only the round's state forbids it."""
    token = machine_of(request)
    if token is not None:
        allowed_anytime = token.covers(unit, code) and rnd.units.filter(pk=unit.pk).exists()
    else:
        if perm.can_edit(request.user, rnd, unit, code):
            return
        anytime = perm.editable_criteria(request.user, rnd, unit, ignore_state=True)
        allowed_anytime = anytime is perm.ALL or code in anytime
    if not allowed_anytime:
        raise PermissionDenied(DENIED if token is None else f"Mã truy cập của '{token.source}' không được ghi "
                               f"tiêu chí {code} của đơn vị '{unit.name}'")
    # the same lock as every write path: round state, submission deadline, extensions
    from dti.web.rounds.deadlines import deadline_passed, entry_lock_reason

    reason = entry_lock_reason(rnd, unit, code)
    if reason is not None:
        locked_by_deadline = rnd.accepts_entries and deadline_passed(rnd)
        raise Conflict(reason, code="deadline" if locked_by_deadline else "round_locked")
