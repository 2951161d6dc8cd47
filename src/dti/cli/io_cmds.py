"""``dti import entries|framework``, ``dti template create|check``, ``dti framework-export``.

File-based import/export only; the variants that write to the database live with the web app.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from dti.cli.output import emit_json, fail
from dti.engine import framework as fw
from dti.engine.entries import Entry, UnitRef, fold
from dti.exports.framework_export import LAYOUTS, export_framework, framework_to_yaml
from dti.importers.entries_file import EntriesFileError, read_entries
from dti.importers.framework_xlsx import FrameworkImportError, read_framework_xlsx
from dti.importers.template_xlsx import TemplateImportError, is_template, read_template, write_template
from dti.limits import truncated


def _framework(code: str) -> fw.Framework:
    try:
        return fw.get_framework(code)
    except fw.FrameworkError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


def _entries_summary(units: list[UnitRef], entries: list[Entry], **extra: Any) -> dict[str, Any]:
    statuses = Counter(e.status.label if e.status else "(chưa ghi)" for e in entries)
    return {**extra, "units": len(units), "entries": len(entries), "status_counts": dict(statuses)}


def _print_summary(summary: dict[str, Any]) -> None:
    click.echo(f"✓ Hợp lệ: {summary['entries']} dòng số liệu của {summary['units']} đơn vị")
    for key, label in (("round", "Kỳ đánh giá"), ("empty_rows", "Dòng để trống (bỏ qua)")):
        if summary.get(key) not in (None, ""):
            click.echo(f"  {label}: {summary[key]}")
    for status, count in summary["status_counts"].items():
        click.echo(f"  {status}: {count}")


def _check_file(path: str, framework_code: str, as_json: bool) -> None:
    f = _framework(framework_code)
    try:
        if is_template(path):
            got = read_template(path, f)
            summary = _entries_summary(got.units, got.entries, kind="template", round=got.round_slug,
                                       rows=got.rows, empty_rows=got.empty_rows)
        else:
            parsed = read_entries(path, f)
            summary = _entries_summary(parsed.units, parsed.entries, kind="entries-file")
    except (TemplateImportError, EntriesFileError) as exc:
        problems = truncated([str(p) for p in exc.problems])
        if as_json:
            emit_json({"valid": False, "problems": problems, "problem_count": len(exc.problems)})
        else:
            click.echo(f"✗ Tệp không hợp lệ, không dòng nào được nhập ({len(exc.problems)} lỗi):", err=True)
            for p in problems:
                click.echo(f"  {p}", err=True)
        raise SystemExit(1) from None
    if as_json:
        emit_json({"valid": True, **summary})
    else:
        _print_summary(summary)


@click.group("import")
def import_group() -> None:
    """Nhập số liệu và bộ chỉ số từ tệp."""


@import_group.command("entries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--framework", "framework_code", help="Mã bộ chỉ số hoặc đường dẫn tệp YAML.")
@click.option("--round", "round_slug", help="Nhập mẫu đã điền vào kỳ đánh giá này (cơ sở dữ liệu), tất cả hoặc không dòng nào.")
@click.option("--user", "username", help="Tên đăng nhập của người nhập (bắt buộc với --round).")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON.")
def import_entries_cmd(file: str, framework_code: str | None, round_slug: str | None, username: str | None,
                       as_json: bool) -> None:
    """Kiểm tra tệp số liệu (mẫu XLSX, hoặc CSV/XLSX dạng dòng); với --round thì nhập vào kỳ đánh giá."""
    if round_slug:
        _import_into_round(file, round_slug, framework_code, username, as_json)
        return
    if not framework_code:
        fail("cần --framework (kiểm tra tệp) hoặc --round (nhập vào kỳ đánh giá)")
    _check_file(file, framework_code, as_json)


def _import_into_round(file: str, slug: str, framework_code: str | None, username: str | None, as_json: bool) -> None:
    from dti.web.imports.cli import import_entries_db

    if not is_template(file):
        fail(f"{file}: nhập vào kỳ đánh giá chỉ nhận mẫu XLSX tải từ hệ thống (dti template create --round)")
    outcome = import_entries_db(path=file, slug=slug, framework_code=framework_code, username=username, as_json=as_json)
    if as_json:
        emit_json(outcome)
    elif outcome["valid"]:
        click.echo(f"✓ Đã nhập vào kỳ {outcome['round']}: {outcome['changed']} tiêu chí thay đổi, "
                   f"{outcome['unchanged']} dòng không đổi")
    else:
        click.echo(f"✗ Tệp không hợp lệ, không dòng nào được nhập ({outcome['problem_count']} lỗi):", err=True)
        for p in outcome["problems"]:
            click.echo(f"  {p}", err=True)
    if not outcome["valid"]:
        raise SystemExit(1)


@import_group.command("framework")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--code", help="Mã bộ chỉ số (chữ thường, số, '-').")
@click.option("--name", help="Tên bộ chỉ số.")
@click.option("--kind", type=click.Choice(["points", "completion", "tracking"]), help="Loại bộ chỉ số.")
@click.option("--level", type=click.Choice(["tinh", "huyen", "xa", "so_nganh", "co_quan"]), help="Cấp đánh giá.")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="Tệp YAML bản nháp.")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON.")
def import_framework_cmd(file: str, code: str | None, name: str | None, kind: str | None, level: str | None,
                         out: str, as_json: bool) -> None:
    """Đọc bảng bộ chỉ số từ Excel thành bản nháp YAML và liệt kê những gì cần người xem lại."""
    try:
        draft = read_framework_xlsx(file, code=code, name=name, kind=kind, level=level)
    except FrameworkImportError as exc:
        fail(f"{file}: {exc}")
        return
    header = ["Bản nháp bộ chỉ số đọc từ " + Path(file).name]
    if draft.needs_review:
        header += ["CẦN NGƯỜI XEM LẠI:", *(f"- {item}" for item in draft.needs_review)]
    if draft.errors:
        header += ["CHƯA HỢP LỆ:", *(f"- {e}" for e in draft.errors)]
    Path(out).write_text(framework_to_yaml(draft.data, header=header), encoding="utf-8")
    summary = draft.summary()
    if as_json:
        emit_json({**summary, "out": out})
        return
    click.echo(f"Trang '{summary['sheet']}', dòng tiêu đề {summary['header_row']}, kiểu bảng: {summary['layout']}")
    click.echo("Cột nhận ra: " + "; ".join(f"{v} → {k}" for k, v in summary["columns"].items()))
    click.echo(f"Bộ chỉ số {summary['code']} ({summary['kind']}): {summary['groups']} nhóm, "
               f"{summary['criteria']} tiêu chí, {summary['items']} mục con; "
               f"{summary['with_points']} tiêu chí có điểm, {summary['with_lead']} dòng có cơ quan chủ trì")
    for item in summary["inferred_rules"]:
        click.echo(f"  quy tắc suy ra — {item['code']}: {item['reason']}")
    if draft.needs_review:
        click.echo(f"Cần người xem lại ({len(draft.needs_review)}):")
        for item in draft.needs_review:
            click.echo(f"  {item}")
    for e in draft.errors:
        click.echo(f"  chưa hợp lệ: {e}")
    click.echo(f"{'✓ Hoàn chỉnh' if draft.complete else 'Bản nháp'}: đã ghi {out}")


@click.group("template")
def template_group() -> None:
    """Mẫu nhập số liệu XLSX: tạo và kiểm tra."""


def _unit_ref(text: str) -> UnitRef:
    code, _, name = text.partition("=")
    return UnitRef(code.strip(), name.strip() or code.strip())


@template_group.command("create")
@click.option("--framework", "framework_code", help="Mã bộ chỉ số hoặc đường dẫn tệp YAML (không cần khi dùng --round).")
@click.option("--units", "--unit", "units", multiple=True, help="Mã đơn vị, có thể kèm tên: ND='Nam Đông'. Lặp lại hoặc ngăn bằng dấu phẩy. Với --round: mã hoặc tên đầy đủ.")
@click.option("--parent", help="Đơn vị cấp trên chung (nhóm xếp hạng).")
@click.option("--criteria", help="Chỉ các tiêu chí này (mã, ngăn bằng dấu phẩy).")
@click.option("--agency", help="Chỉ các tiêu chí mà cơ quan này chủ trì hoặc phối hợp.")
@click.option("--round", "round_slug", default="", help="Mã kỳ đánh giá. Không kèm --framework: lấy kỳ từ cơ sở dữ liệu, điền sẵn số liệu và phiên bản.")
@click.option("--expert", is_flag=True, help="Thêm cột điểm thẩm định.")
@click.option("--password", help="Mật khẩu khóa trang (mặc định: khóa không mật khẩu).")
@click.option("--out", type=click.Path(dir_okay=False), required=True)
def template_create_cmd(framework_code: str | None, units: tuple[str, ...], parent: str | None, criteria: str | None,
                        agency: str | None, round_slug: str, expert: bool, password: str | None, out: str) -> None:
    """Tạo mẫu nhập số liệu XLSX cho các đơn vị (với --round: của kỳ đánh giá, điền sẵn số liệu)."""
    codes = {c.strip() for c in criteria.split(",")} if criteria else None
    if round_slug and not framework_code:
        from dti.web.imports.cli import template_create_db

        names = [u.strip() for arg in units for u in arg.split(",") if u.strip()]
        template_create_db(slug=round_slug, framework_code=None, units=names, agency=agency, criteria=codes, out=out)
        return
    if not framework_code or not units:
        fail("cần --framework và --units (hoặc --round SLUG để lấy từ kỳ đánh giá)")
    f = _framework(framework_code)
    refs = [_unit_ref(u) for arg in units for u in arg.split(",") if u.strip()]
    refs = [UnitRef(u.code, u.name, parent) for u in refs]
    if agency:
        wanted = fold(agency)
        assigned = {n.code for n in f.criteria() if any(wanted in fold(a) for a in (*n.lead, *n.coordinators))}
        codes = assigned if codes is None else codes & assigned
        if not codes:
            fail(f"không có tiêu chí nào giao cho cơ quan '{agency}' trong bộ chỉ số {f.code}")
    try:
        write_template(out, f, refs, criteria=codes, round_slug=round_slug, expert=expert, password=password)
    except ValueError as exc:
        fail(str(exc))
    n_criteria = len(codes) if codes is not None else len(f.criteria())
    click.echo(f"✓ Đã tạo {out}: {len(refs)} đơn vị × {n_criteria} tiêu chí = {len(refs) * n_criteria} dòng")


@template_group.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--framework", "framework_code", required=True, help="Mã bộ chỉ số hoặc đường dẫn tệp YAML.")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON.")
def template_check_cmd(file: str, framework_code: str, as_json: bool) -> None:
    """Kiểm tra mẫu đã điền: in tóm tắt, hoặc mọi lỗi (dòng, cột, lý do)."""
    if not is_template(file):
        fail(f"{file}: không phải mẫu nhập số liệu của hệ thống")
    _check_file(file, framework_code, as_json)


@click.command("framework-export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "yaml"]), required=True)
@click.option("--layout", type=click.Choice(LAYOUTS), default="full", show_default=True,
              help="XLSX: full (mọi trường), appendix (như phụ lục tài liệu 002), assignment (bảng phân công).")
@click.option("--out", type=click.Path(dir_okay=False), required=True)
def framework_export_cmd(code: str, fmt: str, layout: str, out: str) -> None:
    """Xuất bộ chỉ số CODE ra XLSX hoặc YAML."""
    f = _framework(code)
    export_framework(f, out, fmt=fmt, layout=layout)  # type: ignore[arg-type]
    click.echo(f"✓ Đã xuất {f.code} ra {out}")


COMMANDS = (import_group, template_group, framework_export_cmd)


def register(cli: click.Group) -> None:
    for command in COMMANDS:
        cli.add_command(command)
