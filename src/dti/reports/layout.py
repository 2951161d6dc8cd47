"""Thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP, Phụ lục I) with python-docx.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt body; the header
table (issuing body left, quốc hiệu and tiêu ngữ right); number and place/date line; document
type and subject; numbered sections; "Nơi nhận" and signature; page numbers centred at the top
from page 2; appendices on their own pages, landscape when the table is wide.

python-docx has no API for fields, paragraph borders, repeated header rows or the East Asian font
slot; those few elements are written with its ``oxml`` helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dti.reports.settings import DocumentSettings

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Column:
    title: str
    width_cm: float
    align: str = "left"  # left | center | right


def new_document() -> DocxDocument:
    """An empty A4 portrait document with Decree 30 margins, fonts and page numbers from page 2."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    section = doc.sections[0]
    _page_setup(section, landscape=False)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    return doc


def _page_setup(section: object, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = (height, width) if landscape else (width, height)  # type: ignore[attr-defined]
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Mm(10)  # type: ignore[attr-defined]
    section.footer_distance = Mm(10)  # type: ignore[attr-defined]


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _font(run: object, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None,
          underline: bool | None = None) -> None:
    f = run.font  # type: ignore[attr-defined]
    f.name = FONT
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if underline is not None:
        f.underline = underline


def add_text(paragraph: Paragraph, text: str, size: float | None = None, *, bold: bool = False,
             italic: bool = False, underline: bool = False) -> Paragraph:
    """Append ``text`` (newlines become line breaks) with explicit formatting."""
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        _font(run, size, bold=bold or None, italic=italic or None, underline=underline or None)
    return paragraph


def _para(container: object, *, align: str = "justify", before: float = 0, after: float = 0,
          indent_cm: float = 0.0, keep_next: bool = False) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if indent_cm:
        pf.first_line_indent = Cm(indent_cm)
    if keep_next:
        pf.keep_with_next = True
    return p


def _short_line(container: object, width_cm: float, column_cm: float) -> Paragraph:
    """The short rule under the issuer name / tiêu ngữ / subject: an empty paragraph whose bottom
    border is narrowed by indents (python-docx has no paragraph-border API)."""
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    side = max(0.0, (column_cm - width_cm) / 2)
    pf = p.paragraph_format
    pf.left_indent = Cm(side)
    pf.right_indent = Cm(side)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must come before jc/ind in CT_PPr's sequence: insert it early
    ppr.insert(0, borders)
    return p


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def _cell_para(cell: _Cell, *, align: str = "center", first: bool = True) -> Paragraph:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    return _align(p, align)


def _align(p: Paragraph, align: str) -> Paragraph:
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    return p


LEFT_CM, RIGHT_CM = 6.4, 10.1


def add_header(doc: DocxDocument, settings: DocumentSettings, year: int | None) -> None:
    """Issuing body and number (left), quốc hiệu, tiêu ngữ and place/date (right)."""
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (LEFT_CM, RIGHT_CM))
    left, right = table.rows[0].cells
    p = _cell_para(left)
    if settings.issuer_parent:
        add_text(p, settings.issuer_parent.upper(), 13)
        p = _cell_para(left, first=False)
    add_text(p, (settings.issuer_name or "").upper(), 13, bold=True)
    _short_line(left, 2.2, LEFT_CM)
    p = _cell_para(right)
    add_text(p, QUOC_HIEU, 12.5, bold=True)
    p = _cell_para(right, first=False)
    add_text(p, TIEU_NGU, 13.5, bold=True)
    _short_line(right, 6.2, RIGHT_CM)
    num_cell, date_cell = table.rows[1].cells
    p = _cell_para(num_cell)
    p.paragraph_format.space_before = Pt(6)
    add_text(p, settings.number_symbol, 13)
    p = _cell_para(date_cell)
    p.paragraph_format.space_before = Pt(6)
    add_text(p, settings.place_date(year), 14, italic=True)


def add_title(doc: DocxDocument, doc_type: str, subject: str) -> None:
    p = _para(doc, align="center", before=18)
    add_text(p, doc_type.upper(), 14, bold=True)
    p = _para(doc, align="center", after=0)
    add_text(p, subject, 14, bold=True)
    _short_line(doc, 3.0, text_width_cm(doc))
    _para(doc, after=6)


def add_addressees(doc: DocxDocument, addressees: Sequence[str]) -> None:
    if not addressees:
        return
    if len(addressees) == 1:
        p = _para(doc, align="center", after=6)
        add_text(p, f"Kính gửi: {addressees[0]}.", 14)
        return
    p = _para(doc, align="center")
    add_text(p, "Kính gửi:", 14)
    for i, name in enumerate(addressees):
        p = _para(doc, align="left", after=6 if i == len(addressees) - 1 else 0)
        p.paragraph_format.left_indent = Cm(5.5)
        add_text(p, f"- {name}{'.' if i == len(addressees) - 1 else ';'}", 14)


def add_body(doc: DocxDocument, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A body paragraph: justified, first line indented 1,27 cm, 6 pt after."""
    p = _para(doc, indent_cm=1.27, before=0, after=6)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    p.paragraph_format.line_spacing = 1.1
    add_text(p, text, BODY_PT, bold=bold, italic=italic)
    return p


def add_bullet(doc: DocxDocument, text: str) -> Paragraph:
    return add_body(doc, f"- {text}")


def add_heading(doc: DocxDocument, number: str, text: str, level: int) -> Paragraph:
    """Sections written out as the documents do: ``I.`` upper bold, ``1.`` bold, ``1.1.`` bold italic."""
    p = _para(doc, indent_cm=1.27, before=6, after=6, keep_next=True)
    label = f"{number} {text}" if number else text
    if level == 0:
        add_text(p, label.upper() if number else label, BODY_PT, bold=True)
    elif level == 1:
        add_text(p, label, BODY_PT, bold=True)
    else:
        add_text(p, label, BODY_PT, bold=True, italic=True)
    return p


def add_centered(doc: DocxDocument, text: str, *, bold: bool = False, italic: bool = False,
                 size: float = BODY_PT, before: float = 0, after: float = 0) -> Paragraph:
    p = _para(doc, align="center", before=before, after=after, keep_next=True)
    add_text(p, text, size, bold=bold, italic=italic)
    return p


def add_signature(doc: DocxDocument, settings: DocumentSettings, recipients: Sequence[str]) -> None:
    """"Nơi nhận" (bold italic 12 pt, list 11 pt) bottom left; signature block bottom right."""
    _para(doc, after=6)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (7.6, 8.9))
    # the signature block never splits across pages: the signer's name stays with the title
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    p = _cell_para(left, align="left")
    add_text(p, "Nơi nhận:", 12, bold=True, italic=True)
    for i, name in enumerate(recipients):
        p = _cell_para(left, align="left", first=False)
        end = "." if i == len(recipients) - 1 else ";"
        add_text(p, f"- {name.rstrip(';.')}{end}", 11)
    lines = settings.signature_lines() or [""]
    p = _cell_para(right)
    add_text(p, "\n".join(lines), 14, bold=True)
    p = _cell_para(right, first=False)
    p.paragraph_format.space_before = Pt(60)  # room for signature and seal
    add_text(p, settings.signer_name, 14, bold=True)


def add_appendix_section(doc: DocxDocument, *, landscape: bool) -> None:
    """Start an appendix on a new page; ``landscape`` for wide tables."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=landscape)
    # Page numbers continue in the appendix (header linked to the body's).
    section.different_first_page_header_footer = False


def text_width_cm(doc: DocxDocument) -> float:
    s = doc.sections[-1]
    width, left, right = s.page_width or 0, s.left_margin or 0, s.right_margin or 0  # a template sets all three
    return float((width - left - right) / 360000)


def add_table(doc: DocxDocument, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              bold_rows: set[int] | None = None, italic_rows: set[int] | None = None,
              size: float = TABLE_PT) -> Table:
    """A bordered table with a bold header row repeated on every page."""
    bold_rows = bold_rows or set()
    italic_rows = italic_rows or set()
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, col in zip(header.cells, columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        add_text(_cell_para(cell), col.title, size, bold=True)
    for r, values in enumerate(rows):
        row = table.add_row()
        # a row never splits across pages: a criterion and its result stay on one sheet
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, col, value in zip(cells, columns, values, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            add_text(_cell_para(cell, align=col.align), str(value), size,
                     bold=r in bold_rows, italic=r in italic_rows)
    _widths(table, [c.width_cm for c in columns])
    return table
