"""Who may do what, in one package: every view, API endpoint, service and document asks here.

- ``core``: object predicates on one round, unit or criterion (``can_view_unit``, ``can_edit`` …);
- ``scoping``: the same rules as querysets for lists and the API (``visible_rounds(user)`` …);
- ``views``: the guards views use (``round_view``, ``round_unit_view``, ``require``);
- ``results``, ``documents``, ``office``: the rules of those pages, composed from ``core``;
- ``api``: the same for API callers, people and machine tokens.

``from dti.web import permissions as perm`` gives the predicates and guards directly.
"""

from __future__ import annotations

from dti.web.permissions.core import (
    ALL,
    can_edit,
    can_manage_round,
    can_open_evidence,
    can_recheck,
    can_review,
    can_see_all_units,
    can_send_feedback,
    can_unit_approve,
    can_view_round,
    can_view_unit,
    editable_criteria,
    enters_as_agency,
    evidence_criteria,
    has_role,
    is_admin,
    is_council,
    is_unit_leader,
    province_held,
    review_scope,
    role_covers,
    role_scope,
    roles_of,
)
from dti.web.permissions.views import load_round_unit, require, round_unit_view, round_view

__all__ = [
    "ALL", "can_edit", "can_manage_round", "can_open_evidence", "can_recheck", "can_review", "can_see_all_units",
    "can_send_feedback", "can_unit_approve", "can_view_round", "can_view_unit", "editable_criteria",
    "enters_as_agency", "evidence_criteria", "has_role", "is_admin", "is_council", "is_unit_leader",
    "load_round_unit", "province_held", "require", "review_scope", "role_covers", "role_scope", "roles_of",
    "round_unit_view", "round_view",
]
