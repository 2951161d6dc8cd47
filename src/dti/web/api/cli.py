"""``dti token issue|revoke|list`` — API tokens from the command line (same services as the admin)."""

from __future__ import annotations

import click

from dti.web.core.cli_env import django_setup
from dti.web.core.cli_env import user_named as _actor


def _fail(exc: Exception) -> click.ClickException:
    messages = getattr(exc, "message_dict", None)
    text = "; ".join(f"{f}: {m}" for f, ms in messages.items() for m in ms) if messages else " ".join(
        getattr(exc, "messages", [str(exc)]))
    return click.ClickException(text)


@click.group()
def token() -> None:
    """Mã truy cập API: cấp, thu hồi, liệt kê."""


@token.command("issue")
@click.option("--source", help="Tên nguồn dữ liệu (mã truy cập máy), ví dụ Hue-S.")
@click.option("--criteria", help="Mã tiêu chí được phép, cách nhau bởi dấu phẩy (mã máy).")
@click.option("--unit", help="Đơn vị (mã, khóa hoặc tên): mã máy được ghi cho đơn vị này và cấp dưới.")
@click.option("--user", "username", help="Cấp mã truy cập cá nhân cho người dùng này (thay cho --source).")
@click.option("--days", default=90, show_default=True, type=int, help="Thời hạn (ngày).")
@click.option("--label", default="", help="Mô tả mã cá nhân.")
@click.option("--by", "by", help="Tên đăng nhập của người cấp (ghi vào nhật ký).")
def issue(source: str | None, criteria: str | None, unit: str | None, username: str | None, days: int,
          label: str, by: str | None) -> None:
    """Cấp mã truy cập; mã chỉ được in ra MỘT lần."""
    if bool(source) == bool(username):
        raise click.UsageError("Dùng đúng một trong hai: --source (mã máy) hoặc --user (mã cá nhân)")
    django_setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from dti.web.api import tokens
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    actor = _actor(by)
    try:
        if source:
            if not criteria or not unit:
                raise click.UsageError("Mã máy cần --criteria và --unit")
            try:
                org_unit = resolve_unit(unit)
            except UnitNotFound as exc:
                raise click.BadParameter(str(exc), param_hint="--unit") from None
            tok, secret = tokens.machine_token_issue(
                source=source, criteria=criteria.split(","), unit=org_unit, days=days, actor=actor)
            click.echo(f"Đã cấp mã máy #{tok.pk} cho nguồn '{tok.source}': tiêu chí {', '.join(tok.criteria)}, "
                       f"đơn vị {org_unit.name} [{org_unit.key}] và cấp dưới, hết hạn {tok.expires_at:%d/%m/%Y}.")
        else:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise click.BadParameter(f"không có người dùng '{username}'", param_hint="--user")
            tok, secret = tokens.personal_token_issue(user=user, days=days, label=label, actor=actor)
            click.echo(f"Đã cấp mã cá nhân #{tok.pk} cho '{username}', hết hạn {tok.expires_at:%d/%m/%Y}.")
    except ValidationError as exc:
        raise _fail(exc) from None
    click.echo("Mã truy cập (chỉ hiện một lần, hãy lưu lại ngay):")
    click.echo(secret)


@token.command("revoke")
@click.argument("token_id", type=int)
@click.option("--personal", is_flag=True, help="Thu hồi mã cá nhân (mặc định: mã máy).")
@click.option("--by", "by", help="Tên đăng nhập của người thu hồi (ghi vào nhật ký).")
def revoke(token_id: int, personal: bool, by: str | None) -> None:
    """Thu hồi mã truy cập theo số hiệu (#) in ra khi cấp hoặc trong `dti token list`."""
    django_setup()
    from dti.web.api import tokens
    from dti.web.api.models import MachineToken, PersonalToken

    model = PersonalToken if personal else MachineToken
    tok = model.objects.filter(pk=token_id).first()
    if tok is None:
        raise click.ClickException(f"Không có mã truy cập {'cá nhân' if personal else 'máy'} #{token_id}")
    tokens.token_revoke(token=tok, actor=_actor(by))
    click.echo(f"Đã thu hồi mã #{token_id} ({tok}).")


@token.command("list")
def list_tokens() -> None:
    """Liệt kê mã truy cập (không bao giờ in lại mã bí mật)."""
    django_setup()
    from dti.web.api.models import MachineToken, PersonalToken

    for t in MachineToken.objects.select_related("source", "unit"):
        state = "đã thu hồi" if t.revoked else ("còn hiệu lực" if t.is_active else "hết hạn")
        click.echo(f"máy #{t.pk}\t{t.source}\t{t.hint}…\t{','.join(t.criteria)}\t{t.unit.key}\t"
                   f"{t.expires_at:%d/%m/%Y}\t{state}")
    for p in PersonalToken.objects.select_related("user"):
        state = "đã thu hồi" if p.revoked else ("còn hiệu lực" if p.is_active else "hết hạn")
        click.echo(f"cá nhân #{p.pk}\t{p.user}\t{p.hint}…\t{p.expires_at:%d/%m/%Y}\t{state}")


def register(cli: click.Group) -> None:
    cli.add_command(token)
