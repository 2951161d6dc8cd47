"""Read a long-format entries file (CSV or XLSX), see ``docs/entries-format.md``.

The whole file is validated before anything is returned: every problem is collected with its
row and column, and a file with any problem yields no entries at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dti.engine import framework as fw
from dti.engine.entries import Entry, UnitRef, fold, parse_bool, parse_status
from dti.engine.numbers import NumberFormatError, parse_date, parse_number
from dti.engine.validation import Problem, validate_entry
from dti.limits import ROWS_MAX, rows_problem, value_problems

COLUMNS = (
    "unit",
    "unit_name",
    "parent",
    "criterion",
    "status",
    "done",
    "numerator",
    "denominator",
    "count",
    "value",
    "date",
    "text",
    "expert_score",
    "expert_reason",
    "explanation",
    "stated",
)
REQUIRED = ("unit", "criterion")
COLUMN_LABELS = {
    "unit": "Đơn vị",
    "unit_name": "Tên đơn vị",
    "parent": "Đơn vị cấp trên",
    "criterion": "Mã tiêu chí",
    "status": "Tình trạng",
    "done": "Hoàn thành",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "count": "Số lượng",
    "value": "Giá trị",
    "date": "Ngày",
    "text": "Nội dung",
    "expert_score": "Điểm thẩm định",
    "expert_reason": "Lý do thẩm định",
    "explanation": "Giải trình",
    "stated": "Số liệu báo cáo ghi",
}
# Vietnamese headers are accepted too
_HEADER_ALIASES = {fold(label): key for key, label in COLUMN_LABELS.items()}


class EntriesFileError(ValueError):
    """A file that cannot be scored; ``problems`` lists every row/column at fault."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class EntriesFile:
    units: list[UnitRef]
    entries: list[Entry]


def _rows(path: Path, data: bytes | None) -> tuple[int, list[dict[str, Any]]]:
    """The rows keyed by header, and the line number of the first one."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(data if data is not None else path.read_bytes())
    text = (data if data is not None else path.read_bytes()).decode("utf-8-sig")
    # one row past the cap is enough to refuse the file
    return 2, list(itertools.islice(csv.DictReader(io.StringIO(text)), ROWS_MAX["entries_file"] + 1))


_HEADER_SCAN = 20  # rows searched for the header (a title or a merged caption may come first)


def _xlsx_rows(data: bytes) -> tuple[int, list[dict[str, Any]]]:
    """Rows of the first sheet keyed by the header row, whatever wrote the file: the sheet's
    ``<dimension>`` is not trusted (streaming writers leave it out or get it wrong), every row is
    padded to the widest row, and the header is the first row naming ``unit`` and ``criterion``."""
    # data_only=False: a formula is read as its literal text, never evaluated or trusted
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # type: ignore[union-attr]
        cap = _HEADER_SCAN + ROWS_MAX["entries_file"] + 1
        rows = [list(r) for r in itertools.islice(ws.iter_rows(values_only=True), cap)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    at = next((i for i, r in enumerate(rows[:_HEADER_SCAN]) if _is_header(r)), 0)
    header = [str(h).strip() if h is not None else "" for h in (rows[at] if rows else [])]
    return at + 2, [{h: v for h, v in zip(header, row, strict=True) if h} for row in rows[at + 1:]]


def _is_header(row: list[Any]) -> bool:
    keys = {_header_key(str(v)) for v in row if isinstance(v, str) and v.strip()}
    return all(k in keys for k in REQUIRED)


def _header_key(h: str) -> str | None:
    k = h.strip()
    if k in COLUMNS:
        return k
    return _HEADER_ALIASES.get(fold(k))


def read_entries(
    path: str | Path,
    framework: fw.Framework,
    *,
    data: bytes | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    year: int | None = None,
) -> EntriesFile:
    """Parse and validate an entries file for ``framework``; raise :class:`EntriesFileError`.

    ``year`` is the assessment year (dates of earlier years are refused); default: the framework's."""
    year = year if year is not None else framework.year
    path = Path(path)
    name = path.name
    problems: list[str] = []
    units: dict[str, UnitRef] = {}
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        first_line, raw_rows = _rows(path, data)
    except (OSError, UnicodeDecodeError, csv.Error, KeyError, ValueError) as exc:
        raise EntriesFileError([f"{name}: không đọc được tệp ({exc.__class__.__name__})"]) from None
    if not raw_rows:
        raise EntriesFileError([f"{name}: tệp không có dòng số liệu nào"])
    too_many = rows_problem("entries_file", len(raw_rows))
    if too_many:
        raise EntriesFileError([f"{name}: {too_many}"])
    header = {h: _header_key(h) for h in raw_rows[0] if h}
    unknown = [h for h, k in header.items() if k is None]
    if unknown:
        problems.append(f"{name}: cột không hợp lệ: {', '.join(unknown)}")
    missing = [c for c in REQUIRED if c not in header.values()]
    if missing:
        raise EntriesFileError([f"{name}: thiếu cột bắt buộc: {', '.join(missing)}"])

    for lineno, raw in enumerate(raw_rows, start=first_line):
        row = {k: v for h, v in raw.items() if (k := header.get(h))}
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        if all(v in (None, "") for v in row.values()):
            continue
        here = f"{name}: dòng {lineno}"
        entry, parsed = parse_row(row, framework)
        row_problems = [f"{here}, cột '{field}': {msg}" for field, msg in parsed]
        if entry is None:
            problems.extend(row_problems)
            continue
        key = (entry.unit, entry.criterion)
        if key in seen:
            row_problems.append(
                f"{here}, cột 'criterion': tiêu chí {entry.criterion} của đơn vị {entry.unit} "
                f"đã có ở dòng {seen[key]}"
            )
        seen[key] = lineno
        node = framework.by_code[entry.criterion]
        for field, msg in validate_entry(entry, node, period=period, year=year):
            row_problems.append(f"{here}, cột '{field}': {msg}")
        problems.extend(row_problems)
        unit_name = str(row.get("unit_name") or "")
        parent = str(row.get("parent") or "") or None
        known = units.get(entry.unit)
        if known is None:
            units[entry.unit] = UnitRef(entry.unit, unit_name or entry.unit, parent)
        elif parent and known.parent and parent != known.parent:
            problems.append(f"{here}, cột 'parent': đơn vị {entry.unit} có hai đơn vị cấp trên khác nhau")
        entries.append(entry)
    if problems:
        raise EntriesFileError(problems)
    return EntriesFile(units=list(units.values()), entries=entries)


def parse_row(row: dict[str, Any], framework: fw.Framework) -> tuple[Entry | None, list[Problem]]:
    """One row (column key → raw value) → an Entry, or the (column, Vietnamese message) problems."""
    problems: list[Problem] = []

    def text(key: str) -> str | None:
        v = row.get(key)
        if v is None or v == "":
            return None
        return str(v).strip()

    unit = text("unit")
    crit = text("criterion")
    if not unit:
        problems.append(("unit", "thiếu đơn vị"))
    if not crit:
        problems.append(("criterion", "thiếu mã tiêu chí"))
    elif crit not in framework.by_code:
        problems.append(("criterion", f"không có tiêu chí '{crit}' trong bộ chỉ số {framework.code}"))
    values: dict[str, Any] = {}
    for key in ("numerator", "denominator", "count", "value", "expert_score"):
        raw = row.get(key)
        try:
            num, pct = parse_number(raw)
        except NumberFormatError:
            problems.append((key, f"'{raw}' không phải là số"))
            continue
        values[key] = num
        if key == "value":
            values["value_is_percent"] = pct
    try:
        values["status"] = parse_status(text("status"))
    except ValueError:
        problems.append(("status", f"'{row.get('status')}' không hợp lệ (Đạt / Hoàn thành / Đang thực hiện / "
                                   "Chưa thực hiện / Không áp dụng / N/A)"))
    try:
        values["done"] = parse_bool(text("done"))
    except ValueError:
        problems.append(("done", f"'{row.get('done')}' không hợp lệ (có / không)"))
    try:
        raw_date = row.get("date")
        values["date"] = parse_date(raw_date if isinstance(raw_date, dt.date) else text("date"))
    except ValueError:
        problems.append(("date", f"'{row.get('date')}' không phải ngày hợp lệ (dd/mm/yyyy)"))
    texts: dict[str, Any] = {k: text(k) for k in ("text", "expert_reason", "explanation", "stated")}
    problems.extend(value_problems({**values, **texts}))
    if problems or unit is None or crit is None:
        return None, problems
    entry = Entry(
        unit=unit,
        criterion=crit,
        **texts,
        **values,
    )
    return entry, problems


def read_entry_files(
    paths: Iterable[str | Path], framework: fw.Framework, *, year: int | None = None
) -> tuple[list[UnitRef], list[Entry]]:
    """Read several entries files as one round (e.g. real figures + synthetic peers).

    Every file is validated; the problems of all files are reported together."""
    units: dict[str, UnitRef] = {}
    entries: list[Entry] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for path in paths:
        try:
            data = read_entries(path, framework, year=year)
        except EntriesFileError as exc:
            problems.extend(exc.problems)
            continue
        for u in data.units:
            units.setdefault(u.code, u)
        for e in data.entries:
            if (e.unit, e.criterion) in seen:
                problems.append(f"{Path(path).name}: tiêu chí {e.criterion} của đơn vị {e.unit} đã có ở tệp khác")
            seen.add((e.unit, e.criterion))
            entries.append(e)
    if problems:
        raise EntriesFileError(problems)
    return list(units.values()), entries
