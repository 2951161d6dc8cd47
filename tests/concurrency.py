"""Concurrent writers against a real database (threads, one connection each).

Used by ``tests/web/test_concurrency.py``: in-process on PostgreSQL, and as a subprocess on a
file-based SQLite database (``python -m tests.concurrency DBFILE`` prints the outcome as JSON), since
the test run's own SQLite database lives in memory where locking is not the real thing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
import time
from collections import Counter
from typing import Any

VALUES: dict[str, dict[str, Any]] = {
    "I.1": {"done": True},
    "I.2": {"numerator": 5, "denominator": 10},
    "I.3": {"count": 3},
    "II.1": {"date": dt.date(2024, 1, 15)},
    "II.2": {"text": "Báo cáo đánh giá"},
}


def _save_with_retries(world: Any, unit: Any, code: str, actor: Any, tries: int = 25) -> str:
    """Save like a person would: on a stale version, reload and save again. Returns the outcome."""
    from dti.web.entries.models import Entry
    from dti.web.entries.services import EntryError, StaleEntry, entry_save

    for _ in range(tries):
        version = Entry.objects.filter(round=world.round, unit=unit, criterion_code=code).values_list(
            "version", flat=True).first() or 0
        try:
            entry_save(round=world.round, unit=unit, criterion_code=code, values=VALUES[code],
                       expected_version=version, actor=actor)
        except StaleEntry:
            continue
        except EntryError as exc:
            return "refused: " + " ".join(exc.messages)
        return "saved"
    return "stale"


def _run_threads(targets: list[Any]) -> list[str]:
    from django.db import connection

    outcomes: list[str] = [""] * len(targets)
    barrier = threading.Barrier(len(targets))

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = targets[i]()
        except Exception as exc:  # noqa: BLE001 - every unexpected error is what the test counts
            outcomes[i] = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def saves_of_one_unit(world: Any, n: int = 20) -> dict[str, Any]:
    """``n`` simultaneous saves of one unit's criteria (several writers per criterion)."""
    from dti.web.entries.models import Entry

    codes = list(VALUES)
    editor = world.users["editor_a"]
    plan = [codes[i % len(codes)] for i in range(n)]
    outcomes = _run_threads([(lambda c=c: _save_with_retries(world, world.unit_a, c, editor)) for c in plan])
    versions = dict(Entry.objects.filter(round=world.round, unit=world.unit_a).values_list("criterion_code", "version"))
    return {"outcomes": dict(Counter(o.split(":")[0] for o in outcomes)), "errors": [o for o in outcomes if o.startswith("error")],
            "versions": versions, "expected_versions": dict(Counter(codes[i % len(codes)] for i in range(n)))}


def saves_during_publish(world: Any, writers: int = 6) -> dict[str, Any]:
    """Writers keep saving while the owner publishes: no save may commit after the publication."""
    from dti.web.entries.models import Entry
    from dti.web.entries.services import EntryError, entry_save
    from dti.web.results.services import results_verify
    from dti.web.rounds import services as rounds
    from dti.web.rounds.models import Round

    rnd = world.round
    editor = world.users["editor_a"]

    def writer(k: int) -> str:
        # each writer owns its criterion × unit, so only the round's state can refuse it
        unit = world.unit_a if k % 2 == 0 else world.unit_b
        code = list(VALUES)[k % len(VALUES)]
        actor = editor if unit == world.unit_a else world.users["admin"]
        saved = 0
        start = Entry.objects.filter(round=rnd, unit=unit, criterion_code=code).values_list(
            "version", flat=True).first() or 0
        # write until refused: by time, not by count (a fast write path may do hundreds of saves
        # before the publisher gets the lock)
        until = time.monotonic() + 60
        version = start
        while time.monotonic() < until:
            try:
                entry_save(round=rnd, unit=unit, criterion_code=code, values=VALUES[code],
                           expected_version=version, actor=actor)
            except EntryError as exc:
                return f"refused after {saved}: {' '.join(exc.messages)}"
            saved += 1
            version += 1
        return f"never refused after {saved}"

    def publisher() -> str:
        time.sleep(0.3)
        rounds.round_publish(round=Round.objects.get(pk=rnd.pk), actor=world.users["owner"])
        return "published"

    outcomes = _run_threads([*(lambda k=k: writer(k) for k in range(writers)), publisher])
    fresh = Round.objects.get(pk=rnd.pk)
    return {"outcomes": outcomes, "state": fresh.state, "verify": results_verify(round=fresh)}


def main(db_file: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from tests import factories

    call_command("migrate", verbosity=0)
    world = factories.build_world()
    out = {"one_unit": saves_of_one_unit(world)}
    out["publish"] = saves_during_publish(world)
    print(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
