"""The documented production settings pass `manage.py check --deploy`; unsafe ones are refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest


def _django(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DTI_", "DATABASE_URL", "REDIS_URL"))
            and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser fixtures, never in deployment
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *args], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**base, "DJANGO_SETTINGS_MODULE": "dti.web.settings", "DTI_VAR_DIR": str(tmp_path / "var"), **env},
    )


# The environment docs/deployment.md prescribes (one province behind nginx on the same host).
PRODUCTION = {
    "DTI_DEBUG": "0",
    "DTI_ALLOWED_HOSTS": "dti.example.gov.vn",
    "DTI_TRUSTED_PROXIES": "127.0.0.1",
}


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_documented_settings(tmp_path: Path) -> None:
    env = {**PRODUCTION, "DTI_SECRET_KEY": secrets.token_urlsafe(50)}
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = {"DTI_DEBUG": "0", "DTI_SECRET_KEY": secrets.token_urlsafe(50)}
    result = _django(["check"], env, tmp_path)
    assert result.returncode != 0 and "DTI_ALLOWED_HOSTS phải được đặt" in result.stderr


@pytest.mark.slow
def test_redis_url_makes_redis_the_cache_and_the_broker(tmp_path: Path) -> None:
    code = ("from django.conf import settings as s; print(s.CACHES['default']['BACKEND']); "
            "print(s.Q_CLUSTER.get('redis'), 'orm' in s.Q_CLUSTER)")
    result = _django(["shell", "--no-imports", "-c", code], {"REDIS_URL": "redis://127.0.0.1:6379/7"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/7",
                                     "False"]
    plain = _django(["shell", "--no-imports", "-c", code], {}, tmp_path)
    assert plain.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "None", "True"]
