"""Framework (bộ chỉ số) file format: models, loading and validation.

A framework is a tree of nodes of any depth. Inner nodes (pillar, group,
component) only aggregate; leaves are criteria that carry a scoring rule.
The format is documented in ``docs/frameworks.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from dti.engine.numbers import SCORE_DIGITS, decimals, exact, fmt_score
from dti.engine.rules import (
    RULE_TYPES,
    Band,
    BandsRule,
    BooleanRule,
    CountTargetRule,
    DeadlineRule,
    GateRule,
    InnerRule,
    InverseRatioRule,
    ManualRule,
    NotScoredRule,
    RatioRule,
    RelativeRule,
    Rule,
    Step,
    StepsRule,
    SumRule,
)
from dti.engine.rules.base import _Strict
from dti.engine.targets import TargetError, parse_target

FORMAT_VERSION = "dti-framework/1"

NodeKind = Literal["pillar", "group", "component", "criterion", "item"]
FrameworkKind = Literal["points", "completion", "tracking"]
Level = Literal["tinh", "huyen", "xa", "so_nganh", "co_quan"]


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message is Vietnamese and names file, code, field."""


# The rule types live in ``dti.engine.rules`` (one class each); re-exported here for the schema.
__all__ = [
    "RULE_TYPES", "Band", "BandsRule", "BooleanRule", "CountTargetRule", "DeadlineRule", "GateRule", "InnerRule",
    "InverseRatioRule", "ManualRule", "NotScoredRule", "RatioRule", "RelativeRule", "Rule", "Step", "StepsRule",
    "SumRule",
]


# --- nodes -----------------------------------------------------------------


class Node(_Strict):
    """One node of the framework tree: pillar / group / component / criterion / sub-item."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    kind: NodeKind
    max_points: float | None = Field(None, ge=0)
    rule: Rule | None = None
    description: str | None = None  # thực hiện
    condition: str | None = None  # điều kiện / cách tính
    evidence: str | None = None  # tài liệu kiểm chứng
    data_source: str | None = None  # nguồn dữ liệu
    unit: str | None = None  # đơn vị tính
    level: Level | None = None
    lead: list[str] = Field(default_factory=list)  # cơ quan chủ trì
    coordinators: list[str] = Field(default_factory=list)  # cơ quan phối hợp
    target: str | None = None  # chỉ tiêu, e.g. "≥ 80%", ">60"
    timeline: str | None = None  # thời gian thực hiện, e.g. "Hằng năm", "Quý III/2022"
    reporting_units: list[str] = Field(default_factory=list)
    requires_signed_evidence: bool = False
    note: str | None = None
    assumed: str | None = None  # what had to be assumed, and why
    children: list[Node] = Field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @model_validator(mode="after")
    def _check(self) -> Node:
        if self.kind in ("criterion", "item") and self.children and (
            self.rule is not None and self.rule.type != "sum"
        ):
            raise ValueError("tiêu chí có tiêu chí con phải dùng quy tắc 'sum'")
        if self.rule is not None and self.rule.type == "sum" and not self.children:
            raise ValueError("quy tắc 'sum' cần các mục con (children)")
        if self.kind in ("pillar", "group", "component") and self.rule is not None:
            raise ValueError("chỉ tiêu chí mới có quy tắc tính điểm (rule)")
        if self.target is not None:
            try:
                parse_target(self.target)
            except TargetError as exc:
                # scoring would otherwise drop the target silently
                raise ValueError(f"chỉ tiêu (target) '{self.target}' không đọc được: {exc}") from None
        return self


class ClassBand(_Strict):
    """Xếp loại: ``label`` when the percentage of the maximum is at least ``at_least_percent``."""

    at_least_percent: float = Field(ge=0, le=100)
    label: str


class Framework(_Strict):
    """Bộ chỉ số: a versioned, immutable tree of criteria."""

    format: Literal["dti-framework/1"] = "dti-framework/1"
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    version: int = Field(1, ge=1)
    kind: FrameworkKind
    level: Level
    issuer: str | None = None
    source: str | None = None  # legal basis: "Quyết định số 852/QĐ-UBND ngày 08/7/2022"
    year: int | None = None
    max_points: float | None = None  # stated total; checked against the tree
    precision: int = Field(2, ge=0, le=4)  # decimals of criterion scores
    display_precision: int = Field(1, ge=0, le=4)  # decimals printed for totals
    classification: list[ClassBand] = Field(default_factory=list)
    classification_assumed: str | None = None
    note: str | None = None
    assumed: str | None = None
    # Document profiles (appendix columns, numbering) per document kind; the engine only carries
    # them, dti.reports.profiles checks and reads them.
    documents: dict[str, Any] = Field(default_factory=dict)
    nodes: list[Node] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_tree(self) -> Framework:
        seen: set[str] = set()
        for node in self.walk():
            if node.code in seen:
                raise ValueError(f"mã '{node.code}' bị trùng")
            seen.add(node.code)
            if node.is_leaf and node.kind not in ("criterion", "item"):
                raise ValueError(f"nút lá '{node.code}' phải là tiêu chí (kind: criterion)")
            if node.is_leaf and node.rule is None and self.kind == "points":
                raise ValueError(f"tiêu chí '{node.code}' thiếu quy tắc tính điểm (rule)")
            scored = node.rule is not None and node.rule.type != "not_scored"
            if node.is_leaf and scored and node.max_points is None:
                raise ValueError(f"tiêu chí '{node.code}' có quy tắc tính điểm nhưng thiếu max_points")
            if node.max_points is not None and decimals(node.max_points) > SCORE_DIGITS:
                # scores are exact multiples of 0,0001: a maximum must be one too
                raise ValueError(f"max_points của '{node.code}' có quá {SCORE_DIGITS} chữ số thập phân")
        if self.max_points is not None:
            total = sum((exact(tree_max(n)) for n in self.nodes), Fraction(0))
            if total != exact(self.max_points):
                raise ValueError(
                    f"tổng điểm tối đa các nhóm là {fmt_score(total)}, khác max_points {fmt_score(self.max_points)}"
                )
        return self

    def walk(self) -> Iterator[Node]:
        """Depth-first, in document order."""
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @cached_property
    def by_code(self) -> dict[str, Node]:
        return {n.code: n for n in self.walk()}

    @cached_property
    def parent_of(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {n.code: None for n in self.nodes}
        for node in self.walk():
            for child in node.children:
                out[child.code] = node.code
        return out

    def criteria(self) -> list[Node]:
        """Criteria that take entries: the leaves (sub-items of a ``sum`` criterion included)."""
        return [n for n in self.walk() if n.is_leaf]

    def top_criteria(self) -> list[Node]:
        """Criteria as counted by the documents: ``criterion`` nodes (a ``sum`` criterion counts once)."""
        return [n for n in self.walk() if n.kind == "criterion"]

    @property
    def total_max(self) -> float | None:
        if self.kind != "points":
            return None
        return float(sum((exact(tree_max(n)) for n in self.nodes), Fraction(0)))

    def classify(self, percent: float) -> str | None:
        """The class of a percentage as printed (2 decimals): compared exactly, no tolerance."""
        for band in sorted(self.classification, key=lambda b: -b.at_least_percent):
            if exact(percent) >= exact(band.at_least_percent):
                return band.label
        return None


def tree_max(node: Node) -> float:
    """Maximum points a subtree contributes (a stated group max wins over its children's sum)."""
    if node.rule is not None and node.rule.type == "not_scored":
        return 0.0
    if node.max_points is not None:
        return node.max_points
    return sum(tree_max(c) for c in node.children)


Node.model_rebuild()

# --- loading ---------------------------------------------------------------

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "frameworks"


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    """Turn a pydantic error location into (node code, field path)."""
    code: str | None = None
    cur = data
    field_parts: list[str] = []
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            cur = cur[part]
        else:
            field_parts.append(str(part))
            continue
        if isinstance(cur, dict) and "code" in cur and isinstance(cur.get("code"), str | int):
            code = str(cur["code"])
            field_parts = []
        elif not isinstance(part, int):
            field_parts.append(str(part))
    return code, ".".join(field_parts) or "(nút)"


def parse_framework(data: Any, *, source: str = "<dữ liệu>") -> Framework:
    """Validate plain data into a :class:`Framework`, raising :class:`FrameworkError` in Vietnamese."""
    if not isinstance(data, dict):
        raise FrameworkError(f"{source}: nội dung không phải là một bộ chỉ số (cần một đối tượng YAML)")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            code, field = _locate(data, tuple(err["loc"]))
            where = f"mã {code}" if code else "bộ chỉ số"
            lines.append(f"{source}: {where}, trường '{field}': {_vi_message(err)}")
        raise FrameworkError("\n".join(lines)) from None


_VI_ERRORS = {
    "missing": "bắt buộc nhưng bị thiếu",
    "extra_forbidden": "không được phép (trường lạ)",
    "literal_error": "giá trị không hợp lệ",
    "union_tag_invalid": "loại quy tắc không hợp lệ (xem docs/rules.md)",
    "union_tag_not_found": "thiếu 'type' của quy tắc",
    "greater_than": "phải lớn hơn giới hạn",
    "greater_than_equal": "không được âm / nhỏ hơn giới hạn",
    "less_than_equal": "vượt quá giới hạn",
    "float_parsing": "phải là số",
    "int_parsing": "phải là số nguyên",
    "string_type": "phải là chuỗi",
    "string_pattern_mismatch": "sai định dạng",
    "too_short": "không được để trống",
    "list_type": "phải là danh sách",
}


def _vi_message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    base = _VI_ERRORS.get(kind, "không hợp lệ")
    if "input" in err and kind not in ("missing", "extra_forbidden"):
        return f"{base} (giá trị: {err['input']!r})"[:300]
    return base


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the rule key ``on`` (and
    ``yes``/``no`` in Vietnamese texts) as booleans."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    """The one YAML reader of frameworks (CLI, web, importers): YAML 1.2 booleans, safe types only."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


YAMLError = yaml.YAMLError


def parse_framework_text(text: str, *, source: str = "<YAML>") -> Framework:
    """Read and validate a framework from YAML text; every problem is a :class:`FrameworkError`."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" dòng {mark.line + 1}" if mark is not None else ""
        raise FrameworkError(f"{source}:{where} YAML không hợp lệ") from None
    return parse_framework(data, source=source)


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"{path}: không đọc được tệp ({exc.strerror})") from None
    return parse_framework_text(text, source=str(path.name))


def builtin_framework_paths() -> dict[str, Path]:
    """The framework files shipped with the platform, by code (file stem)."""
    return {p.stem: p for p in sorted(BUILTIN_DIR.glob("*.yaml"))}


def get_framework(code_or_path: str) -> Framework:
    """A built-in framework by code, or a framework file by path."""
    paths = builtin_framework_paths()
    if code_or_path in paths:
        return load_framework(paths[code_or_path])
    candidate = Path(code_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return load_framework(candidate)
    known = ", ".join(paths) or "(chưa có)"
    raise FrameworkError(f"không tìm thấy bộ chỉ số '{code_or_path}' (có: {known})")
