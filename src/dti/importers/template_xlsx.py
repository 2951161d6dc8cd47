"""The per-round entry template (mẫu nhập số liệu): create it, and read it back all-or-nothing.

One row per unit × criterion. Identifying columns are locked, input columns are open and carry
data validations; a hidden sheet records the framework version, the round and each row's version
(optimistic locking). Reading reuses the entries-file parsing and the engine's ``validate_entry``,
and reports every problem as (sheet, row, column, Vietnamese message).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from dti.engine import framework as fw
from dti.engine.entries import STATUS_LABELS, Entry, UnitRef, fold
from dti.engine.explain import describe_rule
from dti.engine.numbers import plain_decimal
from dti.engine.rules import rule_of
from dti.engine.validation import validate_entry
from dti.exports.xlsx import HEADER_FILL, safe_cell
from dti.importers.entries_file import COLUMN_LABELS, parse_row
from dti.importers.xlsx_cells import cell_text
from dti.limits import ROWS_MAX, rows_problem

TEMPLATE_FORMAT = "dti-template/1"
DATA_SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
META_SHEET = "_dti"

LOCKED = ("unit", "unit_name", "criterion", "criterion_name", "rule_hint", "max_points")
INPUTS = ("status", "done", "numerator", "denominator", "count", "value", "date", "explanation")
EXPERT = ("expert_score", "expert_reason")
LABELS = COLUMN_LABELS | {"criterion_name": "Tên tiêu chí", "rule_hint": "Cách tính điểm", "max_points": "Điểm tối đa"}
_FIELD_OF = {fold(label): key for key, label in LABELS.items()}
_NUMERIC = ("numerator", "denominator", "count", "value")
_TEXT_INPUTS = ("explanation", "expert_reason")
_INPUT_LABELS = {k: LABELS[k] for k in (*INPUTS, *EXPERT)}
_OPEN = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_NEEDED_FILL = PatternFill("solid", fgColor="FFF4CC")  # inputs the criterion's rule reads
_BLANK_TAIL = 1000  # empty rows read past the template's last row before stopping
_MAX_PROBLEMS = 5000  # a file this wrong is refused without reading on
_WIDTHS = {"unit": 10, "unit_name": 22, "criterion": 9, "criterion_name": 45, "rule_hint": 45, "explanation": 40}


@dataclass(frozen=True)
class TemplateProblem:
    """One problem of a filled template: where it is and what is wrong, in Vietnamese."""

    sheet: str
    row: int | None
    column: str | None  # spreadsheet column letter
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.sheet]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column} ({LABELS.get(self.field or '', self.field)})")
        return ", ".join(parts) + f": {self.message}"


class TemplateImportError(ValueError):
    """A template that cannot be imported; ``problems`` lists every one, nothing was imported."""

    def __init__(self, problems: list[TemplateProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class TemplateImport:
    framework_code: str
    framework_version: int
    round_slug: str
    units: list[UnitRef]
    entries: list[Entry]
    versions: dict[tuple[str, str], int] = field(default_factory=dict)  # (unit, criterion) → expected
    row_of: dict[tuple[str, str], int] = field(default_factory=dict)  # (unit, criterion) → sheet row
    rows: int = 0
    empty_rows: int = 0


def needed_inputs(rule: fw.Rule | None) -> tuple[str, ...]:
    """The input columns a rule reads (highlighted in the template): the rule object says, so the
    template and the web form always offer the same inputs."""
    return tuple(i for i in rule_of(rule).inputs() if i in INPUTS)


def rule_hint(node: fw.Node) -> str:
    # named as the template's column headers, so the hint points at the columns to fill
    needs = [LABELS[k] for k in needed_inputs(node.rule)]
    return describe_rule(node.rule, node.max_points) + (f". Nhập: {', '.join(needs)}" if needs else "")


# --- creating the template ---------------------------------------------------------------


def build_template(
    framework: fw.Framework,
    units: Sequence[UnitRef],
    *,
    criteria: Collection[str] | None = None,
    round_slug: str = "",
    versions: Mapping[tuple[str, str], int] | None = None,
    existing: Iterable[Entry] = (),
    expert: bool = False,
    password: str | None = None,
) -> Workbook:
    """A write-only workbook; ``criteria`` limits the rows (e.g. those assigned to one agency)."""
    unknown = sorted(set(criteria or ()) - {n.code for n in framework.criteria()})
    if unknown:
        raise ValueError(f"không có tiêu chí {', '.join(unknown)} trong bộ chỉ số {framework.code}")
    if not units:
        raise ValueError("cần ít nhất một đơn vị")
    nodes = [n for n in framework.criteria() if criteria is None or n.code in criteria]
    prefill = {(e.unit, e.criterion): e for e in existing}
    versions = versions or {}
    columns = (*LOCKED, *INPUTS, *(EXPERT if expert else ()))
    wb = Workbook(write_only=True)
    _guide_sheet(wb, framework, round_slug, expert)
    ws = wb.create_sheet(DATA_SHEET)
    for i, key in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 14)
    ws.freeze_panes = "E2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    header = []
    for key in columns:
        cell = WriteOnlyCell(ws, LABELS[key])
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    meta_rows: list[tuple[int, str, str, int]] = []
    row_no = 1
    for unit in units:
        for node in nodes:
            row_no += 1
            version = versions.get((unit.code, node.code), 0)
            meta_rows.append((row_no, unit.code, node.code, version))
            ws.append(_data_row(ws, columns, unit, node, prefill.get((unit.code, node.code))))
    _validations(ws, columns, row_no)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.autoFilter = False
    if password:
        ws.protection.password = password
    _meta_sheet(wb, framework, round_slug, units, meta_rows, expert)
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)
    return wb


def write_template(path: str | Path, framework: fw.Framework, units: Sequence[UnitRef], **options: Any) -> Path:
    path = Path(path)
    build_template(framework, units, **options).save(path)
    return path


def _input_value(entry: Entry | None, key: str) -> Any:
    if entry is None:
        return None
    value = getattr(entry, key)
    if key == "status" and value is not None:
        return STATUS_LABELS[value]
    if key == "done" and value is not None:
        return "có" if value else "không"
    if key == "value" and value is not None and entry.value_is_percent:
        return f"{plain_decimal(value)}%"
    return value


def _data_row(ws: Any, columns: Sequence[str], unit: UnitRef, node: fw.Node, entry: Entry | None) -> list[Any]:
    fixed = {
        "unit": unit.code,
        "unit_name": unit.label,
        "criterion": node.code,
        "criterion_name": node.name,
        "rule_hint": rule_hint(node),
        "max_points": node.max_points,
    }
    needed = set(needed_inputs(node.rule))
    cells = []
    for key in columns:
        if key in ("criterion_name", "rule_hint"):
            text = WriteOnlyCell(ws, safe_cell(fixed[key]))
            text.alignment = _WRAP
            cells.append(text)
            continue
        if key in fixed:
            cells.append(safe_cell(fixed[key]))
            continue
        cell = WriteOnlyCell(ws, safe_cell(_input_value(entry, key)))
        cell.protection = _OPEN
        if key in needed:
            cell.fill = _NEEDED_FILL
        if key == "date":
            cell.number_format = "dd/mm/yyyy"
        cells.append(cell)
    return cells


def _validations(ws: Any, columns: Sequence[str], last_row: int) -> None:
    def add(key: str, dv: DataValidation) -> None:
        letter = get_column_letter(columns.index(key) + 1)
        dv.error_title = "Giá trị không hợp lệ"
        dv.showErrorMessage = True
        dv.add(f"{letter}2:{letter}{max(last_row, 2)}")
        ws.data_validations.append(dv)

    statuses = ",".join(STATUS_LABELS.values())
    add("status", DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True, error=f"Chọn một trong: {statuses}"))
    add("done", DataValidation(type="list", formula1='"có,không"', allow_blank=True, error="Chọn 'có' hoặc 'không'"))
    for key in _NUMERIC:
        add(key, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                error=f"{LABELS[key]} phải là số không âm"))
    add("date", DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                               error="Nhập ngày dạng dd/mm/yyyy"))
    if "expert_score" in columns:
        mx = get_column_letter(columns.index("max_points") + 1)
        add("expert_score", DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{mx}2",
                                           allow_blank=True, error="Điểm thẩm định từ 0 đến điểm tối đa"))


_GUIDE = (
    "Cách điền mẫu nhập số liệu",
    "1. Mỗi dòng là một tiêu chí của một đơn vị. Không thêm, xóa, đổi thứ tự dòng; các cột xám đã được khóa.",
    "2. Điền các ô ở cột Tình trạng … Giải trình. Ô tô vàng là số liệu mà cách tính điểm của tiêu chí cần.",
    "3. Tình trạng: chọn Đạt / Đang thực hiện / Chưa thực hiện / Không áp dụng. Hoàn thành: có / không.",
    "4. Số: không âm; tỷ lệ nhập tử số và mẫu số (ví dụ 921 và 968), không nhập phần trăm đã tính sẵn.",
    "5. Ngày: dd/mm/yyyy. Giải trình: ghi rõ nguồn số liệu và tài liệu kiểm chứng.",
    "6. Dòng để trống hoàn toàn được bỏ qua. Nội dung bắt đầu bằng dấu '=' được lưu nguyên văn, không tính như công thức.",
    "7. Khi tải lên, hệ thống kiểm tra toàn bộ tệp: nếu có bất kỳ lỗi nào thì không dòng nào được ghi, "
    "và danh sách lỗi chỉ rõ dòng, cột cần sửa.",
)


def _guide_sheet(wb: Workbook, framework: fw.Framework, round_slug: str, expert: bool) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    ws.column_dimensions["A"].width = 110
    title = WriteOnlyCell(ws, "MẪU NHẬP SỐ LIỆU CHỈ SỐ CHUYỂN ĐỔI SỐ")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([safe_cell(f"Bộ chỉ số: {framework.name} (mã {framework.code}, phiên bản {framework.version})")])
    if round_slug:
        ws.append([safe_cell(f"Kỳ đánh giá: {round_slug}")])
    ws.append([])
    for i, line in enumerate(_GUIDE):
        cell = WriteOnlyCell(ws, line)
        cell.font = Font(bold=i == 0)
        cell.alignment = _WRAP
        ws.append([cell])
    if expert:
        ws.append(["8. Điểm thẩm định (0 đến điểm tối đa) phải kèm Lý do thẩm định."])


def _meta_sheet(
    wb: Workbook, framework: fw.Framework, round_slug: str, units: Sequence[UnitRef],
    rows: list[tuple[int, str, str, int]], expert: bool,
) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    ws.append(["format", TEMPLATE_FORMAT])
    ws.append(["framework", framework.code])
    ws.append(["framework_version", framework.version])
    ws.append(["round", round_slug])
    ws.append(["expert", int(expert)])
    ws.append(["rows", len(rows)])
    ws.append(["units", len(units)])
    ws.append(["unit", "unit_name", "parent"])
    for u in units:
        ws.append([safe_cell(u.code), safe_cell(u.name), safe_cell(u.parent)])
    ws.append(["row", "unit", "criterion", "version"])
    for r in rows:
        ws.append([r[0], safe_cell(r[1]), safe_cell(r[2]), r[3]])


# --- reading it back ----------------------------------------------------------------------

@dataclass
class _Meta:
    values: dict[str, Any]
    units: dict[str, UnitRef]
    rows: dict[int, tuple[str, str, int]]


def read_meta(wb: Any) -> _Meta | None:
    if META_SHEET not in wb.sheetnames:
        return None
    it = wb[META_SHEET].iter_rows(values_only=True)
    values: dict[str, Any] = {}
    units: dict[str, UnitRef] = {}
    rows: dict[int, tuple[str, str, int]] = {}
    section = "values"
    for r in it:
        r = tuple(r) + (None,) * 4
        if r[0] == "unit" and r[1] == "unit_name":
            section = "units"
        elif r[0] == "row" and r[1] == "unit":
            section = "rows"
        elif section == "values" and r[0] is not None:
            values[str(r[0])] = r[1]
        elif section == "units" and r[0] is not None:
            code = cell_text(r[0]) or ""
            units[code] = UnitRef(code, cell_text(r[1]) or "", cell_text(r[2]) or None)
        elif section == "rows" and r[0] is not None:
            try:
                row_no, version = int(r[0]), int(r[3] or 0)
            except (TypeError, ValueError):
                raise _meta_broken() from None
            rows[row_no] = (cell_text(r[1]) or "", cell_text(r[2]) or "", version)
            if len(rows) > ROWS_MAX["template"]:
                raise TemplateImportError([TemplateProblem("tệp", None, None, None, rows_problem(
                    "template", len(rows)) or "")])
    return _Meta(values, units, rows)


def _meta_broken() -> TemplateImportError:
    return TemplateImportError([TemplateProblem(
        "tệp", None, None, None,
        f"trang thông tin ẩn '{META_SHEET}' của mẫu đã bị sửa (số dòng hoặc phiên bản không phải số): hãy tải mẫu mới")])


def is_template(source: str | Path | bytes) -> bool:
    """Whether an XLSX file is one of our templates (has the hidden metadata sheet)."""
    try:
        wb = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True)
    except Exception:  # not an XLSX at all
        return False
    try:
        return META_SHEET in wb.sheetnames
    finally:
        wb.close()


def read_template(
    source: str | Path | bytes,
    framework: fw.Framework,
    *,
    allowed_units: Collection[str] | None = None,
    allowed_criteria: Collection[str] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    max_rows: int | None = None,
) -> TemplateImport:
    """Validate every row of a filled template; raise :class:`TemplateImportError` listing all problems.

    ``allowed_units`` / ``allowed_criteria`` (None = no limit) are the caller's permissions;
    ``max_rows`` bounds the data rows (a round's units × criteria), checked before they are read.
    Formulas are read as their literal text and never evaluated.
    """
    try:
        wb = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken or non-XLSX file
        raise TemplateImportError([TemplateProblem("tệp", None, None, None, f"không đọc được tệp Excel ({exc.__class__.__name__})")]) from None
    try:
        meta = read_meta(wb)
        if meta is None or meta.values.get("format") != TEMPLATE_FORMAT or DATA_SHEET not in wb.sheetnames:
            raise TemplateImportError([TemplateProblem("tệp", None, None, None, "không phải mẫu nhập số liệu của hệ thống (thiếu trang thông tin ẩn)")])
        _check_framework(meta, framework)
        rows = wb[DATA_SHEET].iter_rows(values_only=True)
        if max_rows is not None:
            if len(meta.rows) > max_rows:
                raise _too_many(max_rows)
            rows = _bounded(rows, max_rows)
        result = _read_rows(rows, meta, framework, allowed_units, allowed_criteria, period)
    finally:
        wb.close()
    return result


def _too_many(max_rows: int) -> TemplateImportError:
    return TemplateImportError([TemplateProblem(
        "tệp", None, None, None, f"mẫu có nhiều dòng hơn số dòng của kỳ đánh giá (tối đa {max_rows:,} dòng)".replace(",", "."))])


def _bounded(rows: Iterable[tuple[Any, ...]], max_rows: int) -> Iterator[tuple[Any, ...]]:
    """The header and at most ``max_rows`` non-empty rows; one more refuses the file."""
    filled = -1  # the header is not a data row
    for row in rows:
        if any(v not in (None, "") for v in row):
            filled += 1
            if filled > max_rows:
                raise _too_many(max_rows)
        yield row


def _check_framework(meta: _Meta, framework: fw.Framework) -> None:
    code, version = meta.values.get("framework"), meta.values.get("framework_version")
    if code != framework.code or int(version or 0) != framework.version:
        raise TemplateImportError([TemplateProblem(
            "tệp", None, None, None,
            f"mẫu được tạo cho bộ chỉ số {code} phiên bản {version}, không phải {framework.code} phiên bản {framework.version}",
        )])


def _read_rows(
    rows: Iterable[tuple[Any, ...]],
    meta: _Meta,
    framework: fw.Framework,
    allowed_units: Collection[str] | None,
    allowed_criteria: Collection[str] | None,
    period: tuple[dt.date, dt.date] | None,
) -> TemplateImport:
    it = iter(rows)
    header = [_FIELD_OF.get(fold(str(h))) if h is not None else None for h in next(it, ())]
    letters = {key: get_column_letter(i + 1) for i, key in enumerate(header) if key}
    problems: list[TemplateProblem] = []

    def problem(row: int | None, key: str | None, message: str) -> None:
        problems.append(TemplateProblem(DATA_SHEET, row, letters.get(key or ""), key, message))

    missing = [LABELS[k] for k in ("unit", "criterion") if k not in letters]
    if missing:
        problem(1, None, f"thiếu cột {', '.join(missing)}")
        raise TemplateImportError(problems)
    allowed_u = set(allowed_units) if allowed_units is not None else None
    allowed_c = set(allowed_criteria) if allowed_criteria is not None else None
    inputs = [k for k in (*INPUTS, *EXPERT) if k in letters]
    out = TemplateImport(
        framework_code=framework.code,
        framework_version=framework.version,
        round_slug=str(meta.values.get("round") or ""),
        units=list(meta.units.values()),
        entries=[],
    )
    last = max(meta.rows, default=1)
    for row_no, values in enumerate(it, start=2):
        row = {key: values[i] for i, key in enumerate(header) if key and i < len(values)}
        unit, crit = cell_text(row.get("unit")) or "", cell_text(row.get("criterion")) or ""
        if not unit and not crit and all(row.get(k) in (None, "") for k in inputs):
            if row_no > last + _BLANK_TAIL:
                break  # formatted but empty rows below the template's own: nothing more to read
            continue
        out.rows += 1
        expected = meta.rows.get(row_no)
        if row_no > last:
            # the template has units × criteria rows, no more: refused at once, not row by row
            problem(row_no, "criterion", f"tệp có dòng số liệu ngoài mẫu đã tải (từ dòng {row_no}; mẫu có "
                                         f"{len(meta.rows)} dòng số liệu, đến dòng {last}): hãy tải mẫu mới")
            raise TemplateImportError(problems)
        if len(problems) >= _MAX_PROBLEMS:
            problem(None, None, "quá nhiều lỗi: dừng kiểm tra; hãy sửa các lỗi trên rồi tải lên lại")
            raise TemplateImportError(problems)
        if expected is None or expected[:2] != (unit, crit):
            problem(row_no, "criterion", "dòng không khớp với mẫu đã tải (mã đơn vị/tiêu chí bị sửa hoặc dòng bị thêm, đổi chỗ)")
            continue
        if all(row.get(k) is None or (isinstance(row[k], str) and not row[k].strip()) for k in inputs):
            out.empty_rows += 1
            continue
        if allowed_u is not None and unit not in allowed_u:
            name = meta.units[unit].label if unit in meta.units else unit
            problem(row_no, "unit", f"Bạn không có quyền nhập số liệu cho đơn vị {name} ({unit})")
            continue
        if allowed_c is not None and crit not in allowed_c:
            problem(row_no, "criterion", f"Bạn không có quyền nhập số liệu cho tiêu chí {crit}")
            continue
        entry = _row_entry(row, inputs, framework, row_no, problem, period)
        if entry is not None:
            out.entries.append(entry)
            out.versions[(unit, crit)] = expected[2]
            out.row_of[(unit, crit)] = row_no
    if problems:
        raise TemplateImportError(problems)
    return out


def _row_entry(row: dict[str, Any], inputs: list[str], framework: fw.Framework, row_no: int,
               problem: Any, period: tuple[dt.date, dt.date] | None) -> Entry | None:
    data: dict[str, Any] = {"unit": cell_text(row["unit"]), "criterion": cell_text(row["criterion"])}
    for key in inputs:
        value = row.get(key)
        # text cells are taken literally: a formula is its own text, never a computed value
        data[key] = cell_text(value) if isinstance(value, str) or key in _TEXT_INPUTS else value
    entry, row_problems = parse_row(data, framework)
    for key, message in row_problems:
        problem(row_no, key, message)
    if entry is None:
        return None
    found = validate_entry(entry, framework.by_code[entry.criterion], period=period)
    for key, message in found:
        problem(row_no, key, message)
    return None if found or row_problems else entry
