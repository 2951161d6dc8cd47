"""Round lifecycle: create, then draft → open → review → published → closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.audit.services import audit_record
from dti.web.frameworks.models import FrameworkVersion
from dti.web.rounds.models import PeriodKind, Round, RoundState
from dti.web.units.models import OrgUnit

TRANSITIONS = {
    "round_open": ({RoundState.DRAFT, RoundState.REVIEW}, RoundState.OPEN),
    "round_review": ({RoundState.OPEN}, RoundState.REVIEW),
    "round_publish": ({RoundState.REVIEW, RoundState.OPEN}, RoundState.PUBLISHED),
    "round_close": ({RoundState.PUBLISHED}, RoundState.CLOSED),
}


def period_dates(kind: str, year: int, number: int | None) -> tuple[dt.date, dt.date]:
    if kind == PeriodKind.QUARTER:
        assert number is not None and 1 <= number <= 4  # noqa: S101 - programming error, not input
        start = dt.date(year, 3 * number - 2, 1)
        end_month = 3 * number
    elif kind == PeriodKind.HALF:
        assert number in (1, 2)  # noqa: S101
        start = dt.date(year, 1 if number == 1 else 7, 1)
        end_month = 6 if number == 1 else 12
    else:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    nxt = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


@transaction.atomic
def round_create(
    *, slug: str, name: str, framework: FrameworkVersion, owner_unit: OrgUnit, period_kind: str, year: int,
    period_number: int | None = None, units: Iterable[OrgUnit], submission_deadline: dt.date | None = None,
    review_deadline: dt.date | None = None, agency_submission_deadline: dt.date | None = None,
    copied_from: Round | None = None, seed_assignments: bool = True, actor: AbstractBaseUser | None = None,
) -> Round:
    """A draft round; its assignment table starts as the framework's lead/coordinating agencies."""
    from dti.web.rounds.assignments import assignments_seed

    units = list(units)
    codes = [u.code for u in units]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        # the engine names units by code, so a round cannot hold two units sharing one
        raise ValidationError(f"Kỳ đánh giá có hai đơn vị cùng mã: {', '.join(dupes)}")
    start, end = period_dates(period_kind, year, period_number)
    rnd = Round.objects.create(
        slug=slug, name=name, framework=framework, owner_unit=owner_unit, period_kind=period_kind, year=year,
        period_number=period_number, start=start, end=end, submission_deadline=submission_deadline,
        review_deadline=review_deadline, agency_submission_deadline=agency_submission_deadline,
        copied_from=copied_from,
    )
    rnd.units.set(units)
    audit_record(actor=actor, action="round.create", obj=rnd,
                 new={"slug": slug, "framework": str(framework), "units": codes})
    if seed_assignments:
        assignments_seed(round=rnd, actor=actor)
    return rnd


def _transition(action: str, *, round: Round, actor: AbstractBaseUser | None, ip: str | None) -> Round:
    allowed, target = TRANSITIONS[action]
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.state not in allowed:
        raise ValidationError(
            f"Không thể chuyển kỳ '{locked.name}' từ trạng thái '{locked.get_state_display()}' "
            f"sang '{RoundState(target).label}'"
        )
    old = locked.state
    locked.state = target
    locked.save(update_fields=["state"])
    audit_record(actor=actor, action=action.replace("_", "."), obj=locked, old={"state": old}, new={"state": target}, ip=ip)
    round.state = target
    return locked


@transaction.atomic
def round_open(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    from dti.web.results.services import results_schedule

    opened = _transition("round_open", round=round, actor=actor, ip=ip)
    results_schedule(round=opened, acting_user=actor)
    return opened


@transaction.atomic
def round_review(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    return _transition("round_review", round=round, actor=actor, ip=ip)


@transaction.atomic
def round_publish(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    """Publishing computes the results one last time, in the same transaction: they are then frozen."""
    from dti.web.results.services import results_recompute

    published = _transition("round_publish", round=round, actor=actor, ip=ip)
    results_recompute(round=published, acting_user=actor)
    return published


@transaction.atomic
def round_close(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    return _transition("round_close", round=round, actor=actor, ip=ip)
