"""One login throttle for the product and the admin, keyed by account + real client address."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory

from dti.web.accounts import throttle
from dti.web.audit.models import AuditEvent
from dti.web.core.clientaddr import client_ip
from tests.factories import PASSWORD, World, entry_post

PROXY = "10.0.0.5"


def _post(c: Client, url: str, username: str, password: str, ip: str = "127.0.0.1", xff: str = "") -> Any:
    extra = {"REMOTE_ADDR": ip}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return c.post(url, {"username": username, "password": password}, **extra)


@pytest.fixture
def superuser(world: World) -> Any:
    return get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)


@pytest.mark.django_db
def test_admin_login_is_locked_after_as_many_failures_as_the_product_login(world: World, superuser: Any,
                                                                            settings: Any) -> None:
    limit = settings.LOGIN_THROTTLE_LIMIT
    c = Client()
    for _ in range(limit):
        resp = _post(c, "/quan-tri/login/", "quantri", "sai")
        assert resp.status_code == 200 and "không đúng" in resp.content.decode()
    locked = _post(c, "/quan-tri/login/", "quantri", PASSWORD)
    assert locked.status_code == 200 and "quá nhiều lần" in locked.content.decode()
    assert "_auth_user_id" not in c.session
    # the same counter: the product login is locked for that account and address too
    assert _post(Client(), "/dang-nhap/", "quantri", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_failures_on_both_forms_add_up(world: World, superuser: Any, settings: Any) -> None:
    for i in range(settings.LOGIN_THROTTLE_LIMIT):
        _post(Client(), "/dang-nhap/" if i % 2 else "/quan-tri/login/", "quantri", "sai")
    assert _post(Client(), "/quan-tri/login/", "quantri", PASSWORD).status_code == 200
    assert _post(Client(), "/dang-nhap/", "quantri", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_one_failure_short_of_the_limit_still_logs_in(world: World, superuser: Any, settings: Any) -> None:
    for _ in range(settings.LOGIN_THROTTLE_LIMIT - 1):
        _post(Client(), "/quan-tri/login/", "quantri", "sai")
    assert _post(Client(), "/quan-tri/login/", "quantri", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_an_attacker_cannot_lock_out_another_user(world: World, settings: Any) -> None:
    settings.DTI_TRUSTED_PROXIES = [PROXY]
    for _ in range(settings.LOGIN_THROTTLE_LIMIT * 3):
        # the attacker forges the header; the proxy appends the address it saw
        _post(Client(), "/dang-nhap/", "editor_a", "sai", ip=PROXY, xff="198.51.100.7, 203.0.113.9")
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD, ip=PROXY, xff="203.0.113.9").status_code == 429
    # the real user, from their own address through the same proxy, logs in
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD, ip=PROXY, xff="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(world: World, settings: Any) -> None:
    settings.DTI_TRUSTED_PROXIES = []
    for i in range(settings.LOGIN_THROTTLE_LIMIT):
        # rotating a forged header does not escape the throttle
        _post(Client(), "/dang-nhap/", "editor_a", "sai", ip="203.0.113.9", xff=f"192.0.2.{i}")
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD, ip="203.0.113.9", xff="192.0.2.99").status_code == 429


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_locked(world: World, settings: Any) -> None:
    settings.LOGIN_THROTTLE_IP_LIMIT = 6
    for i in range(6):
        _post(Client(), "/dang-nhap/", f"khong-co-{i}", "sai", ip="203.0.113.9")
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD, ip="203.0.113.9").status_code == 429
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD, ip="203.0.113.10").status_code == 302


@pytest.mark.parametrize(("remote", "xff", "trusted", "expected"), [
    ("203.0.113.9", "1.2.3.4", [], "203.0.113.9"),
    ("10.0.0.5", "1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.5", "", ["10.0.0.0/8"], "10.0.0.5"),
    ("10.0.0.5", "rác, 1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.5", "1.2.3.4, rác", ["10.0.0.0/8"], "10.0.0.5"),
    ("10.0.0.5", "[2001:db8::1]:443", ["10.0.0.0/8"], "2001:db8::1"),
    ("203.0.113.9", "1.2.3.4", ["10.0.0.0/8"], "203.0.113.9"),
])
def test_client_address(remote: str, xff: str, trusted: list[str], expected: str, settings: Any) -> None:
    settings.DTI_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_audit_rows_record_the_client_behind_the_proxy(world: World, settings: Any) -> None:
    settings.DTI_TRUSTED_PROXIES = [PROXY]
    c = world.client_for("editor_a")
    url = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/"
    resp = c.post(url, entry_post("I.2", numerator="1", denominator="2"), REMOTE_ADDR=PROXY,
                  HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(action__startswith="entry.").latest("pk").ip == "198.51.100.7"


@pytest.mark.django_db
def test_the_database_cache_holds_the_counters(world: World, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "dti_cache"}}
    call_command("createcachetable", verbosity=0)
    for _ in range(settings.LOGIN_THROTTLE_LIMIT):
        _post(Client(), "/dang-nhap/", "editor_a", "sai")
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dti_cache")
        assert cursor.fetchone()[0] == 2  # account+address and address counters, in the shared table
    assert _post(Client(), "/dang-nhap/", "editor_a", PASSWORD).status_code == 429


def _redis_url() -> str | None:
    url = "redis://127.0.0.1:6379/7"
    try:
        import redis
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001
        return None
    return url


def _delete_prefixed(url: str, prefix: str) -> None:
    """Remove only this run's keys: ``cache.clear()`` would flush the whole Redis database others share."""
    import redis
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_counters_in_redis_are_shared_between_processes(settings: Any) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("Redis không chạy tại 127.0.0.1:6379")
    # A prefix unique to this run, given to the child process too, so concurrent runs cannot collide.
    prefix = f"dti-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": prefix}}
    code = ("import django; django.setup()\n"
            "from dti.web.accounts import throttle\n"
            "for _ in range(5): throttle.record_failure('nguoi-dung', '203.0.113.9')\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dti.web.settings", "REDIS_URL": url,
           "DTI_CACHE_KEY_PREFIX": prefix}
    try:
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)  # noqa: S603
        assert throttle.is_locked("nguoi-dung", "203.0.113.9")
        assert not throttle.is_locked("nguoi-dung", "203.0.113.10")
    finally:
        _delete_prefixed(url, prefix)
