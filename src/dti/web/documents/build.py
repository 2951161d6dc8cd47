"""Plain data for the generators, gathered from the database: scores (only via ``score_round_db``),
evidence counts, the unit's document settings and the round's free texts. Then files out.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
from django.db.models import Count

from dti.engine.entries import fold
from dti.reports import DocumentSettings, unit_document_data, write_batch, write_document
from dti.reports.data import apply_self_scores
from dti.reports.generate import file_stem
from dti.reports.province import round_document_data
from dti.reports.workbooks import write_workbook
from dti.web.documents.models import (
    DocumentEdit,
    GroupText,
    IssuedDirective,
    ReportNotes,
    RoundDocumentSettings,
    SubUnitFigure,
    UnitDocumentSettings,
)
from dti.web.entries.models import Evidence
from dti.web.results.scoring import peer_units, round_units, score_round_db, score_round_pair
from dti.web.rounds.models import PeriodKind, Round
from dti.web.rounds.selectors import agencies_by_criterion, apply_agencies
from dti.web.targets.selectors import target_rows
from dti.web.units.models import OrgUnit

KINDS = {"bao-cao": "Báo cáo", "ke-hoach": "Kế hoạch nâng cao DTI"}
ROUND_KINDS = RoundDocumentSettings.KINDS
FORMATS = ("docx", "pdf")
WORKBOOKS = {"ranking": "Xếp hạng", "unit": "Chi tiết đơn vị", "assignments": "Phân công",
             "targets": "Mục tiêu - kết quả"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
NOTE_TEXTS = {"difficulties": "difficulties", "proposals": "proposals", "tasks": "tasks",
              "objectives": "objectives"}


def period_texts(rnd: Round) -> tuple[str, str]:
    """(kỳ báo cáo, kỳ tiếp theo) as written in a document: ``quý II năm 2024``, ``quý III năm 2024``."""
    n, year = rnd.period_number or 1, rnd.year
    if rnd.period_kind == PeriodKind.QUARTER:
        nxt = f"quý {ROMAN[n + 1]} năm {year}" if n < 4 else f"quý I năm {year + 1}"
        return f"quý {ROMAN.get(n, n)} năm {year}", nxt
    if rnd.period_kind == PeriodKind.HALF:
        if n == 1:
            return f"6 tháng đầu năm {year}", f"6 tháng cuối năm {year}"
        return f"6 tháng cuối năm {year}", f"6 tháng đầu năm {year + 1}"
    return "", ""  # yearly: the generators say "năm 2022" / "năm 2023" themselves


def evidence_counts(rnd: Round, unit: OrgUnit) -> dict[str, int]:
    rows = (Evidence.objects.current().filter(entry__round=rnd, entry__unit=unit)
            .values("entry__criterion_code").annotate(n=Count("id")))
    return {r["entry__criterion_code"]: r["n"] for r in rows}


def document_settings(rnd: Round, unit: OrgUnit, kind: str) -> DocumentSettings:
    """The unit's thể thức plus its free texts for this round; empty fields get the generators' defaults."""
    period, next_period = period_texts(rnd)
    s = DocumentSettings(period=period, next_period=next_period)
    cfg = UnitDocumentSettings.objects.filter(unit=unit).first()
    if cfg is not None:
        s.issuer_parent, s.issuer_name, s.reporter, s.place = (cfg.issuer_parent, cfg.issuer_name, cfg.reporter,
                                                               cfg.place)
        s.symbol = cfg.symbol_report if kind == "bao-cao" else cfg.symbol_plan
        s.on_behalf_of, s.deputy_of = cfg.on_behalf_of, cfg.deputy_of
        s.signer_title, s.signer_name = cfg.signer_title, cfg.signer_name
        s.recipients = cfg.recipient_list
    notes = ReportNotes.objects.filter(round=rnd, unit=unit).first()
    if notes is not None:
        s.texts = {key: getattr(notes, field) for field, key in NOTE_TEXTS.items() if getattr(notes, field).strip()}
    s.directives = [{"number": d.number, "date": d.issued_on, "issuer": d.issuer, "summary": d.summary,
                     "criteria": d.criteria_list, "note": ""}
                    for d in IssuedDirective.objects.filter(round=rnd, unit=unit)]
    for g in GroupText.objects.filter(round=rnd, unit=unit):
        parts = {f: [p.strip() for p in getattr(g, f).splitlines() if p.strip()] for f in GroupText.TEXT_FIELDS}
        s.groups[g.group_code] = {k: v for k, v in parts.items() if v}
    for f in SubUnitFigure.objects.filter(round=rnd, unit=unit):
        s.breakdowns.setdefault(f.criterion_code, []).append({"unit": f.sub_unit, "value": float(f.value)})
    s.edits = {e.key: e.text for e in DocumentEdit.objects.filter(round=rnd, unit=unit, kind=kind)}
    return s


def unit_data(rnd: Round, unit: OrgUnit, *, appraised: bool = True) -> dict[str, Any]:
    """The unit's document data; ``appraised=False`` (the unit's own people before the preliminary
    results) gives the self-assessment only, as the scorecard does."""
    # the peer group ranks exactly as the whole round and is much cheaper to score
    pair = score_round_pair(rnd, units=peer_units(rnd, unit))
    result = pair.appraised if appraised else pair.self_assessed
    data = unit_document_data(result, unit.code, evidence_counts=evidence_counts(rnd, unit))
    if appraised:
        apply_self_scores(data, pair.unit_result(unit.code))
    apply_agencies(data["groups"], agencies_by_criterion(rnd, unit))
    data["unit_targets"] = target_rows(result, unit, rnd.year)
    return data


def round_data(rnd: Round) -> dict[str, Any]:
    """Every unit of the round (tổng hợp, công bố), scored once from the database."""
    period, _ = period_texts(rnd)
    return round_document_data(score_round_db(rnd, units=round_units(rnd)), period=period)


def round_settings(rnd: Round, period: str | None = None, kind: str | None = None) -> DocumentSettings:
    """The office's thể thức for the round's document ``kind``; empty fields get the generators' defaults."""
    p, _ = period_texts(rnd)
    s = DocumentSettings(period=period or p)
    cfg = RoundDocumentSettings.objects.filter(round=rnd, kind=kind).first() if kind else None
    if cfg is not None:
        for field in ("issuer_parent", "issuer_name", "number", "symbol", "place", "basis", "on_behalf_of",
                      "deputy_of", "signer_title", "signer_name"):
            setattr(s, field, getattr(cfg, field))
        s.date, s.recipients = cfg.issued_on, cfg.recipient_list
        s.texts = {key: getattr(cfg, key) for key in ("basis", "proposals") if getattr(cfg, key).strip()}
    return s


def round_document(rnd: Round, kind: str, out: Path, *, fmt: str | None = None, period: str | None = None) -> Path:
    """Write the tổng hợp / công bố of the whole round to ``out``."""
    return write_document(kind, round_data(rnd), out, round_settings(rnd, period, kind), fmt=fmt)


def unit_document(rnd: Round, unit: OrgUnit, kind: str, fmt: str, outdir: Path, *, appraised: bool = True) -> Path:
    """Write báo cáo / kế hoạch of ``unit`` into ``outdir``; raises ReportError/PdfError (Vietnamese)."""
    data = unit_data(rnd, unit, appraised=appraised)
    out = outdir / f"{file_stem(kind, unit.code, unit.name)}.{fmt}"
    return write_document(kind, data, out, document_settings(rnd, unit, kind), fmt=fmt)


def workbook(rnd: Round, kind: str, outdir: Path, unit: OrgUnit | None = None, *, appraised: bool = True) -> Path:
    name = f"bang-tinh-{kind}-{rnd.slug}" + (f"-{unit.code}" if unit is not None else "")
    return workbook_to(rnd, kind, outdir / f"{name}.xlsx", unit=unit, appraised=appraised)


def workbook_to(rnd: Round, kind: str, path: Path, *, unit: OrgUnit | None = None, appraised: bool = True) -> Path:
    """XLSX ``kind`` of the round (``unit`` needs ``unit``), scored from the database."""
    framework = rnd.framework.parsed()
    result, code, counts, merged = None, None, None, None
    self_totals: dict[str, float | None] | None = None
    if kind == "unit":
        if unit is None:
            raise ValueError("bảng tính 'unit' cần chọn đơn vị (--unit)")
        pair = score_round_pair(rnd, units=peer_units(rnd, unit))
        code, counts = unit.code, evidence_counts(rnd, unit)
        # before the preliminary results a unit's own people get their self-assessment only
        result, merged = (pair.appraised, pair.unit_result(unit.code)) if appraised else (pair.self_assessed, None)
    elif kind == "ranking":
        pair = score_round_pair(rnd, units=round_units(rnd))
        result = pair.appraised
        if pair.appraised_keys:
            # both readings score the same units in the same order: compare the printed totals
            mine, theirs = pair.self_assessed.printed_total, result.printed_total
            if not np.array_equal(mine, theirs, equal_nan=True):
                self_totals = {u.code: None if np.isnan(t) else float(t)
                               for u, t in zip(pair.self_assessed.units, mine, strict=True)}
    elif kind == "targets":
        result = score_round_db(rnd, units=round_units(rnd))
    agencies = None
    if kind == "assignments":
        agencies = {c: (a.lead, a.coordinators) for c, a in agencies_by_criterion(rnd, unit).items()}
    return write_workbook(kind, path, framework=framework, result=result, unit=code, evidence_counts=counts,
                          agencies=agencies, self_totals=self_totals, merged=merged)


def round_batch(rnd: Round, kind: str, outdir: Path, fmt: str, *, only: list[OrgUnit] | None = None) -> list[Path]:
    """One document per unit of the round (or of ``only``): one scoring call, one soffice call."""
    units = {u.code: u for u in round_units(rnd)}
    pair = score_round_pair(rnd, units=list(units.values()))
    result = pair.appraised
    codes = [u.code for u in only] if only is not None else None

    def prepare(code: str, data: dict[str, Any]) -> None:
        apply_self_scores(data, pair.unit_result(code))
        apply_agencies(data["groups"], agencies_by_criterion(rnd, units[code]))
        data["unit_targets"] = target_rows(result, units[code], rnd.year)

    return write_batch(kind, result, outdir, lambda code, _name: document_settings(rnd, units[code], kind),
                       units=codes, fmt=fmt, prepare=prepare)


def batch_zip(rnd: Round, kind: str, fmt: str, zip_path: Path) -> int:
    """Every unit's document in one ZIP; returns the unit count."""
    with tempfile.TemporaryDirectory(prefix="dti-batch-zip-") as tmp:
        paths = round_batch(rnd, kind, Path(tmp), fmt)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths:
                zf.write(p, arcname=p.name)
    return len(paths)


def content_disposition(ascii_name: str, display_name: str) -> str:
    """``attachment`` with an ASCII slug ``filename`` and the Vietnamese name as RFC 5987 ``filename*``."""
    safe = "".join(c for c in fold(ascii_name) if c.isascii() and (c.isalnum() or c in "-_.")) or "tai-lieu"
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(display_name, safe='')}"


def display_name(kind: str, unit: OrgUnit, fmt: str) -> str:
    return f"{KINDS.get(kind, WORKBOOKS.get(kind, kind))} – {unit.name}.{fmt}"


def unit_draft(rnd: Round, unit: OrgUnit, kind: str, *,
               appraised: bool = True) -> tuple[Any, dict[str, Any], DocumentSettings, list[Any]]:
    """(document, data, settings, pre-issue problems) of the unit's document as it would be issued."""
    from dti.reports import build_document, check_document

    data = unit_data(rnd, unit, appraised=appraised)
    settings = document_settings(rnd, unit, kind)
    doc = build_document(kind, data, settings)
    return doc, data, settings, check_document(kind, data, settings, doc)


def editable_paragraphs(doc: Any) -> list[tuple[str, str]]:
    """(key, generated text) of every paragraph the drafter may rewrite, in document order."""
    return list(getattr(doc, "editable_paragraphs", []))


def preview_pages(doc: Any, *, dpi: int = 60) -> list[str]:
    """The document as PDF pages, each a ``data:image/png;base64,…`` URI (the CSP allows data: images)."""
    import base64

    from dti.reports.pdf import convert_to_pdf, pdf_pages_png

    with tempfile.TemporaryDirectory(prefix="dti-preview-") as tmp:
        docx_path = Path(tmp) / "xem-truoc.docx"
        doc.save(str(docx_path))
        (pdf,) = convert_to_pdf([docx_path], tmp)
        pages = pdf_pages_png(pdf, Path(tmp) / "trang", dpi=dpi)
        return ["data:image/png;base64," + base64.b64encode(p.read_bytes()).decode("ascii") for p in pages]
