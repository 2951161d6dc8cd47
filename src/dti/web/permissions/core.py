"""Object predicates: may this user do that to this round, unit or criterion (one answer, server-side).

Scopes are org-unit subtrees (by the code path, so a province's scope survives its 2025 rename)
and, for agency editors, the criteria assigned to their agency in the round.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dti.web.accounts.models import Role, RoleAssignment
from dti.web.rounds.models import Assignment, ProvinceHeldCriterion, Round
from dti.web.units.models import OrgUnit

ALL = frozenset({"*"})  # every criterion


def roles_of(user: AbstractBaseUser | AnonymousUser) -> list[RoleAssignment]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_dti_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user_id=user.pk).select_related("org_unit", "agency__org_unit"))
        setattr(user, "_dti_roles", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def role_scope(ra: RoleAssignment) -> OrgUnit | None:
    return ra.agency.org_unit if ra.agency is not None else ra.org_unit


def role_covers(ra: RoleAssignment, unit: OrgUnit) -> bool:
    scope = role_scope(ra)
    return scope is None or unit.is_within(scope)


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r.role == Role.PLATFORM_ADMIN for r in roles_of(user))


def has_role(user: AbstractBaseUser | AnonymousUser, role: str, unit: OrgUnit) -> bool:
    return any(r.role == role and role_covers(r, unit) for r in roles_of(user))


def _round_has_unit_in(rnd: Round, ra: RoleAssignment) -> bool:
    scope = role_scope(ra)
    if scope is None:
        return True
    # prefix match narrows in SQL; is_within rejects "46" matching "460"
    return any(u.is_within(scope) for u in rnd.units.filter(path__startswith=scope.path))


def can_manage_round(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    return is_admin(user) or has_role(user, Role.FRAMEWORK_OWNER, rnd.owner_unit)


def can_view_round(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    if is_admin(user) or can_manage_round(user, rnd) or has_role(user, Role.ASSESSOR, rnd.owner_unit):
        return True
    if has_role(user, Role.DATA_OFFICE, rnd.owner_unit):
        return True
    for ra in roles_of(user):
        if ra.role in (Role.UNIT_EDITOR, Role.AGENCY_EDITOR, Role.UNIT_LEADER) and _round_has_unit_in(rnd, ra):
            return True
        if ra.role == Role.VIEWER and rnd.results_public and _round_has_unit_in(rnd, ra):
            return True
    return False


def can_see_all_units(user: AbstractBaseUser | AnonymousUser, rnd: Round) -> bool:
    """Owners, assessors and (for published rounds) viewers see every unit's scores."""
    if is_admin(user) or can_manage_round(user, rnd) or has_role(user, Role.ASSESSOR, rnd.owner_unit):
        return True
    return rnd.results_public and has_role(user, Role.VIEWER, rnd.owner_unit)


def can_view_unit(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    if can_see_all_units(user, rnd) or has_role(user, Role.DATA_OFFICE, rnd.owner_unit):
        return True
    if has_role(user, Role.UNIT_EDITOR, unit) or has_role(user, Role.UNIT_LEADER, unit):
        return True
    if has_role(user, Role.VIEWER, unit) and rnd.results_public:
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
    if held and (has_role(user, Role.FRAMEWORK_OWNER, rnd.owner_unit) or has_role(user, Role.DATA_OFFICE, rnd.owner_unit)):
        mine = frozenset(held)
    if has_role(user, Role.UNIT_EDITOR, unit):
        if not held:
            return ALL
        return mine | frozenset(n.code for n in rnd.framework.parsed().criteria() if n.code not in held)
    agencies = [ra.agency_id for ra in roles_of(user)
                if ra.role == Role.AGENCY_EDITOR and ra.agency_id is not None and role_covers(ra, unit)]
    if not agencies:
        return mine
    assigned = Assignment.objects.filter(round=rnd, agency_id__in=agencies).values_list("criterion_code", flat=True)
    return mine | frozenset(c for c in assigned if c not in held)


def enters_as_agency(user: AbstractBaseUser | AnonymousUser, unit: OrgUnit) -> bool:
    """Whether the user enters the unit's data only as an agency editor (their criteria, not the unit's)."""
    if is_admin(user) or has_role(user, Role.UNIT_EDITOR, unit):
        return False
    return any(ra.role == Role.AGENCY_EDITOR and role_covers(ra, unit) for ra in roles_of(user))


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
    if can_manage_round(user, rnd) or has_role(user, Role.ASSESSOR, unit) or has_role(user, Role.ASSESSOR, rnd.owner_unit):
        return ALL
    if has_role(user, Role.UNIT_LEADER, unit):  # the leader approves the unit's self-assessment, files included
        return ALL
    return editable_criteria(user, rnd, unit, ignore_state=True)


def can_open_evidence(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit, code: str) -> bool:
    allowed = evidence_criteria(user, rnd, unit)
    return allowed is ALL or code in allowed


def _assessor_roles(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> list[RoleAssignment]:
    return [r for r in roles_of(user) if r.role == Role.ASSESSOR and (role_covers(r, unit) or role_covers(r, rnd.owner_unit))]


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
    return any(r.role == Role.ASSESSOR and r.is_council and role_covers(r, rnd.owner_unit) for r in roles_of(user))


def is_unit_leader(user: AbstractBaseUser | AnonymousUser, unit: OrgUnit) -> bool:
    return any(r.role == Role.UNIT_LEADER and r.org_unit_id == unit.pk for r in roles_of(user))


def can_unit_approve(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    """The unit leader (lãnh đạo đơn vị) approves the unit's self-assessment and sends it to the province."""
    return is_admin(user) or is_unit_leader(user, unit)


def can_send_feedback(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    return has_role(user, Role.UNIT_EDITOR, unit) or has_role(user, Role.UNIT_LEADER, unit) or bool(
        editable_criteria(user, rnd, unit, ignore_state=True))


def can_recheck(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit) -> bool:
    """Re-run the checks of a unit's evidence: assessors (of the unit or the round's owner), round owners, admins."""
    return can_manage_round(user, rnd) or any(
        ra.role == Role.ASSESSOR and (role_covers(ra, unit) or role_covers(ra, rnd.owner_unit))
        for ra in roles_of(user)
    )
