"""Entry-page fixtures: WEB's small world, and the real demo (both seed rounds) for the seed checks."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, World, _isolated, entry_post, world  # noqa: F401


@pytest.fixture(autouse=True)
def _sync_jobs(settings) -> None:
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}


@pytest.fixture
def demo(db) -> None:
    from dti.web.demo import demo_load

    demo_load()
