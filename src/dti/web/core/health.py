"""``/healthz``: can this process serve? Database, job queue and evidence storage, as JSON.

Answers 200 when all three work and 503 otherwise, for load balancers and monitoring. It reveals no
data and no configuration beyond the words ``ok``/``error``, and takes no input.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _queue() -> dict[str, object]:
    from django_q.brokers import get_broker
    from django_q.status import Stat

    broker = get_broker()
    if not broker.ping():
        raise ConnectionError("broker")
    # Clusters report themselves through the broker; none running means jobs wait (not an outage of the web).
    return {"workers": sum(len(s.workers) for s in Stat.get_all(broker=broker)), "queued": broker.queue_size()}


def _storage() -> dict[str, object]:
    name = default_storage.save(f"healthz/{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as fh:
            if fh.read() != b"ok":
                raise OSError("read back")
    finally:
        default_storage.delete(name)
    return {}


CHECKS: dict[str, Callable[[], dict[str, object]]] = {"database": _database, "queue": _queue, "storage": _storage}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    body: dict[str, object] = {}
    healthy = True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = check()
        except Exception:  # noqa: BLE001 - any failure of a dependency is reported as such, never raised
            healthy = False
            body[name] = {"status": "error"}
        else:
            body[name] = {"status": "ok", **detail, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JsonResponse({"status": "ok" if healthy else "error", **body}, status=200 if healthy else 503)
