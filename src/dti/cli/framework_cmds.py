"""``dti framework list|show|validate``."""

from __future__ import annotations

from typing import Any

import click

from dti.cli.output import emit_json, fail, table
from dti.engine import framework as fw
from dti.engine.numbers import fmt_number


def framework_summary(f: fw.Framework) -> dict[str, Any]:
    """The keys other tools rely on: code, name, criteria, max_points."""
    groups = [
        {"code": n.code, "name": n.name, "kind": n.kind, "criteria": _count(n), "max_points": _max(f, n)}
        for n in f.nodes
    ]
    return {
        "code": f.code,
        "name": f.name,
        "version": f.version,
        "kind": f.kind,
        "level": f.level,
        "source": f.source,
        "criteria": len(f.top_criteria()),
        "max_points": f.total_max,
        "groups": groups,
    }


def _count(node: fw.Node) -> int:
    if node.kind == "criterion":
        return 1
    return sum(_count(c) for c in node.children)


def _max(f: fw.Framework, node: fw.Node) -> float | None:
    if f.kind == "tracking":
        return None
    return fw.tree_max(node) if node.rule is None or node.rule.type != "not_scored" else 0.0


@click.group()
def framework() -> None:
    """Bộ chỉ số: liệt kê, xem, kiểm tra."""


@framework.command("list")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON.")
def list_cmd(as_json: bool) -> None:
    """Liệt kê các bộ chỉ số có sẵn."""
    summaries = []
    problems = []
    for code, path in fw.builtin_framework_paths().items():
        try:
            summaries.append(framework_summary(fw.load_framework(path)))
        except fw.FrameworkError as exc:
            problems.append(f"{code}: {exc}")
    if as_json:
        emit_json(summaries)
    else:
        rows = [
            (s["code"], s["name"], s["criteria"], fmt_number(s["max_points"]) if s["max_points"] else "—")
            for s in summaries
        ]
        click.echo(table(["Mã", "Tên bộ chỉ số", "Tiêu chí", "Điểm tối đa"], rows, right=(2, 3)))
    if problems:
        fail("\n".join(problems))


@framework.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="In ra JSON (toàn bộ cây).")
def show_cmd(code: str, as_json: bool) -> None:
    """Hiển thị cây tiêu chí của bộ chỉ số CODE (mã hoặc đường dẫn tệp)."""
    try:
        f = fw.get_framework(code)
    except fw.FrameworkError as exc:
        fail(str(exc))
        return
    if as_json:
        data = framework_summary(f)
        data["tree"] = f.model_dump(mode="json", exclude_none=True)["nodes"]
        emit_json(data)
        return
    click.echo(f"{f.name} ({f.code}, phiên bản {f.version})")
    if f.source:
        click.echo(f.source)
    rows = []
    for node in f.walk():
        depth = _depth(f, node.code)
        mx = node.max_points if node.max_points is not None else (fw.tree_max(node) if node.children else None)
        rule = node.rule.type if node.rule else ""
        lead = ", ".join(node.lead)
        rows.append(("  " * depth + node.code, node.name[:70], fmt_number(mx) if mx else "", rule, lead[:40]))
    click.echo(table(["Mã", "Tên", "Điểm", "Quy tắc", "Chủ trì"], rows, right=(2,)))


def _depth(f: fw.Framework, code: str) -> int:
    d = 0
    parent = f.parent_of.get(code)
    while parent is not None:
        d += 1
        parent = f.parent_of.get(parent)
    return d


@framework.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
def validate_cmd(files: tuple[str, ...], as_json: bool) -> None:
    """Kiểm tra tệp bộ chỉ số (mặc định: mọi bộ chỉ số có sẵn)."""
    paths = list(files) or [str(p) for p in fw.builtin_framework_paths().values()]
    results: list[dict[str, Any]] = []
    for path in paths:
        try:
            f = fw.load_framework(path)
            results.append({"file": path, "valid": True, "code": f.code, "criteria": len(f.top_criteria())})
        except fw.FrameworkError as exc:
            results.append({"file": path, "valid": False, "errors": str(exc).splitlines()})
    if as_json:
        emit_json(results)
    else:
        for r in results:
            if r["valid"]:
                click.echo(f"✓ {r['file']}: hợp lệ ({r['code']}, {r['criteria']} tiêu chí)")
            else:
                click.echo(f"✗ {r['file']}: không hợp lệ")
                for line in r["errors"]:
                    click.echo(f"  {line}")
    if not all(r["valid"] for r in results):
        raise SystemExit(1)
