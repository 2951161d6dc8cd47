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
from dti.engine.numbers import SCORE_DIGITS
from dti.engine.scoring import RoundResult
from dti.reports.sentences import clean_text, figures_sentence, reason_text, without_status

STATUS_LABEL_BY_KEY = {s.key: STATUS_LABELS[s] for s in Status}


def unit_document_data(
    result: RoundResult, unit: str | int, *, evidence_counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """Everything the documents need about one unit of a round, as plain data.

    Adds to ``result.unit_result(unit)``: per criterion its number in the document (TT), the figures
    written as a sentence, the cleaned explanation, the reason for lost points, lead/coordinating
    agencies and the evidence count; per round the peers (same parent) ranked by total.
    """
    j = result._unit_j(unit)
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
    }
    data["year"] = result.year or fwk.year
    for group in data["groups"]:
        _enrich(result, j, group, evidence_counts or {})
    data["peers"] = _peers(result, j)
    return data


def _enrich(result: RoundResult, j: int, node_data: dict[str, Any], evidence: dict[str, int]) -> None:
    node = result.framework.by_code[node_data["code"]]
    node_data["lead"] = list(node.lead)
    node_data["coordinators"] = list(node.coordinators)
    if node.kind == "criterion" or node.is_leaf:
        entry = result.table.entries.get((node.code, j))
        node_data["figures"] = figures_sentence(entry, node)
        node_data["explanation"] = clean_text(node_data.get("explanation"))
        node_data["reason"] = _reason(result, j, node, entry)
        node_data["status_label"] = STATUS_LABEL_BY_KEY.get(node_data.get("status", ""), "")
        node_data["has_inputs"] = _has_inputs(entry)
        if node.code in evidence:
            node_data["evidence_count"] = evidence[node.code]
        node_data["inputs"] = explain(result, j, node.code)["inputs"] if entry is not None else {}
    for child in node_data.get("children", []) + node_data.get("items", []):
        _enrich(result, j, child, evidence)


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
        if reason and not _has_inputs(source):
            return reason
    return ""


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
