"""Server-side permission checks: every view and JSON endpoint goes through these.

Scopes are org-unit subtrees (by the code path, so a province's scope survives its 2025 rename)
and, for agency editors, the criteria assigned to their agency in the round.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from dti.web.accounts.models import Role, RoleAssignment
from dti.web.core import clientaddr
from dti.web.rounds.models import Assignment, ProvinceHeldCriterion, Round
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit

ALL = frozenset({"*"})  # every criterion


def roles_of(user: AbstractBaseUser | AnonymousUser) -> list[RoleAssignment]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_dti_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("org_unit", "agency__org_unit"))
        user._dti_roles = cached  # type: ignore[union-attr]
    return cached


def _scope(ra: RoleAssignment) -> OrgUnit | None:
    return ra.agency.org_unit if ra.agency is not None else ra.org_unit


def _covers(ra: RoleAssignment, unit: OrgUnit) -> bool:
    scope = _scope(ra)
    return scope is None or unit.is_within(scope)


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r.role == Role.PLATFORM_ADMIN for r in roles_of(user))


def _has(user: AbstractBaseUser | AnonymousUser, role: str, unit: OrgUnit) -> bool:
    return any(r.role == role and _covers(r, unit) for r in roles_of(user))


def _round_has_unit_in(rnd: Round, ra: RoleAssignment) -> bool:
    scope = _scope(ra)
    if scope is None:
        return True
    # prefix match narrows in SQL; is_within rejects "46" matching "460"
    return any(u.is_within(scope) for u in rnd.units.filter(path__startswith=scope.path))


def can_manage_round(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    return is_admin(user) or _has(user, Role.FRAMEWORK_OWNER, rnd.owner_unit)


def can_view_round(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    if is_admin(user) or can_manage_round(user, rnd) or _has(user, Role.ASSESSOR, rnd.owner_unit):
        return True
    if _has(user, Role.DATA_OFFICE, rnd.owner_unit):
        return True
    for ra in roles_of(user):
        if ra.role in (Role.UNIT_EDITOR, Role.AGENCY_EDITOR, Role.UNIT_LEADER) and _round_has_unit_in(rnd, ra):
            return True
        if ra.role == Role.VIEWER and rnd.results_public and _round_has_unit_in(rnd, ra):
            return True
    return False


def can_see_all_units(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    """Owners, assessors and (for published rounds) viewers see every unit's scores."""
    if is_admin(user) or can_manage_round(user, rnd) or _has(user, Role.ASSESSOR, rnd.owner_unit):
        return True
    return rnd.results_public and _has(user, Role.VIEWER, rnd.owner_unit)


def can_view_unit(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    if can_see_all_units(user, rnd) or _has(user, Role.DATA_OFFICE, rnd.owner_unit):
        return True
    if _has(user, Role.UNIT_EDITOR, unit) or _has(user, Role.UNIT_LEADER, unit):
        return True
    if _has(user, Role.VIEWER, unit) and rnd.results_public:
        return True
    return bool(editable_criteria(user, rnd, unit, ignore_state=True))


def editable_criteria(
    user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit, *, ignore_state: bool = False
) -> frozenset[str]:
    """Criteria codes the user may enter for the unit (``ALL`` for every one); empty when none.

    The round's state decides (or, after data entry, an office's reopening of this unit); the
    deadline does not: a save after it is refused by ``entry_save`` with the message saying whom to ask.
    """
    if not ignore_state and not _state_allows_entry(rnd, unit):
        return frozenset()
    if is_admin(user):
        return ALL
    # figures the province holds are the office's to enter; the units see them read-only
    held = province_held(rnd)
    mine: frozenset[str] = frozenset()
    if held and (_has(user, Role.FRAMEWORK_OWNER, rnd.owner_unit) or _has(user, Role.DATA_OFFICE, rnd.owner_unit)):
        mine = frozenset(held)
    if _has(user, Role.UNIT_EDITOR, unit):
        if not held:
            return ALL
        return mine | frozenset(n.code for n in rnd.framework.parsed().criteria() if n.code not in held)
    agencies = [ra.agency_id for ra in roles_of(user) if ra.role == Role.AGENCY_EDITOR and _covers(ra, unit)]
    if not agencies:
        return mine
    assigned = Assignment.objects.filter(round=rnd, agency_id__in=agencies).values_list("criterion_code", flat=True)
    return mine | frozenset(c for c in assigned if c not in held)


def enters_as_agency(user: AbstractBaseUser | AnonymousUser, unit: OrgUnit) -> bool:
    """Whether the user enters the unit's data only as an agency editor (their criteria, not the unit's)."""
    if is_admin(user) or _has(user, Role.UNIT_EDITOR, unit):
        return False
    return any(ra.role == Role.AGENCY_EDITOR and _covers(ra, unit) for ra in roles_of(user))


def province_held(rnd: Round) -> dict[str, str]:
    """Criterion code → source, for the criteria whose figures the province provides (cached per round object)."""
    cached = getattr(rnd, "_dti_province_held", None)
    if cached is None:
        cached = dict(ProvinceHeldCriterion.objects.filter(round=rnd).values_list("criterion_code", "source"))
        rnd._dti_province_held = cached  # type: ignore[attr-defined]
    return cached


def _state_allows_entry(rnd: Round, unit: OrgUnit) -> bool:
    from dti.web.rounds.deadlines import REOPENABLE_STATES, active_extension

    if rnd.accepts_entries:
        return True
    return rnd.state in REOPENABLE_STATES and active_extension(rnd, unit, reopen=True) is not None


def can_edit(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit, code: str) -> bool:
    allowed = editable_criteria(user, rnd, unit)
    return allowed is ALL or code in allowed


def evidence_criteria(
    user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit
) -> frozenset[str]:
    """The one evidence access rule (download, register, export): whose files the user may open.

    Every criterion (``ALL``) for admins, the round's owners, assessors of the unit or of the round's
    owner unit, and the unit's editors; agency editors only the criteria assigned to their agency;
    nobody else (viewers and the public see published scores, never the files behind them).
    Independent of the round's state: a closed round's files stay readable by the same people.
    """
    if can_manage_round(user, rnd) or _has(user, Role.ASSESSOR, unit) or _has(user, Role.ASSESSOR, rnd.owner_unit):
        return ALL
    if _has(user, Role.UNIT_LEADER, unit):  # the leader approves the unit's self-assessment, files included
        return ALL
    return editable_criteria(user, rnd, unit, ignore_state=True)


def can_open_evidence(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit, code: str) -> bool:
    allowed = evidence_criteria(user, rnd, unit)
    return allowed is ALL or code in allowed


def _assessor_roles(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> list[RoleAssignment]:
    return [r for r in roles_of(user) if r.role == Role.ASSESSOR and (_covers(r, unit) or _covers(r, rnd.owner_unit))]


def review_scope(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> frozenset[str]:
    """Criteria codes the user appraises for the unit (``ALL`` for every one), ignoring the round state.

    An assessor's role may name criteria or groups (the department responsible for a field): a
    group code covers every criterion under it.
    """
    if is_admin(user):
        return ALL
    codes: set[str] = set()
    framework = rnd.framework.parsed()
    for ra in _assessor_roles(user, rnd, unit):
        named = ra.criteria_codes
        if not named:
            return ALL
        for code in named:
            node = framework.by_code.get(code)
            stack = [node] if node is not None else []
            while stack:  # the node and everything under it
                n = stack.pop()
                codes.add(n.code)
                stack.extend(n.children)
    return frozenset(codes)


def can_review(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit, code: str | None = None) -> bool:
    """Appraise the unit (``code`` given: that criterion) now: the round is in data entry or review."""
    if not rnd.in_review:
        return False
    scope = review_scope(user, rnd, unit)
    return bool(scope) and (code is None or scope is ALL or code in scope)


def is_council(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    """The council (hội đồng thẩm định): the round's owners, or assessors flagged as council members."""
    if can_manage_round(user, rnd):
        return True
    return any(r.role == Role.ASSESSOR and r.is_council and _covers(r, rnd.owner_unit) for r in roles_of(user))


def is_unit_leader(user: AbstractBaseUser | AnonymousUser, unit: OrgUnit) -> bool:
    return any(r.role == Role.UNIT_LEADER and r.org_unit_id == unit.pk for r in roles_of(user))


def can_unit_approve(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    """The unit leader (lãnh đạo đơn vị) approves the unit's self-assessment and sends it to the province."""
    return is_admin(user) or is_unit_leader(user, unit)


def can_send_feedback(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    return _has(user, Role.UNIT_EDITOR, unit) or _has(user, Role.UNIT_LEADER, unit) or bool(
        editable_criteria(user, rnd, unit, ignore_state=True))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này")


def load_round_unit(slug: str, unit_ref: str) -> tuple[Round, OrgUnit]:
    """The round by slug and one of its units by code/name; 404 when either does not exist."""
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    try:
        unit = resolve_unit(unit_ref, within=rnd.units.all(), on=rnd.end)
    except UnitNotFound as exc:
        raise Http404(str(exc)) from None
    return rnd, unit


ViewFn = Callable[..., HttpResponse]


def round_unit_view(view: ViewFn) -> ViewFn:
    """Login + load (404) + ``can_view_unit`` (403) for views taking ``slug`` and ``unit``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, unit: str, *args: Any, **kwargs: Any) -> HttpResponse:
        rnd, org_unit = load_round_unit(slug, unit)
        require(can_view_unit(request.user, rnd, org_unit))
        return view(request, rnd, org_unit, *args, **kwargs)

    return wrapper


def round_view(view: ViewFn) -> ViewFn:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
        require(can_view_round(request.user, rnd))
        return view(request, rnd, *args, **kwargs)

    return wrapper


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (X-Forwarded-For believed only from DTI_TRUSTED_PROXIES)."""
    return clientaddr.client_ip(request)
