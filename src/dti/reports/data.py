"""The plain data a document is made from, read once from the engine's result.

``unit_document_data`` turns a :class:`RoundResult` into dictionaries and lists only (no NumPy, no
ORM), so a document can be generated from a CLI run, a database round or a test fixture alike.
Every count and percentage in a document comes from here, so body and appendix cannot disagree.
"""

from __future__ import annotations

import re
from typing import Any

from dti.engine import framework as fw
from dti.engine.entries import STATUS_LABELS, Entry, Status
from dti.engine.explain import explain
from dti.engine.numbers import SCORE_DIGITS, fmt_number
from dti.engine.scoring import RoundResult
from dti.engine.targets import TargetError, parse_target
from dti.reports.sentences import clean_text, figures_sentence, reason_text, without_status

STATUS_LABEL_BY_KEY = {s.key: STATUS_LABELS[s] for s in Status}
# A framework keeps a node whose name the source never gave under a placeholder name; documents
# print its code and a gap for the drafter instead, and the pre-issue check lists it.
_UNNAMED_RE = re.compile(r"tên không có trong tài liệu|giữ chỗ|chưa có tên", re.IGNORECASE)
GAP = "……………………"
# "> 60", ">60", "≥ 80%": a result written with its comparator
_COMPARED_RE = re.compile(r"^\s*([><≥≤])\s*([\d.,]+)\s*(%?)\s*$")


def unit_document_data(
    result: RoundResult, unit: str | int, *, evidence_counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """Everything the documents need about one unit of a round, as plain data.

    Adds to ``result.unit_result(unit)``: per criterion its number in the document (TT), the figures
    written as a sentence, the cleaned explanation, the reason for lost points, lead/coordinating
    agencies and the evidence count; per round the peers (same parent) ranked by total.
    """
    j = result.column_of(unit)
    data = result.unit_result(j)
    fwk = result.framework
    data["framework"] = {
        "code": fwk.code,
        "name": fwk.name,
        "source": fwk.source,
        "kind": fwk.kind,
        "year": fwk.year,
        "display_precision": fwk.display_precision,
        "precision": fwk.precision,
        # node scores carry at least 2 decimals (55,01): print them as computed
        "score_digits": SCORE_DIGITS,  # scores are exact: printed as stored (trimmed)
        "documents": dict(fwk.documents),
        "nodes": len(list(fwk.walk())),
    }
    data["year"] = result.year or fwk.year
    for group in data["groups"]:
        _enrich(result, j, group, evidence_counts or {})
    data["peers"] = _peers(result, j)
    return data


def apply_self_scores(data: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """Copy the self-assessed figures of ``merged`` (a unit result with ``self_score`` on its nodes,
    ``self_total`` and ``n_appraised``) onto the document data, node by node (by code)."""
    own: dict[str, Any] = {}
    flags: dict[str, bool] = {}

    def collect(node: dict[str, Any]) -> None:
        own[node["code"]] = node.get("self_score")
        if "appraised" in node:
            flags[node["code"]] = bool(node["appraised"])
        for child in (*(node.get("children") or ()), *(node.get("items") or ())):
            collect(child)

    differs = False

    def apply(node: dict[str, Any]) -> None:
        nonlocal differs
        node["self_score"] = own.get(node["code"])
        differs = differs or node["self_score"] != node.get("score")
        if node["code"] in flags:
            node["appraised"] = flags[node["code"]]
        for child in (*(node.get("children") or ()), *(node.get("items") or ())):
            apply(child)

    for g in merged.get("groups", []):
        collect(g)
    for g in data.get("groups", []):
        apply(g)
    data["self_total"] = merged.get("self_total")
    data["n_appraised"] = merged.get("n_appraised", 0)
    # both figures matter only where the appraisal changed something
    data["self_differs"] = bool(data["n_appraised"]) and (differs or data["self_total"] != data.get("total"))
    return data


def _enrich(result: RoundResult, j: int, node_data: dict[str, Any], evidence: dict[str, int]) -> None:
    node = result.framework.by_code[node_data["code"]]
    node_data["lead"] = list(node.lead)
    node_data["coordinators"] = list(node.coordinators)
    node_data["unnamed"] = bool(_UNNAMED_RE.search(node.name))
    if node_data["unnamed"]:
        node_data["name"] = f"Tiêu chí {node.code}: {GAP}"
    if node.kind == "criterion" or node.is_leaf:
        entry = result.table.entries.get((node.code, j))
        node_data["reporting_units"] = list(node.reporting_units)
        node_data["description"] = clean_text(node.description)
        node_data["condition"] = clean_text(node.condition)
        node_data["evidence_text"] = clean_text(node.evidence)
        node_data["unit_noun"] = (node.unit or "").strip()
        node_data["target_text"] = target_text(node)
        node_data["result_value"] = result_value(entry, node)
        # the figure a sub-unit breakdown must add up to
        node_data["sum_figure"] = None if entry is None else (
            entry.numerator if entry.numerator is not None else entry.count)
        if node.kind == "item" and "status" not in node_data and node_data.get("target_met") is not None:
            node_data["status"] = "dat" if node_data["target_met"] else "dang_thuc_hien"
        node_data["figures"] = figures_sentence(entry, node)
        node_data["explanation"] = clean_text(node_data.get("explanation"))
        node_data["reason"] = _reason(result, j, node, entry)
        node_data["status_label"] = STATUS_LABEL_BY_KEY.get(node_data.get("status", ""), "")
        if node_data.get("status") == "dang_thuc_hien" and (
            node_data.get("target_met") is False or any(i.get("target_met") is False for i in node_data.get("items", []))
        ):
            # the engine's "in progress" of a target-based criterion is a missed target: say so
            node_data["status_label"] = "Chưa đạt"
        node_data["has_inputs"] = _has_inputs(entry)
        if node.code in evidence:
            node_data["evidence_count"] = evidence[node.code]
        node_data["inputs"] = explain(result, j, node.code)["inputs"] if entry is not None else {}
    for child in node_data.get("children", []) + node_data.get("items", []):
        _enrich(result, j, child, evidence)


def _with_unit(number: str, node: fw.Node, percent: bool) -> str:
    unit = (node.unit or "").strip()
    if percent or unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def target_text(node: fw.Node) -> str:
    """The target as the appendix prints it, comparator and unit included: ``≥ 90%``, ``> 80%``."""
    if not node.target:
        return ""
    try:
        t = parse_target(node.target)
    except TargetError:
        return clean_text(node.target)
    return f"{t.comparator} {_with_unit(fmt_number(t.value, 2), node, t.percent)}"


def result_value(entry: Entry | None, node: fw.Node) -> str:
    """The measured figure beside a target: ``52%``, ``> 60%`` (as written), ``2 doanh nghiệp``."""
    if entry is None:
        return ""
    m = _COMPARED_RE.match(entry.text or "")
    if m:
        return f"{m.group(1)} {_with_unit(m.group(2), node, bool(m.group(3)))}"
    if entry.value is not None:
        return _with_unit(fmt_number(entry.value, 2), node, entry.value_is_percent)
    if entry.numerator is not None and entry.denominator:
        return _with_unit(fmt_number(entry.numerator / entry.denominator * 100, 2), node, True)
    if entry.count is not None:
        return _with_unit(fmt_number(entry.count, 2), node, False)
    return ""


def _has_inputs(entry: Entry | None) -> bool:
    if entry is None:
        return False
    return any(
        v is not None for v in (entry.numerator, entry.denominator, entry.count, entry.value, entry.date)
    )


def _reason(result: RoundResult, j: int, node: fw.Node, entry: Entry | None) -> str:
    """Why a criterion lost points: a stated cause ("Nguyên nhân …", the expert's reason) first;
    free text of an entry with numbers only when it has no figures of its own to contradict."""
    pairs: list[tuple[str | None, Entry | None]] = []
    if entry is not None:
        pairs += [(entry.expert_reason, entry), (entry.explanation, entry)]
    for child in node.children:
        child_entry = result.table.entries.get((child.code, j))
        if child_entry is not None:
            pairs += [(child_entry.expert_reason, child_entry), (child_entry.explanation, child_entry)]
    for text, _ in pairs:
        if text and "Nguyên nhân" in text:
            return reason_text(text)
    for text, source in pairs:
        reason = without_status(reason_text(text))
        # a text that only restates the points ("Kết quả đánh giá năm 2022: đạt 9,7/10 điểm tối đa")
        # says nothing the document does not already print
        if reason and _POINTS_ONLY_RE.search(reason):
            continue
        if reason and not _has_inputs(source):
            return reason
    return ""


_POINTS_ONLY_RE = re.compile(r"^[^.]*\d+(?:,\d+)?\s*/\s*\d+(?:,\d+)?\s*điểm tối đa\W*$", re.IGNORECASE)


def _peers(result: RoundResult, j: int) -> list[dict[str, Any]]:
    if not result.scored:
        return []
    same = [k for k in range(len(result.units)) if result.peer_ids[k] == result.peer_ids[j]]
    rows = [
        {
            "unit": result.units[k].code,
            "unit_name": result.units[k].name,
            "total": float(result.printed_total[k]),
            "rank": result.rank_at(len(result.nodes), k)[0],
        }
        for k in same
    ]
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit_name"]))


# --- walking the plain data --------------------------------------------------


def criteria_of(node_data: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``criterion`` nodes below a group, in document order (sub-items are not criteria)."""
    if node_data.get("kind") == "criterion" or (
        "children" not in node_data and "items" not in node_data
    ):
        return [node_data]
    out: list[dict[str, Any]] = []
    for child in node_data.get("children", []):
        out.extend(criteria_of(child))
    return out


def lost_points(crit: dict[str, Any]) -> float:
    if crit.get("score") is None or crit.get("max_points") is None:
        return 0.0
    return max(0.0, float(crit["max_points"]) - float(crit["score"]))


_TYPE_PREFIX = re.compile(
    r"^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Sở|Ban|Phòng)\s+", re.IGNORECASE
)


def unit_short_name(name: str) -> str:
    """``Huyện Nam Đông`` → ``Nam Đông`` (the place name of the date line)."""
    return _TYPE_PREFIX.sub("", name.strip()) or name


def unit_in_sentence(name: str) -> str:
    """``Huyện Nam Đông`` → ``huyện Nam Đông`` (administrative type in lower case mid-sentence)."""
    m = _TYPE_PREFIX.match(name.strip())
    if not m:
        return name
    return m.group(1).lower() + name.strip()[m.end(1) :]
