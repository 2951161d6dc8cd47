"""``dti round create`` and ``dti assignments import``: the office's round set-up from the command line,
through the same services (and checks) as its web pages and the API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from dti.web.core.cli_env import django_setup
from dti.web.core.cli_env import user_named as _actor


def _fail(exc: Exception) -> click.ClickException:
    messages = getattr(exc, "message_dict", None)
    if messages:
        from dti.web.rounds.planning import FIELD_LABELS

        return click.ClickException("; ".join(f"{FIELD_LABELS.get(f, f)}: {m}" for f, ms in messages.items() for m in ms))
    return click.ClickException("\n".join(getattr(exc, "messages", [str(exc)])))


def _date(value: str | None, flag: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"ngày '{value}' không đúng dạng YYYY-MM-DD", param_hint=flag) from None


@click.group("round")
def round_group() -> None:
    """Kỳ đánh giá: tạo mới hoặc sao chép từ kỳ trước."""


@round_group.command("create")
@click.option("--framework", "framework_code", required=True, help="Mã bộ chỉ số (phiên bản mới nhất).")
@click.option("--owner", "owner_ref", required=True, help="Đơn vị tổ chức kỳ (khóa, ví dụ legacy:46~2024).")
@click.option("--period", "period_kind", type=click.Choice(["quarter", "half", "year"]), required=True)
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, help="Quý 1–4 hoặc 6 tháng 1–2.")
@click.option("--units", help="Mã đơn vị tham gia, cách nhau bởi dấu phẩy (bỏ trống khi sao chép).")
@click.option("--copy-from", "copy_from", help="Mã kỳ để sao chép đơn vị, thời hạn, phân công.")
@click.option("--slug", default="", help="Mã kỳ (để trống: tự đặt).")
@click.option("--name", default="", help="Tên kỳ (để trống: tự đặt).")
@click.option("--submission-deadline", help="Hạn nộp của đơn vị (YYYY-MM-DD).")
@click.option("--agency-submission-deadline", help="Hạn nộp của cơ quan (YYYY-MM-DD).")
@click.option("--review-deadline", help="Hạn thẩm định (YYYY-MM-DD).")
@click.option("--by", "by", help="Tên đăng nhập người tạo (ghi nhật ký).")
@click.option("--json", "as_json", is_flag=True)
def round_create_cmd(framework_code: str, owner_ref: str, period_kind: str, year: int, number: int | None,
                     units: str | None, copy_from: str | None, slug: str, name: str, submission_deadline: str | None,
                     agency_submission_deadline: str | None, review_deadline: str | None, by: str | None,
                     as_json: bool) -> None:
    """Tạo kỳ đánh giá (dự thảo)."""
    django_setup()
    import json

    from django.core.exceptions import ValidationError

    from dti.web.frameworks.models import FrameworkVersion
    from dti.web.rounds.models import Round
    from dti.web.rounds.planning import period_validate, round_plan
    from dti.web.rounds.services import period_dates
    from dti.web.units.models import OrgUnit
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    fv = FrameworkVersion.objects.filter(code=framework_code).order_by("-version").first()
    if fv is None:
        raise click.BadParameter(f"không có bộ chỉ số '{framework_code}'", param_hint="--framework")
    try:
        owner = resolve_unit(owner_ref)
        end = period_dates(period_kind, year, period_validate(period_kind, year, number))[1]
        chosen = None
        if units:
            within = OrgUnit.objects.filter(path__startswith=owner.path + "/")
            chosen = [resolve_unit(ref.strip(), within=within, on=end) for ref in units.split(",") if ref.strip()]
        source = Round.objects.filter(slug=copy_from).first() if copy_from else None
        if copy_from and source is None:
            raise click.BadParameter(f"không có kỳ '{copy_from}'", param_hint="--copy-from")
        deadlines = {k: v for k, v in {
            "submission_deadline": _date(submission_deadline, "--submission-deadline"),
            "agency_submission_deadline": _date(agency_submission_deadline, "--agency-submission-deadline"),
            "review_deadline": _date(review_deadline, "--review-deadline")}.items() if v is not None}
        rnd = round_plan(owner_unit=owner, framework=fv, period_kind=period_kind, year=year, number=number,
                         units=chosen, copy_from=source, deadlines=deadlines, name=name, slug=slug, actor=_actor(by))
    except (ValidationError, UnitNotFound) as exc:
        raise _fail(exc) from None
    out = {"slug": rnd.slug, "name": rnd.name, "state": rnd.state, "units": rnd.units.count(),
           "assignments": rnd.assignments.count(),
           "submission_deadline": rnd.submission_deadline.isoformat() if rnd.submission_deadline else None}
    click.echo(json.dumps(out, ensure_ascii=False) if as_json else
               f"Đã tạo kỳ {rnd.slug} ({rnd.name}): {out['units']} đơn vị, {out['assignments']} dòng phân công")


@click.group("assignments")
def assignments_group() -> None:
    """Bảng phân công chủ trì/phối hợp của một kỳ."""


@assignments_group.command("import")
@click.option("--round", "slug", required=True, help="Mã kỳ đánh giá.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by", help="Tên đăng nhập người nhập (ghi nhật ký).")
def assignments_import_cmd(slug: str, file: Path, by: str | None) -> None:
    """Thay bảng phân công bằng bảng Excel theo mẫu Phụ lục 1 (tất cả hoặc không)."""
    django_setup()
    from django.core.exceptions import ValidationError

    from dti.importers.assignments_xlsx import AssignmentTableError, read_assignment_table
    from dti.web.rounds.assignments import assignments_replace, rows_from_lines
    from dti.web.rounds.models import Round

    rnd = Round.objects.filter(slug=slug).first()
    if rnd is None:
        raise click.BadParameter(f"không có kỳ '{slug}'", param_hint="--round")
    try:
        rows = rows_from_lines(rnd, read_assignment_table(file.read_bytes()))
        n = assignments_replace(round=rnd, rows=rows, actor=_actor(by), source=f"dti assignments import {file.name}")
    except AssignmentTableError as exc:
        raise click.ClickException(str(exc)) from None
    except ValidationError as exc:
        raise _fail(exc) from None
    click.echo(f"Đã nhập {n} dòng phân công vào kỳ {slug}")


def register(cli: click.Group) -> None:
    cli.add_command(round_group)
    cli.add_command(assignments_group)
