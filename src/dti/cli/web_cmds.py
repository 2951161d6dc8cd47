"""Web-backed ``dti`` commands: ``dti demo``, ``dti units import``, ``dti units show``.

Django is set up only when one of these runs, so the engine commands stay database-free.
"""

from __future__ import annotations

import click

from dti.web.core.cli_env import django_setup


@click.command()
@click.option("--serve", is_flag=True, help="Chạy máy chủ web sau khi nạp dữ liệu.")
@click.option("--port", default=8000, show_default=True, type=int)
def demo(serve: bool, port: int) -> None:
    """Nạp dữ liệu minh họa (đơn vị, bộ chỉ số, 2 kỳ đánh giá, người dùng) và chạy web."""
    django_setup()
    from django.core.management import call_command

    from dti.cli.output import table
    from dti.web.accounts.models import Role
    from dti.web.demo import DEMO_PASSWORD, demo_load, demo_migrate

    click.echo("Khởi tạo cơ sở dữ liệu…")
    demo_migrate()
    log, users = demo_load()
    for line in log:
        click.echo(line)
    click.echo("")
    click.echo("Tài khoản minh họa (mật khẩu chung: " + DEMO_PASSWORD + "):")
    rows = [(u.username, DEMO_PASSWORD, Role(u.role).label, u.scope) for u in users]
    click.echo(table(["Tên đăng nhập", "Mật khẩu", "Vai trò", "Phạm vi"], rows))
    url = f"http://127.0.0.1:{port}"
    click.echo(f"\nTrang nhập số liệu Nam Đông: {url}/ky/thua-thien-hue-2024-q2/don-vi/483/")
    click.echo(f"Kết quả Ninh Thuận 2022:     {url}/ky/ninh-thuan-2022/")
    if serve:
        click.echo(f"\nĐang chạy tại {url} (Ctrl+C để dừng)")
        call_command("runserver", f"127.0.0.1:{port}", "--noreload")


@click.group()
def units() -> None:
    """Đơn vị hành chính."""


@units.command("import")
@click.option("--province", "provinces", multiple=True, help="Mã tỉnh (có thể lặp lại); mặc định: tất cả.")
@click.option("--structure", type=click.Choice(["legacy", "2025", "all"]), default="legacy", show_default=True)
def units_import_cmd(provinces: tuple[str, ...], structure: str) -> None:
    """Nạp đơn vị hành chính từ danh mục chính thức (gói vietnamadminunits)."""
    django_setup()
    from django.core.management import call_command

    from dti.web.units.services import units_import

    call_command("migrate", interactive=False, verbosity=0)
    stats = units_import(provinces=list(provinces) or None, structure=structure)
    click.echo(f"Đơn vị hành chính: {stats}")


@units.command("show")
@click.argument("ref")
def units_show(ref: str) -> None:
    """Tra một đơn vị theo mã hoặc tên đầy đủ (ví dụ 'Huyện Ninh Sơn')."""
    django_setup()
    from dti.cli.output import fail
    from dti.engine.numbers import fmt_date
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    try:
        u = resolve_unit(ref)
    except UnitNotFound as exc:
        fail(str(exc))
        return
    click.echo(f"{u.name} [{u.key}] mã {u.code}, {u.get_type_display()}")
    click.echo(f"Hiệu lực: {fmt_date(u.valid_from) or '…'} – {fmt_date(u.valid_to) or 'nay'}")
    if u.parent:
        click.echo(f"Cấp trên: {u.parent.name}")
    succ = ", ".join(s.name for s in u.successors.all())
    if succ:
        click.echo(f"Kế thừa: {succ}")


def register(cli: click.Group) -> None:
    from dti.cli.backup_cmds import backup, restore
    from dti.cli.office_cmds import register as register_office
    from dti.cli.results_cmds import rank, results
    from dti.cli.server_cmds import serve, worker
    from dti.web.api.cli import register as register_api

    cli.add_command(demo)
    cli.add_command(units)
    cli.add_command(results)
    cli.add_command(rank)
    cli.add_command(serve)
    cli.add_command(worker)
    cli.add_command(backup)
    cli.add_command(restore)
    register_api(cli)
    register_office(cli)
