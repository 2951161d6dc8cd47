"""Read a framework (bộ chỉ số) from the Excel tables users already have, into a DRAFT.

Understood layouts: the appendix of seed 002 (TT, Tiêu chí, Thực hiện, Điều kiện, Tài liệu kiểm
chứng, Điểm; roman-numeral group rows), the assignment tables of seeds 003/004 (Stt, Chỉ số, Cơ quan
chủ trì, Cơ quan phối hợp, Ghi chú; codes 1, 1.1, 1.1.1) and our own ``full`` export. Headers are
matched accent-folded and fuzzily; what cannot be understood becomes a "needs a person" item rather
than a guess.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from dti.engine import framework as fw
from dti.engine.entries import fold, parse_bool
from dti.engine.numbers import NumberFormatError, parse_number, plain_decimal
from dti.exports.framework_export import (
    ASSIGNMENT_LABELS,
    FIELD_LABELS,
    INFO_LABELS,
    INFO_SHEET,
    KIND_LABELS,
    is_roman,
)
from dti.importers.rule_inference import infer_rule
from dti.importers.xlsx_cells import cell_text

_HEADER_SCAN_ROWS = 40
_EXACT = {fold(label): key for key, label in (FIELD_LABELS | ASSIGNMENT_LABELS).items()}
_EXACT |= {fold(label): "note" for label in ("Ghi chú",)}
_CODE_HEADERS = {"tt", "stt", "so tt", "so thu tu", "ma", "ma so", "ma tieu chi", "ma chi so"}
# (field, folded substrings) in priority order: "Đơn vị chủ trì thực hiện" is a lead column, not
# "Thực hiện"; "Cách tính điểm" is a condition, not "Điểm".
_FUZZY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lead", ("chu tri",)),
    ("coordinators", ("phoi hop",)),
    ("evidence", ("kiem chung",)),
    ("condition", ("dieu kien", "cach tinh", "cach cham")),
    ("reporting_units", ("don vi bao cao",)),
    ("data_source", ("nguon du lieu",)),
    ("requires_signed_evidence", ("ky so",)),
    ("rule", ("quy tac",)),
    ("result", ("ket qua",)),
    ("timeline", ("thoi gian", "thoi han", "tien do")),
    ("max_points", ("diem",)),
    ("name", ("tieu chi", "chi so", "noi dung", "ten ")),
    ("description", ("thuc hien",)),
    ("note", ("ghi chu",)),
    ("unit", ("don vi tinh",)),
    ("target", ("chi tieu", "muc tieu")),
    ("level", ("cap ap dung",)),
    ("kind", ("loai",)),
    ("assumed", ("gia dinh",)),
)
_LIST_FIELDS = ("lead", "coordinators", "reporting_units")
_TEXT_FIELDS = ("description", "condition", "evidence", "data_source", "unit", "target", "timeline", "note", "assumed")
_KIND_WORDS = {fold(v): k for k, v in KIND_LABELS.items()} | {k: k for k in KIND_LABELS}
_LEVELS = ("tinh", "huyen", "xa", "so_nganh", "co_quan")


class FrameworkImportError(ValueError):
    """The workbook cannot be read as a framework table at all."""


@dataclass
class ReviewItem:
    """Something a person must decide: where (row, code), which field, and why."""

    field: str
    message: str
    row: int | None = None
    code: str | None = None

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"dòng {self.row}" if self.row else "", f"mã {self.code}" if self.code else "") if p)
        return f"{where + ': ' if where else ''}[{self.field}] {self.message}"


@dataclass
class FrameworkDraft:
    """A framework draft in ``dti-framework/1`` plain data, plus what needs a person."""

    data: dict[str, Any]
    sheet: str
    header_row: int
    layout: str
    columns: dict[str, str]
    needs_review: list[ReviewItem] = field(default_factory=list)
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)
    errors: list[str] = field(default_factory=list)
    framework: fw.Framework | None = None

    @property
    def complete(self) -> bool:
        return self.framework is not None and not self.needs_review

    def summary(self) -> dict[str, Any]:
        nodes = _walk(self.data.get("nodes", []))
        return {
            "code": self.data.get("code"),
            "name": self.data.get("name"),
            "kind": self.data.get("kind"),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "layout": self.layout,
            "columns": self.columns,
            "groups": sum(1 for n in self.data.get("nodes", []) if n.get("children")),
            "criteria": sum(1 for n in nodes if n["kind"] == "criterion"),
            "items": sum(1 for n in nodes if n["kind"] == "item"),
            "with_points": sum(1 for n in nodes if n["kind"] == "criterion" and n.get("max_points") is not None),
            "with_lead": sum(1 for n in nodes if n.get("lead")),
            "inferred_rules": [{"code": c, "reason": r} for c, r in self.inferred],
            "needs_review": [str(i) for i in self.needs_review],
            "errors": self.errors,
            "valid": self.framework is not None,
            "complete": self.complete,
        }


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.get("children", [])))
    return out


def match_header(text: Any) -> str | None:
    """The node field a column header means, or None."""
    if text is None:
        return None
    h = " ".join(fold(str(text)).split())
    h = re.sub(r"\(.*?\)", "", h).strip(" :.*")
    if h in _EXACT:
        return _EXACT[h]
    if h in _CODE_HEADERS:
        return "code"
    for key, words in _FUZZY:
        if any(w in h + " " for w in words):
            return key
    return None


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[int, str]] | None:
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        cols: dict[int, str] = {}
        for j, cell in enumerate(row):
            key = match_header(cell)
            if key and key not in cols.values():
                cols[j] = key
        if {"code", "name"} <= set(cols.values()) and len(cols) >= 3:
            return i, cols
    return None


def _code(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else plain_decimal(value)
    text = cell_text(value) or ""
    return "".join(text.split()).rstrip(".")


def _layout(fields: set[str]) -> str:
    if fields & {"kind", "rule"}:
        return "full"
    if fields & {"condition", "evidence", "description", "max_points"}:
        return "appendix"
    if fields & {"lead", "coordinators"}:
        return "assignment"
    return "simple"


def read_framework_xlsx(
    source: str | Path | bytes,
    *,
    code: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    level: str | None = None,
) -> FrameworkDraft:
    """Read the first sheet holding a framework table; never raises for content, only for unreadable files."""
    try:
        wb = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken or non-XLSX file
        raise FrameworkImportError(f"không đọc được tệp Excel ({exc.__class__.__name__})") from None
    try:
        info = _read_info(wb)
        for ws in wb.worksheets:
            if fold(ws.title) == fold(INFO_SHEET):
                continue
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            found = _find_header(rows)
            if found:
                header_i, cols = found
                title = _title(rows[:header_i])
                break
        else:
            raise FrameworkImportError(
                "không tìm thấy dòng tiêu đề bảng (cần ít nhất cột TT/Stt và cột Tiêu chí/Chỉ số)"
            )
    finally:
        wb.close()
    fields = set(cols.values())
    layout = _layout(fields)
    if "timeline" not in fields and "note" in fields and layout != "full":
        cols = {j: ("timeline" if k == "note" else k) for j, k in cols.items()}
    header_labels = {k: str(rows[header_i][j]).strip() for j, k in cols.items()}
    draft = FrameworkDraft(data={}, sheet=ws.title, header_row=header_i + 1, layout=layout, columns=header_labels)
    nodes = _build_tree(rows, header_i, cols, draft)
    top = _top_level(info, draft, code=code, name=name or title, kind=kind, level=level, nodes=nodes)
    _assign_rules(top["kind"], nodes, draft, explicit="rule" in fields)
    draft.data = {**top, "nodes": nodes}
    try:
        draft.framework = fw.parse_framework(draft.data, source=ws.title)
    except fw.FrameworkError as exc:
        draft.errors = str(exc).splitlines()
    return draft


def _read_info(wb: Any) -> dict[str, Any]:
    labels = {fold(v): k for k, v in INFO_LABELS.items()}
    for ws in wb.worksheets:
        if fold(ws.title) == fold(INFO_SHEET):
            out = {}
            for row in ws.iter_rows(min_row=2, values_only=True):
                if row and row[0] is not None and fold(str(row[0])) in labels and len(row) > 1:
                    out[labels[fold(str(row[0]))]] = cell_text(row[1]) if isinstance(row[1], str) else row[1]
            return out
    return {}


def _title(rows: list[tuple[Any, ...]]) -> str | None:
    """The longest text above the header (the table's title), skipping "Phụ lục"."""
    found = [cell_text(c) for r in rows for c in r if isinstance(c, str)]
    texts = [t for t in found if t and not fold(t).startswith(("phu luc", "(ban hanh", "(kem theo"))]
    return max(texts, key=len).strip() if texts else None


def _build_tree(
    rows: list[tuple[Any, ...]], header_i: int, cols: dict[int, str], draft: FrameworkDraft
) -> list[dict[str, Any]]:
    by_code: dict[str, dict[str, Any]] = {}
    parent_of: dict[str, str | None] = {}
    roots: list[dict[str, Any]] = []
    roman: str | None = None
    header_codes = {fold(str(rows[header_i][j])) for j in cols}
    code_col = next(j for j, k in cols.items() if k == "code")
    plain = [c for r in rows[header_i + 1 :] if (c := _code(r[code_col] if code_col < len(r) else None)).isdigit()]
    # seed 002 numbers criteria 1, 2… again inside each roman group: only then is "1" short for "I.1"
    restarts = len(plain) != len(set(plain))
    for i in range(header_i + 1, len(rows)):
        rowno = i + 1
        raw = {key: rows[i][j] if j < len(rows[i]) else None for j, key in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        if raw.get("code") is not None and fold(str(raw["code"])) in header_codes:
            continue  # the header repeated at a page break (seed 003)
        code = _code(raw.get("code"))
        name = " ".join((cell_text(raw.get("name")) or "").split())
        if not code:
            draft.needs_review.append(ReviewItem("code", f"dòng không có mã (TT), đã bỏ qua: '{name[:60]}'", rowno))
            continue
        parent: str | None = None
        if is_roman(code):
            roman = code
        elif "." in code:
            up = code.rsplit(".", 1)[0]
            if up in by_code:
                parent = up
            elif roman and restarts and f"{roman}.{up}" in by_code:
                code, parent = f"{roman}.{code}", f"{roman}.{up}"
            else:
                draft.needs_review.append(ReviewItem("code", f"không có mục cha '{up}'; đặt ở cấp cao nhất", rowno, code))
        elif roman:
            code, parent = (f"{roman}.{code}" if restarts else code), roman
        if code in by_code:
            hint = " (Excel có thể đã đổi mã dạng số, ví dụ 2.10 thành 2.1)" if isinstance(raw.get("code"), float) else ""
            draft.needs_review.append(ReviewItem("code", f"mã bị trùng, dòng này bị bỏ qua{hint}", rowno, code))
            continue
        node = _node(code, name, raw, rowno, draft)
        by_code[code] = node
        parent_of[code] = parent
        (by_code[parent]["children"] if parent else roots).append(node)
    _assign_kinds(roots, draft)
    return roots


def _node(code: str, name: str, raw: dict[str, Any], rowno: int, draft: FrameworkDraft) -> dict[str, Any]:
    node: dict[str, Any] = {"code": code, "name": name, "kind": None, "children": [], "_row": rowno}
    if not name:
        draft.needs_review.append(ReviewItem("name", "thiếu tên tiêu chí", rowno, code))
        node["name"] = code
    if raw.get("kind") is not None:
        kind = _KIND_WORDS.get(fold(str(raw["kind"])))
        if kind:
            node["kind"] = kind
        else:
            draft.needs_review.append(ReviewItem("kind", f"loại '{raw['kind']}' không hợp lệ", rowno, code))
    for key in _TEXT_FIELDS:
        text = cell_text(raw.get(key))
        if text and text.strip():
            node[key] = text.strip()
    for key in _LIST_FIELDS:
        text = cell_text(raw.get(key))
        if text:
            items = [" ".join(p.split()) for p in re.split(r"[;\n]", text)]
            if items := [p for p in items if p]:
                node[key] = items
    if raw.get("max_points") not in (None, ""):
        try:
            value, _ = parse_number(raw["max_points"] if not isinstance(raw["max_points"], str) else raw["max_points"].replace("điểm", ""))
            if value is not None and value < 0:
                raise NumberFormatError(value)
            node["max_points"] = value
        except NumberFormatError:
            draft.needs_review.append(ReviewItem("max_points", f"điểm '{raw['max_points']}' không phải là số", rowno, code))
    if raw.get("requires_signed_evidence") is not None:
        try:
            node["requires_signed_evidence"] = bool(parse_bool(cell_text(raw["requires_signed_evidence"])))
        except ValueError:
            draft.needs_review.append(ReviewItem("requires_signed_evidence", "cần 'có' hoặc để trống", rowno, code))
    if raw.get("level") not in (None, ""):
        lv = str(raw["level"]).strip()
        if lv in _LEVELS:
            node["level"] = lv
        else:
            draft.needs_review.append(ReviewItem("level", f"cấp '{lv}' không hợp lệ ({', '.join(_LEVELS)})", rowno, code))
    rule = cell_text(raw.get("rule"))
    if rule and rule.strip():
        try:
            node["rule"] = fw.load_yaml(rule)
        except yaml.YAMLError:
            draft.needs_review.append(ReviewItem("rule", f"không đọc được quy tắc '{rule[:60]}'", rowno, code))
    return node


def _assign_kinds(roots: list[dict[str, Any]], draft: FrameworkDraft) -> None:
    """Leaves are criteria; an inner node among mostly-leaf siblings is a criterion with sub-items."""

    def mark(siblings: list[dict[str, Any]], parent_kind: str | None, top: bool) -> None:
        leaves = sum(1 for s in siblings if not s["children"])
        for node in siblings:
            if node["kind"] is None:
                if parent_kind in ("criterion", "item"):
                    node["kind"] = "item"
                elif not node["children"]:
                    node["kind"] = "criterion"
                elif not top and leaves > len(siblings) - leaves:
                    node["kind"] = "criterion"
            mark(node["children"], node["kind"], False)

    def height(node: dict[str, Any]) -> int:
        inner = [c for c in node["children"] if c["kind"] is None]
        return 1 + max((height(c) for c in inner), default=0)

    def name_groups(node: dict[str, Any], depth: int, levels: int) -> None:
        if node["kind"] is None:
            node["kind"] = ("pillar", "group")[depth] if levels >= 3 and depth < 2 else ("group" if depth == 0 else "component")
        for c in node["children"]:
            name_groups(c, depth + 1, levels)

    mark(roots, None, True)
    for root in roots:
        name_groups(root, 0, height(root) if root["kind"] is None else 0)


def _top_level(
    info: dict[str, Any],
    draft: FrameworkDraft,
    *,
    code: str | None,
    name: str | None,
    kind: str | None,
    level: str | None,
    nodes: list[dict[str, Any]],
) -> dict[str, Any]:
    top: dict[str, Any] = {"format": fw.FORMAT_VERSION}
    top["code"] = code or info.get("code") or _slug(info.get("name") or name or "bo-chi-so")
    top["name"] = info.get("name") or name
    if not top["name"]:
        draft.needs_review.append(ReviewItem("name", "chưa có tên bộ chỉ số (dùng --name)"))
        top["name"] = top["code"]
    for key in ("version", "issuer", "source", "year", "max_points", "precision", "display_precision",
                "classification_assumed", "note", "assumed"):
        if info.get(key) is not None:
            top[key] = info[key]
    if info.get("classification"):
        top["classification"] = fw.load_yaml(str(info["classification"]))
    if info.get("documents"):
        top["documents"] = fw.load_yaml(str(info["documents"]))
    scored = any(n.get("max_points") is not None for n in _walk(nodes))
    top["kind"] = kind or info.get("kind") or ("points" if scored else "tracking")
    top["level"] = level or info.get("level") or "huyen"
    return {k: top[k] for k in ("format", "code", "name", "version", "kind", "level") if k in top} | top


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "bo-chi-so"


def _assign_rules(kind: str, nodes: list[dict[str, Any]], draft: FrameworkDraft, *, explicit: bool) -> None:
    """Criteria of a points framework need a rule: the table's own, an obvious guess, or a person."""
    for node in _walk(nodes):
        rowno = node.pop("_row")
        children = node["children"]
        if not children:
            del node["children"]
        if node["kind"] not in ("criterion", "item"):
            continue
        if kind != "points" or (explicit and "rule" in node):
            continue
        if children and "rule" not in node:
            node["rule"] = {"type": "sum"}
        if children:
            continue
        if explicit:
            draft.needs_review.append(ReviewItem("rule", "tiêu chí chưa có quy tắc tính điểm", rowno, node["code"]))
        elif "rule" not in node:
            guessed = infer_rule(node.get("condition"), node["name"])
            if guessed:
                node["rule"], reason = guessed
                node["assumed"] = (node.get("assumed", "") + " " if node.get("assumed") else "") + (
                    f"Quy tắc suy tự động từ điều kiện: {reason}; cần kiểm tra."
                )
                draft.inferred.append((node["code"], reason))
            else:
                node["rule"] = {"type": "manual"}
                node["note"] = ((node.get("note") or "") + " Cần người xem lại quy tắc tính điểm.").strip()
                draft.needs_review.append(
                    ReviewItem("rule", "không suy được quy tắc từ điều kiện; tạm để 'manual' (chấm thẩm định)", rowno, node["code"])
                )
        not_scored = isinstance(node.get("rule"), dict) and node["rule"].get("type") == "not_scored"
        if node.get("max_points") is None and not not_scored:
            draft.needs_review.append(ReviewItem("max_points", "tiêu chí tính điểm nhưng thiếu điểm tối đa", rowno, node["code"]))

