"""Who may download, edit and batch-generate documents, composed from ``core`` and ``results``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dti.web.accounts.models import Role
from dti.web.permissions import core as perm
from dti.web.permissions import results as results_access
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

User = AbstractBaseUser | AnonymousUser


def can_download(user: User, rnd: Round, unit: OrgUnit) -> bool:
    """Exactly who sees the scorecard: unit editors their unit, owners/assessors their scope, viewers
    only published rounds."""
    return results_access.can_view_scorecard(user, rnd, unit)


def can_download_round(user: User, rnd: Round) -> bool:
    """Round-wide workbooks (ranking, targets, assignments) show every unit: as the dashboard."""
    return results_access.can_view_dashboard(user, rnd)


def can_batch(user: User, rnd: Round) -> bool:
    """A ZIP for every unit is an owner's job (it runs soffice for the whole round)."""
    return perm.can_manage_round(user, rnd)


def can_edit_notes(user: User, rnd: Round, unit: OrgUnit) -> bool:
    """The unit's own editors (and admins) write its texts; the round's owners may correct them.
    Nobody once the round is published or closed (``services.notes_refusal``)."""
    from dti.web.documents.services import notes_refusal

    if notes_refusal(rnd) is not None:
        return False
    if perm.editable_criteria(user, rnd, unit, ignore_state=True) is perm.ALL:
        return True
    return perm.can_manage_round(user, rnd) and unit in rnd.units.all()


def can_edit_settings(user: User, unit: OrgUnit) -> bool:
    """Thể thức (issuer, signer, recipients) belongs to admins and framework owners whose scope covers the unit."""
    if perm.is_admin(user):
        return True
    for ra in perm.roles_of(user):
        scope = ra.org_unit
        if ra.role == Role.FRAMEWORK_OWNER and (scope is None or unit.is_within(scope)):
            return True
    return False
