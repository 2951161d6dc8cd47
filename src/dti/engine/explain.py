"""Explanations: every criterion score says its rule, inputs, formula and number, in Vietnamese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dti.engine import framework as fw
from dti.engine.entries import Entry, Status
from dti.engine.numbers import fmt_date, fmt_number, fmt_percent
from dti.engine.slips import Slip, check_stated

if TYPE_CHECKING:
    from dti.engine.scoring import RoundResult

RULE_NAMES = {
    "boolean": "Đạt/không đạt",
    "ratio": "Tỷ lệ",
    "count_target": "Số lượng tối thiểu",
    "steps": "Theo nấc",
    "deadline": "Thời hạn",
    "gate": "Điều kiện tối thiểu + quy tắc trong",
    "inverse_ratio": "Tỷ lệ nghịch (càng thấp càng tốt)",
    "bands": "Theo khoảng",
    "relative": "So với đơn vị tốt nhất",
    "sum": "Tổng các mục con",
    "manual": "Chấm điểm thẩm định",
    "not_scored": "Không tính điểm",
}


def n(v: float | None, d: int = 2) -> str:
    return fmt_number(v, d)


def describe_rule(rule: fw.Rule | None, max_points: float | None) -> str:
    """One Vietnamese sentence stating how the rule scores."""
    if rule is None:
        return "Theo dõi tiến độ, không tính điểm"
    mx = n(max_points)
    t = rule.type
    if isinstance(rule, fw.BooleanRule):
        return f"Đạt: {mx} điểm; không đạt: 0 điểm"
    if isinstance(rule, fw.RatioRule):
        target = "" if rule.target == 1 else f" / {fmt_percent(rule.target * 100)}"
        return f"{mx} × min(1; tỷ lệ{target})"
    if isinstance(rule, fw.CountTargetRule):
        return f"{mx} × min(1; số lượng / {n(rule.minimum)})"
    if isinstance(rule, fw.StepsRule | fw.BandsRule):
        steps = rule.steps if isinstance(rule, fw.StepsRule) else rule.bands
        unit = "%" if isinstance(rule, fw.BandsRule) and rule.on == "percent" else ""
        parts = [f"từ {n(s.at_least)}{unit}: {fmt_percent(s.fraction * 100, 0)}" for s in steps]
        return f"{mx} điểm × mức đạt (" + "; ".join(parts) + ")"
    if isinstance(rule, fw.DeadlineRule):
        day, month = rule.by.split("-")[1], rule.by.split("-")[0]
        late = fmt_percent(rule.late_fraction * 100, 0)
        return f"Ban hành đến ngày {day}/{month}: {mx} điểm; sau hạn: {late} số điểm"
    if isinstance(rule, fw.GateRule):
        inner = describe_rule(rule.inner, max_points)
        return f"Dưới {n(rule.minimum)} thì 0 điểm; đạt tối thiểu thì: {inner}"
    if isinstance(rule, fw.InverseRatioRule):
        return f"{mx} × (1 − tỷ lệ / {fmt_percent(rule.zero_at * 100)})"
    if isinstance(rule, fw.RelativeRule):
        if rule.method == "best":
            return f"{mx} × giá trị / giá trị tốt nhất trong các đơn vị cùng cấp"
        return f"{mx} × (giá trị − thấp nhất) / (cao nhất − thấp nhất) trong các đơn vị cùng cấp"
    return RULE_NAMES.get(t, t)


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
    j = result._unit_j(unit)
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
        "rule_name": RULE_NAMES.get(rule.type, "") if rule else "Không tính điểm",
        "rule_text": describe_rule(rule, node.max_points),
        "condition": node.condition,
        "inputs": entry_inputs(entry),
        "score": score,
        "max_points": mx,
    }
    leaf_i = result.leaf_index.get(code)
    status = entry.status if entry else None
    if status == Status.KHONG_AP_DUNG:
        out["formula"] = "Không áp dụng: tiêu chí không tính vào điểm tối đa của đơn vị"
    elif leaf_i is not None and result.expert_used[leaf_i, j] and entry is not None:
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
    mx = n(node.max_points)
    res = f" = {n(score)} điểm"
    if isinstance(rule, fw.GateRule):
        gate_val = e.count if rule.on == "count" else e.value
        if gate_val is None or gate_val < rule.minimum:
            return f"{n(gate_val)} < tối thiểu {n(rule.minimum)} ⇒ 0 điểm"
        return f"{n(gate_val)} ≥ {n(rule.minimum)}; " + _formula(rule.inner, node, e, score)
    if isinstance(rule, fw.RatioRule) and e.rate is not None:
        base = f"{n(e.numerator)}/{n(e.denominator)}" if e.denominator else fmt_percent(e.value)
        target = "" if rule.target == 1 else f" / {fmt_percent(rule.target * 100)}"
        return f"{mx} × min(1; {base} = {fmt_percent(e.rate * 100)}{target}){res}"
    if isinstance(rule, fw.InverseRatioRule) and e.rate is not None:
        return f"{mx} × (1 − {fmt_percent(e.rate * 100)} / {fmt_percent(rule.zero_at * 100)}){res}"
    if isinstance(rule, fw.CountTargetRule):
        return f"{mx} × min(1; {n(e.count if e.count is not None else e.value)}/{n(rule.minimum)}){res}"
    if isinstance(rule, fw.DeadlineRule):
        return f"Ngày {fmt_date(e.date) or '(không có)'} so với hạn {rule.by[3:]}/{rule.by[:2]}{res}"
    if isinstance(rule, fw.BooleanRule):
        return f"{'Đạt' if score > 0 else 'Không đạt'}{res}"
    return f"{describe_rule(rule, node.max_points)}{res}"


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
