"""Merging two agencies of a unit: their round assignments and accounts move (above both ``units`` and
``accounts``, which it changes together)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.accounts.models import RoleAssignment
from dti.web.audit.services import audit_record
from dti.web.rounds.models import Assignment, RoundState
from dti.web.units.models import Agency


@transaction.atomic
def agency_merge(*, agency: Agency, into: Agency, actor: AbstractBaseUser | None) -> Agency:
    """``agency`` stops; its assignments in rounds not yet published and its accounts move to ``into``."""
    if agency.pk == into.pk:
        raise ValidationError({"into": "Không thể hợp nhất một cơ quan vào chính nó"})
    if agency.org_unit_id != into.org_unit_id:
        raise ValidationError({"into": "Chỉ hợp nhất các cơ quan của cùng một đơn vị"})
    if not into.active:
        raise ValidationError({"into": f"Cơ quan '{into.name}' đã ngừng hoạt động"})
    moved = 0
    live = Assignment.objects.filter(agency=agency, round__state__in=[RoundState.DRAFT, RoundState.OPEN,
                                                                       RoundState.REVIEW])
    for a in live:
        if not Assignment.objects.filter(round=a.round, criterion_code=a.criterion_code, agency=into).exists():
            Assignment.objects.create(round=a.round, criterion_code=a.criterion_code, agency=into, role=a.role)
        a.delete()
        moved += 1
    accounts = RoleAssignment.objects.filter(agency=agency).update(agency=into)
    agency.active = False
    agency.merged_into = into
    agency.save(update_fields=["active", "merged_into"])
    audit_record(actor=actor, action="agency.merge", obj=agency, old={"name": agency.name},
                 new={"into": into.pk, "into_name": into.name, "assignments": moved, "accounts": accounts})
    return into
