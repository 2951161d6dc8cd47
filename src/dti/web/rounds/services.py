"""Round lifecycle: create, then draft → open → review → published → closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.audit.services import audit_record
from dti.web.frameworks.models import FrameworkVersion
from dti.web.rounds.checklist import ChecklistItem, checklist_clear, publication_checklist
from dti.web.rounds.models import PeriodKind, Round, RoundState
from dti.web.units.models import OrgUnit

TRANSITIONS = {
    "round_open": ({RoundState.DRAFT, RoundState.REVIEW}, RoundState.OPEN),
    "round_review": ({RoundState.OPEN, RoundState.PRELIMINARY}, RoundState.REVIEW),
    "round_preliminary": ({RoundState.OPEN, RoundState.REVIEW}, RoundState.PRELIMINARY),
    "round_publish": ({RoundState.REVIEW, RoundState.OPEN, RoundState.PRELIMINARY}, RoundState.PUBLISHED),
    "round_close": ({RoundState.PUBLISHED}, RoundState.CLOSED),
    "round_reopen": ({RoundState.PUBLISHED, RoundState.CLOSED}, RoundState.REVIEW),
}


class ChecklistNotClear(ValidationError):
    """Publishing refused: the checklist has open items and no override reason was given."""

    def __init__(self, items: list[ChecklistItem]) -> None:
        self.items = items
        open_items = "; ".join(f"{i.label}: {i.count}" for i in items if not i.ok)
        super().__init__(f"Chưa công bố được: danh mục kiểm tra trước khi công bố còn vướng ({open_items}). "
                         "Chủ trì kỳ đánh giá có thể công bố khi ghi rõ lý do.")


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


def _transition(action: str, *, round: Round, actor: AbstractBaseUser | None, ip: str | None,
                reason: str = "", extra: dict[str, object] | None = None) -> Round:
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
    new: dict[str, object] = {"state": target} | ({"reason": reason} if reason else {}) | (extra or {})
    audit_record(actor=actor, action=action.replace("_", "."), obj=locked, old={"state": old}, new=new, ip=ip)
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
def round_preliminary(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    """Kết quả sơ bộ: the units (not the public) see their appraised results and may send feedback."""
    from dti.web.results.services import results_recompute

    prelim = _transition("round_preliminary", round=round, actor=actor, ip=ip)
    results_recompute(round=prelim, acting_user=actor)
    return prelim


@transaction.atomic
def round_publish(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None, reason: str = "",
                  checklist: list[ChecklistItem] | None = None) -> Round:
    """Publishing computes the results one last time, in the same transaction: they are then frozen.

    The checklist is enforced by ``round_transition`` (what the pages and the API call); this is the
    state change itself, also used to load published demo rounds.
    """
    from django.utils import timezone

    from dti.web.results.services import results_recompute

    extra: dict[str, object] = {}
    if checklist is not None and not checklist_clear(checklist):
        extra["override"] = [i.as_dict() for i in checklist if not i.ok]
    published = _transition("round_publish", round=round, actor=actor, ip=ip, reason=reason, extra=extra)
    now = timezone.now()
    # publishing again after a reopen: the public page says the results were adjusted
    published.adjusted_at = now if published.published_at is not None else None
    published.published_at = now
    published.save(update_fields=["published_at", "adjusted_at"])
    round.published_at, round.adjusted_at = published.published_at, published.adjusted_at
    results_recompute(round=published, acting_user=actor)
    return published


@transaction.atomic
def round_reopen(*, round: Round, actor: AbstractBaseUser | None, reason: str, ip: str | None = None) -> Round:
    """Unpublish: back to appraisal; only with a written reason (audited)."""
    from dti.web.results.services import results_recompute

    if not reason.strip():
        raise ValidationError("Mở lại kỳ đã công bố phải ghi rõ lý do")
    reopened = _transition("round_reopen", round=round, actor=actor, ip=ip, reason=reason.strip())
    # the published batch was frozen; the round being back in review, its results move again
    results_recompute(round=reopened, acting_user=actor)
    return reopened


@transaction.atomic
def round_close(*, round: Round, actor: AbstractBaseUser | None, ip: str | None = None) -> Round:
    return _transition("round_close", round=round, actor=actor, ip=ip)


ACTION_KEYS = {"open": "round_open", "review": "round_review", "preliminary": "round_preliminary",
               "publish": "round_publish", "close": "round_close", "reopen": "round_reopen"}


@transaction.atomic
def round_transition(*, round: Round, action: str, actor: AbstractBaseUser, reason: str = "",
                     ip: str | None = None) -> Round:
    """The one entry point of the pages and the API: checks the publication checklist, notifies.

    Publishing with open checklist items is refused (``ChecklistNotClear``) unless a reason is given;
    the override and the items it overrode are in the audit event.
    """
    from dti.web.rounds.notify import notify_transition

    key = ACTION_KEYS.get(action, action)
    if key not in TRANSITIONS:
        raise ValidationError(f"Thao tác '{action}' không hợp lệ")
    reason = reason.strip()[:2000]
    locked = Round.objects.select_for_update().select_related("framework", "owner_unit").get(pk=round.pk)
    if key == "round_publish":
        if locked.state not in TRANSITIONS[key][0]:
            raise ValidationError(f"Không thể công bố kỳ '{locked.name}' ở trạng thái '{locked.get_state_display()}'")
        items = publication_checklist(locked)
        if not checklist_clear(items) and not reason:
            raise ChecklistNotClear(items)
        done = round_publish(round=locked, actor=actor, ip=ip, reason=reason, checklist=items)
    elif key == "round_reopen":
        done = round_reopen(round=locked, actor=actor, reason=reason, ip=ip)
    else:
        done = globals()[key](round=locked, actor=actor, ip=ip)
    round.state = done.state
    notify_transition(rnd=done, action=key)
    return done
