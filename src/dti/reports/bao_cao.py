"""Báo cáo kết quả chuyển đổi số of one unit for one round (like seeds 000/001/002)."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument

from dti.engine.numbers import fmt_number, fmt_percent
from dti.reports import layout
from dti.reports.common import (
    biggest_gaps,
    free_text,
    result_text,
    score_text,
    sentence,
    variables,
    with_defaults,
)
from dti.reports.data import criteria_of
from dti.reports.sentences import counts_phrase, join_names
from dti.reports.settings import DocumentSettings
from dti.reports.templates import Wording, load_template

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

APPENDIX_COLUMNS = (
    layout.Column("TT", 1.3, "center"),
    layout.Column("Tiêu chí", 8.0),
    layout.Column("Kết quả thực hiện", 9.6),
    layout.Column("Tình trạng", 3.0, "center"),
    layout.Column("Điểm/tối đa", 3.3, "center"),
)


def build_bao_cao(
    data: dict[str, Any],
    settings: DocumentSettings | None = None,
    *,
    template: str | None = None,
) -> DocxDocument:
    """The report of ``data`` (from :func:`dti.reports.data.unit_document_data`) as a DOCX document."""
    s = with_defaults(settings, data, "bao-cao")
    w = Wording(load_template("bao-cao", template), variables(data, s))
    doc = layout.new_document()
    layout.add_header(doc, s, data.get("year"))
    layout.add_title(doc, w.text("doc_type"), w.text("subject"))
    layout.add_addressees(doc, s.addressees)
    layout.add_body(doc, w.text("intro"))
    groups = data["groups"]
    digits = data["framework"]["score_digits"]
    scored = data.get("total") is not None

    section = iter(ROMAN)
    layout.add_heading(doc, f"{next(section)}.", w.text("heading_results"), 0)
    layout.add_body(doc, _summary(data))
    for i, group in enumerate(groups, start=1):
        _group(doc, group, f"{i}.", 1, digits, scored)

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_assessment"), 0)
    layout.add_heading(doc, "1.", w.text("heading_achievements"), 1)
    counts = data["status_counts"]
    layout.add_body(doc, f"Đến nay đã hoàn thành {counts['dat']}/{counts['total']} tiêu chí.")
    for line in target_lines(data):
        layout.add_bullet(doc, line)
    for text in free_text(s, "achievements") or w.lines("achievements"):
        layout.add_body(doc, text)
    layout.add_heading(doc, "2.", w.text("heading_limitations"), 1)
    for text in free_text(s, "limitations") or _limitations(groups, digits):
        layout.add_bullet(doc, sentence(text))

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_difficulties_proposals"), 0)
    layout.add_heading(doc, "1.", w.text("heading_difficulties"), 1)
    for text in free_text(s, "difficulties") or w.lines("difficulties"):
        layout.add_bullet(doc, sentence(text))
    layout.add_heading(doc, "2.", w.text("heading_proposals"), 1)
    for text in free_text(s, "proposals") or w.lines("proposals"):
        layout.add_bullet(doc, sentence(text))

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_tasks"), 0)
    for text in free_text(s, "tasks") or (_open_work(data, digits) + w.lines("tasks")):
        layout.add_bullet(doc, sentence(text))
    layout.add_body(doc, w.text("closing"))
    layout.add_signature(doc, s, s.recipients or w.lines("recipients"))

    layout.add_appendix_section(doc, landscape=True)
    layout.add_centered(doc, w.text("appendix_title"), bold=True)
    layout.add_centered(doc, w.text("appendix_subject"), bold=True)
    layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
    rows, bold = appendix_rows(data)
    layout.add_table(doc, APPENDIX_COLUMNS, rows, bold_rows=bold)
    return doc


def target_lines(data: dict[str, Any]) -> list[str]:
    """The unit's targets of the year next to what it reached (``data["unit_targets"]``, when given)."""
    out = []
    for t in data.get("unit_targets", []):
        reached = "chưa có số liệu" if t["measure"] is None else f"đạt {fmt_number(t['measure'], 2)}"
        verdict = "" if t["met"] is None else (" – đạt mục tiêu" if t["met"] else " – chưa đạt mục tiêu")
        out.append(f"Chỉ tiêu năm {data.get('year')}: {t['name']}: mục tiêu {t['target']}, {reached}{verdict}.")
    return out


def _summary(data: dict[str, Any]) -> str:
    c = data["status_counts"]
    total = c["total"]
    parts = [f"hoàn thành {c['dat']}/{total} tiêu chí", f"đang thực hiện {c['dang_thuc_hien']}/{total} tiêu chí",
             f"chưa thực hiện {c['chua_thuc_hien']}/{total} tiêu chí"]
    if c["khong_ap_dung"]:
        parts.append(f"không áp dụng {c['khong_ap_dung']}/{total} tiêu chí")
    text = f"Trong kỳ đã thực hiện {', '.join(parts)} theo {data['framework']['name']} (có phụ lục kèm theo)."
    if data.get("total") is not None:
        d = data["framework"]["display_precision"]
        text += (
            f" Tổng điểm đạt {fmt_number(data['total'], d)}/{fmt_number(data['max_points'])} điểm"
            f" ({fmt_percent(data['percent'])})"
        )
        if data.get("class"):
            text += f", xếp loại {data['class'].lower()}"
        if data.get("rank_of", 0) > 1:
            text += f", xếp hạng {data['rank']}/{data['rank_of']} trong các đơn vị cùng cấp"
        text += "."
    return text


def _group(doc: DocxDocument, node: dict[str, Any], number: str, level: int, digits: int, scored: bool) -> None:
    counts = node.get("status_counts")
    title = node["name"] + (f" ({counts_phrase(counts)})" if counts else "")
    layout.add_heading(doc, number, title, level)
    if scored and node.get("score") is not None:
        layout.add_body(
            doc, f"Kết quả đạt {score_text(node['score'], digits)}/{score_text(node['max_points'])} điểm tối đa."
        )
    sub = 0
    for child in node.get("children", []):
        if child["kind"] == "criterion" or "children" not in child:
            layout.add_bullet(doc, _criterion_line(child))
        else:
            sub += 1
            _group(doc, child, f"{number}{sub}.", min(level + 1, 2), digits, scored)


def _criterion_line(crit: dict[str, Any]) -> str:
    status = (crit.get("status_label") or "").lower()
    text = result_text(crit)
    line = crit["name"] + (f": {status}" if status else "")
    if text:
        line += ("; " if status else ": ") + text
    return sentence(line)


def _limitations(groups: list[dict[str, Any]], digits: int) -> list[str]:
    crits = [c for g in groups for c in criteria_of(g)]
    not_started = [c["name"] for c in crits if c.get("status") == "chua_thuc_hien"]
    out = []
    if not_started:
        out.append(f"Còn {len(not_started)} tiêu chí chưa thực hiện: {'; '.join(not_started)}")
    gaps = biggest_gaps(groups)
    if gaps:
        names = [f"{c['name']} ({score_text(c['score'], digits)}/{score_text(c['max_points'])} điểm)" for c in gaps]
        out.append(f"Các tiêu chí còn thiếu nhiều điểm nhất: {'; '.join(names)}")
    return out or ["Không có tiêu chí nào chưa đạt"]


def _open_work(data: dict[str, Any], digits: int) -> list[str]:
    c = data["status_counts"]
    remaining = c["dang_thuc_hien"] + c["chua_thuc_hien"]
    if not remaining:
        return []
    text = (
        f"Tập trung hoàn thành {remaining}/{c['total']} tiêu chí đang thực hiện và chưa thực hiện"
    )
    gaps = biggest_gaps(data["groups"], limit=3)
    if gaps:
        text += f", ưu tiên các tiêu chí còn thiếu nhiều điểm: {join_names([g['name'] for g in gaps])}"
    return [text]


def appendix_rows(data: dict[str, Any]) -> tuple[list[list[str]], set[int]]:
    """TT, tiêu chí, kết quả, tình trạng, điểm/tối đa — group rows in bold, every criterion once."""
    rows: list[list[str]] = []
    bold: set[int] = set()
    digits = data["framework"]["score_digits"]

    def points(node: dict[str, Any]) -> str:
        if node.get("score") is None:
            return ""
        return f"{score_text(node['score'], digits)}/{score_text(node['max_points'])}"

    def visit(node: dict[str, Any], label: str) -> None:
        if node["kind"] == "criterion" or "children" not in node:
            rows.append([label, node["name"], result_text(node), node.get("status_label", ""), points(node)])
            return
        bold.add(len(rows))
        counts = node.get("status_counts", {})
        rows.append([label, node["name"], "", f"Đạt {counts.get('dat', 0)}/{counts.get('total', 0)}", points(node)])
        for k, child in enumerate(node["children"], start=1):
            visit(child, f"{label}.{k}" if "children" in child and child["kind"] != "criterion" else str(k))

    for i, group in enumerate(data["groups"]):
        visit(group, ROMAN[i] if i < len(ROMAN) else str(i + 1))
    if data.get("total") is not None:
        bold.add(len(rows))
        d = data["framework"]["display_precision"]
        c = data["status_counts"]
        rows.append(["", "Tổng cộng", "", f"Đạt {c['dat']}/{c['total']}",
                     f"{fmt_number(data['total'], d)}/{fmt_number(data['max_points'])}"])
    return rows, bold

