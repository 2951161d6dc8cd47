"""Integrity under concurrency: simultaneous saves give no error, and nothing commits after a publication."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests import concurrency
from tests.factories import World

ROOT = Path(__file__).resolve().parents[2]


def _check_one_unit(out: dict) -> None:
    assert out["errors"] == []
    assert out["outcomes"] == {"saved": 20}
    assert out["versions"] == out["expected_versions"]  # every save counted once, none lost


def _check_publish(out: dict) -> None:
    assert out["state"] == "published"
    assert not any(o.startswith("error") for o in out["outcomes"]), out["outcomes"]
    assert all(o.startswith("refused") or o == "published" for o in out["outcomes"]), out["outcomes"]
    assert all("không nhận số liệu" in o for o in out["outcomes"] if o.startswith("refused"))
    # a save committed after the publication would change the inputs the frozen results came from
    assert out["verify"] == []


@pytest.mark.slow
def test_file_based_sqlite_serialises_writers(tmp_path: Path) -> None:
    proc = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.concurrency", str(tmp_path / "dti.sqlite3")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    _check_one_unit(out["one_unit"])
    _check_publish(out["publish"])


@pytest.mark.django_db(transaction=True)
def test_postgresql_saves_and_publication(live_world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite of the test run has no real locking (see the file-based test)")
    _check_one_unit(concurrency.saves_of_one_unit(live_world))
    _check_publish(concurrency.saves_during_publish(live_world))
