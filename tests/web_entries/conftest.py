"""Entry-page fixtures: the shared small world (tests/conftest.py) and the real demo for the seed checks."""

from __future__ import annotations

import pytest
from django.test import Client

from dti.web.entries.models import Entry, Workflow
from dti.web.rounds.models import Round, RoundState
from tests.web_entries.seed import SLUGS


@pytest.fixture
def demo(db) -> None:
    from dti.web.demo import demo_load

    demo_load()


@pytest.fixture
def open_demo(demo, monkeypatch) -> Client:
    # every entry editable: the published 2022 round re-opened, the long-past deadlines lifted (the date
    # window then ends on 31/12 of the round's year) and all entries back to draft
    Round.objects.filter(slug__in=SLUGS).update(state=RoundState.OPEN, submission_deadline=None,
                                                agency_submission_deadline=None)
    Entry.objects.filter(round__slug__in=SLUGS).update(workflow=Workflow.DRAFT)
    # what is tested is the write path, not a recompute after each of ~1.000 saves
    monkeypatch.setattr("dti.web.results.services.results_schedule", lambda **kw: None)
    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    return client
