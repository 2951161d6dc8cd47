"""Cycle fixtures: the API test world (two districts, an agency of A, tokens) plus the cycle's roles."""

from __future__ import annotations

import pytest

from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.entries import services as entries
from tests.factories import World
from tests.web_api.conftest import world  # noqa: F401

PASSWORD = "mat-khau-thu-nghiem"  # noqa: S105 - test users only


def add_user(w: World, username: str, role: str, unit: object, **extra: object) -> object:
    user = user_ensure(username=username, password=PASSWORD, full_name=username, email=f"{username}@example.vn")
    role_assign(user=user, role=role, org_unit=unit, **extra)  # type: ignore[arg-type]
    w.users[username] = user
    return user


@pytest.fixture
def cycle(world: World) -> World:  # noqa: F811
    """+ a leader of A, a council assessor, an assessor of group II only."""
    add_user(world, "leader_a", Role.UNIT_LEADER, world.unit_a)
    add_user(world, "council", Role.ASSESSOR, world.province, is_council=True)
    add_user(world, "assessor_ii", Role.ASSESSOR, world.province, criteria="II")
    return world


def save(w: World, who: str, code: str, unit: object = None, **values: object) -> object:
    unit = unit or w.unit_a
    current = entries.Entry.objects.filter(round=w.round, unit=unit, criterion_code=code).first()
    return entries.entry_save(round=w.round, unit=unit, criterion_code=code, values=values,
                              expected_version=current.version if current else 0, actor=w.users[who])
