"""``dti score``: score an entries file against a framework, without any database."""

from __future__ import annotations

from pathlib import Path

import click

from dti.cli.output import emit_json, fail, table
from dti.engine import FrameworkError, get_framework, score_round
from dti.engine.numbers import fmt_number, fmt_percent, fmt_score
from dti.engine.scoring import RoundResult
from dti.exports.xlsx import save_workbook
from dti.importers.entries_file import EntriesFileError, read_entry_files


@click.command()
@click.option("--framework", "framework_code", required=True, help="Mã bộ chỉ số hoặc đường dẫn tệp YAML.")
@click.option(
    "--entries",
    "entries_paths",
    required=True,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Tệp số liệu CSV/XLSX (có thể lặp lại để gộp nhiều tệp).",
)
@click.option("--year", type=int, default=None, help="Năm đánh giá (cho quy tắc thời hạn).")
@click.option("--unit", "unit_filter", default=None, help="Chỉ in một đơn vị (mã hoặc tên).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False), default=None, help="Ghi bảng xếp hạng ra XLSX.")
def score(
    framework_code: str,
    entries_paths: tuple[str, ...],
    year: int | None,
    unit_filter: str | None,
    as_json: bool,
    xlsx_out: str | None,
) -> None:
    """Chấm điểm tệp số liệu ENTRIES theo bộ chỉ số FRAMEWORK."""
    try:
        framework = get_framework(framework_code)
        units, entries = read_entry_files(entries_paths, framework, year=year)
    except (FrameworkError, EntriesFileError) as exc:
        fail(f"Lỗi:\n{exc}")
        return
    result = score_round(framework, units, entries, year=year)
    columns = list(range(len(result.units)))
    if unit_filter:
        columns = [j for j, u in enumerate(result.units) if unit_filter in (u.code, u.name)]
        if not columns:
            fail(f"Không có đơn vị '{unit_filter}' trong tệp số liệu")
    results = [result.unit_result(j) for j in columns]
    if xlsx_out:
        write_ranking_xlsx(result, Path(xlsx_out))
    if as_json:
        emit_json(results)
        return
    click.echo(render_table(result, results))
    if xlsx_out:
        click.echo(f"Đã ghi {xlsx_out}")


def render_table(result: RoundResult, results: list[dict]) -> str:
    fwk = result.framework
    d = fwk.display_precision
    lines = [f"{fwk.name} ({fwk.code})", ""]
    if results and result.scored:
        by_pct = any(result.rank_basis_of(result.unit_index[r["unit"]]) == "percent" for r in results)
        lines += [rank_basis_text(by_pct), ""]
    rows = []
    for r in sorted(results, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit_name"])):
        sc = r["status_counts"]
        counts = f"{sc['dat']}/{sc['dang_thuc_hien']}/{sc['chua_thuc_hien']}"
        if sc["khong_ap_dung"]:
            counts += f" (+{sc['khong_ap_dung']} KAD)"
        rows.append(
            (
                f"{r['rank']}/{r['rank_of']}" if r["rank"] else ("không xếp hạng" if r["total"] is not None else ""),
                r["unit_name"] or r["unit"],
                fmt_number(r["total"], d) if r["total"] is not None else "—",
                fmt_score(r["max_points"]) if r["max_points"] is not None else "—",
                fmt_percent(r["percent"]) if r["percent"] is not None else "—",
                r["class"] or "",
                counts,
            )
        )
    lines.append(
        table(["Hạng", "Đơn vị", "Điểm", "Tối đa", "Tỷ lệ", "Xếp loại", "Đạt/Đang/Chưa"], rows, right=(2, 3, 4))
    )
    if len(results) == 1:
        r = results[0]
        lines.append("")
        grows = []
        for g in r["groups"]:
            sc = g.get("status_counts", {})
            grows.append(
                (
                    g["code"],
                    g["name"][:50],
                    fmt_score(g["score"]) if g["score"] is not None else "—",
                    fmt_score(g["max_points"]) if g["max_points"] is not None else "—",
                    f"{g['rank']}/{g['rank_of']}" if g["rank"] else "",
                    f"{sc.get('dat', 0)}/{sc.get('dang_thuc_hien', 0)}/{sc.get('chua_thuc_hien', 0)}",
                )
            )
        lines.append(table(["Mã", "Nhóm", "Điểm", "Tối đa", "Hạng", "Đạt/Đang/Chưa"], grows, right=(2, 3)))
        if r["slips"]:
            lines.append("")
            lines.append("Sai lệch so với số liệu báo cáo:")
            lines.extend(f"  {s['criterion']}: {s['message']}" for s in r["slips"])
    return "\n".join(lines)


def rank_basis_text(by_pct: bool) -> str:
    """The ranking header's statement of what ranks compare (docs/rules.md, "Xếp hạng")."""
    basis = "tỷ lệ % điểm tối đa của từng đơn vị (làm tròn 2 chữ số như in)" if by_pct else \
        "tổng điểm như in (làm tròn theo display_precision)"
    return f"Xếp hạng theo {basis}; bằng nhau thì cùng hạng; đơn vị không có tiêu chí áp dụng không xếp hạng."


def write_ranking_xlsx(result: RoundResult, path: Path) -> None:
    fwk = result.framework
    results = result.all_results()
    groups = [n for n in fwk.nodes]
    headers = ["Hạng", "Mã đơn vị", "Đơn vị", "Điểm", "Tối đa", "Tỷ lệ (%)", "Xếp loại"]
    headers += [f"{g.code}. {g.name}" for g in groups]
    rows = []
    for r in sorted(results, key=lambda r: (r["rank"] or 0, r["unit_name"])):
        row = [r["rank"], r["unit"], r["unit_name"], r["total"], r["max_points"], r["percent"], r["class"]]
        row += [g["score"] for g in r["groups"]]
        rows.append(row)
    digits = "0" * fwk.display_precision
    total_fmt = "#,##0" + (f".{digits}" if digits else "")
    fmts = {3: total_fmt, 4: "#,##0.####", 5: "0.00"} | {7 + i: "#,##0.####" for i in range(len(groups))}
    save_workbook([("Xếp hạng", headers, rows, {"number_formats": fmts, "widths": {2: 32}})], path)
