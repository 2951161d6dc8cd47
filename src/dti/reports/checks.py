"""Kiểm tra trước khi ban hành: what the drafter must see before a document is signed.

Nothing here changes a document: the document always prints the computed figure; these checks list
where the unit's data or texts disagree with it (a stated 97,36 % against a computed 95,14 %, a
status "Đạt" with 0/20 points, "10/14 hoàn thành … còn 05"), criteria without a name or a result,
and internal text that must never reach paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dti.engine.numbers import fmt_number
from dti.engine.slips import check_counts
from dti.reports.data import criteria_of

EPS = 1e-9


@dataclass(frozen=True)
class Problem:
    """One finding of the pre-issue check: ``kind`` is a stable key, ``message`` is Vietnamese."""

    kind: str
    message: str
    criterion: str | None = None
    blocking: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "criterion": self.criterion, "blocking": self.blocking}


def _all_nodes(nodes: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _all_nodes(node.get("children", []) + node.get("items", []))


def _label(node: dict[str, Any]) -> str:
    return f"Tiêu chí {node['code']}"


def _status_vs_score(crit: dict[str, Any]) -> Problem | None:
    score, mx, status = crit.get("score"), crit.get("max_points"), crit.get("status")
    if score is None or mx is None or not status:
        return None
    pts = f"{fmt_number(score)}/{fmt_number(mx)} điểm"
    if status == "dat" and score < mx - EPS:
        return Problem("status_score", f"{_label(crit)}: tình trạng ghi Đạt nhưng điểm tính được {pts} "
                                       "(văn bản in cả hai; cần bổ sung số liệu hoặc sửa tình trạng)", crit["code"])
    if status == "chua_thuc_hien" and score > EPS:
        return Problem("status_score", f"{_label(crit)}: tình trạng ghi Chưa thực hiện nhưng điểm tính được {pts}",
                       crit["code"])
    return None


def _status_vs_target(crit: dict[str, Any]) -> Problem | None:
    met, status = crit.get("target_met"), crit.get("status")
    if met is None or not status:
        return None
    if met is False and status == "dat":
        return Problem("status_target", f"{_label(crit)}: ghi Đạt nhưng kết quả {crit.get('result_value') or '—'} "
                                        f"chưa đạt mục tiêu {crit.get('target_text') or crit.get('target')}",
                       crit["code"])
    return None


def _items_vs_status(crit: dict[str, Any]) -> Problem | None:
    items = crit.get("items") or []
    missed = [i for i in items if i.get("target_met") is False]
    if missed and crit.get("status") == "dat":
        names = ", ".join(f"{i['name']} ({i.get('result_value') or '—'} / {i.get('target_text')})" for i in missed)
        return Problem("multi_target", f"{_label(crit)}: ghi Đạt nhưng chưa đạt: {names}", crit["code"])
    return None


_COUNT_RE = re.compile(
    r"(?P<word>hoàn thành|đạt|đang (?:triển khai )?thực hiện|chưa (?:triển khai|thực hiện))\s+"
    r"(?P<n>\d+)\s*/\s*(?P<total>\d+)\s*(?:tiêu chí|chỉ tiêu)"
    r"|(?P<n2>\d+)\s*/\s*(?P<total2>\d+)\s*(?:tiêu chí|chỉ tiêu)\s*(?P<word2>đã hoàn thành|đạt|đang (?:triển khai )?thực hiện)"
    r"|còn\s+(?P<rest>\d+)\s*(?:/\s*\d+\s*)?(?:tiêu chí|chỉ tiêu)",
    re.IGNORECASE,
)


def stated_counts(text: str) -> dict[str, int]:
    """Counts a drafter wrote: ``Có 10/14 chỉ tiêu đã hoàn thành``, ``Còn 05 chỉ tiêu`` → keys
    ``dat``, ``dang_thuc_hien``, ``chua_thuc_hien``, ``remaining``, ``total``."""
    out: dict[str, int] = {}
    for m in _COUNT_RE.finditer(text):
        if m.group("rest"):
            out["remaining"] = int(m.group("rest"))
            continue
        word = (m.group("word") or m.group("word2") or "").lower()
        n = int(m.group("n") or m.group("n2"))
        out["total"] = int(m.group("total") or m.group("total2"))
        key = "dat" if ("hoàn thành" in word or word == "đạt") else ("dang_thuc_hien" if "đang" in word else "chua_thuc_hien")
        out[key] = n
    return out


def check_text_counts(text: str, counts: dict[str, int], where: str) -> list[Problem]:
    """A drafter's paragraph against the computed counts of its group (or of the whole unit)."""
    stated = stated_counts(text)
    if not stated:
        return []
    problems = [Problem("count_slip", f"{where}: {p}") for p in check_counts(
        total=stated.get("total", counts["total"]), done=stated.get("dat"), in_progress=stated.get("dang_thuc_hien"),
        not_started=stated.get("chua_thuc_hien"), remaining=stated.get("remaining"))]
    if "total" in stated and stated["total"] != counts["total"]:
        problems.append(Problem("count_stated", f"{where}: ghi tổng {stated['total']} nhưng nhóm có {counts['total']} tiêu chí"))
    for key, label in (("dat", "hoàn thành"), ("dang_thuc_hien", "đang thực hiện"), ("chua_thuc_hien", "chưa thực hiện")):
        if key in stated and stated[key] != counts.get(key, 0):
            problems.append(Problem("count_stated", f"{where}: ghi {label} {stated[key]} nhưng tính từ số liệu được "
                                                    f"{counts.get(key, 0)}/{counts['total']}"))
    return problems


def check_breakdowns(data: dict[str, Any], breakdowns: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """A criterion's sub-unit figures must add up to its own figure (numerator or count)."""
    crits = {c["code"]: c for g in data["groups"] for c in criteria_of(g)}
    out = []
    for code, rows in breakdowns.items():
        crit = crits.get(code)
        if crit is None:
            out.append(Problem("breakdown", f"Chi tiết theo đơn vị: không có tiêu chí {code}", code))
            continue
        total = sum(float(r["value"]) for r in rows if isinstance(r.get("value"), int | float))
        figure = crit.get("sum_figure")
        if isinstance(figure, int | float) and abs(float(figure) - total) > 1e-6:
            out.append(Problem("breakdown", f"Tiêu chí {code}: tổng chi tiết theo đơn vị là {fmt_number(total)} "
                                            f"nhưng số liệu của tiêu chí là {fmt_number(figure)}", code))
    return out


def preflight(data: dict[str, Any], texts: dict[str, list[str]] | None = None) -> list[Problem]:
    """Everything the drafter must look at before issuing the documents of ``data``.

    ``texts`` maps a place ("Nhóm Hạ tầng số – Kết quả nổi bật") to the paragraphs the unit wrote
    there; counts stated in them are checked against the computed ones.
    """
    problems: list[Problem] = []
    for slip in data.get("slips", []):
        problems.append(Problem("stated", f"Tiêu chí {slip['criterion']}: {slip['message']}; văn bản in số tính được",
                                slip.get("criterion")))
    for group in data["groups"]:
        for node in _all_nodes([group]):
            if node.get("unnamed"):
                problems.append(Problem("unnamed", f"Tiêu chí {node['code']} chưa có tên trong bộ chỉ số: văn bản để "
                                                   "trống chỗ tên để người soạn điền", node["code"]))
        for crit in criteria_of(group):
            for check in (_status_vs_score, _status_vs_target, _items_vs_status):
                p = check(crit)
                if p:
                    problems.append(p)
            has_result = crit.get("result_value") or crit.get("figures") or crit.get("explanation")
            if crit.get("score") is None and crit.get("status") in (None, "", "chua_thuc_hien") and not has_result:
                problems.append(Problem("no_result", f"{_label(crit)}: chưa có kết quả (ô kết quả để trống)", crit["code"]))
    for where, paragraphs in (texts or {}).items():
        counts = data["status_counts"]
        for group in data["groups"]:
            if where.startswith(f"Nhóm {group['name']}"):
                counts = group.get("status_counts") or counts
        # one place read as one text: "10/14 đã hoàn thành" and "còn 05" may sit in two paragraphs
        problems.extend(check_text_counts(" ".join(paragraphs), counts, where))
    return problems


# What never belongs on paper: form hints, editors' notes, placeholders, file names, English.
FORBIDDEN = (
    ("mẫu", re.compile(r"Ghi rõ bao nhiêu|mẫu chưa điền|để trống \(", re.IGNORECASE)),
    ("ghi chú nhập liệu", re.compile(r"Ghi chú nhập liệu|Số liệu minh họa|tài liệu không nêu", re.IGNORECASE)),
    ("giả định", re.compile(r"\bassumed\b|tên không có trong tài liệu|giữ chỗ", re.IGNORECASE)),
    ("tệp", re.compile(r"\b[\w-]+\.(?:txt|csv|xlsx|yaml|yml|json)\b|/work/|/tmp/", re.IGNORECASE)),
    ("tiếng Anh", re.compile(r"\b(?:None|null|nan|TODO|N/A|placeholder|unknown|True|False)\b")),
)


def forbidden_text(paragraphs: Iterable[str]) -> list[str]:
    """Every paragraph or cell that carries internal text, as ``"<kind>: <text>"``."""
    out = []
    for text in paragraphs:
        for kind, pattern in FORBIDDEN:
            if pattern.search(text):
                out.append(f"{kind}: {text[:160]}")
    return out
