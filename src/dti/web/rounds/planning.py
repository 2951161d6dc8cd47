"""The office's round planning: create (from scratch or copying a previous round), edit a draft,
amend an open round with a stated reason. Every error names the field, in Vietnamese."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.audit.services import audit_record
from dti.web.core.vi import vi_slugify
from dti.web.frameworks.models import FrameworkVersion
from dti.web.rounds import assignments as assignment_services
from dti.web.rounds.models import DEADLINE_FIELDS, PeriodKind, Round, RoundState, period_title
from dti.web.rounds.services import period_dates, round_create
from dti.web.rounds.signals import round_copied
from dti.web.units.models import OrgUnit

PERIOD_NUMBERS = {PeriodKind.QUARTER: (1, 4), PeriodKind.HALF: (1, 2)}
FIELD_LABELS = {
    "framework": "Bộ chỉ số", "period_kind": "Loại kỳ", "year": "Năm", "number": "Kỳ số", "units": "Đơn vị tham gia",
    "slug": "Mã kỳ", "name": "Tên kỳ", "reason": "Lý do", "copy_from": "Sao chép từ kỳ",
    "submission_deadline": "Hạn nộp của đơn vị", "agency_submission_deadline": "Hạn nộp của cơ quan",
    "review_deadline": "Hạn thẩm định",
}
AMENDABLE = (RoundState.OPEN, RoundState.REVIEW)


def period_validate(kind: str, year: int | None, number: int | None) -> int | None:
    """The period number to store (None for a year); ValidationError naming the field otherwise."""
    if kind not in PeriodKind.values:
        raise ValidationError({"period_kind": "Loại kỳ phải là năm, 6 tháng hoặc quý"})
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError({"year": "Năm phải từ 2000 đến 2100"})
    if kind == PeriodKind.YEAR:
        return None
    low, high = PERIOD_NUMBERS[PeriodKind(kind)]
    if number is None or not low <= number <= high:
        what = "quý (1–4)" if kind == PeriodKind.QUARTER else "6 tháng (1 là 6 tháng đầu, 2 là 6 tháng cuối)"
        raise ValidationError({"number": f"Kỳ số phải là số thứ tự của {what}"})
    return number


def default_slug(owner_unit: OrgUnit, kind: str, year: int, number: int | None) -> str:
    base = owner_unit.name
    for prefix in ("Tỉnh ", "Thành phố "):
        base = base.removeprefix(prefix)
    suffix = {PeriodKind.QUARTER: f"-q{number}", PeriodKind.HALF: f"-h{number}"}.get(PeriodKind(kind), "")
    return f"{vi_slugify(base)}-{year}{suffix}"[:100]


def default_name(owner_unit: OrgUnit, kind: str, year: int, number: int | None) -> str:
    return f"Chỉ số chuyển đổi số {period_title(kind, year, number)} – {owner_unit.name}"


def shift_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month ``months`` later (the last day when the month is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _check_units(units: list[OrgUnit], owner_unit: OrgUnit, end: dt.date) -> None:
    if not units:
        raise ValidationError({"units": "Chọn ít nhất một đơn vị tham gia"})
    outside = [u.name for u in units if not _within_code(u, owner_unit)]
    if outside:
        raise ValidationError({"units": f"Đơn vị không thuộc {owner_unit.name}: {', '.join(outside)}"})
    gone = [u for u in units if not u.valid_on(end)]
    if gone:
        names = ", ".join(f"{u.name} ({u.code})" for u in gone)
        raise ValidationError({"units": f"Đơn vị không còn tồn tại trong kỳ (đến {end:%d/%m/%Y}): {names}"})


def _within_code(unit: OrgUnit, owner: OrgUnit) -> bool:
    # paths are codes joined by "/": the renamed province keeps its code, so both records match
    return unit.path == owner.code or unit.path.startswith(owner.code + "/")


def _check_deadlines(deadlines: Mapping[str, dt.date | None], start: dt.date) -> None:
    for field in DEADLINE_FIELDS:
        day = deadlines.get(field)
        if day is not None and day < start:
            raise ValidationError({field: f"{FIELD_LABELS.get(field, field)} ({day:%d/%m/%Y}) trước ngày bắt đầu kỳ "
                                          f"({start:%d/%m/%Y})"})


@transaction.atomic
def round_plan(
    *, owner_unit: OrgUnit, framework: FrameworkVersion, period_kind: str, year: int, number: int | None,
    units: Iterable[OrgUnit] | None = None, copy_from: Round | None = None,
    deadlines: Mapping[str, dt.date | None] | None = None, name: str = "", slug: str = "",
    actor: AbstractBaseUser | None,
) -> Round:
    """A new draft round; copying carries units, shifted deadlines, the assignment table and (through
    ``round_copied``) the round's document settings over, otherwise the assignments are seeded from the framework's lead/coordinating agencies."""
    number = period_validate(period_kind, year, number)
    start, end = period_dates(period_kind, year, number)
    given = dict(deadlines or {})
    if copy_from is not None:
        if copy_from.owner_unit.code != owner_unit.code:
            raise ValidationError({"copy_from": f"Kỳ '{copy_from.name}' không do {owner_unit.name} tổ chức"})
        months = _months_between(copy_from.start, start)
        for field in DEADLINE_FIELDS:
            old = getattr(copy_from, field)
            if field not in given or given[field] is None:
                given[field] = shift_months(old, months) if old is not None else None
        chosen = list(units) if units is not None else list(copy_from.units.all())
    else:
        chosen = list(units or [])
    _check_units(chosen, owner_unit, end)
    _check_deadlines(given, start)
    slug = slug.strip() or default_slug(owner_unit, period_kind, year, number)
    if Round.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"Đã có kỳ đánh giá mã '{slug}'"})
    rnd = round_create(
        slug=slug, name=name.strip() or default_name(owner_unit, period_kind, year, number), framework=framework,
        owner_unit=owner_unit, period_kind=period_kind, year=year, period_number=number, units=chosen,
        submission_deadline=given.get("submission_deadline"), review_deadline=given.get("review_deadline"),
        copied_from=copy_from, seed_assignments=copy_from is None, actor=actor,
    )
    extra = {f: given.get(f) for f in DEADLINE_FIELDS if f not in ("submission_deadline", "review_deadline")}
    if extra:
        Round.objects.filter(pk=rnd.pk).update(**extra)
        rnd.refresh_from_db()
    if copy_from is not None:
        n = assignment_services.assignments_copy(source=copy_from, target=rnd, actor=actor)
        round_copied.send(sender=Round, source=copy_from, target=rnd, actor=actor)
    else:
        n = rnd.assignments.count()
    audit_record(actor=actor, action="round.plan", obj=rnd,
                 new={"copy_from": copy_from.slug if copy_from else None, "assignments": n,
                      **{f: getattr(rnd, f) for f in DEADLINE_FIELDS}})
    return rnd


def _snapshot(rnd: Round) -> dict[str, object]:
    return {"name": rnd.name, "units": sorted(u.code for u in rnd.units.all()),
            **{f: getattr(rnd, f) for f in DEADLINE_FIELDS}}


def round_changes_check(rnd: Round, *, name: str | None = None, units: Iterable[OrgUnit] | None = None,
                        deadlines: Mapping[str, dt.date | None] | None = None) -> None:
    """Refuse (ValidationError naming the field) what ``round_update``/``round_amend`` would refuse,
    without writing: forms outside the office's console (the admin) check before saving."""
    if units is not None:
        chosen = list(units)
        _check_units(chosen, rnd.owner_unit, rnd.end)
        codes = [u.code for u in chosen]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValidationError({"units": f"Hai đơn vị cùng mã: {', '.join(dupes)}"})
    if deadlines:
        _check_deadlines(deadlines, rnd.start)
    if name is not None and not name.strip():
        raise ValidationError({"name": "Tên kỳ không được để trống"})


def _apply(rnd: Round, *, name: str | None, units: Iterable[OrgUnit] | None,
           deadlines: Mapping[str, dt.date | None] | None) -> None:
    units = list(units) if units is not None else None
    round_changes_check(rnd, name=name, units=units, deadlines=deadlines)
    if units is not None:
        rnd.units.set(units)
    if deadlines:
        for field, day in deadlines.items():
            if field in DEADLINE_FIELDS:
                setattr(rnd, field, day)
    if name is not None:
        rnd.name = name.strip()[:300]
    rnd.save()


@transaction.atomic
def round_update(
    *, round: Round, name: str | None = None, units: Iterable[OrgUnit] | None = None,
    deadlines: Mapping[str, dt.date | None] | None = None, actor: AbstractBaseUser | None,
) -> Round:
    """Edit a draft round freely (audited); an open round goes through ``round_amend``."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.state != RoundState.DRAFT:
        raise ValidationError({"__all__": "Kỳ đã mở: thay đổi đơn vị hoặc thời hạn phải nêu lý do (điều chỉnh kỳ)"})
    old = _snapshot(locked)
    _apply(locked, name=name, units=units, deadlines=deadlines)
    audit_record(actor=actor, action="round.update", obj=locked, old=old, new=_snapshot(locked))
    return locked


@transaction.atomic
def round_amend(
    *, round: Round, reason: str, units: Iterable[OrgUnit] | None = None,
    deadlines: Mapping[str, dt.date | None] | None = None, actor: AbstractBaseUser | None,
) -> Round:
    """Change an open round's units or deadlines: only with a reason, recorded with old and new values."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.state not in AMENDABLE:
        raise ValidationError({"__all__": f"Không thể điều chỉnh kỳ ở trạng thái '{locked.get_state_display()}'"})
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": "Lý do điều chỉnh phải nêu rõ (ít nhất 5 ký tự)"})
    old = _snapshot(locked)
    _apply(locked, name=None, units=units, deadlines=deadlines)
    audit_record(actor=actor, action="round.amend", obj=locked, old=old,
                 new={**_snapshot(locked), "reason": reason[:1000]})
    return locked
