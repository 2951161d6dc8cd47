"""Entry-page fixtures: the shared small world (tests/conftest.py) and the real demo for the seed checks."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db) -> None:
    from dti.web.demo import demo_load

    demo_load()
