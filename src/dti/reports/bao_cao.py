"""Báo cáo kết quả chuyển đổi số of one unit for one round (like seeds 000/001/002).

Sections as the seeds have them: I. Công tác chỉ đạo, điều hành (from the register of issued
documents, with its appendix) — II. Kết quả thực hiện (counts, score, one part per group) — III.
Đánh giá chung (kết quả đạt được, tồn tại, nguyên nhân, giải pháp per group) — IV. Khó khăn, đề xuất
— V. Phương hướng, nhiệm vụ (numbered). Every count and every "đạt / chưa đạt" comes from the
engine's status, the same one the appendix prints; texts the unit wrote replace the generated
sentences, never the figures.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument

from dti.engine.numbers import fmt_date, fmt_number, fmt_percent
from dti.reports import layout
from dti.reports.appendix import appendix_rows
from dti.reports.common import (
    Editable,
    biggest_gaps,
    free_text,
    result_text,
    score_text,
    sentence,
    variables,
    with_defaults,
)
from dti.reports.data import criteria_of
from dti.reports.profiles import document_profile, widths_cm, with_self_points
from dti.reports.sentences import counts_phrase, join_names
from dti.reports.settings import DocumentSettings
from dti.reports.templates import Wording, load_template

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

DIRECTIVE_COLUMNS = (
    layout.Column("STT", 1.2, "center"),
    layout.Column("Số, ký hiệu", 3.4, "center"),
    layout.Column("Ngày ban hành", 2.6, "center"),
    layout.Column("Trích yếu", 7.3),
    layout.Column("Ghi chú", 2.0, "center"),
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
    profile = document_profile(data["framework"], "bao-cao")
    doc = layout.new_document()
    ed = Editable(doc, s.edits)
    doc_keys: list[tuple[str, str]] = ed.keys
    layout.add_header(doc, s, data.get("year"))
    layout.add_title(doc, w.text("doc_type"), w.text("subject"))
    layout.add_addressees(doc, s.addressees)
    ed.body("intro", w.text("intro"))
    groups = data["groups"]
    digits = data["framework"]["score_digits"]
    group_digits = profile.group_precision
    scored = data.get("total") is not None

    section = iter(ROMAN)
    assigned = free_text(s, "assigned")
    if assigned:
        layout.add_heading(doc, f"{next(section)}.", "NHIỆM VỤ ĐƯỢC GIAO", 0)
        for k, text in enumerate(assigned):
            ed.body(f"assigned.{k}", text)
    if s.directives:
        layout.add_heading(doc, f"{next(section)}.", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 0)
        layout.add_body(doc, directives_sentence(s.directives, s.reporter))
        for text in free_text(s, "direction"):
            layout.add_body(doc, text)

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_results"), 0)
    layout.add_body(doc, _summary(data, w.variables["period"]))
    for i, group in enumerate(groups, start=1):
        _group(doc, ed, group, f"{i}.", 1, digits, group_digits, scored, s)

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_assessment"), 0)
    layout.add_heading(doc, "1.", w.text("heading_achievements"), 1)
    counts = data["status_counts"]
    layout.add_body(doc, f"Đến nay đã hoàn thành {counts['dat']}/{counts['total']} tiêu chí.")
    for line in target_lines(data):
        layout.add_bullet(doc, line)
    for k, text in enumerate(free_text(s, "achievements") or w.lines("achievements")):
        ed.body(f"achievements.{k}", text)
    layout.add_heading(doc, "2.", w.text("heading_limitations"), 1)
    own = free_text(s, "limitations") + [t for g in groups for t in s.groups.get(g["code"], {}).get("limitations", [])]
    for k, text in enumerate(own or limitations(groups, digits)):
        ed.body(f"limitations.{k}", text, bullet=True)
    layout.add_heading(doc, "3.", "Nguyên nhân hạn chế", 1)
    causes = free_text(s, "causes") + [t for g in groups for t in s.groups.get(g["code"], {}).get("causes", [])]
    for k, text in enumerate(causes or w.lines("causes")):
        ed.body(f"causes.{k}", text, bullet=True)
    layout.add_heading(doc, "4.", "Giải pháp", 1)
    # the unit's own solutions replace the generated ones altogether (its numbering 4.1, 4.2… stays)
    own_solutions = any(s.groups.get(g["code"], {}).get("solutions") for g in groups)
    for i, group in enumerate(g for g in groups if _solutions(g, s, own_only=own_solutions)):
        layout.add_heading(doc, f"4.{i + 1}.", group["name"], 2)
        for k, text in enumerate(_solutions(group, s)):
            ed.body(f"solutions.{group['code']}.{k}", text)

    resources = free_text(s, "resources")
    if resources:
        layout.add_heading(doc, "5.", "Nguồn lực thực hiện", 1)
        for k, text in enumerate(resources):
            ed.body(f"resources.{k}", text, bullet=True)

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_difficulties_proposals"), 0)
    layout.add_heading(doc, "1.", w.text("heading_difficulties"), 1)
    for k, text in enumerate(free_text(s, "difficulties") or w.lines("difficulties")):
        ed.body(f"difficulties.{k}", text, bullet=True)
    layout.add_heading(doc, "2.", w.text("heading_proposals"), 1)
    for k, text in enumerate(free_text(s, "proposals") or w.lines("proposals")):
        ed.body(f"proposals.{k}", text, bullet=True)

    layout.add_heading(doc, f"{next(section)}.", w.text("heading_tasks"), 0)
    tasks = free_text(s, "tasks") or (open_work(data) + w.lines("tasks"))
    for k, text in enumerate(tasks, start=1):
        ed.body(f"tasks.{k}", f"{k}. {sentence(text)}")
    ed.body("closing", w.text("closing"))
    layout.add_signature(doc, s, s.recipients or w.lines("recipients"))

    if s.directives:
        layout.add_appendix_section(doc, landscape=False)
        layout.add_centered(doc, "PHỤ LỤC", bold=True)
        layout.add_centered(doc, "Các văn bản chỉ đạo, điều hành công tác chuyển đổi số", bold=True)
        layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
        layout.add_table(doc, DIRECTIVE_COLUMNS, directive_rows(s.directives))

    app = with_self_points(profile.appendix, data)
    layout.add_appendix_section(doc, landscape=app.landscape)
    layout.add_centered(doc, w.render(app.title) if app.title else w.text("appendix_title"), bold=True)
    layout.add_centered(doc, w.render(app.subject) if app.subject else w.text("appendix_subject"), bold=True)
    layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
    widths = widths_cm(app.columns, layout.text_width_cm(doc))
    columns = [layout.Column(t, wd, c.align) for t, wd, c in zip(app.titles(w.variables), widths, app.columns,
                                                                   strict=True)]
    rows, bold, italic = appendix_rows(data, app, group_digits)
    layout.add_table(doc, columns, rows, bold_rows=bold, italic_rows=italic, size=11 if len(columns) > 5 else 12)
    doc.editable_paragraphs = doc_keys  # type: ignore[attr-defined]
    return doc


def directives_sentence(directives: list[dict[str, Any]], reporter: str) -> str:
    n = len(directives)
    return (f"{reporter} đã ban hành {n:02d} văn bản để chỉ đạo, triển khai thực hiện công tác chuyển đổi số "
            "(có phụ lục kèm theo).")


def directive_rows(directives: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for i, d in enumerate(directives, start=1):
        note = d.get("note") or ""
        if d.get("criteria"):
            note = "; ".join(p for p in (note, "Tiêu chí " + ", ".join(d["criteria"])) if p)
        date = d.get("date")
        date_text = fmt_date(date) if date is not None and not isinstance(date, str) else str(date or "")
        rows.append([str(i), d["number"], date_text, d.get("summary", ""), note])
    return rows


def target_lines(data: dict[str, Any]) -> list[str]:
    """The unit's targets of the year next to what it reached (``data["unit_targets"]``, when given)."""
    out = []
    for t in data.get("unit_targets", []):
        reached = "chưa có số liệu" if t["measure"] is None else f"đạt {fmt_number(t['measure'], 2)}"
        verdict = "" if t["met"] is None else (" – đạt mục tiêu" if t["met"] else " – chưa đạt mục tiêu")
        out.append(f"Chỉ tiêu năm {data.get('year')}: {t['name']}: mục tiêu {t['target']}, {reached}{verdict}.")
    return out


def _summary(data: dict[str, Any], period: str) -> str:
    c = data["status_counts"]
    total = c["total"]
    parts = [f"hoàn thành {c['dat']}/{total} tiêu chí"]
    for key, label in (("dang_thuc_hien", "đang thực hiện"), ("chua_thuc_hien", "chưa thực hiện"),
                       ("khong_ap_dung", "không áp dụng")):
        if c[key]:
            parts.append(f"{label} {c[key]}/{total} tiêu chí")
    when = f"Trong {period}" if period else "Trong kỳ"
    text = f"{when} đã thực hiện {', '.join(parts)} theo {data['framework']['name']} (có phụ lục kèm theo)."
    targets = data.get("targets")
    # a target-based framework (no points) says how many targets were met; a scored one has its total
    if targets and targets.get("total") and data.get("total") is None:
        text += (f" Có {targets['met']}/{targets['total']} chỉ tiêu đạt mục tiêu"
                 + (f", {targets['not_met']} chỉ tiêu chưa đạt" if targets.get("not_met") else "")
                 + (f", {targets['no_data']} chỉ tiêu chưa có số liệu" if targets.get("no_data") else "") + ".")
    if data.get("total") is not None:
        d = data["framework"]["display_precision"]
        appraised = bool(data.get("self_differs")) and data.get("self_total") is not None
        own = f"; điểm tự đánh giá {fmt_number(data['self_total'], d)}" if appraised else ""
        text += (
            f" Tổng điểm{' thẩm định' if appraised else ''} đạt {fmt_number(data['total'], d)}/"
            f"{fmt_number(data['max_points'])} điểm ({fmt_percent(data['percent'])}{own})"
        )
        if data.get("class"):
            text += f", xếp loại {data['class'].lower()}"
        if data.get("rank_of", 0) > 1:
            text += f", xếp hạng {data['rank']}/{data['rank_of']} trong các đơn vị cùng cấp"
        text += "."
    return text


def _group(doc: DocxDocument, ed: Editable, node: dict[str, Any], number: str, level: int, digits: int,
           group_digits: int, scored: bool, s: DocumentSettings) -> None:
    counts = node.get("status_counts")
    title = node["name"] + (f" ({counts_phrase(counts)})" if counts else "")
    layout.add_heading(doc, number, title, level)
    if scored and node.get("score") is not None:
        layout.add_body(
            doc, f"Kết quả đạt {score_text(node['score'], group_digits)}/{score_text(node['max_points'])} điểm tối đa."
        )
    own = s.groups.get(node["code"], {}).get("highlights", [])
    for k, text in enumerate(own):
        ed.body(f"highlights.{node['code']}.{k}", text)
    sub = 0
    for child in node.get("children", []):
        if child["kind"] == "criterion" or "children" not in child:
            if not own:
                layout.add_bullet(doc, criterion_line(child))
            for line in _breakdown_lines(child, s):
                layout.add_body(doc, line, italic=True)
        else:
            sub += 1
            _group(doc, ed, child, f"{number}{sub}.", min(level + 1, 2), digits, group_digits, scored, s)


def _breakdown_lines(crit: dict[str, Any], s: DocumentSettings) -> list[str]:
    rows = s.breakdowns.get(crit["code"])
    if not rows:
        return []
    parts = [f"{r['unit']}: {fmt_number(r['value']) if isinstance(r['value'], int | float) else r['value']}"
             for r in rows]
    return [f"(Chi tiết tiêu chí {crit['code']} theo đơn vị: {'; '.join(parts)}.)"]


def criterion_line(crit: dict[str, Any]) -> str:
    status = (crit.get("status_label") or "").lower()
    text = result_text(crit)
    if crit.get("target_text") and crit.get("result_value"):
        inputs = crit.get("inputs", {})
        shown = text if "Tử số / mẫu số" in inputs and text else crit["result_value"]
        text = f"{shown} (mục tiêu {crit['target_text']})"
    line = crit["name"].rstrip(". ") + (f": {status}" if status else "")
    if text:
        line += ("; " if status else ": ") + text
    items = [i for i in crit.get("items", []) if i.get("result_value") or i.get("target_text")]
    if items:
        line += "; " + "; ".join(
            f"{i['name'].lower()} {i.get('result_value') or '—'} (mục tiêu {i.get('target_text') or '—'})"
            for i in items)
    return sentence(line)


def _gap(crit: dict[str, Any]) -> str:
    if crit.get("target_text") and crit.get("result_value"):
        return f"{crit['name']} ({crit['result_value']}, mục tiêu {crit['target_text']})"
    missed = [i for i in crit.get("items", []) if i.get("target_met") is False]
    if missed:
        return f"{crit['name']} ({'; '.join(i['name'] + ' ' + str(i.get('result_value')) for i in missed)})"
    return str(crit["name"])


def limitations(groups: list[dict[str, Any]], digits: int) -> list[str]:
    """Generated from the statuses: every criterion not yet Đạt, then the biggest point gaps."""
    crits = [c for g in groups for c in criteria_of(g)]
    missed = [c for c in crits if c.get("status") == "dang_thuc_hien" and c.get("target_met") is False]
    in_progress = [c for c in crits if c.get("status") == "dang_thuc_hien" and c not in missed]
    not_started = [c for c in crits if c.get("status") == "chua_thuc_hien"]
    out = []
    if missed:
        out.append(f"Còn {len(missed):02d} chỉ tiêu chưa đạt mục tiêu: {'; '.join(_gap(c) for c in missed)}")
    if in_progress:
        out.append(f"Còn {len(in_progress):02d} tiêu chí đang thực hiện, chưa hoàn thành: "
                   f"{'; '.join(c['name'] for c in in_progress)}")
    if not_started:
        out.append(f"Còn {len(not_started):02d} tiêu chí chưa thực hiện: {'; '.join(c['name'] for c in not_started)}")
    gaps = biggest_gaps(groups)
    if gaps:
        names = [f"{c['name']} ({score_text(c['score'], digits)}/{score_text(c['max_points'])} điểm)" for c in gaps]
        out.append(f"Các tiêu chí còn thiếu nhiều điểm nhất: {'; '.join(names)}")
    return out or ["Tất cả các tiêu chí đều đã đạt"]


def _solutions(group: dict[str, Any], s: DocumentSettings, *, own_only: bool = False) -> list[str]:
    """The unit's solutions for the group, else one generated line naming what is still open."""
    own = s.groups.get(group["code"], {}).get("solutions")
    if own or own_only:
        return own or []
    crits = criteria_of(group)
    open_ = [c for c in crits if c.get("status") in ("dang_thuc_hien", "chua_thuc_hien")]
    if not open_:
        return []
    return [f"Tập trung hoàn thành {len(open_):02d}/{len(crits):02d} tiêu chí còn lại của nhóm: "
            f"{join_names([c['name'] for c in open_])}."]


def open_work(data: dict[str, Any]) -> list[str]:
    c = data["status_counts"]
    remaining = c["dang_thuc_hien"] + c["chua_thuc_hien"]
    if not remaining:
        return []
    text = f"Tập trung hoàn thành {remaining}/{c['total']} tiêu chí đang thực hiện và chưa thực hiện"
    gaps = biggest_gaps(data["groups"], limit=3)
    if gaps:
        text += f", ưu tiên các tiêu chí còn thiếu nhiều điểm: {join_names([g['name'] for g in gaps])}"
    return [text]
