"""``dti backup OUT`` and ``dti restore IN`` (see dti.web.core.backup and docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import click

from dti.web.core.cli_env import django_setup


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def _int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def backup(out: Path) -> None:
    """Sao lưu cơ sở dữ liệu, tệp minh chứng và bản kê mã băm vào thư mục OUT (mới hoặc rỗng)."""
    django_setup()
    from dti.web.core.backup import BackupError, backup_create

    try:
        report = backup_create(out=out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(report.rows.values())
    click.echo(f"Đã sao lưu vào {out}: {_int(rows)} bản ghi, {_int(report.files)} tệp ({_size(report.bytes)}).")


@click.command()
@click.argument("src", metavar="IN", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Xóa dữ liệu hiện có rồi thay bằng bản sao lưu.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Tính lại kết quả các kỳ sau khi phục hồi và so với kết quả đã lưu.")
def restore(src: Path, replace: bool, verify: bool) -> None:
    """Phục hồi từ một bản sao lưu (kiểm tra mã băm trước khi ghi)."""
    django_setup()
    from dti.web.core.backup import BackupError, backup_restore

    try:
        report = backup_restore(path=src, replace=replace)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(report.rows.values())
    click.echo(f"Đã phục hồi từ {src}: {_int(rows)} bản ghi, {_int(report.files)} tệp ({_size(report.bytes)}).")
    if verify:
        from dti.web.results.models import ResultBatch
        from dti.web.results.services import results_verify

        bad = 0
        for batch in ResultBatch.objects.select_related("round__framework"):
            problems = results_verify(round=batch.round)
            bad += bool(problems)
            click.echo(f"  {batch.round.slug}: " + ("; ".join(problems) if problems else "kết quả khớp khi tính lại"))
        if bad:
            raise click.ClickException(f"{bad} kỳ có kết quả không khớp sau khi phục hồi")
