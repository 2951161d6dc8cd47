"""Who sees which results (scorecards, dashboard, appraised scores), composed from ``core``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dti.web.permissions import core as perm
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

User = AbstractBaseUser | AnonymousUser


def can_view_scorecard(user: User, rnd: Round, unit: OrgUnit) -> bool:
    """Owners/assessors/admins: every unit in scope; viewers: published rounds; unit editors: their own unit."""
    if perm.can_see_all_units(user, rnd):
        return True
    if not perm.can_view_unit(user, rnd, unit):
        return False
    return rnd.results_public or perm.editable_criteria(user, rnd, unit, ignore_state=True) is perm.ALL


def can_view_dashboard(user: User, rnd: Round) -> bool:
    return perm.can_see_all_units(user, rnd)


def can_download_evidence(user: User, rnd: Round, unit: OrgUnit) -> bool:
    # WEB's evidence view checks again; this only decides whether to print links
    return perm.can_view_unit(user, rnd, unit)


def can_see_appraised(user: User, rnd: Round, unit: OrgUnit) -> bool:
    """The unit's own people see the appraised score from the preliminary results on; the province always."""
    from dti.web.rounds.models import RoundState

    if perm.can_see_all_units(user, rnd) or perm.review_scope(user, rnd, unit):
        return True
    return rnd.state in (RoundState.PRELIMINARY, RoundState.PUBLISHED, RoundState.CLOSED)
