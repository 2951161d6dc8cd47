"""Explanations: every criterion score says its rule, inputs, formula and number, in Vietnamese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dti.engine import framework as fw
from dti.engine.entries import Entry, Status
from dti.engine.numbers import fmt_date, fmt_number, fmt_percent
from dti.engine.rules import RULE_NAMES, rule_of
from dti.engine.slips import Slip, check_stated

__all__ = ["RULE_NAMES", "describe_rule", "entry_inputs", "explain", "slips_for_unit"]

if TYPE_CHECKING:
    from dti.engine.scoring import RoundResult

def n(v: float | None, d: int = 4) -> str:
    return fmt_number(v, d)


def describe_rule(rule: fw.Rule | None, max_points: float | None) -> str:
    """One Vietnamese sentence stating how the rule scores (the rule object says it)."""
    return rule_of(rule).describe(max_points)


def entry_inputs(entry: Entry | None) -> dict[str, str]:
    """The inputs a unit gave, formatted for people."""
    if entry is None:
        return {}
    out: dict[str, str] = {}
    if entry.numerator is not None or entry.denominator is not None:
        out["Tử số / mẫu số"] = f"{n(entry.numerator)}/{n(entry.denominator)}"
        if entry.rate is not None:
            out["Tỷ lệ"] = fmt_percent(entry.rate * 100)
    if entry.count is not None:
        out["Số lượng"] = n(entry.count)
    if entry.value is not None:
        out["Giá trị"] = n(entry.value) + ("%" if entry.value_is_percent else "")
    if entry.done is not None:
        out["Hoàn thành"] = "Có" if entry.done else "Không"
    if entry.date is not None:
        out["Ngày"] = fmt_date(entry.date)
    if entry.status is not None:
        out["Tình trạng"] = entry.status.label
    if entry.text:
        out["Nội dung"] = entry.text
    return out


def explain(result: RoundResult, unit: str | int, code: str) -> dict[str, Any]:
    """Why criterion ``code`` of ``unit`` scored what it did."""
    j = result.column_of(unit)
    k = result.index[code]
    node = result.nodes[k]
    entry = result.table.entries.get((code, j))
    score = None if result.unscored[k] else float(result.score[k, j])
    mx = None if result.unscored[k] else float(result.eff_max[k, j])
    rule = node.rule
    out: dict[str, Any] = {
        "code": code,
        "name": node.name,
        "rule": rule.type if rule else None,
        "rule_name": rule_of(rule).title,
        "rule_text": describe_rule(rule, node.max_points),
        "condition": node.condition,
        "inputs": entry_inputs(entry),
        "score": score,
        "max_points": mx,
    }
    status = entry.status if entry else None
    if status == Status.KHONG_AP_DUNG:
        out["formula"] = "Không áp dụng: tiêu chí không tính vào điểm tối đa của đơn vị"
    elif result.node_expert[k, j] and entry is not None:
        out["formula"] = f"Điểm thẩm định {n(entry.expert_score)} (lý do: {entry.expert_reason or 'không ghi'})"
        out["expert_reason"] = entry.expert_reason
    elif node.children:
        parts = " + ".join(n(float(result.score[result.index[c.code], j])) for c in node.children)
        out["formula"] = f"{parts} = {n(score)}"
    elif score is None:
        out["formula"] = "Tiêu chí theo dõi, không tính điểm"
    elif entry is None:
        out["formula"] = "Chưa có số liệu: 0 điểm"
    else:
        out["formula"] = _formula(rule, node, entry, score)
    if entry is not None and entry.explanation:
        out["explanation"] = entry.explanation
    if entry is not None and entry.stated:
        slip = _slip(result, j, code, entry)
        out["stated"] = entry.stated
        out["slip"] = slip.message if slip else None
    if node.target:
        out["target"] = node.target
        out["target_met"] = result.target_met(code, j)
    return out


def _formula(rule: fw.Rule | None, node: fw.Node, e: Entry, score: float) -> str:
    return rule_of(rule).formula(node, e, score)


def _slip(result: RoundResult, j: int, code: str, entry: Entry) -> Slip | None:
    if not entry.stated:
        return None
    k = result.index[code]
    score = None if result.unscored[k] else float(result.score[k, j])
    pct = entry.rate * 100 if entry.rate is not None else None
    return check_stated(entry.stated, percent=pct, score=score, criterion=code)


def slips_for_unit(result: RoundResult, j: int) -> list[Slip]:
    """Every stated figure of the unit that disagrees with the computed one."""
    out = []
    for code, entry in result.stated_entries.get(j, []):
        slip = _slip(result, j, code, entry)
        if slip:
            out.append(slip)
    return sorted(out, key=lambda s: result.index.get(s.criterion or "", 0))
