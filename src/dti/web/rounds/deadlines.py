"""Whether a unit may still enter data in a round: round state, submission deadline, extensions.

One rule for every write path (form, API, Excel upload, machine tokens all end in ``entry_save`` or
call ``entry_lock_reason``): the deadline ends at the end of its day in Asia/Ho_Chi_Minh (the
project's TIME_ZONE); a criterion assigned to one of the unit's agencies also closes at the
agency deadline (``agency_submission_deadline``) when the round has one; an extension for the unit, or for the agency a criterion is assigned to, lets
that unit (or that agency's criteria) enter until the end of the extension's day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dti.web.rounds.models import Assignment, DeadlineExtension, ProvinceHeldCriterion, Round, RoundState
from dti.web.units.models import OrgUnit

# rounds in these states accept entries of a unit reopened by the office (the others stay locked)
REOPENABLE_STATES = frozenset({RoundState.OPEN, RoundState.REVIEW, RoundState.PRELIMINARY})


def today() -> dt.date:
    return timezone.localdate()


def _agency_ids_for(rnd: Round, code: str | None, unit: OrgUnit | None = None) -> list[int]:
    """Agencies the criterion is assigned to in the round (of this unit when given)."""
    if code is None:
        return []
    qs = Assignment.objects.filter(round=rnd, criterion_code=code)
    if unit is not None:
        qs = qs.filter(agency__org_unit=unit)
    return list(qs.values_list("agency_id", flat=True))


def active_extension(rnd: Round, unit: OrgUnit, code: str | None = None, *, on: dt.date | None = None,
                     reopen: bool | None = None) -> DeadlineExtension | None:
    """The latest extension covering this unit (and criterion) on the day; unit-wide ones cover every criterion."""
    on = on or today()
    qs = DeadlineExtension.objects.filter(round=rnd, unit=unit, until__gte=on)
    if reopen is not None:
        qs = qs.filter(reopen=reopen)
    for ext in qs.order_by("-until"):
        if ext.agency_id is None or ext.agency_id in _agency_ids_for(rnd, code):
            return ext
    return None


def deadline_passed(rnd: Round, *, on: dt.date | None = None) -> bool:
    return rnd.submission_deadline is not None and (on or today()) > rnd.submission_deadline


def entry_lock_reason(rnd: Round, unit: OrgUnit, code: str | None = None, *, on: dt.date | None = None) -> str | None:
    """Why the unit may not save/submit now (Vietnamese, names whom to ask), or None when it may."""
    on = on or today()
    if rnd.state == RoundState.OPEN:
        if code is not None and ProvinceHeldCriterion.objects.filter(round=rnd, criterion_code=code).exists():
            return None  # the province's own figures (Hue-S…): the units' deadline is not theirs
        extended = active_extension(rnd, unit, code, on=on) is not None
        agency_deadline = rnd.agency_submission_deadline
        if (agency_deadline is not None and on > agency_deadline and not extended
                and code is not None and _agency_ids_for(rnd, code, unit)):
            return (f"Đã hết hạn nộp của cơ quan ngày {agency_deadline:%d/%m/%Y} — liên hệ {rnd.contact} "
                    "để được gia hạn")
        if not deadline_passed(rnd, on=on) or extended:
            return None
        return (f"Đã hết hạn nộp ngày {rnd.submission_deadline:%d/%m/%Y} — liên hệ {rnd.contact} "
                "để được gia hạn")
    if rnd.state in REOPENABLE_STATES and active_extension(rnd, unit, code, on=on, reopen=True) is not None:
        return None
    return f"Kỳ đánh giá '{rnd.name}' đang ở trạng thái '{rnd.get_state_display()}': không nhận số liệu"


def nothing_locked(rnd: Round, *, on: dt.date | None = None) -> bool:
    """True when ``entry_lock_reason`` is None for every unit and criterion of the round today (open,
    no deadline passed), decided without a query: a bulk write then skips the per-row check."""
    on = on or today()
    agency_deadline = rnd.agency_submission_deadline
    return (rnd.state == RoundState.OPEN and not deadline_passed(rnd, on=on)
            and (agency_deadline is None or on <= agency_deadline))


def unit_accepts_entries(rnd: Round, unit: OrgUnit, code: str | None = None) -> bool:
    return entry_lock_reason(rnd, unit, code) is None
