"""Scheduled jobs (django-q2, daily): "deadline in N days" and "overdue" reminders.

Each reminder is keyed by kind and deadline, so running the job again the same day (or every
day) sends it once per unit and user.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dti.web.notifications.models import Kind
from dti.web.notifications.recipients import unit_people
from dti.web.notifications.services import notify
from dti.web.rounds.models import Round, RoundState
from dti.web.units.models import OrgUnit


def _pending_units(rnd: Round) -> list[OrgUnit]:
    """The units that have not submitted everything, from the round's summary row (refreshed with
    the results); a round never computed has no entry yet, so every unit is pending."""
    from dti.web.results.selectors import summary_of

    summary = summary_of(rnd)
    units = rnd.units.order_by("code")
    if summary is None:
        return list(units)
    return list(units.filter(code__in=[code for code, _ in summary.pending]))


def deadline_reminders_task(today: str | None = None) -> int:
    """Remind the units of open rounds that have not submitted everything; returns rows created."""
    from dti.web.rounds.deadlines import active_extension

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    days = int(getattr(settings, "DTI_REMINDER_DAYS", 3))
    n = 0
    for rnd in Round.objects.filter(state=RoundState.OPEN, submission_deadline__isnull=False):
        deadline = rnd.submission_deadline
        assert deadline is not None  # noqa: S101 - filtered above
        left = (deadline - day).days
        if 0 <= left <= days:
            kind, subject = Kind.DEADLINE_SOON, f"{rnd.name}: còn {left} ngày đến hạn nộp {deadline:%d/%m/%Y}"
        elif left < 0:
            kind, subject = Kind.OVERDUE, f"{rnd.name}: đã quá hạn nộp ngày {deadline:%d/%m/%Y}"
        else:
            continue
        for unit in _pending_units(rnd):
            if kind == Kind.OVERDUE and active_extension(rnd, unit, on=day) is not None:
                continue
            body = ("Đơn vị còn tiêu chí chưa gửi." if kind == Kind.DEADLINE_SOON else
                    f"Đơn vị chưa gửi đủ số liệu — liên hệ {rnd.contact} để được gia hạn.")
            n += len(notify(users=unit_people(unit), kind=kind, round=rnd, subject=f"{unit.name} – {subject}",
                            body=body, url=reverse("entries:unit", args=[rnd.slug, unit.code]),
                            key=f"{kind}:{unit.code}:{deadline.isoformat()}"))
    return n
