"""Test-wide setup and every shared fixture (builders in ``tests/factories.py``, helpers in ``tests/helpers.py``).

Worlds are built once per test module: the module opens a transaction, builds the world inside it and
rolls it back after its last test; each test runs in its own savepoint inside (pytest-django's ``db``),
so a test sees the world as built and leaves nothing behind. Each test gets a deep copy of the
module's objects (as Django's ``setUpTestData`` does), so in-memory changes never leak either.
Tests that need committed data (a live server, several connections) use the ``live_*`` fixtures,
which build a fresh world per test.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests import factories, pki

DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        _require_postgres(url)


def _require_postgres(url: str) -> None:
    """Under CI an unreachable PostgreSQL fails the run; locally it fails too, loudly."""
    import psycopg

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
    # Modules holding slow or browser tests run first: pytest-xdist then fills the other worker with
    # the many short ones instead of finishing on one long module (a stable sort keeps each module whole).
    heavy = {item.path for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")}
    items.sort(key=lambda item: item.path not in heavy)


@pytest.fixture(autouse=True)
def _isolated(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Database tests write media and trust roots under their own tmp dir and start with an empty cache."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from django.core.cache import cache

    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DTI_TRUST_ROOTS_DIR = tmp_path / "trust-roots"  # the demo adds its CA there
    cache.clear()


# --- worlds built once per module -------------------------------------------------------------------


@pytest.fixture(scope="module")
def _module_transaction(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _built_for_module(django_db_blocker: Any, build: Any) -> Any:
    with django_db_blocker.unblock():
        return build()


@pytest.fixture(scope="module")
def _module_world(_module_transaction: None, django_db_blocker: Any) -> factories.World:
    return _built_for_module(django_db_blocker, factories.build_world)


@pytest.fixture(scope="module")
def _module_api_world(_module_transaction: None, django_db_blocker: Any) -> factories.World:
    return _built_for_module(django_db_blocker, factories.build_api_world)


@pytest.fixture(scope="module")
def _module_ninh_thuan(_module_transaction: None, django_db_blocker: Any) -> tuple[Any, dict[str, Any]]:
    return _built_for_module(django_db_blocker, lambda: (factories.build_ninh_thuan(), factories.build_nt_users()))


@pytest.fixture
def world(_module_world: factories.World, db: None) -> factories.World:
    """WEB's small world: a two-district province, one user per role, an open round."""
    return copy.deepcopy(_module_world)


@pytest.fixture
def api_world(_module_api_world: factories.World, db: None) -> factories.World:
    """The small world on the API's framework, with a machine token and a personal token in ``secrets``."""
    return copy.deepcopy(_module_api_world)


@pytest.fixture
def ninh_thuan(_module_ninh_thuan: tuple[Any, dict[str, Any]], db: None) -> Any:
    """The real Ninh Thuận 2022 round, published."""
    return copy.deepcopy(_module_ninh_thuan[0])


@pytest.fixture
def nt_users(_module_ninh_thuan: tuple[Any, dict[str, Any]], db: None) -> dict[str, Any]:
    """One user per role around the Ninh Thuận round: owner, viewer, editor (Ninh Sơn), admin."""
    return copy.deepcopy(_module_ninh_thuan[1])


@pytest.fixture
def live_world(transactional_db: None) -> factories.World:
    """The small world, committed (for the live server)."""
    return factories.build_world()


@pytest.fixture
def live_ninh_thuan(transactional_db: None) -> tuple[Any, dict[str, Any]]:
    """The Ninh Thuận round and its users, committed (for the live server)."""
    return factories.build_ninh_thuan(), factories.build_nt_users()



# --- test PKI (keys generated once per session) -----------------------------------------------------

PAST_FROM = datetime(2020, 1, 1, tzinfo=UTC)
PAST_UNTIL = datetime(2021, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def root() -> pki.Identity:
    return pki.make_root()


@pytest.fixture(scope="session")
def other_root() -> pki.Identity:
    return pki.make_root(cn="CA Lạ Không Tin Cậy", org="Công ty Không Rõ")


@pytest.fixture(scope="session")
def signer(root: pki.Identity) -> pki.Identity:
    return pki.make_signer(root)


@pytest.fixture(scope="session")
def expired_signer(root: pki.Identity) -> pki.Identity:
    """Valid only during 2020: expired long before today."""
    return pki.make_signer(root, cn="Trần Thị Bình", not_before=PAST_FROM, not_after=PAST_UNTIL)


@pytest.fixture(scope="session")
def tsa(root: pki.Identity) -> pki.Identity:
    return pki.make_tsa(root, not_before=PAST_FROM, not_after=datetime(2035, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return pki.minimal_pdf()


@pytest.fixture(scope="session")
def signed_pdf(unsigned_pdf: bytes, signer: pki.Identity, root: pki.Identity) -> bytes:
    return pki.sign_pdf(unsigned_pdf, signer, [root])


# --- the browser (Debian chromium, never a downloaded one) ------------------------------------------


# module scope: Playwright's sync API keeps an asyncio loop running while it is open, which would
# break later tests that call asyncio.run (pyHanko does)
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chưa cài chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    # the ORM calls of the test stay synchronous while Playwright's loop runs in this thread
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh Vietnamese-locale page (its own context: cookies never leak between tests)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave their screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


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
