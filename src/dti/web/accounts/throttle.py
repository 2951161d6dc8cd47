"""Failed-login throttle shared by every login form (the product's and the admin's).

Counters live in Django's cache, which is the database (or Redis when ``REDIS_URL`` is set), so every
worker process sees the same counts. Two counters per failure:

- per account *and* client address: ``LOGIN_THROTTLE_LIMIT`` failures lock that pair for the window.
  Someone guessing from another address cannot lock the real user out;
- per client address alone: ``LOGIN_THROTTLE_IP_LIMIT`` failures over any accounts lock the address
  (password spraying).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"login-fail:{len(parts)}:{digest}"


def _keys(username: str, ip: str | None) -> tuple[str, str]:
    address = ip or "-"
    return _key(username.strip().lower(), address), _key(address)


def is_locked(username: str, ip: str | None) -> bool:
    pair, address = _keys(username, ip)
    counts = cache.get_many([pair, address])
    return (counts.get(pair, 0) >= settings.LOGIN_THROTTLE_LIMIT
            or counts.get(address, 0) >= settings.LOGIN_THROTTLE_IP_LIMIT)


def record_failure(username: str, ip: str | None) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW
    for key in _keys(username, ip):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def record_success(username: str, ip: str | None) -> None:
    """A successful login clears its account+address counter (not the address's spray counter)."""
    cache.delete(_keys(username, ip)[0])


def lock_message() -> str:
    minutes = settings.LOGIN_THROTTLE_WINDOW // 60
    return f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."
