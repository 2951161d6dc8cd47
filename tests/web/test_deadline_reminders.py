"""The daily reminder job: units that have not submitted everything hear of the deadline, the others do not."""

from __future__ import annotations

import datetime as dt

from dti.web.notifications.models import Kind, Notification
from dti.web.notifications.tasks import deadline_reminders_task
from dti.web.results.models import RoundSummary
from dti.web.rounds.models import Round
from tests.factories import World


def _deadline(w: World) -> None:
    Round.objects.filter(pk=w.round.pk).update(submission_deadline=dt.date(2024, 6, 20))


def test_it_reminds_every_unit_of_a_round_without_results(world: World) -> None:
    _deadline(world)
    RoundSummary.objects.filter(round=world.round).delete()
    assert deadline_reminders_task(today="2024-06-18") > 0
    soon = Notification.objects.filter(user=world.users["editor_a"], kind=Kind.DEADLINE_SOON, round=world.round)
    assert soon.count() == 1 and world.unit_a.name in soon.get().subject
    assert deadline_reminders_task(today="2024-06-18") == 0  # once per unit and deadline


def test_it_skips_the_units_that_submitted_everything(world: World) -> None:
    _deadline(world)
    RoundSummary.objects.update_or_create(round=world.round, defaults={
        "n_units": 2, "n_submitted": 1, "pending": [[world.unit_b.code, world.unit_b.name]]})
    deadline_reminders_task(today="2024-06-25")
    assert not Notification.objects.filter(user=world.users["editor_a"], round=world.round).exists()
