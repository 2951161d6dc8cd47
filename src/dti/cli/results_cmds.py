"""``dti results`` and ``dti rank``: persisted results of a round, read from the database.

JSON output has the shape of ``dti score --json`` (the engine's unit_result dicts), so scripts can
switch between scoring files and reading published results.
"""

from __future__ import annotations

import click

from dti.web.core.cli_env import django_setup


def _load(slug: str):  # type: ignore[no-untyped-def]
    from dti.cli.output import fail
    from dti.web.rounds.models import Round

    rnd = Round.objects.select_related("framework").filter(slug=slug).first()
    if rnd is None:
        fail(f"Không có kỳ đánh giá '{slug}'")
    return rnd


def _unit(rnd, ref: str):  # type: ignore[no-untyped-def]
    from dti.cli.output import fail
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    try:
        return resolve_unit(ref, within=rnd.units.all(), on=rnd.end)
    except UnitNotFound as exc:
        fail(str(exc))


@click.command()
@click.option("--round", "slug", required=True, help="Mã kỳ đánh giá, ví dụ ninh-thuan-2022.")
@click.option("--unit", "unit_ref", required=True, help="Mã hoặc tên đầy đủ của đơn vị, ví dụ 'Huyện Ninh Sơn'.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (như dti score --json).")
def results(slug: str, unit_ref: str, as_json: bool) -> None:
    """Kết quả đã tính của một đơn vị trong kỳ đánh giá."""
    django_setup()
    from dti.cli.output import emit_json, fail, table
    from dti.engine.numbers import fmt_number, fmt_percent, fmt_score
    from dti.web.results.selectors import unit_result_of

    rnd = _load(slug)
    unit = _unit(rnd, unit_ref)
    res = unit_result_of(rnd, unit)
    if res is None:
        fail(f"Kỳ '{rnd.name}' chưa có kết quả của {unit.name} (chưa tính kết quả)")
        return
    if as_json:
        emit_json([res.data])
        return
    d = rnd.framework.parsed().display_precision
    click.echo(f"{unit.name} – {rnd.name}")
    click.echo(f"Tổng điểm: {fmt_number(res.total, d)} / {fmt_score(res.max_points)} ({fmt_percent(res.percent)}) · "
               f"xếp loại: {res.klass or '—'} · hạng {res.rank_label}")
    click.echo(f"{res.n_dat}/{res.n_criteria} đạt, {res.n_dang} đang thực hiện, {res.n_chua} chưa thực hiện\n")
    rows = [(g["code"], g["name"][:50], fmt_score(g["score"]) if g["score"] is not None else "—",
             fmt_score(g["max_points"]) if g["max_points"] is not None else "—",
             f"{g['rank']}/{g['rank_of']}" if g.get("rank") else "") for g in res.data["groups"]]
    click.echo(table(["Mã", "Nhóm", "Điểm", "Tối đa", "Hạng"], rows, right=(2, 3, 4)))


@click.command()
@click.option("--round", "slug", required=True, help="Mã kỳ đánh giá.")
@click.option("--parent", "parent_ref", default=None, help="Chỉ các đơn vị thuộc đơn vị cấp trên này (mã hoặc tên).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
def rank(slug: str, parent_ref: str | None, as_json: bool) -> None:
    """Bảng xếp hạng đã tính của kỳ đánh giá."""
    django_setup()
    from dti.cli.output import emit_json, fail, table
    from dti.engine.numbers import fmt_number, fmt_percent, fmt_score
    from dti.web.results.selectors import batch_of, ranking
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    rnd = _load(slug)
    if batch_of(rnd) is None:
        fail(f"Kỳ '{rnd.name}' chưa có kết quả (chưa tính kết quả)")
        return
    parent = None
    if parent_ref:
        try:
            parent = resolve_unit(parent_ref, on=rnd.end)
        except UnitNotFound as exc:
            fail(str(exc))
    rows = list(ranking(rnd, parent=parent.code if parent else None))
    if parent is not None:
        rows = [r for r in rows if r.parent_id == parent.pk]
    data = [{"unit": r.unit.code, "unit_name": r.unit.name, "total": r.total, "max_points": r.max_points,
             "percent": r.percent, "class": r.klass or None, "rank": r.rank, "rank_of": r.rank_of} for r in rows]
    if as_json:
        emit_json(data)
        return
    d = rnd.framework.parsed().display_precision
    click.echo(rnd.name + (f" – {parent.name}" if parent else "") + "\n")
    if rows:
        from dti.cli.score_cmds import rank_basis_text

        maxima = {r.max_points for r in rows if r.max_points}
        click.echo(rank_basis_text(len(maxima) > 1) + "\n")
    click.echo(table(["Hạng", "Đơn vị", "Điểm", "Tối đa", "Tỷ lệ", "Xếp loại"],
                     [(r.rank_label, r.unit.name, fmt_number(r.total, d), fmt_score(r.max_points),
                       fmt_percent(r.percent), r.klass) for r in rows], right=(2, 3, 4)))
