"""What every command that reads the database needs first: Django set up, and the acting user."""

from __future__ import annotations

import os
from typing import Any

import click


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.web.settings")
    import django

    django.setup()


def user_named(username: str | None) -> Any:
    """The user a ``--by`` option names (None when not given); an unknown name is a usage error."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.BadParameter(f"không có người dùng '{username}'", param_hint="--by")
    return user
