"""XLSX workbooks from a round: ranking, one unit's detail, assignments, targets vs results.

Sheets are written by :mod:`dti.exports.xlsx` (header style, widths, number formats, frozen panes,
formula-injection escaping of every text cell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dti.engine import framework as fw
from dti.engine.scoring import RoundResult
from dti.exports.xlsx import save_workbook
from dti.reports.common import result_text
from dti.reports.data import apply_self_scores, unit_document_data

KINDS = ("ranking", "unit", "assignments", "targets")
POINTS = "#,##0.00"
PERCENT = "0.00"


def _sheet(title: str, headers: list[str], rows: list[list[Any]], formats: dict[int, str],
           widths: dict[int, int]) -> tuple[str, list[str], list[list[Any]], dict[str, Any]]:
    return (title, headers, rows, {"number_formats": formats, "widths": widths})


def ranking_sheet(result: RoundResult, self_totals: Mapping[str, float | None] | None = None
                  ) -> tuple[str, list[str], list[list[Any]], dict[str, Any]]:
    """Xếp hạng: one row per unit, the total and every group; with ``self_totals`` (by unit code, given
    once an appraisal changed a total) the self-assessed total and the difference follow the total."""
    groups = result.framework.nodes
    own = ["Điểm tự đánh giá", "Chênh lệch (thẩm định − tự đánh giá)"] if self_totals is not None else []
    headers = ["Hạng", "Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Tổng điểm", *own, "Điểm tối đa", "Tỷ lệ (%)",
               "Xếp loại", "Đạt", "Đang thực hiện", "Chưa thực hiện", "Không áp dụng"]
    headers += [f"{g.code}. {g.name}" for g in groups]
    rows = []
    for r in sorted(result.all_results(), key=lambda r: (r["rank"] or 0, r["unit_name"])):
        c = r["status_counts"]
        extra: list[Any] = []
        if self_totals is not None:
            mine = self_totals.get(r["unit"])
            extra = [mine, r["total"] - mine if mine is not None and r["total"] is not None else None]
        row = [r["rank"], r["unit"], r["unit_name"], r["parent"], r["total_unrounded"], *extra, r["max_points"],
               r["percent"], r["class"], c["dat"], c["dang_thuc_hien"], c["chua_thuc_hien"], c["khong_ap_dung"]]
        rows.append(row + [g["score"] for g in r["groups"]])
    k = len(own)
    fmts = ({4: POINTS, 5 + k: POINTS, 6 + k: PERCENT} | {4 + i: POINTS for i in range(1, k + 1)}
            | {12 + k + i: POINTS for i in range(len(groups))})
    return _sheet("Xếp hạng", headers, rows, fmts, {2: 32, 3: 14})


def unit_sheet(result: RoundResult, unit: str, evidence_counts: dict[str, int] | None = None,
               merged: dict[str, Any] | None = None) -> tuple[str, list[str], list[list[Any]], dict[str, Any]]:
    """Chi tiết đơn vị: every criterion and sub-item with inputs, score, status and explanation; with
    ``merged`` (the unit result carrying self-assessed scores) and an appraisal that changed a score,
    the self-assessed score and whether the criterion was appraised, in two last columns."""
    data = unit_document_data(result, unit, evidence_counts=evidence_counts)
    with_self = merged is not None and bool(apply_self_scores(data, merged)["self_differs"])
    headers = ["Mã", "Tiêu chí", "Nhóm", "Quy tắc", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Số lượng", "Giá trị",
               "Ngày", "Kết quả", "Điểm", "Điểm tối đa", "Tình trạng", "Giải trình", "Số minh chứng"]
    if with_self:
        headers += ["Điểm tự đánh giá", "Đã thẩm định"]
    rows: list[list[Any]] = []
    j = result.column_of(unit)

    def visit(node: dict[str, Any], group: str) -> None:
        if node["kind"] in ("criterion", "item") or "children" not in node:
            entry = result.table.entries.get((node["code"], j))
            rule = result.framework.by_code[node["code"]].rule
            rate = entry.rate * 100 if entry is not None and entry.rate is not None else None
            rows.append([
                node["code"], node["name"], group, rule.type if rule else "",
                entry.numerator if entry else None, entry.denominator if entry else None, rate,
                entry.count if entry else None, entry.value if entry else None,
                entry.date if entry else None, result_text(node), node.get("score"), node.get("max_points"),
                node.get("status_label", ""), node.get("explanation", ""), node.get("evidence_count"),
                *([node.get("self_score"), "Có" if node.get("appraised") else "Chưa"] if with_self else []),
            ])
        for child in node.get("children", []) + node.get("items", []):
            visit(child, group)

    for g in data["groups"]:
        visit(g, f"{g['code']}. {g['name']}")
    fmts = {4: "#,##0.##", 5: "#,##0.##", 6: PERCENT, 7: "#,##0.##", 8: "#,##0.##", 9: "dd/mm/yyyy",
            11: POINTS, 12: POINTS} | ({16: POINTS} if with_self else {})
    title = f"Chi tiết {data['unit_name']}"[:31]
    return _sheet(title, headers, rows, fmts, {1: 50, 2: 22, 10: 40, 14: 50})


def assignments_sheet(
    framework: fw.Framework, agencies: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None
) -> tuple[str, list[str], list[list[Any]], dict[str, Any]]:
    """Phân công: every node with its lead (chủ trì) and coordinating (phối hợp) agencies.

    ``agencies`` (code → (lead, coordinators)) is a round's assignment table; without it the
    framework's own lead/coordinators are written.
    """
    headers = ["STT", "Chỉ số/Chỉ số thành phần", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]

    def names(n: fw.Node) -> tuple[Sequence[str], Sequence[str]]:
        return (n.lead, n.coordinators) if agencies is None else agencies.get(n.code, ((), ()))

    rows = [[n.code, n.name, "; ".join(names(n)[0]), "; ".join(names(n)[1]), n.timeline or ""]
            for n in framework.walk()]
    return _sheet("Phân công", headers, rows, {}, {1: 60, 2: 32, 3: 40, 4: 18})


def targets_sheet(result: RoundResult) -> tuple[str, list[str], list[list[Any]], dict[str, Any]]:
    """Mục tiêu và kết quả: every unit × criterion that has a target (seed 000's appendix)."""
    headers = ["Mã đơn vị", "Đơn vị", "Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả thực hiện", "Đánh giá"]
    rows = []
    for j, u in enumerate(result.units):
        for code in result.targets:
            node = result.framework.by_code[code]
            met = result.target_met(code, j)
            verdict = "Chưa có số liệu" if met is None else ("Đạt mục tiêu" if met else "Chưa đạt mục tiêu")
            rows.append([u.code, u.name, code, node.name, node.target, result.measure(code, j), verdict])
    return _sheet("Mục tiêu - kết quả", headers, rows, {5: "#,##0.##"}, {1: 28, 3: 60, 6: 18})


def write_workbook(kind: str, path: str | Path, *, framework: fw.Framework, result: RoundResult | None = None,
                   unit: str | None = None, evidence_counts: dict[str, int] | None = None,
                   agencies: Mapping[str, tuple[Sequence[str], Sequence[str]]] | None = None,
                   self_totals: Mapping[str, float | None] | None = None,
                   merged: dict[str, Any] | None = None) -> Path:
    """Write workbook ``kind`` (ranking | unit | assignments | targets) to ``path``."""
    if kind not in KINDS:
        raise ValueError(f"loại bảng tính '{kind}' không hợp lệ (có: {', '.join(KINDS)})")
    if kind == "assignments":
        sheets = [assignments_sheet(framework, agencies)]
    elif result is None:
        raise ValueError(f"bảng tính '{kind}' cần tệp số liệu (--entries)")
    elif kind == "ranking":
        sheets = [ranking_sheet(result, self_totals)]
    elif kind == "targets":
        sheets = [targets_sheet(result)]
    else:
        if unit is None:
            raise ValueError("bảng tính 'unit' cần chọn đơn vị (--unit)")
        sheets = [unit_sheet(result, unit, evidence_counts, merged)]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(sheets, path)
    return path
