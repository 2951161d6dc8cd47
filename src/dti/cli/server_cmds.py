"""Production processes: ``dti serve`` (gunicorn) and ``dti worker`` (the django-q2 job queue).

Both read the same environment as the web settings (``DTI_*``, ``DATABASE_URL``, ``REDIS_URL``); see
docs/deployment.md. Each migrates nothing unless asked: in a fleet one process migrates, then all start.
"""

from __future__ import annotations

import os
import sys

import click

from dti.web.core.cli_env import django_setup


def _cpu_workers() -> int:
    return max(2, min(8, 2 * (os.cpu_count() or 1) + 1))


@click.command()
@click.option("--bind", default=lambda: os.environ.get("DTI_BIND", "127.0.0.1:8000"), show_default="127.0.0.1:8000",
              help="Địa chỉ:cổng lắng nghe (hoặc unix:/đường/dẫn.sock).")
@click.option("--workers", type=click.IntRange(1, 64), default=lambda: int(os.environ.get("DTI_WEB_WORKERS", 0))
              or _cpu_workers(), show_default="2 × số lõi + 1, tối đa 8", help="Số tiến trình web.")
@click.option("--threads", type=click.IntRange(1, 32), default=4, show_default=True, help="Luồng mỗi tiến trình.")
@click.option("--timeout", type=click.IntRange(5, 600), default=60, show_default=True,
              help="Giây tối đa cho một yêu cầu; quá hạn thì tiến trình được thay.")
@click.option("--migrate/--no-migrate", default=False, show_default=True,
              help="Cập nhật cấu trúc cơ sở dữ liệu trước khi chạy.")
def serve(bind: str, workers: int, threads: int, timeout: int, migrate: bool) -> None:
    """Chạy máy chủ web sản xuất (gunicorn; tệp tĩnh qua WhiteNoise)."""
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        raise click.ClickException(
            "Chưa cài gunicorn: pip install 'dti-platform[server]' (xem docs/deployment.md).") from None
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if migrate:
        click.echo("Cập nhật cơ sở dữ liệu…")
        call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    args = [
        sys.executable, "-m", "gunicorn", "dti.web.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--timeout", str(timeout), "--graceful-timeout", "30", "--keep-alive", "5",
        # a worker is replaced after this many requests: bounded memory growth over weeks
        "--max-requests", "2000", "--max-requests-jitter", "200",
        "--limit-request-line", "8190", "--limit-request-fields", "100",
        "--access-logfile", "-", "--error-logfile", "-",
        "--forwarded-allow-ips", ",".join(settings.DTI_TRUSTED_PROXIES) or "127.0.0.1",
    ]
    click.echo(f"Máy chủ web: http://{bind} ({workers} tiến trình × {threads} luồng, giới hạn {timeout} giây)")
    sys.stdout.flush()
    os.execv(sys.executable, args)  # noqa: S606 - gunicorn replaces this process: signals reach it directly


@click.command()
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình xử lý việc (mặc định: DTI_QUEUE_WORKERS hoặc 2).")
def worker(workers: int | None) -> None:
    """Chạy hàng đợi công việc (tính lại kết quả, xuất tài liệu hàng loạt): django-q2 qcluster."""
    if workers is not None:
        os.environ["DTI_QUEUE_WORKERS"] = str(workers)
    django_setup()
    from django.core.management import call_command

    call_command("qcluster")
