"""Moving Assignment from the frameworks app to the rounds app keeps every row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("frameworks", "0002_initial"), ("rounds", "0001_initial"), ("units", "0001_initial")]
AFTER = [("frameworks", "0003_move_assignment_to_rounds"), ("rounds", "0002_assignment")]


@pytest.mark.django_db(transaction=True)
def test_assignment_rows_survive_the_move() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    unit = old.get_model("units", "OrgUnit").objects.create(
        key="legacy:x", code="x", name="Huyện X", type="huyen", level=2, path="x/", structure="legacy",
        valid_from=dt.date(2000, 1, 1),
    )
    agency = old.get_model("units", "Agency").objects.create(org_unit=unit, code="ca", name="Công an huyện X")
    fv = old.get_model("frameworks", "FrameworkVersion").objects.create(
        code="f", version=1, name="F", kind="scored", yaml_text="", sha256="0" * 64
    )
    rnd = old.get_model("rounds", "Round").objects.create(
        slug="r", name="R", framework=fv, owner_unit=unit, period_kind="year", year=2024,
        start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
    )
    old.get_model("frameworks", "Assignment").objects.create(
        round=rnd, criterion_code="VII.1", agency=agency, role="coordinator"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = list(new.get_model("rounds", "Assignment").objects.values_list("criterion_code", "agency__name", "role"))
    assert moved == [("VII.1", "Công an huyện X", "coordinator")]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
