"""Django set up on demand, for the ``dti`` commands that need the database (importing this is free)."""

from __future__ import annotations

import os


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.web.settings")
    import django

    django.setup()
