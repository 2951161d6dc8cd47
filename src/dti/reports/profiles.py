"""Document profiles (mẫu văn bản theo bộ chỉ số): the appendix columns, their titles and numbering.

Each seed prints its appendix in its own layout — Tủa Chùa "STT | Chỉ tiêu | Mục tiêu 2023 | Kết quả
thực hiện", Hà Tân "STT | Các chỉ tiêu | Kết quả đạt được | Đơn vị báo cáo", Huế "TT | Tiêu chí |
Thực hiện | Điều kiện | Tài liệu kiểm chứng | Điểm | Kết quả". A framework file states its layout
under ``documents:`` (checked here, with Vietnamese messages); without one, the layout follows the
framework's kind (points: score column; completion: target and result columns).

```yaml
documents:
  ke-hoach:
    group_precision: 2         # group scores as the source prints them (55,01); default display_precision
  bao-cao:
    numbering: last            # last: "1, 2…" inside a group (code: the full code "1.1")
    appendix_title: PHỤ LỤC
    appendix_subject: Kết quả thực hiện nhiệm vụ năm ${year}
    columns:
      - {key: tt, title: STT}
      - {key: name, title: Chỉ tiêu}
      - {key: target, title: "Mục tiêu ${year}"}
      - {key: result, title: Kết quả thực hiện}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from string import Template
from typing import Any


class ProfileError(ValueError):
    """A ``documents:`` section that cannot be used; the message is Vietnamese."""


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    title: str
    weight: float
    align: str = "left"


# Every column an appendix may have: key → (default title, relative width, alignment).
CATALOGUE: dict[str, tuple[str, float, str]] = {
    "tt": ("TT", 1.2, "center"),
    "name": ("Tiêu chí", 6.5, "left"),
    "description": ("Thực hiện", 6.0, "left"),
    "condition": ("Điều kiện", 4.5, "left"),
    "evidence": ("Tài liệu kiểm chứng", 3.2, "left"),
    "max_points": ("Điểm", 1.4, "center"),
    "target": ("Mục tiêu", 2.2, "center"),
    "result": ("Kết quả thực hiện", 5.5, "left"),
    "status": ("Tình trạng", 2.6, "center"),
    "points": ("Điểm/tối đa", 2.4, "center"),
    "self_points": ("Điểm tự đánh giá", 2.2, "center"),
    "reporting_units": ("Đơn vị báo cáo", 3.8, "left"),
    "lead": ("Cơ quan chủ trì", 3.5, "left"),
    "coordinators": ("Cơ quan phối hợp", 3.5, "left"),
}
NUMBERINGS = ("last", "code")

POINTS_COLUMNS = ("tt", "name", "result", "status", "points")
COMPLETION_COLUMNS = ("tt", "name", "target", "result", "status")


@dataclass(frozen=True)
class AppendixProfile:
    columns: tuple[ColumnSpec, ...]
    numbering: str = "last"
    title: str = ""  # "" ⇒ the wording template's appendix_title
    subject: str = ""
    landscape: bool = True

    def titles(self, variables: dict[str, Any]) -> list[str]:
        return [Template(c.title).safe_substitute(variables) for c in self.columns]


def with_self_points(profile: AppendixProfile, data: dict[str, Any]) -> AppendixProfile:
    """Once the province's appraisal changed a score, the appendix shows the self-assessed points beside
    the appraised ones (the points column is then titled "Điểm thẩm định")."""
    keys = [c.key for c in profile.columns]
    if not data.get("self_differs") or "points" not in keys or "self_points" in keys:
        return profile
    title, weight, align = CATALOGUE["self_points"]
    cols: list[ColumnSpec] = []
    for c in profile.columns:
        if c.key == "points":
            cols.append(ColumnSpec("self_points", title, weight, align))
            c = ColumnSpec(c.key, "Điểm thẩm định", c.weight, c.align)
        cols.append(c)
    return replace(profile, columns=tuple(cols))


@dataclass(frozen=True)
class DocumentProfile:
    kind: str
    appendix: AppendixProfile
    group_precision: int = 1  # decimals of group scores: the framework's display precision unless stated
    extra: dict[str, Any] = field(default_factory=dict)


def _column(raw: Any, where: str) -> ColumnSpec:
    if isinstance(raw, str):
        raw = {"key": raw}
    if not isinstance(raw, dict) or "key" not in raw:
        raise ProfileError(f"{where}: mỗi cột cần khóa 'key'")
    key = str(raw["key"])
    if key not in CATALOGUE:
        raise ProfileError(f"{where}: cột '{key}' không có (các cột: {', '.join(CATALOGUE)})")
    unknown = set(raw) - {"key", "title", "width", "align"}
    if unknown:
        raise ProfileError(f"{where}: trường '{sorted(unknown)[0]}' của cột '{key}' không hợp lệ")
    title, weight, align = CATALOGUE[key]
    return ColumnSpec(key, str(raw.get("title", title)), float(raw.get("width", weight)), str(raw.get("align", align)))


def document_profile(framework: dict[str, Any], kind: str) -> DocumentProfile:
    """The profile of document ``kind`` for ``framework`` (the plain ``data["framework"]``)."""
    section = (framework.get("documents") or {}).get(kind) or {}
    where = f"bộ chỉ số {framework.get('code', '')}, documents.{kind}"
    if not isinstance(section, dict):
        raise ProfileError(f"{where}: cần một bảng các trường")
    allowed = {"columns", "numbering", "appendix_title", "appendix_subject", "landscape", "texts", "group_precision"}
    unknown = set(section) - allowed
    if unknown:
        raise ProfileError(f"{where}: trường '{sorted(unknown)[0]}' không hợp lệ (có: {', '.join(sorted(allowed))})")
    if "columns" in section:
        cols = tuple(_column(c, where) for c in section["columns"] or [])
    else:
        keys = POINTS_COLUMNS if framework.get("kind") == "points" else COMPLETION_COLUMNS
        cols = tuple(_column(k, where) for k in keys)
    if not cols or cols[0].key != "tt":
        raise ProfileError(f"{where}: cột đầu tiên phải là 'tt' (số thứ tự)")
    numbering = str(section.get("numbering", "last"))
    if numbering not in NUMBERINGS:
        raise ProfileError(f"{where}: numbering '{numbering}' không hợp lệ (có: last, code)")
    appendix = AppendixProfile(
        columns=cols,
        numbering=numbering,
        title=str(section.get("appendix_title", "")),
        subject=str(section.get("appendix_subject", "")),
        landscape=bool(section.get("landscape", sum(c.weight for c in cols) > 20 or len(cols) > 4)),
    )
    precision = section.get("group_precision", framework.get("display_precision", 1))
    if not isinstance(precision, int) or not 0 <= precision <= 4:
        raise ProfileError(f"{where}: group_precision phải là số nguyên 0–4")
    return DocumentProfile(kind, appendix, precision, {"texts": section.get("texts") or {}})


def widths_cm(columns: tuple[ColumnSpec, ...], text_width_cm: float) -> list[float]:
    """Relative widths scaled to the page's text width."""
    total = sum(c.weight for c in columns) or 1.0
    return [round(c.weight / total * text_width_cm, 2) for c in columns]
