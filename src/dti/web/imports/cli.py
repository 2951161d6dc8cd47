"""Database mode of ``dti template create --round`` and ``dti import entries --round``.

Called from ``dti.cli.io_cmds`` only when ``--round`` names a round in the database; Django is set
up here so the file-only commands stay database-free. Both go through the same services as the web.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from dti.web.core.cli_env import django_setup


def _fail(message: str) -> NoReturn:
    click.echo(f"Lỗi: {message}", err=True)
    raise SystemExit(1)


def _round(slug: str, framework_code: str | None) -> Any:
    from django.db import DatabaseError

    from dti.web.rounds.models import Round

    try:
        rnd = Round.objects.select_related("framework").filter(slug=slug).first()
    except DatabaseError as exc:
        _fail(f"Chưa đọc được cơ sở dữ liệu (đã chạy 'dti demo' hoặc migrate chưa?): {exc}")
    if rnd is None:
        _fail(f"Không có kỳ đánh giá '{slug}'")
    if framework_code and framework_code != rnd.framework.code:
        _fail(f"Kỳ '{slug}' dùng bộ chỉ số {rnd.framework.code}, không phải {framework_code}")
    return rnd


def template_create_db(*, slug: str, framework_code: str | None, units: list[str], agency: str | None,
                       criteria: set[str] | None, out: str) -> None:
    """Pre-filled template of a round for the named units (code or full name) or one agency's criteria."""
    django_setup()
    from django.db.models import Q

    from dti.web.imports.selectors import template_bytes
    from dti.web.results.scoring import round_units
    from dti.web.rounds.models import Assignment
    from dti.web.units.models import Agency
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    rnd = _round(slug, framework_code)
    chosen = []
    for ref in units:
        try:
            chosen.append(resolve_unit(ref, within=rnd.units.all(), on=rnd.end))
        except UnitNotFound as exc:
            _fail(str(exc))
    if agency:
        ag = Agency.objects.filter(Q(code=agency) | Q(name__iexact=agency)).select_related("org_unit").first()
        if ag is None:
            _fail(f"Không có cơ quan '{agency}'")
        assigned = set(Assignment.objects.filter(round=rnd, agency=ag).values_list("criterion_code", flat=True))
        if not assigned:
            _fail(f"Cơ quan '{ag.name}' chưa được giao tiêu chí nào trong kỳ '{slug}'")
        criteria = assigned if criteria is None else criteria & assigned
        if not chosen and ag.org_unit is not None:
            chosen = [u for u in round_units(rnd) if u.is_within(ag.org_unit)]
    if not chosen:
        _fail("Cần nêu đơn vị (--units mã hoặc tên đầy đủ) hoặc cơ quan (--agency)")
    try:
        data = template_bytes(rnd, chosen, frozenset(criteria) if criteria is not None else None)
    except ValueError as exc:
        _fail(str(exc))
    Path(out).write_bytes(data)
    n = len(criteria) if criteria is not None else len(rnd.framework.parsed().criteria())
    click.echo(f"✓ Đã tạo {out} cho kỳ {rnd.slug}: {len(chosen)} đơn vị × {n} tiêu chí = {len(chosen) * n} dòng "
               "(đã điền sẵn số liệu hiện có)")


def import_entries_db(*, path: str, slug: str, framework_code: str | None, username: str | None,
                      as_json: bool) -> dict[str, Any]:
    """Apply a filled template to the round as ``username``, all rows or none."""
    django_setup()
    from django.contrib.auth import get_user_model

    from dti.importers.template_xlsx import TemplateImportError
    from dti.web.imports import services

    rnd = _round(slug, framework_code)
    if not username:
        _fail("Nhập vào cơ sở dữ liệu cần --user (tên đăng nhập của người nhập)")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        _fail(f"Không có người dùng '{username}'")
    try:
        rows = services.template_read(round=rnd, data=Path(path).read_bytes(), actor=user)
        report = services.entries_apply_template(round=rnd, rows=rows, actor=user, ip=None)
    except TemplateImportError as exc:
        from dti.limits import truncated

        return {"valid": False, "problems": truncated([str(p) for p in exc.problems]),
                "problem_count": len(exc.problems)}
    return {"valid": True, "round": rnd.slug, "changed": len(report.changed), "unchanged": report.unchanged}
