"""Settings for the test suite: the product's settings with what a test run does not need swapped out.

The production hasher (PBKDF2) would dominate the run time: every fixture user hashes a password.
"""

from __future__ import annotations

from dti.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run inline in the test process: a recompute queued by a service is visible to the next assertion.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
# Per-process cache, cleared by the fixtures between tests; the product's shared cache (database or
# Redis, see dti.web.settings) is exercised by tests/web/test_login_throttle.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dti-tests"}}
