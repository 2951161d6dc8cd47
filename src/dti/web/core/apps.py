from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # The database cache (login throttle counters, shared by every worker) needs its table; migrate
    # does not create it, so every migrate does (idempotent; nothing to do with Redis). Once per migrate:
    # the signal comes for each app with models, and the sessions app is always installed.
    if sender.label != "sessions":
        return
    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "dti.web.core"
    label = "core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, dispatch_uid="dti-cache-table")
