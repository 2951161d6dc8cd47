"""`dti serve` runs the platform under gunicorn (workers, static files, /healthz); `dti worker` exists."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from dti.cli.main import cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_dti_serve_runs_under_gunicorn(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DTI_", "DATABASE_URL", "REDIS_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "dti.web.settings", "DTI_VAR_DIR": str(tmp_path / "var")})
    dti = Path(sys.executable).with_name("dti")
    proc = subprocess.Popen(  # noqa: S603
        [str(dti), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--migrate"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as resp:  # noqa: S310
                    health = json.loads(resp.read())
                    server = resp.headers["Server"]
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    out = proc.stdout.read().decode() if proc.stdout and proc.poll() is not None else ""
                    pytest.fail(f"dti serve không chạy: {out}")
                time.sleep(0.5)
        assert health["status"] == "ok" and "gunicorn" in server.lower()
        with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=10) as resp:  # noqa: S310
            assert resp.status == 200 and "Content-Security-Policy" in resp.headers
        with urllib.request.urlopen(f"{base}/static/dti/dti.css", timeout=10) as resp:  # noqa: S310
            assert resp.status == 200 and "css" in resp.headers["Content-Type"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_worker_and_serve_are_commands() -> None:
    runner = CliRunner()
    assert "gunicorn" in runner.invoke(cli, ["serve", "--help"]).output
    assert "django-q2" in runner.invoke(cli, ["worker", "--help"]).output
