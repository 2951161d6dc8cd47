"""The browser journey reuses the web fixtures (small framework, users per role)."""

from tests.web.conftest import _isolated, world  # noqa: F401
