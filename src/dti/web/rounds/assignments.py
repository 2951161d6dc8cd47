"""Writes on a round's assignment table (phân công chủ trì/phối hợp): the one source of truth for
who answers which criterion, read by the entry page, permissions, scorecard and documents."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from dti.engine.framework import FrameworkError
from dti.web.audit.services import audit_record
from dti.web.rounds.models import Assignment, Round
from dti.web.units.models import Agency


@transaction.atomic
def assignment_set(
    *, round: Round, criterion_code: str, agency: Agency, role: str = "lead", actor: AbstractBaseUser | None = None
) -> Assignment:
    fw = round.framework.parsed()
    if criterion_code not in fw.by_code:
        raise FrameworkError(f"không có tiêu chí '{criterion_code}' trong bộ chỉ số {fw.code}")
    obj, created = Assignment.objects.update_or_create(
        round=round, criterion_code=criterion_code, agency=agency, defaults={"role": role}
    )
    if created:
        audit_record(actor=actor, action="assignment.set", obj=obj,
                     new={"criterion": criterion_code, "agency": agency.code, "role": role})
    return obj
