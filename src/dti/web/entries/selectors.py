"""Reads for the data-entry page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from dti.engine import framework as fw
from dti.engine.explain import describe_rule
from dti.engine.numbers import fmt_number
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry, EntryStatus, Workflow
from dti.web.rounds.models import Assignment
from dti.web.rounds.selectors import Round, assignments_of
from dti.web.units.models import OrgUnit


def entries_of_unit(rnd: Round, unit: OrgUnit) -> dict[str, Entry]:
    qs = Entry.objects.filter(round=rnd, unit=unit).prefetch_related("evidence")
    return {e.criterion_code: e for e in qs}


def assignments_by_criterion(rnd: Round, unit: OrgUnit | None = None) -> dict[str, list[Assignment]]:
    """The round's assignment table by criterion (for a unit: its agencies and those above it)."""
    out: dict[str, list[Assignment]] = {}
    for a in assignments_of(rnd, unit):
        out.setdefault(a.criterion_code, []).append(a)
    return out


def workflow_counts(rnd: Round, unit_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """unit id → {workflow: count} (of some units only, e.g. one page of them), one aggregate query."""
    out: dict[int, dict[str, int]] = {}
    qs = Entry.objects.filter(round=rnd)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = qs.values("unit_id", "workflow").annotate(n=Count("id"))
    for row in rows:
        out.setdefault(row["unit_id"], {w: 0 for w in Workflow.values})[row["workflow"]] = row["n"]
    return out


@dataclass
class Row:
    """One line of the entry page: a heading (group/pillar) or a criterion to fill."""

    node: fw.Node
    depth: int
    is_criterion: bool
    rule_text: str = ""
    entry: Entry | None = None
    result: dict[str, Any] = field(default_factory=dict)
    form: Any = None
    editable: bool = False
    agencies: list[Assignment] = field(default_factory=list)
    signed: Any = None  # evidence.SignedStatus when the criterion requires signed evidence
    mine: bool = False  # the user may enter it
    contradiction: str = ""  # status_contradiction's message
    province_source: str = ""  # set when the province provides this criterion's figures
    can_see_files: bool = False  # perm.evidence_criteria lets the user open its files


def page_rows(framework: fw.Framework) -> list[Row]:
    rows: list[Row] = []

    def visit(node: fw.Node, depth: int) -> None:
        rows.append(Row(node=node, depth=depth, is_criterion=node.is_leaf,
                        rule_text=describe_rule(node.rule, node.max_points) if node.is_leaf else ""))
        for child in node.children:
            visit(child, depth + 1)

    for top in framework.nodes:
        visit(top, 0)
    return rows


# --- status vs score ------------------------------------------------------------------------------

_EPS = 1e-9
_STATUS_LABEL = {int(s): str(s.label) for s in EntryStatus}


def status_contradiction(status: int | None, score: float | None, max_points: float | None) -> str | None:
    """Why a status the unit set contradicts the criterion's score (Vietnamese), or None when it does not.

    The score decides: full points is "Đạt", some points "Đang thực hiện", none "Chưa thực hiện".
    A set status contradicts when it claims more or less than that — "Đạt" below full points,
    "Chưa thực hiện" with points, "Đang thực hiện" with full points. "Đang thực hiện" with no points
    yet is allowed (work started, nothing countable), and so is every status of a criterion without
    points and "Không áp dụng" (the engine then does not count the criterion at all).
    """
    if status is None or score is None or not max_points or status == EntryStatus.KHONG_AP_DUNG:
        return None
    full, none = score >= max_points - _EPS, score <= _EPS
    pts = f"{fmt_number(score, 2)}/{fmt_number(max_points, 2)} điểm"
    label = _STATUS_LABEL.get(int(status), str(status))
    if status == EntryStatus.DAT and not full:
        return f"Tình trạng '{label}' nhưng chỉ được {pts}: hoặc sửa số liệu, hoặc chọn đúng tình trạng"
    if status == EntryStatus.CHUA_THUC_HIEN and not none:
        return f"Tình trạng '{label}' nhưng đã được {pts}: hoặc sửa số liệu, hoặc chọn đúng tình trạng"
    if status == EntryStatus.DANG_THUC_HIEN and full:
        return f"Tình trạng '{label}' nhưng đã đủ {pts}: tình trạng đúng là 'Đạt'"
    return None


def unit_contradictions(result: RoundResult, unit_code: str, entries: dict[str, Entry]) -> dict[str, str]:
    """Criterion code → contradiction message, for one unit's entries scored in ``result``."""
    j = result.unit_index.get(unit_code)
    out: dict[str, str] = {}
    if j is None:
        return out
    for code, entry in entries.items():
        k = result.index.get(code)
        if k is None or result.unscored[k]:
            continue
        found = status_contradiction(entry.status, float(result.score[k, j]), float(result.eff_max[k, j]))
        if found:
            out[code] = found
    return out
