"""Kế hoạch nâng cao Chỉ số chuyển đổi số (DTI) of a unit (like seed 003).

Part I evaluates the round from data: total, class, rank among peers, and per group its maximum,
score, rank and every criterion that did not reach its maximum with the reason. Part II holds the
objectives and tasks (editable text, pre-filled with the gap list). Appendix 1 assigns each
criterion its lead and coordinating agencies from the framework.
"""

from __future__ import annotations

import re
from typing import Any

from docx.document import Document as DocxDocument

from dti.engine.numbers import exact, fmt_number, fmt_percent
from dti.reports import layout
from dti.reports.common import Editable, free_text, score_text, sentence, variables, with_defaults
from dti.reports.data import criteria_of, lost_points
from dti.reports.profiles import document_profile
from dti.reports.sentences import clean_text, lost_phrase, two_digits
from dti.reports.settings import DocumentSettings
from dti.reports.templates import Wording, load_template

GROUP_COLUMNS = (
    layout.Column("STT", 1.2, "center"),
    layout.Column("Nhóm chỉ số", 5.8),
    layout.Column("Số chỉ số", 1.8, "center"),
    layout.Column("Điểm tối đa", 2.0, "center"),
    layout.Column("Điểm đạt", 2.0, "center"),
    layout.Column("Tỷ lệ", 1.9, "center"),
    layout.Column("Xếp hạng", 1.8, "center"),
)
ASSIGNMENT_COLUMNS = (
    layout.Column("Stt", 1.4, "center"),
    layout.Column("Chỉ số/Chỉ số thành phần", 7.0),
    layout.Column("Cơ quan chủ trì", 4.0),
    layout.Column("Cơ quan phối hợp", 4.1),
)


def build_ke_hoach(
    data: dict[str, Any],
    settings: DocumentSettings | None = None,
    *,
    template: str | None = None,
) -> DocxDocument:
    """The improvement plan of ``data`` (from :func:`unit_document_data`) as a DOCX document."""
    s = with_defaults(settings, data, "ke-hoach")
    w = Wording(load_template("ke-hoach", template), variables(data, s, "ke-hoach"))
    w.variables["leads"] = ", ".join(lead_agencies(data)) or "các cơ quan, đơn vị tại Phụ lục 1"
    digits = data["framework"]["score_digits"]
    group_digits = document_profile(data["framework"], "ke-hoach").group_precision
    period = w.variables["period"]
    doc = layout.new_document()
    ed = Editable(doc, s.edits)
    layout.add_header(doc, s, (s.plan_year or (data.get("year") or 0) + 1) or None)
    layout.add_title(doc, w.text("doc_type"), w.text("subject"))

    layout.add_centered(doc, w.text("part1_title"), bold=True, before=6)
    layout.add_centered(doc, w.text("part1_subject"), bold=True, after=6)
    layout.add_heading(doc, "1.", "Về bộ Chỉ số chuyển đổi số (DTI)", 1)
    layout.add_body(doc, _framework_paragraph(data))
    layout.add_heading(doc, "2.", f"Kết quả Chỉ số DTI {period} của {w.variables['unit']}", 1)
    layout.add_body(doc, overall_sentence(data, w.variables["unit"], period))
    layout.add_table(doc, GROUP_COLUMNS, group_rows(data, group_digits), bold_rows={len(data["groups"])})
    layout.add_body(doc, "")
    layout.add_heading(doc, "3.", f"Phân tích, đánh giá Chỉ số DTI {period}", 1)
    scored_groups = [g for g in data["groups"] if g.get("score") is not None]
    for i, group in enumerate(scored_groups, start=1):
        layout.add_heading(doc, f"3.{i}.", group["name"], 2)
        for text in group_analysis(group, digits, group_digits):
            layout.add_body(doc, text)
    for group in data["groups"]:
        if group.get("score") is None:
            n = len(criteria_of(group))
            layout.add_body(doc, f"Nhóm {group['name']} gồm {two_digits(n)} chỉ số, không tính điểm.")
    layout.add_heading(doc, "4.", "Đánh giá chung", 1)
    layout.add_heading(doc, "4.1.", "Tồn tại, hạn chế", 2)
    for k, text in enumerate(free_text(s, "limitations") or w.lines("limitations")):
        ed.body(f"limitations.{k}", text, bullet=True)
    layout.add_heading(doc, "4.2.", "Nguyên nhân của tồn tại, hạn chế", 2)
    for k, text in enumerate(free_text(s, "causes") or w.lines("causes")):
        ed.body(f"causes.{k}", text, bullet=True)

    layout.add_centered(doc, w.text("part2_title"), bold=True, before=12)
    layout.add_centered(doc, w.text("part2_subject"), bold=True, after=6)
    layout.add_body(doc, f"Căn cứ kết quả Chỉ số DTI {period}, {_standing(data)};")
    ed.body("part2_intro", w.text("part2_intro"))
    layout.add_heading(doc, "I.", "MỤC TIÊU", 0)
    for k, text in enumerate(free_text(s, "objectives") or w.lines("objectives")):
        ed.body(f"objectives.{k}", text, bullet=True)
    layout.add_heading(doc, "II.", "YÊU CẦU", 0)
    for k, text in enumerate(free_text(s, "requirements") or w.lines("requirements")):
        ed.body(f"requirements.{k}", text, bullet=True)
    layout.add_heading(doc, "III.", "NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", 0)
    group_tasks = s.texts.get("group_tasks") or {}
    for i, group in enumerate(data["groups"], start=1):
        layout.add_heading(doc, f"{i}.", f"Nhóm {group['name']}", 1)
        given = group_tasks.get(group["code"]) or group_tasks.get(group["name"])
        lines = ([given] if isinstance(given, str) else list(given)) if given else []
        for k, text in enumerate(lines or default_tasks(group, w, digits)):
            ed.body(f"tasks.{group['code']}.{k}", text, bullet=True)
    layout.add_heading(doc, "IV.", "PHÂN CÔNG PHỤ TRÁCH THEO DÕI, ĐÁNH GIÁ CÁC CHỈ SỐ DTI", 0)
    layout.add_body(doc, w.text("assignment_intro"))
    layout.add_body(doc, w.text("assignment_detail"))
    layout.add_heading(doc, "V.", "TỔ CHỨC THỰC HIỆN", 0)
    for i, text in enumerate(free_text(s, "organisation") or w.lines("organisation"), start=1):
        ed.body(f"organisation.{i}", f"{i}. {text}")
    layout.add_signature(doc, s, s.recipients or w.lines("recipients"))

    layout.add_appendix_section(doc, landscape=False)
    layout.add_centered(doc, w.text("appendix_title"), bold=True)
    layout.add_centered(doc, w.text("appendix_subject"), bold=True)
    layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
    rows, bold, italic = assignment_rows(data)
    layout.add_table(doc, ASSIGNMENT_COLUMNS, rows, bold_rows=bold, italic_rows=italic)
    doc.editable_paragraphs = ed.keys  # type: ignore[attr-defined]
    return doc


def _framework_paragraph(data: dict[str, Any]) -> str:
    fwk = data["framework"]
    groups = data["groups"]
    n_crit = sum(len(criteria_of(g)) for g in groups)
    parts = []
    for g in groups:
        n = len(criteria_of(g))
        parts.append(f"{g['name']} (gồm {n} chỉ số{'' if g.get('score') is not None else ' nhưng không tính điểm'})")
    source = clean_text(fwk.get("source"))
    # the legal basis only: a source that names an appendix of some report is no decision to cite
    basis = f"Theo {source}, " if source and re.match(r"^(Quyết định|Kế hoạch|Thông tư|Nghị quyết)", source) else (
        f"Theo {fwk['name']}, ")
    return (
        f"{basis}DTI được đánh giá thông qua {two_digits(len(groups))} nhóm chỉ số chính với "
        f"{n_crit} chỉ số thành phần. Trong đó, {', '.join(parts)}."
    )


def _standing(data: dict[str, Any]) -> str:
    text = f"Chỉ số DTI của {data['unit_name']} đạt {fmt_number(data['total'], data['framework']['display_precision'])} điểm"
    if data.get("class"):
        text += f", xếp loại {data['class'].lower()}"
    if data.get("rank_of", 0) > 1:
        text += f", xếp hạng {data['rank']}/{data['rank_of']} các đơn vị cùng cấp"
    return text


def overall_sentence(data: dict[str, Any], unit: str, period: str = "") -> str:
    """``… đạt 698,8 điểm, … xếp loại khá và xếp hạng 3/7 … (sau …).``"""
    d = data["framework"]["display_precision"]
    period = period or f"năm {data.get('year') or ''}"
    text = (
        f"Kết quả đánh giá tổng thể mức độ chuyển đổi số {period} của {unit} đạt "
        f"{fmt_number(data['total'], d)}/{fmt_number(data['max_points'])} điểm ({fmt_percent(data['percent'])}), "
        f"thông qua {two_digits(len(data['groups']))} nhóm chỉ số chính"
    )
    if data.get("class"):
        text += f", xếp loại {data['class'].lower()}"
    if data.get("rank_of", 0) > 1:
        text += f" và xếp hạng {data['rank']}/{data['rank_of']} trong các đơn vị cùng cấp"
        above = [p["unit_name"] for p in data.get("peers", []) if p["rank"] < data["rank"]]
        if above:
            text += f" (sau {', '.join(above)})"
    return text + "."


def group_rows(data: dict[str, Any], digits: int | None = None) -> list[list[str]]:
    if digits is None:
        digits = document_profile(data["framework"], "ke-hoach").group_precision
    rows = []
    for i, g in enumerate(data["groups"], start=1):
        n = str(len(criteria_of(g)))
        if g.get("score") is None:
            rows.append([str(i), g["name"], n, "Không tính điểm", "", "", ""])
            continue
        pct = exact(g["score"]) / exact(g["max_points"]) * 100 if g["max_points"] else None
        rank = f"{two_digits(g['rank'])}/{two_digits(g['rank_of'])}" if g.get("rank") else ""
        rows.append([str(i), g["name"], n, score_text(g["max_points"]), score_text(g["score"], digits),
                     fmt_percent(pct), rank])
    total_n = str(sum(len(criteria_of(g)) for g in data["groups"]))
    rank = f"{two_digits(data['rank'])}/{two_digits(data['rank_of'])}" if data.get("rank") else ""
    rows.append(["", "Tổng cộng", total_n, score_text(data["max_points"]),
                 fmt_number(data["total"], data["framework"]["display_precision"]), fmt_percent(data["percent"]), rank])
    return rows


def group_analysis(group: dict[str, Any], digits: int, group_digits: int | None = None) -> list[str]:
    """The paragraphs of one group: maximum, score and rank, then every criterion that lost points."""
    crits = criteria_of(group)
    out = [f"Chỉ số thành phần {group['name']} có điểm tối đa là {score_text(group['max_points'])} điểm, "
           f"với {two_digits(len(crits))} tiêu chí."]
    lost = [c for c in crits if lost_points(c) > 1e-9]
    zero = [c for c in lost if c["score"] <= 1e-9]
    gd = digits if group_digits is None else group_digits
    head = (f"Kết quả đạt {score_text(group['score'], gd)}/{score_text(group['max_points'])} điểm tối đa, "
            f"xếp hạng {two_digits(group['rank'])}/{two_digits(group['rank_of'])}")
    if not lost:
        out.append(head + ", tất cả các tiêu chí thành phần đều đạt điểm tối đa.")
        return out
    if len(zero) == len(lost):
        head += f", trong đó còn {two_digits(len(lost))} tiêu chí thành phần không đạt điểm, cụ thể:"
    elif not zero:
        head += f", trong đó còn {two_digits(len(lost))} tiêu chí thành phần chưa đạt điểm tối đa, cụ thể:"
    else:
        head += (f", trong đó còn {two_digits(len(lost))} tiêu chí thành phần chưa đạt điểm tối đa "
                 f"({two_digits(len(zero))} tiêu chí không đạt điểm), cụ thể:")
    out.append(head)
    for c in lost:
        line = f"- Tiêu chí “{c['name']}” {lost_phrase(c, digits)}."
        if c.get("reason"):
            line += " " + sentence(c["reason"])
        elif c.get("figures"):
            line += f" Kết quả: {sentence(c['figures'])}"
        out.append(line)
    return out


def default_tasks(group: dict[str, Any], w: Wording, digits: int) -> list[str]:
    """Pre-filled tasks: one line per criterion that lost points, or 'keep it up'."""
    if group.get("score") is None:
        return [w.text("group_task_unscored")]
    lost = sorted((c for c in criteria_of(group) if lost_points(c) > 1e-9), key=lambda c: -lost_points(c))
    if not lost:
        return [w.text("group_task_full")]
    out = []
    for c in lost:
        w.variables.update(criterion=c["name"], lost=lost_phrase(c, digits))
        line = w.text("group_task_lost")
        if c.get("lead"):
            line += f" Chủ trì: {', '.join(c['lead'])}."
        out.append(line)
    return out


def assignment_rows(data: dict[str, Any]) -> tuple[list[list[str]], set[int], set[int]]:
    """Stt, chỉ số, chủ trì, phối hợp: groups in italics as the seed prints them, items below."""
    rows: list[list[str]] = []
    bold: set[int] = set()
    italic: set[int] = set()

    def visit(node: dict[str, Any], depth: int) -> None:
        is_group = node["kind"] not in ("criterion", "item")
        if is_group and depth == 0:
            bold.add(len(rows))
        if node["kind"] == "item" or is_group:
            italic.add(len(rows))
        rows.append([node["code"], node["name"], "; ".join(node.get("lead", [])), "; ".join(node.get("coordinators", []))])
        for child in node.get("children", []) + node.get("items", []):
            visit(child, depth + 1)

    for group in data["groups"]:
        visit(group, 0)
    return rows, bold, italic


def lead_agencies(data: dict[str, Any]) -> list[str]:
    """Every lead agency of the assignment table, in order of first appearance."""
    seen: list[str] = []

    def visit(node: dict[str, Any]) -> None:
        for name in node.get("lead", []):
            if name not in seen:
                seen.append(name)
        for child in node.get("children", []) + node.get("items", []):
            visit(child)

    for group in data["groups"]:
        visit(group)
    return seen
