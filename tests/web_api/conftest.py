"""The API tests' world is the API world (``tests/conftest.py``): every test here calls it ``world``."""

from __future__ import annotations

import pytest

from tests.factories import World


@pytest.fixture
def world(api_world: World) -> World:
    return api_world
