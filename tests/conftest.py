"""Test-wide setup: database selection (SQLite by default, PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import os

import pytest

DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        _require_postgres(url)


def _require_postgres(url: str) -> None:
    """Under CI an unreachable PostgreSQL fails the run; locally it fails too, loudly."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        pytest.exit("psycopg chưa được cài đặt nhưng DATABASE_URL trỏ tới PostgreSQL", returncode=3)
    try:
        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.exit(f"Không kết nối được PostgreSQL ({url}): {exc}", returncode=3)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests that touch the database carry the django_db marker, so `make test-postgres` can
    # re-run exactly those on PostgreSQL.
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & DB_FIXTURES and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


class EngineCalls:
    """Counts the engine's scorings: every ``score_round`` (what-if included) builds one RoundResult."""

    def __init__(self) -> None:
        self.n = 0


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> EngineCalls:
    """Count engine scorings however the engine was imported (patches ``RoundResult.__init__``)."""
    from dti.engine.scoring import RoundResult

    calls = EngineCalls()
    original = RoundResult.__init__

    def counting(self: RoundResult, *args: object, **kwargs: object) -> None:
        calls.n += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RoundResult, "__init__", counting)
    return calls
