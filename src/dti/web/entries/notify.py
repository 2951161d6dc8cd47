"""Notifications of the entry workflow: submitted, returned (to whoever entered), approved."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from dti.web.entries.models import Entry
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def _page(entry: Entry) -> str:
    return reverse("entries:unit", args=[entry.round.slug, entry.unit.code]) + f"#c-{entry.criterion_code}"


def notify_submitted(*, round: Round, unit: OrgUnit, actor: AbstractBaseUser, n: int, to_leader: bool) -> None:
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import round_office, unit_leaders
    from dti.web.notifications.services import notify

    if to_leader:
        users, where = unit_leaders(unit), reverse("cycle:unit_approval", args=[round.slug, unit.code])
        subject = f"{unit.name}: {n} tiêu chí chờ lãnh đạo đơn vị duyệt"
    else:
        users, where = round_office(round), reverse("cycle:queue", args=[round.slug])
        subject = f"{unit.name}: {n} tiêu chí gửi thẩm định"
    notify(users=[u for u in users if u.pk != actor.pk], kind=Kind.SUBMITTED, round=round, url=where,
           subject=f"{round.name} – {subject}", body=f"Người gửi: {actor.get_full_name() or actor.get_username()}.")


def notify_returned(*, entries: list[Entry], actor: AbstractBaseUser, comment: str) -> None:
    """Each entry goes back to whoever entered it (the last editor when unknown)."""
    from dti.web.notifications.models import Kind
    from dti.web.notifications.services import notify

    by_user: dict[int, list[Entry]] = defaultdict(list)
    users: dict[int, AbstractBaseUser] = {}
    for e in entries:
        who = e.entered_by or e.updated_by
        if who is not None and who.pk != actor.pk:
            by_user[who.pk].append(e)
            users[who.pk] = who
    for pk, items in by_user.items():
        first = items[0]
        codes = ", ".join(e.criterion_code for e in items)
        notify(users=[users[pk]], kind=Kind.RETURNED, round=first.round, url=_page(first),
               subject=f"{first.round.name} – {first.unit.name}: trả lại tiêu chí {codes}",
               body=f"Ý kiến: {comment}")


def notify_approved(*, entries: list[Entry], actor: AbstractBaseUser) -> None:
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import unit_people
    from dti.web.notifications.services import notify

    by_unit: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_unit[e.unit_id].append(e)
    for items in by_unit.values():
        first = items[0]
        codes = ", ".join(e.criterion_code for e in items[:20]) + ("…" if len(items) > 20 else "")
        notify(users=[u for u in unit_people(first.unit) if u.pk != actor.pk], kind=Kind.APPROVED,
               round=first.round, url=_page(first),
               subject=f"{first.round.name} – {first.unit.name}: đã duyệt {len(items)} tiêu chí",
               body=f"Tiêu chí đã duyệt: {codes}.")
