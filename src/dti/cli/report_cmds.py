"""``dti report`` (báo cáo / kế hoạch, DOCX or PDF) and ``dti export`` (XLSX workbooks).

The commands only gather plain data (framework, entries, scores, settings) and call the
generators in :mod:`dti.reports`; with ``--round`` the same data comes from the database
(:mod:`dti.web.documents.build`, Django set up only then).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dti.cli.output import fail
from dti.engine import FrameworkError, get_framework, score_round
from dti.engine.entries import Entry, UnitRef
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.importers.entries_file import EntriesFileError, read_entries
from dti.reports import (
    PdfError,
    ReportError,
    SettingsError,
    TemplateError,
    check_document,
    load_settings,
    unit_document_data,
    write_batch,
    write_document,
)
from dti.reports.generate import UNIT_KINDS
from dti.reports.province import round_document_data
from dti.reports.settings import DocumentSettings, SettingsFile
from dti.reports.workbooks import KINDS as WORKBOOK_KINDS
from dti.reports.workbooks import write_workbook

DOC_ERRORS = (ReportError, SettingsError, TemplateError, PdfError, OSError)


def load_round(framework_code: str, entries_paths: tuple[str, ...], year: int | None) -> tuple[Framework, RoundResult]:
    """Framework + every entries file (the unit's own and its peers') scored as one round."""
    try:
        framework = get_framework(framework_code)
        units: dict[str, UnitRef] = {}
        entries: list[Entry] = []
        seen: dict[tuple[str, str], str] = {}
        problems = []
        for path in entries_paths:
            data = read_entries(path, framework, year=year)
            for u in data.units:
                units.setdefault(u.code, u)
            for e in data.entries:
                key = (e.unit, e.criterion)
                if key in seen:
                    problems.append(
                        f"{Path(path).name}: tiêu chí {e.criterion} của đơn vị {e.unit} đã có trong {seen[key]}"
                    )
                seen[key] = Path(path).name
                entries.append(e)
        if problems:
            raise EntriesFileError(problems)
    except (FrameworkError, EntriesFileError) as exc:
        fail(f"Lỗi:\n{exc}")
        raise SystemExit(1) from None
    return framework, score_round(framework, list(units.values()), entries, year=year)


def find_unit(result: RoundResult, unit: str) -> str:
    """A unit code from a code or a name (case-insensitive)."""
    for u in result.units:
        if unit == u.code or unit.casefold() == (u.name or "").casefold():
            return u.code
    known = ", ".join(f"{u.code} ({u.name})" for u in result.units[:10])
    fail(f"Không có đơn vị '{unit}' trong tệp số liệu (có: {known})")
    raise SystemExit(1)


def _settings(path: str | None) -> SettingsFile:
    if path is None:
        return SettingsFile({}, {})
    try:
        return load_settings(path)
    except SettingsError as exc:
        fail(f"Lỗi thiết lập văn bản: {exc}")
        raise SystemExit(1) from None


def _overrides(period: str | None, next_period: str | None) -> DocumentSettings:
    return DocumentSettings(period=period or "", next_period=next_period or "")


def _db_round(slug: str):  # type: ignore[no-untyped-def]
    """``--round``: set Django up only now, so the file mode never needs a database."""
    from dti.web.core.cli_env import django_setup

    django_setup()
    from dti.web.rounds.models import Round

    rnd = Round.objects.select_related("framework").filter(slug=slug).first()
    if rnd is None:
        fail(f"Không có kỳ đánh giá '{slug}'")
    return rnd


def _db_unit(rnd, ref: str):  # type: ignore[no-untyped-def]
    from dti.web.units.resolver import UnitNotFound, resolve_unit

    try:
        return resolve_unit(ref, within=rnd.units.all(), on=rnd.end)
    except UnitNotFound as exc:
        fail(str(exc))


def _report_db(slug: str, kind: str, unit: str | None, batch: bool, fmt: str | None, period: str | None,
               next_period: str | None, out: str | None, outdir: str | None) -> list[Path]:
    """Scores from the round's entries (score_round_db), thể thức and texts from the documents app."""
    rnd = _db_round(slug)
    from dti.web.documents import build

    if kind not in UNIT_KINDS:
        return [build.round_document(rnd, kind, Path(str(out)), fmt=fmt, period=period)]
    if batch:
        only = [_db_unit(rnd, unit)] if unit else None
        return build.round_batch(rnd, kind, Path(str(outdir)), fmt or "docx", only=only)
    org_unit = _db_unit(rnd, str(unit))
    settings = build.document_settings(rnd, org_unit, kind)
    settings.period = period or settings.period
    settings.next_period = next_period or settings.next_period
    data = build.unit_data(rnd, org_unit)
    return [write_document(kind, data, str(out), settings, fmt=fmt)]


@click.command("report")
@click.option("--round", "round_slug", default=None,
              help="Mã kỳ đánh giá trong cơ sở dữ liệu (thay cho --framework/--entries).")
@click.option("--framework", "framework_code", default=None, help="Mã bộ chỉ số hoặc đường dẫn tệp YAML.")
@click.option("--entries", "entries_paths", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Tệp số liệu (CSV/XLSX); lặp lại để thêm số liệu các đơn vị cùng cấp (để xếp hạng).")
@click.option("--kind", type=click.Choice(["bao-cao", "ke-hoach", "tong-hop", "cong-bo"]), required=True,
              help="bao-cao: Báo cáo kết quả chuyển đổi số; ke-hoach: Kế hoạch nâng cao Chỉ số DTI; "
                   "tong-hop: Báo cáo tổng hợp các đơn vị của kỳ; cong-bo: Quyết định công bố kết quả xếp hạng.")
@click.option("--unit", "unit", default=None, help="Mã hoặc tên đơn vị.")
@click.option("--batch", is_flag=True, help="Tạo một văn bản cho mỗi đơn vị trong số liệu.")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default=None,
              help="Định dạng (mặc định theo đuôi tệp --out, hoặc docx).")
@click.option("--year", type=int, default=None, help="Năm đánh giá (mặc định: năm của bộ chỉ số).")
@click.option("--period", default=None, help="Kỳ báo cáo, ví dụ 'Quý II năm 2024'.")
@click.option("--next-period", default=None, help="Kỳ tiếp theo, ví dụ 'Quý III năm 2024'.")
@click.option("--settings", "settings_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Tệp YAML/JSON thể thức văn bản: cơ quan ban hành, số, ngày, người ký, nơi nhận, nội dung.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Tệp YAML lời văn thay cho mẫu có sẵn.")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None, help="Tệp kết quả (một đơn vị).")
@click.option("--outdir", type=click.Path(file_okay=False), default=None, help="Thư mục kết quả (--batch).")
def report(round_slug: str | None, framework_code: str | None, entries_paths: tuple[str, ...], kind: str, unit: str | None, batch: bool,
           fmt: str | None, year: int | None, period: str | None, next_period: str | None,
           settings_path: str | None, template: str | None, out: str | None, outdir: str | None) -> None:
    """Tạo Báo cáo hoặc Kế hoạch theo thể thức Nghị định 30/2020/NĐ-CP từ số liệu."""
    if batch and not outdir:
        fail("--batch cần --outdir")
    province = kind not in UNIT_KINDS
    if province and (batch or not out):
        fail(f"--kind {kind} tạo một văn bản cho cả kỳ: cần --out, không dùng --batch")
    if not province and not batch and (not unit or not out):
        fail("Cần --unit và --out (hoặc dùng --batch --outdir)")
    if round_slug:
        try:
            paths = _report_db(round_slug, kind, unit, batch, fmt, period, next_period, out, outdir)
        except DOC_ERRORS as exc:
            fail(f"Lỗi: {exc}")
            return
        for p in paths:
            click.echo(f"Đã ghi {p}")
        return
    if not framework_code or not entries_paths:
        fail("Cần --framework và --entries (hoặc --round)")
    settings = _settings(settings_path)
    base = _overrides(period, next_period)
    _, result = load_round(framework_code, entries_paths, year)
    try:
        if batch:
            codes = [find_unit(result, unit)] if unit else None
            paths = write_batch(kind, result, str(outdir), lambda code, name: settings.for_unit(code, name, base=base),
                                units=codes, fmt=fmt or "docx", template=template)
            for p in paths:
                click.echo(f"Đã ghi {p}")
            return
        if province:
            data = round_document_data(result, period=period or "")
            doc_settings = settings.for_unit("", base=base)
        else:
            code = find_unit(result, str(unit))
            data = unit_document_data(result, code)
            doc_settings = settings.for_unit(code, data["unit_name"], base=base)
        path = write_document(kind, data, str(out), doc_settings, template=template, fmt=fmt)
        report_problems(kind, data, doc_settings)
    except DOC_ERRORS as exc:
        fail(f"Lỗi: {exc}")
        return
    click.echo(f"Đã ghi {path}")


def report_problems(kind: str, data: dict[str, Any], settings: DocumentSettings) -> None:
    """Kiểm tra trước khi ban hành, on stderr: the document is written, the drafter must look."""
    problems = check_document(kind, data, settings)
    if not problems:
        return
    click.echo(f"Kiểm tra trước khi ban hành ({len(problems)} điểm cần xem):", err=True)
    for p in problems:
        click.echo(f"  - {p.message}", err=True)


@click.command("export")
@click.argument("kind", type=click.Choice(WORKBOOK_KINDS))
@click.option("--round", "round_slug", default=None,
              help="Mã kỳ đánh giá trong cơ sở dữ liệu (thay cho --framework/--entries).")
@click.option("--framework", "framework_code", default=None, help="Mã bộ chỉ số hoặc đường dẫn tệp YAML.")
@click.option("--entries", "entries_paths", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Tệp số liệu (CSV/XLSX); có thể lặp lại.")
@click.option("--unit", default=None, help="Mã hoặc tên đơn vị (cho bảng 'unit').")
@click.option("--year", type=int, default=None, help="Năm đánh giá.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Tệp .xlsx kết quả.")
def export(kind: str, round_slug: str | None, framework_code: str | None, entries_paths: tuple[str, ...], unit: str | None, year: int | None,
           out: str) -> None:
    """Xuất bảng tính: ranking (xếp hạng), unit (chi tiết đơn vị), assignments (phân công), targets (mục tiêu)."""
    if round_slug:
        if kind == "unit" and not unit:
            fail("Bảng tính 'unit' cần --unit")
        rnd = _db_round(round_slug)
        from dti.web.documents.build import workbook_to

        try:
            path = workbook_to(rnd, kind, Path(out), unit=_db_unit(rnd, unit) if unit else None)
        except (ValueError, OSError) as exc:
            fail(f"Lỗi: {exc}")
            return
        click.echo(f"Đã ghi {path}")
        return
    if not framework_code:
        fail("Cần --framework (hoặc --round)")
    if kind != "assignments" and not entries_paths:
        fail(f"Bảng tính '{kind}' cần --entries")
    if kind == "unit" and not unit:
        fail("Bảng tính 'unit' cần --unit")
    if entries_paths:
        framework, result = load_round(framework_code, entries_paths, year)
    else:
        try:
            framework, result = get_framework(framework_code), None
        except FrameworkError as exc:
            fail(f"Lỗi:\n{exc}")
            return
    code = find_unit(result, unit) if (unit and result is not None) else None
    try:
        path = write_workbook(kind, out, framework=framework, result=result, unit=code)
    except (ValueError, OSError) as exc:
        fail(f"Lỗi: {exc}")
        return
    click.echo(f"Đã ghi {path}")
