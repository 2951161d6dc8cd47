"""Exceptions to the deadline: extend one unit (or one agency's criteria), or reopen one unit's entry."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dti.web.audit.services import audit_record
from dti.web.rounds.deadlines import REOPENABLE_STATES
from dti.web.rounds.models import DeadlineExtension, Round, RoundState
from dti.web.units.models import Agency, OrgUnit

MAX_REASON = 2000


def _check(rnd: Round, unit: OrgUnit, until: dt.date, reason: str) -> str:
    if not rnd.units.filter(pk=unit.pk).exists():
        raise ValidationError(f"Đơn vị '{unit.name}' không tham gia kỳ đánh giá '{rnd.name}'")
    if not reason.strip():
        raise ValidationError({"reason": ["Gia hạn hoặc mở lại nhập liệu phải ghi rõ lý do"]})
    if until < timezone.localdate():
        raise ValidationError({"until": [f"Ngày gia hạn {until:%d/%m/%Y} đã qua"]})
    return reason.strip()[:MAX_REASON]


@transaction.atomic
def extension_grant(
    *, round: Round, unit: OrgUnit, until: dt.date, reason: str, actor: AbstractBaseUser,
    agency: Agency | None = None, ip: str | None = None,
) -> DeadlineExtension:
    """Let this unit (or only this agency's criteria in it) save and submit until ``until`` inclusive."""
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import unit_people
    from dti.web.notifications.services import notify

    reason = _check(round, unit, until, reason)
    if agency is not None and agency.org_unit_id != unit.pk:
        raise ValidationError({"agency": [f"Cơ quan '{agency.name}' không thuộc '{unit.name}'"]})
    ext = DeadlineExtension.objects.create(round=round, unit=unit, agency=agency, until=until, reason=reason,
                                           granted_by=actor)
    audit_record(actor=actor, action="round.extension", obj=ext, ip=ip, new={
        "round": round.slug, "unit": unit.code, "agency": agency.code if agency else None,
        "until": until.isoformat(), "reason": reason})
    who = f"{agency.name} ({unit.name})" if agency else unit.name
    notify(users=unit_people(unit), kind=Kind.EXTENSION, round=round,
           subject=f"{round.name}: {who} được gia hạn nộp đến {until:%d/%m/%Y}",
           body=f"Lý do: {reason}", url=reverse("entries:unit", args=[round.slug, unit.code]))
    return ext


@transaction.atomic
def round_unit_reopen(
    *, round: Round, unit: OrgUnit, reason: str, actor: AbstractBaseUser, until: dt.date | None = None,
    ip: str | None = None,
) -> DeadlineExtension:
    """Reopen one unit's entry (the others stay locked): its entries go back to it, with the reason.

    A published round first goes back to appraisal (unpublished, audited with the same reason); when
    it is published again its public page says the results were adjusted.
    """
    from dti.web.entries.models import Entry, Workflow
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import unit_people
    from dti.web.notifications.services import notify
    from dti.web.rounds.services import round_reopen

    until = until or timezone.localdate() + dt.timedelta(days=7)
    reason = _check(round, unit, until, reason)
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if rnd.state in (RoundState.PUBLISHED, RoundState.CLOSED):
        rnd = round_reopen(round=rnd, actor=actor, reason=f"Mở lại nhập liệu của {unit.name}: {reason}", ip=ip)
        round.state = rnd.state
    if rnd.state not in REOPENABLE_STATES:
        raise ValidationError(f"Kỳ '{rnd.name}' đang ở trạng thái '{rnd.get_state_display()}': "
                              "không mở lại nhập liệu được")
    ext = DeadlineExtension.objects.create(round=rnd, unit=unit, until=until, reason=reason, reopen=True,
                                           granted_by=actor)
    n = 0
    for entry in Entry.objects.select_for_update().filter(round=rnd, unit=unit).exclude(workflow=Workflow.DRAFT):
        entry.workflow, entry.review_comment = Workflow.RETURNED, f"Mở lại nhập liệu: {reason}"
        entry.version += 1
        entry.save(update_fields=["workflow", "review_comment", "version", "updated_at"])
        n += 1
    audit_record(actor=actor, action="round.unit_reopen", obj=rnd, ip=ip, new={
        "unit": unit.code, "until": until.isoformat(), "reason": reason, "entries": n})
    notify(users=unit_people(unit), kind=Kind.REOPENED, round=rnd,
           subject=f"{rnd.name}: mở lại nhập liệu của {unit.name} đến {until:%d/%m/%Y}",
           body=f"Lý do: {reason}", url=reverse("entries:unit", args=[rnd.slug, unit.code]))
    from dti.web.results.services import results_schedule

    results_schedule(round=rnd, acting_user=actor)
    return ext
