"""Province-level documents of one round: the consolidated báo cáo of all units (tổng hợp) and the
Quyết định công bố kết quả đánh giá, xếp hạng with the ranking table as its appendix (like the
decisions that publish a DTI ranking). Both read :func:`round_document_data`, which takes every
figure from the engine's results — the same ones the ranking page stores — so the documents and the
page cannot disagree.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from docx.document import Document as DocxDocument
from docx.shared import Pt

from dti.engine.numbers import fmt_number, fmt_percent
from dti.engine.scoring import RoundResult
from dti.reports import layout
from dti.reports.common import free_text, sentence
from dti.reports.sentences import clean_text
from dti.reports.settings import DocumentSettings
from dti.reports.templates import Wording, load_template


def round_document_data(result: RoundResult, *, period: str = "") -> dict[str, Any]:
    """Every unit of the round as plain data, in ranking order (rank, then name)."""
    fwk = result.framework
    leaves = {n.code for n in fwk.criteria()}
    filled: dict[int, int] = {}
    for code, j in result.table.entries:
        if code in leaves:
            filled[j] = filled.get(j, 0) + 1
    units = []
    for j, unit in enumerate(result.units):
        data = result.unit_result(j)
        units.append({
            "code": unit.code, "name": unit.name, "parent": unit.parent,
            "total": data.get("total"), "max_points": data.get("max_points"), "percent": data.get("percent"),
            "class": data.get("class"), "rank": data.get("rank"), "rank_of": data.get("rank_of"),
            "status_counts": data["status_counts"],
            "filled": filled.get(j, 0), "leaves": len(leaves),
            "groups": [{"code": g["code"], "name": g["name"], "score": g.get("score"),
                        "max_points": g.get("max_points")} for g in data["groups"]],
        })
    scored = result.scored
    units.sort(key=lambda u: (u["rank"] or 10**6, u["name"]) if scored else (u["name"],))
    return {
        "framework": {"code": fwk.code, "name": fwk.name, "source": fwk.source, "issuer": fwk.issuer,
                      "kind": fwk.kind, "display_precision": fwk.display_precision},
        "year": result.year or fwk.year,
        "period": period or f"năm {result.year or fwk.year}",
        "scored": scored,
        "units": units,
        "groups": [{"code": n.code, "name": n.name} for n in fwk.nodes],
    }


def _defaults(settings: DocumentSettings | None, data: dict[str, Any], symbol: str) -> DocumentSettings:
    s = dataclasses.replace(settings) if settings else DocumentSettings()
    issuer = data["framework"].get("issuer") or ""
    if not s.issuer_name:
        s.issuer_name = issuer.upper() if issuer else "ỦY BAN NHÂN DÂN TỈNH"
    if not s.symbol:
        s.symbol = symbol
    if not s.reporter:
        s.reporter = issuer or "Ủy ban nhân dân tỉnh"
    if not s.place:
        m = re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", issuer, re.IGNORECASE)
        s.place = m.group(1).strip() if m else "…"
    if not (s.on_behalf_of or s.deputy_of or s.signer_title):
        s.on_behalf_of, s.signer_title = "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if not s.period:
        s.period = data["period"]
    return s


def _vars(data: dict[str, Any], s: DocumentSettings) -> dict[str, Any]:
    n = len(data["units"])
    return {"period": s.period, "framework": data["framework"]["name"], "reporter": s.reporter,
            "n_units": f"{n:02d}", "year": data.get("year") or "", "ISSUER": s.issuer_name.replace("\n", " ").upper(),
            "source": legal_basis(data["framework"]),
            "number_short": f"số {s.number or chr(0x2003) * 2}/{s.symbol}", "date": s.date_text(data.get("year"))}


def legal_basis(framework: dict[str, Any]) -> str:
    """The decision that issued the framework, when its ``source`` names one; else the framework's
    name (a source that points at some report's appendix is no basis to cite)."""
    source = clean_text(framework.get("source"))
    if source and re.match(r"^(Quyết định|Kế hoạch|Thông tư|Nghị quyết|Công văn)", source):
        return source
    return str(framework["name"])


def ranking_rows(data: dict[str, Any]) -> list[list[str]]:
    """STT, đơn vị, tổng điểm, tỷ lệ, xếp loại, xếp hạng — exactly the ranking page's figures."""
    d = data["framework"]["display_precision"]
    rows = []
    for i, u in enumerate(data["units"], start=1):
        rank = f"{u['rank']}/{u['rank_of']}" if u.get("rank") else ""
        rows.append([str(i), u["name"], f"{fmt_number(u['total'], d)}/{fmt_number(u['max_points'])}",
                     fmt_percent(u["percent"]), u.get("class") or "", rank])
    return rows


def status_rows(data: dict[str, Any]) -> list[list[str]]:
    """STT, đơn vị, số liệu đã nhập, đạt, đang thực hiện, chưa thực hiện (per unit)."""
    rows = []
    for i, u in enumerate(data["units"], start=1):
        c = u["status_counts"]
        rows.append([str(i), u["name"], f"{u['filled']}/{u['leaves']}", f"{c['dat']}/{c['total']}",
                     f"{c['dang_thuc_hien']}/{c['total']}", f"{c['chua_thuc_hien']}/{c['total']}"])
    return rows


STATUS_COLUMNS = (
    layout.Column("STT", 1.2, "center"), layout.Column("Đơn vị", 5.6), layout.Column("Số liệu đã nhập", 2.6, "center"),
    layout.Column("Đạt", 2.3, "center"), layout.Column("Đang thực hiện", 2.4, "center"),
    layout.Column("Chưa thực hiện", 2.4, "center"),
)
RANKING_COLUMNS = (
    layout.Column("STT", 1.2, "center"), layout.Column("Đơn vị", 5.8), layout.Column("Tổng điểm", 2.8, "center"),
    layout.Column("Tỷ lệ", 2.2, "center"), layout.Column("Xếp loại", 2.2, "center"),
    layout.Column("Xếp hạng", 2.3, "center"),
)


def build_tong_hop(data: dict[str, Any], settings: DocumentSettings | None = None, *,
                   template: str | None = None) -> DocxDocument:
    """Báo cáo tổng hợp: progress, status counts per unit and (when scored) the ranking."""
    s = _defaults(settings, data, "BC-UBND")
    w = Wording(load_template("tong-hop", template), _vars(data, s))
    doc = layout.new_document()
    layout.add_header(doc, s, data.get("year"))
    layout.add_title(doc, w.text("doc_type"), w.text("subject"))
    layout.add_addressees(doc, s.addressees)
    layout.add_body(doc, w.text("intro"))
    units = data["units"]
    layout.add_heading(doc, "I.", "TÌNH HÌNH TRIỂN KHAI", 0)
    complete = sum(1 for u in units if u["filled"] >= u["leaves"])
    layout.add_body(doc, f"Kỳ đánh giá có {len(units):02d} đơn vị tham gia; {complete:02d}/{len(units):02d} đơn vị "
                         "đã nhập đầy đủ số liệu các tiêu chí (chi tiết tại bảng dưới đây).")
    layout.add_table(doc, STATUS_COLUMNS, status_rows(data))
    layout.add_body(doc, "")
    layout.add_heading(doc, "II.", "KẾT QUẢ ĐÁNH GIÁ", 0)
    if data["scored"] and units:
        d = data["framework"]["display_precision"]
        first, last = units[0], units[-1]
        layout.add_body(doc, f"Đơn vị đạt điểm cao nhất là {first['name']} ({fmt_number(first['total'], d)}/"
                             f"{fmt_number(first['max_points'])} điểm, {fmt_percent(first['percent'])}); thấp nhất là "
                             f"{last['name']} ({fmt_number(last['total'], d)}/{fmt_number(last['max_points'])} điểm, "
                             f"{fmt_percent(last['percent'])}). Kết quả xếp hạng tại Phụ lục 2.")
        classes: dict[str, int] = {}
        for u in units:
            if u.get("class"):
                classes[u["class"]] = classes.get(u["class"], 0) + 1
        if classes:
            layout.add_body(doc, "Xếp loại: " + "; ".join(f"{k.lower()} {v:02d} đơn vị" for k, v in classes.items()) + ".")
    else:
        done = sum(u["status_counts"]["dat"] for u in units)
        total = sum(u["status_counts"]["total"] for u in units)
        layout.add_body(doc, f"Tổng số tiêu chí đạt của các đơn vị: {done}/{total}.")
    layout.add_heading(doc, "III.", "ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT", 0)
    for text in free_text(s, "proposals") or w.lines("proposals"):
        layout.add_bullet(doc, sentence(text))
    layout.add_body(doc, w.text("closing"))
    layout.add_signature(doc, s, s.recipients or w.lines("recipients"))
    if data["scored"]:
        layout.add_appendix_section(doc, landscape=False)
        layout.add_centered(doc, "PHỤ LỤC 2", bold=True)
        layout.add_centered(doc, w.text("appendix_subject"), bold=True)
        layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
        layout.add_table(doc, RANKING_COLUMNS, ranking_rows(data))
    return doc


def build_cong_bo(data: dict[str, Any], settings: DocumentSettings | None = None, *,
                  template: str | None = None) -> DocxDocument:
    """Quyết định công bố kết quả đánh giá, xếp hạng: căn cứ, Điều 1–3, ranking table as appendix."""
    s = _defaults(settings, data, "QĐ-UBND")
    w = Wording(load_template("cong-bo", template), _vars(data, s))
    doc = layout.new_document()
    layout.add_header(doc, s, data.get("year"))
    layout.add_title(doc, w.text("doc_type"), w.text("subject"))
    layout.add_centered(doc, w.text("authority"), bold=True, after=6)
    for text in free_text(s, "basis") or w.lines("basis"):
        p = layout.add_body(doc, sentence(text).rstrip(".") + ";", italic=True)
        p.paragraph_format.space_after = Pt(3)
    layout.add_centered(doc, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)
    for i, text in enumerate(w.lines("articles"), start=1):
        p = layout.add_body(doc, "")
        layout.add_text(p, f"Điều {i}. ", layout.BODY_PT, bold=True)
        layout.add_text(p, text, layout.BODY_PT)
    layout.add_signature(doc, s, s.recipients or w.lines("recipients"))
    layout.add_appendix_section(doc, landscape=False)
    layout.add_centered(doc, "PHỤ LỤC", bold=True)
    layout.add_centered(doc, w.text("appendix_subject"), bold=True)
    layout.add_centered(doc, w.text("appendix_note"), italic=True, after=8)
    if data["scored"]:
        layout.add_table(doc, RANKING_COLUMNS, ranking_rows(data))
    else:
        layout.add_table(doc, STATUS_COLUMNS, status_rows(data))
    return doc
