"""Explanations and simulations for one unit, over a live engine result of its peer group.

A peer group (units sharing the parent) ranks exactly like the whole round, so scoring only the
peers keeps these fast on national rounds. Published rounds re-score to the stored numbers
(``services.results_verify`` checks that).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError

from dti.engine import framework as fw
from dti.engine.analysis import cheapest_path, full_marks, gap_list, what_if
from dti.engine.entries import Entry as EngineEntry
from dti.engine.entries import Status
from dti.engine.explain import explain
from dti.engine.numbers import NumberFormatError, diff, fmt_number, parse_date, parse_number
from dti.engine.rules import rule_of
from dti.engine.scoring import RoundResult
from dti.web.entries.evidence import criterion_signed_status
from dti.web.entries.models import Evidence
from dti.web.results.scoring import peer_units, score_round_db
from dti.web.rounds.models import AgencyRole, Round
from dti.web.rounds.selectors import assignments_of
from dti.web.units.models import OrgUnit

FIELD_LABELS = {
    "numerator": "Tử số", "denominator": "Mẫu số", "count": "Số lượng", "value": "Giá trị",
    "date": "Ngày ban hành", "done": "Đã thực hiện", "expert_score": "Điểm thẩm định", "status": "Tình trạng",
}
_NUMBERS = ("numerator", "denominator", "count", "value", "expert_score")
_STATUS = {"dat": Status.DAT, "dang_thuc_hien": Status.DANG_THUC_HIEN, "chua_thuc_hien": Status.CHUA_THUC_HIEN}
MAX_CHANGES = 200


def peer_result(rnd: Round, unit: OrgUnit) -> RoundResult:
    return score_round_db(rnd, units=peer_units(rnd, unit))


def sim_fields(node: fw.Node) -> list[str]:
    """Inputs the simulator offers for a criterion: what its rule reads (an expert score for manual rules)."""
    return list(rule_of(node.rule).whatif_inputs())


def criterion_explanation(rnd: Round, unit: OrgUnit, code: str, *, result: RoundResult,
                          with_files: bool) -> dict[str, Any]:
    """The engine's explanation plus lead agencies and the evidence files of the entry."""
    if code not in result.index:
        raise KeyError(code)
    out = explain(result, unit.code, code)
    node = result.framework.by_code[code]
    table = [a for a in assignments_of(rnd, unit) if a.criterion_code == code]
    out["lead"] = [a.agency.name for a in table if a.role == AgencyRole.LEAD]
    out["coordinators"] = [a.agency.name for a in table if a.role == AgencyRole.COORDINATOR]
    out["agencies"] = [f"{a.agency.name} ({a.get_role_display().lower()})" for a in table]
    out["evidence_hint"] = node.evidence
    files = list(Evidence.objects.filter(entry__round=rnd, entry__unit=unit, entry__criterion_code=code))
    out["files"] = [{"id": f.pk, "name": f.original_name, "size": f.size, "signature": f.signature_verdict}
                    for f in files] if with_files else []
    out["n_files"] = len(files)
    out["signature_status"] = None
    if node.requires_signed_evidence:
        signed = criterion_signed_status(files)
        out["signature_status"] = {"code": signed.code, "text": signed.text}
        # the explanation dialog shows evidence_hint as is: the signature status travels with it
        hint = f"{node.evidence}. " if node.evidence else ""
        out["evidence_hint"] = f"{hint}Chữ ký số: {signed.text}"
    return out


def group_explanation(data: dict[str, Any], code: str) -> dict[str, Any]:
    """Which criteria of a group (from the stored unit result) lost points, most first."""
    from dti.web.results.selectors import walk

    group = next((node for node, _, _ in walk(data) if node["code"] == code and node.get("children")), None)
    if group is None:
        raise KeyError(code)
    lost = []

    def visit(node: dict[str, Any]) -> None:
        if node.get("children"):
            for child in node["children"]:
                visit(child)
            return
        score, mx = node.get("score"), node.get("max_points")
        if score is not None and mx is not None and mx > score:
            lost.append({"code": node["code"], "name": node["name"], "score": score, "max_points": mx,
                         "lost": diff(mx, score), "explanation": node.get("explanation")})

    visit(group)
    lost.sort(key=lambda r: -r["lost"])
    return {"code": group["code"], "name": group["name"], "score": group.get("score"),
            "max_points": group.get("max_points"), "rank": group.get("rank"), "rank_of": group.get("rank_of"),
            "lost": lost}


def gaps(result: RoundResult, unit: OrgUnit, *, limit: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return gap_list(result, unit.code), cheapest_path(result, unit.code, limit=limit)


def _bad(code: str, field: str, text: object, hint: str) -> ValidationError:
    return ValidationError(f"Tiêu chí {code}, ô '{FIELD_LABELS.get(field, field)}': '{text}' {hint}")


def parse_changes(result: RoundResult, unit: OrgUnit, payload: Any) -> list[EngineEntry]:
    """``{"changes": [{"criterion": "3.5", "full": true} | {"criterion": "1.2", "numerator": "50", …}]}``
    → engine entries starting from the unit's current entry. Vietnamese messages name the field."""
    changes = payload.get("changes") if isinstance(payload, dict) else None
    if not isinstance(changes, list) or not changes:
        raise ValidationError("Chưa có thay đổi nào để mô phỏng")
    if len(changes) > MAX_CHANGES:
        raise ValidationError(f"Tối đa {MAX_CHANGES} thay đổi mỗi lần mô phỏng")
    j = result.column_of(unit.code)
    out = []
    for item in changes:
        code = str(item.get("criterion", "")) if isinstance(item, dict) else ""
        if code not in result.leaf_index:
            raise ValidationError(f"Không có tiêu chí chấm điểm '{code}' trong bộ chỉ số")
        if item.get("full"):
            out.append(full_marks(result, code))
            continue
        current = result.table.entries.get((code, j)) or EngineEntry(unit=unit.code, criterion=code)
        allowed = sim_fields(result.framework.by_code[code]) + ["status"]
        unknown = sorted(set(item) - {"criterion", *allowed})
        if unknown:
            names = ", ".join(f"'{FIELD_LABELS.get(f, f)}'" for f in unknown)
            raise ValidationError(f"Tiêu chí {code} không dùng ô {names} (dùng: "
                                  + ", ".join(FIELD_LABELS[f] for f in allowed) + ")")
        values = {field: _parse(code, field, item[field]) for field in allowed if field in item}
        if "expert_score" not in values:
            values["expert_score"] = None  # a simulated input must not be overridden by an old expert score
        if values.get("numerator") is not None or values.get("denominator") is not None:
            values["value_is_percent"] = False
        out.append(replace(current, **values))
    return out


def _parse(code: str, field: str, raw: Any) -> Any:
    if raw in (None, ""):
        return None
    if field in _NUMBERS:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
        try:
            number, _ = parse_number(str(raw))
        except NumberFormatError:
            raise _bad(code, field, raw, "không phải là số (ví dụ: 1.627 hoặc 698,8)") from None
        if number < 0:
            raise _bad(code, field, raw, "không được âm")
        return number
    if field == "done":
        if isinstance(raw, bool):
            return raw
        if str(raw) in ("1", "0", "true", "false"):
            return str(raw) in ("1", "true")
        raise _bad(code, field, raw, "phải là Có hoặc Không")
    if field == "date":
        try:
            return parse_date(str(raw))
        except ValueError:
            raise _bad(code, field, raw, "không phải ngày hợp lệ (dd/mm/yyyy)") from None
    if field == "status":
        if str(raw) not in _STATUS:
            raise _bad(code, field, raw, "không phải tình trạng hợp lệ")
        return _STATUS[str(raw)]
    raise _bad(code, field, raw, "không mô phỏng được")


def simulate(rnd: Round, unit: OrgUnit, payload: Any) -> dict[str, Any]:
    """New total, class and rank of the unit with the changed inputs — nothing is saved."""
    result = peer_result(rnd, unit)
    changes = parse_changes(result, unit, payload)
    sim = what_if(result, unit.code, changes, year=rnd.year)
    sim.pop("result")
    precision = result.framework.display_precision
    for side in ("before", "after"):
        s = sim[side]
        s["total_text"] = fmt_number(s["total"], precision)
        s["rank_text"] = f"{s['rank']}/{s['rank_of']}" if s["rank"] else "—"
    sim["delta_text"] = fmt_number((sim["after"]["total_unrounded"] or 0) - (sim["before"]["total_unrounded"] or 0),
                                   precision)
    return sim
