"""Generator entry points: plain data in, files out. The CLI (and later the web/DB mode) only
gathers the data and calls these."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument

from dti.engine.entries import fold
from dti.engine.scoring import RoundResult
from dti.reports.bao_cao import build_bao_cao
from dti.reports.checks import Problem, check_breakdowns, forbidden_text, preflight
from dti.reports.data import unit_document_data
from dti.reports.ke_hoach import build_ke_hoach
from dti.reports.pdf import convert_to_pdf
from dti.reports.province import build_cong_bo, build_tong_hop
from dti.reports.settings import DocumentSettings

BUILDERS: dict[str, Callable[..., DocxDocument]] = {
    "bao-cao": build_bao_cao, "ke-hoach": build_ke_hoach, "tong-hop": build_tong_hop, "cong-bo": build_cong_bo,
}
UNIT_KINDS = ("bao-cao", "ke-hoach")  # one unit each; tong-hop and cong-bo cover the whole round
FORMATS = ("docx", "pdf")


class ReportError(ValueError):
    """A document that cannot be produced; the message is Vietnamese."""


def build_document(kind: str, data: dict[str, Any], settings: DocumentSettings | None = None,
                   *, template: str | None = None) -> DocxDocument:
    if kind not in BUILDERS:
        raise ReportError(f"loại văn bản '{kind}' không hợp lệ (có: {', '.join(BUILDERS)})")
    if kind == "cong-bo" and not data.get("scored"):
        raise ReportError("Quyết định công bố xếp hạng cần bộ chỉ số có tính điểm")
    if kind == "ke-hoach" and data.get("total") is None:
        raise ReportError("Kế hoạch nâng cao Chỉ số DTI cần bộ chỉ số có tính điểm")
    return BUILDERS[kind](data, settings, template=template)


def document_texts(doc: DocxDocument) -> list[str]:
    """Every paragraph and table cell of ``doc``, in order (what a reader of the PDF sees)."""
    out = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells if c.text.strip())
    return out


def check_document(kind: str, data: dict[str, Any], settings: DocumentSettings | None = None,
                   doc: DocxDocument | None = None) -> list[Problem]:
    """Kiểm tra trước khi ban hành: the data's contradictions plus any internal text in the built
    document (that one is a defect of the generator, so it blocks)."""
    texts: dict[str, list[str]] = {}
    if settings is not None:
        names = {g["code"]: g["name"] for g in data["groups"]}
        labels = {"highlights": "Kết quả nổi bật", "limitations": "Tồn tại", "causes": "Nguyên nhân",
                  "solutions": "Giải pháp"}
        for code, parts in settings.groups.items():
            for key, paragraphs in parts.items():
                texts[f"Nhóm {names.get(code, code)} – {labels.get(key, key)}"] = paragraphs
        for key in ("achievements", "limitations"):
            value = settings.texts.get(key)
            if value:
                texts[f"Mục {key}"] = [value] if isinstance(value, str) else [str(v) for v in value]
    if kind in UNIT_KINDS:
        problems = preflight(data, texts)
        if settings is not None:
            problems += check_breakdowns(data, settings.breakdowns)
    else:
        problems = [Problem("unranked", f"{u['name']}: chưa có kết quả xếp hạng (chưa đủ số liệu)")
                    for u in data.get("units", []) if data.get("scored") and not u.get("rank")]
    if doc is None:
        doc = build_document(kind, data, settings)
    for text in forbidden_text(document_texts(doc)):
        problems.append(Problem("forbidden", f"Văn bản có nội dung nội bộ: {text}", blocking=True))
    return problems


def write_document(kind: str, data: dict[str, Any], out: str | Path, settings: DocumentSettings | None = None,
                   *, template: str | None = None, fmt: str | None = None) -> Path:
    """Write one document; the format is ``fmt`` or the suffix of ``out`` (.docx / .pdf)."""
    out = Path(out)
    fmt = fmt or out.suffix.lower().lstrip(".") or "docx"
    if fmt not in FORMATS:
        raise ReportError(f"định dạng '{fmt}' không hợp lệ (có: docx, pdf)")
    doc = build_document(kind, data, settings, template=template)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        doc.save(str(out))
        return out
    with tempfile.TemporaryDirectory(prefix="dti-report-") as tmp:
        docx_path = Path(tmp) / (out.stem + ".docx")
        doc.save(str(docx_path))
        (pdf,) = convert_to_pdf([docx_path], tmp)
        pdf.replace(out)
    return out


def file_stem(kind: str, unit_code: str, unit_name: str) -> str:
    """``bao-cao-483-huyen-nam-dong``: ASCII, no path separators."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(unit_name)).strip("-")
    code = re.sub(r"[^A-Za-z0-9_.-]+", "-", unit_code).strip("-.")
    return "-".join(p for p in (kind, code, slug) if p)


def write_batch(
    kind: str,
    result: RoundResult,
    outdir: str | Path,
    settings_for: Callable[[str, str], DocumentSettings | None],
    *,
    units: Sequence[str] | None = None,
    fmt: str = "docx",
    template: str | None = None,
    prepare: Callable[[str, dict[str, Any]], None] | None = None,
) -> list[Path]:
    """One document per unit of the round; PDFs come from a single soffice call for all of them.

    ``prepare(code, data)`` may complete a unit's plain data first (the web fills in the round's
    assignment table)."""
    if fmt not in FORMATS:
        raise ReportError(f"định dạng '{fmt}' không hợp lệ (có: docx, pdf)")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    codes = list(units) if units is not None else [u.code for u in result.units]
    with tempfile.TemporaryDirectory(prefix="dti-batch-") as tmp:
        docx_dir = outdir if fmt == "docx" else Path(tmp)
        written = []
        for code in codes:
            data = unit_document_data(result, code)
            if prepare is not None:
                prepare(code, data)
            doc = build_document(kind, data, settings_for(code, data["unit_name"]), template=template)
            path = docx_dir / (file_stem(kind, code, data["unit_name"]) + ".docx")
            doc.save(str(path))
            written.append(path)
        if fmt == "docx":
            return written
        return convert_to_pdf(written, outdir)
