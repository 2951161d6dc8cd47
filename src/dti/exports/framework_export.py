"""Export a framework (bộ chỉ số) to YAML and to XLSX in the layouts users already work with.

Layouts (``docs/import-export.md``):

- ``full``: every field of every node, one row per node — imports back to the same framework;
- ``appendix``: the province appendix of seed 002 (TT, Tiêu chí, Thực hiện, Điều kiện, Tài liệu
  kiểm chứng, Điểm) with roman-numeral group rows and criteria numbered within their group;
- ``assignment``: the assignment table of seeds 003/004 (Stt, Chỉ số/Chỉ số thành phần, Cơ quan
  chủ trì, Cơ quan phối hợp, Ghi chú) with hierarchical codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from dti.engine import framework as fw
from dti.exports.xlsx import HEADER_FILL, safe_cell

Layout = Literal["full", "appendix", "assignment"]
LAYOUTS: tuple[Layout, ...] = ("full", "appendix", "assignment")

# Node field → column header. The importer matches these (accent-folded) before any fuzzy rule.
FIELD_LABELS: dict[str, str] = {
    "code": "TT",
    "name": "Tiêu chí",
    "kind": "Loại",
    "description": "Thực hiện",
    "condition": "Điều kiện",
    "evidence": "Tài liệu kiểm chứng",
    "max_points": "Điểm",
    "rule": "Quy tắc tính điểm",
    "lead": "Cơ quan chủ trì",
    "coordinators": "Cơ quan phối hợp",
    "timeline": "Thời gian",
    "note": "Ghi chú",
    "data_source": "Nguồn dữ liệu",
    "unit": "Đơn vị tính",
    "target": "Chỉ tiêu",
    "requires_signed_evidence": "Ký số",
    "level": "Cấp áp dụng",
    "reporting_units": "Đơn vị báo cáo",
    "assumed": "Giả định",
}
FULL_FIELDS = tuple(FIELD_LABELS)
APPENDIX_FIELDS = ("code", "name", "description", "condition", "evidence", "max_points")
ASSIGNMENT_FIELDS = ("code", "name", "lead", "coordinators", "timeline")
ASSIGNMENT_LABELS = {"code": "Stt", "name": "Chỉ số/Chỉ số thành phần", "timeline": "Ghi chú"}

KIND_LABELS: dict[str, str] = {
    "pillar": "Trụ cột",
    "group": "Nhóm chỉ số",
    "component": "Chỉ số thành phần",
    "criterion": "Tiêu chí",
    "item": "Mục con",
}
LIST_SEPARATOR = "; "
# Framework-level keys written on the "Thông tin" sheet, with their Vietnamese labels.
INFO_LABELS: dict[str, str] = {
    "code": "Mã bộ chỉ số",
    "name": "Tên bộ chỉ số",
    "version": "Phiên bản",
    "kind": "Loại bộ chỉ số",
    "level": "Cấp đánh giá",
    "issuer": "Cơ quan ban hành",
    "source": "Căn cứ",
    "year": "Năm",
    "max_points": "Tổng điểm tối đa",
    "precision": "Số chữ số thập phân (điểm tiêu chí)",
    "display_precision": "Số chữ số thập phân (điểm tổng)",
    "classification": "Xếp loại",
    "classification_assumed": "Giả định xếp loại",
    "note": "Ghi chú",
    "assumed": "Giả định",
    "documents": "Mẫu văn bản",
}
DATA_SHEET = "Bộ chỉ số"
INFO_SHEET = "Thông tin"


_ROMAN_RE = re.compile(r"^(?=[IVXL]+$)L?X{0,3}(IX|IV|V?I{0,3})$")


def is_roman(code: str) -> bool:
    """``I``, ``IV``, ``XII``: group codes of seed 002's appendix."""
    return bool(code) and bool(_ROMAN_RE.match(code))


def framework_to_dict(f: fw.Framework) -> dict[str, Any]:
    """Plain ``dti-framework/1`` data without empty or default-valued keys."""
    data = f.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return {"format": fw.FORMAT_VERSION, **{k: v for k, v in data.items() if k != "format"}}


def framework_to_yaml(f: fw.Framework | dict[str, Any], *, header: Sequence[str] = ()) -> str:
    data = framework_to_dict(f) if isinstance(f, fw.Framework) else f
    comments = "".join(f"# {line}\n" for line in header)
    return comments + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def rule_text(rule: fw.Rule | None) -> str | None:
    """A rule as one line of YAML flow text: ``{type: count_target, minimum: 24.0}``."""
    if rule is None:
        return None
    data = rule.model_dump(mode="json", exclude_defaults=False)
    return yaml.safe_dump(data, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000).strip()


def _cell(node: fw.Node, field: str) -> Any:
    value = getattr(node, field)
    if field == "kind":
        return KIND_LABELS[node.kind]
    if field == "rule":
        return rule_text(node.rule)
    if field in ("lead", "coordinators", "reporting_units"):
        return LIST_SEPARATOR.join(value) or None
    if field == "requires_signed_evidence":
        return "có" if value else None
    return value


def _rows(f: fw.Framework, fields: Sequence[str], code_of: Callable[[fw.Node], str]) -> list[list[Any]]:
    return [[code_of(node) if fld == "code" else _cell(node, fld) for fld in fields] for node in f.walk()]


def _appendix_code(f: fw.Framework) -> Callable[[fw.Node], str]:
    """Seed 002 prints groups as I, II… and criteria as 1, 2… inside each group."""

    def code_of(node: fw.Node) -> str:
        parent = f.parent_of.get(node.code)
        if parent and is_roman(parent) and node.code.startswith(parent + "."):
            return node.code[len(parent) + 1 :]
        return node.code

    return code_of


def write_framework_sheet(ws: Worksheet, f: fw.Framework, layout: Layout = "full") -> None:
    if layout == "appendix":
        fields: Sequence[str] = APPENDIX_FIELDS
        code_of = _appendix_code(f)
        ws.append([safe_cell("Phụ lục")])
        ws.append([safe_cell(f.name.upper())])
        ws.append([])
    elif layout == "assignment":
        fields, code_of = ASSIGNMENT_FIELDS, (lambda n: n.code)
        ws.append([safe_cell("PHỤ LỤC")])
        ws.append([safe_cell(f"PHÂN CÔNG PHỤ TRÁCH THEO DÕI, ĐÁNH GIÁ CÁC CHỈ SỐ — {f.name}")])
        ws.append([])
    else:
        fields, code_of = FULL_FIELDS, (lambda n: n.code)
    labels = FIELD_LABELS | (ASSIGNMENT_LABELS if layout == "assignment" else {})
    ws.append([labels[fld] for fld in fields])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row, node in zip(_rows(f, fields, code_of), f.walk(), strict=True):
        ws.append([safe_cell(v) for v in row])
        if node.children:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    # codes like 2.10 must stay text, or a spreadsheet turns them into the number 2.1
    for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=1, max_col=1):
        cell.number_format = "@"
    widths = {"code": 10, "name": 50, "description": 40, "condition": 40, "evidence": 30, "max_points": 8}
    for i, fld in enumerate(fields):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = widths.get(fld, 24)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)


def _info_value(f: fw.Framework, key: str) -> Any:
    value = getattr(f, key)
    if key == "classification":
        bands = [b.model_dump(mode="json") for b in value]
        return yaml.safe_dump(bands, default_flow_style=True, allow_unicode=True, width=10_000).strip() if bands else None
    if key == "documents":
        # document profiles are nested: one YAML cell, read back as it was written
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip() if value else None
    return value


def framework_workbook(f: fw.Framework, layout: Layout = "full") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    write_framework_sheet(ws, f, layout)
    if layout != "full":
        return wb  # the users' own tables carry no metadata sheet
    info = wb.create_sheet(INFO_SHEET)
    info.append(["Thông tin", "Giá trị"])
    for key, label in INFO_LABELS.items():
        value = _info_value(f, key)
        if value is not None:
            info.append([label, safe_cell(value)])
    info.column_dimensions["A"].width = 36
    info.column_dimensions["B"].width = 80
    return wb


def export_framework(f: fw.Framework, path: str | Path, *, fmt: str | None = None, layout: Layout = "full") -> Path:
    """Write ``f`` to ``path`` as YAML or XLSX (chosen by ``fmt`` or the file extension)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt in ("yaml", "yml"):
        path.write_text(framework_to_yaml(f), encoding="utf-8")
    elif fmt == "xlsx":
        framework_workbook(f, layout).save(path)
    else:
        raise ValueError(f"định dạng '{fmt}' không được hỗ trợ (yaml hoặc xlsx)")
    return path
