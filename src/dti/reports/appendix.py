"""The báo cáo appendix in the layout of the framework's profile (columns, titles, numbering).

Every cell comes from the plain data of :func:`dti.reports.data.unit_document_data`: the status is the
engine's (the same one the body counts), a target and its result are printed with comparator and
unit, a criterion's items (II.3 "Cấp huyện", "Cấp xã") are sub-rows of their own.
"""

from __future__ import annotations

from typing import Any

from dti.engine.numbers import fmt_number
from dti.reports.common import result_text, score_text
from dti.reports.profiles import AppendixProfile

STATUS_SHORT = {"dat": "Đạt", "dang_thuc_hien": "Đang thực hiện", "chua_thuc_hien": "Chưa thực hiện",
                "khong_ap_dung": "Không áp dụng"}


def number_of(code: str, parent: str | None, numbering: str, *, is_item: bool = False) -> str:
    """TT as the seed prints it: ``I.1`` → ``1`` (numbering ``last``) or the code itself."""
    if numbering == "code":
        return code
    if is_item:
        return ""
    if parent and code.startswith(parent + "."):
        return code[len(parent) + 1:]
    return code


def _is_criterion(node: dict[str, Any]) -> bool:
    return node.get("kind") in ("criterion", "item") or "children" not in node


def _points(node: dict[str, Any], digits: int, key: str = "score") -> str:
    if node.get(key) is None or node.get("max_points") is None:
        return ""
    return f"{score_text(node[key], digits)}/{score_text(node['max_points'])}"


def _cell(key: str, node: dict[str, Any], profile: AppendixProfile, number: str, digits: int,
          keys: set[str]) -> str:
    if key == "tt":
        return number
    if key == "name":
        return str(node["name"])
    if _is_criterion(node):
        if key == "description":
            return str(node.get("description", ""))
        if key == "condition":
            return str(node.get("condition", ""))
        if key == "evidence":
            return str(node.get("evidence_text", ""))
        if key == "max_points":
            return score_text(node.get("max_points")) if node.get("max_points") is not None else ""
        if key == "target":
            return str(node.get("target_text", ""))
        if key == "result":
            text = (node.get("result_value") or result_text(node)) if "target" in keys else result_text(node)
            if not text and "status" not in keys:
                text = STATUS_SHORT.get(node.get("status", ""), "")
            return text
        if key == "status":
            return str(node.get("status_label") or STATUS_SHORT.get(node.get("status", ""), ""))
        if key == "points":
            return _points(node, digits)
        if key == "self_points":
            return _points(node, digits, "self_score")
        if key == "reporting_units":
            return "; ".join(node.get("reporting_units", []))
        if key == "lead":
            return "; ".join(node.get("lead", []))
        if key == "coordinators":
            return "; ".join(node.get("coordinators", []))
        return ""
    counts = node.get("status_counts") or {}
    if key == "status" and counts:
        return f"Đạt {counts.get('dat', 0)}/{counts.get('total', 0)}"
    if key == "points":
        return _points(node, digits)
    if key == "self_points":
        return _points(node, digits, "self_score")
    if key == "max_points":
        return score_text(node.get("max_points")) if node.get("max_points") is not None else ""
    return ""


def appendix_rows(data: dict[str, Any], profile: AppendixProfile,
                  group_digits: int | None = None) -> tuple[list[list[str]], set[int], set[int]]:
    """Rows of the appendix table (header excluded), the bold rows (groups, total) and italic rows (items)."""
    rows: list[list[str]] = []
    bold: set[int] = set()
    italic: set[int] = set()
    keys = {c.key for c in profile.columns}
    total_digits = data["framework"]["display_precision"]
    group_digits = total_digits if group_digits is None else group_digits
    crit_digits = data["framework"]["score_digits"]

    def visit(node: dict[str, Any], parent: str | None) -> None:
        is_item = node.get("kind") == "item"
        crit = _is_criterion(node)
        number = node["code"] if not crit else number_of(node["code"], parent, profile.numbering, is_item=is_item)
        digits = crit_digits if crit else group_digits
        if not crit:
            bold.add(len(rows))
        if is_item:
            italic.add(len(rows))
        rows.append([_cell(c.key, node, profile, number, digits, keys) for c in profile.columns])
        for child in node.get("children", []) + node.get("items", []):
            visit(child, node["code"])

    for group in data["groups"]:
        visit(group, None)
    if data.get("total") is not None:
        bold.add(len(rows))
        total = {"tt": "", "name": "Tổng cộng"}
        c = data["status_counts"]
        total["status"] = f"Đạt {c['dat']}/{c['total']}"
        total["points"] = f"{fmt_number(data['total'], total_digits)}/{fmt_number(data['max_points'])}"
        if data.get("self_total") is not None:
            total["self_points"] = f"{fmt_number(data['self_total'], total_digits)}/{fmt_number(data['max_points'])}"
        total["max_points"] = fmt_number(data["max_points"])
        rows.append([total.get(col.key, "") for col in profile.columns])
    return rows, bold, italic
