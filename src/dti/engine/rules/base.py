"""What every rule type shares: its inputs catalogue, the columns it reads, and the base class.

A rule object is the pydantic model of its ``rule:`` block in a framework file *and* the owner of
everything about that rule: the inputs it reads (with their Vietnamese labels and kinds), the
checks of those inputs, the vectorised score, the description and formula of explanations and
the report sentence. Consumers (web form, Excel template, what-if, reports, API) ask it.

Scores are computed on NumPy arrays of floats; wherever a float result lies too close to a
decision (a rounding half-way point, a threshold) to be trusted, the same rule code is run again
on arrays of exact :class:`~fractions.Fraction` values (see ``scoring.py``). Rule code therefore
only uses the helpers below (``missing``, ``div``, ``clip01``) and ``ctx.num`` for constants, which
work on both kinds of array.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from dti.engine.entries import Entry, Status
from dti.engine.numbers import exact, fmt_date, fmt_number, fmt_percent

if TYPE_CHECKING:
    from dti.engine.framework import Node

A = npt.NDArray[Any]  # float64, or object holding Fraction (exact mode); NaN = not given
Problem = tuple[str, str]
NAN = math.nan
_COMPARED_RE = re.compile(r"^\s*([><≥≤])\s*([\d.,]+)\s*(%?)\s*$")

InputKind = Literal["numerator", "denominator", "count", "value", "done", "date", "text", "status", "expert"]


@dataclass(frozen=True)
class Input:
    """One raw input of an entry: its column name, Vietnamese label and kind."""

    name: str
    label: str
    kind: InputKind


INPUTS: dict[str, Input] = {
    i.name: i
    for i in (
        Input("status", "Tình trạng", "status"),
        Input("done", "Đã thực hiện", "done"),
        Input("numerator", "Tử số", "numerator"),
        Input("denominator", "Mẫu số", "denominator"),
        Input("count", "Số lượng", "count"),
        Input("value", "Giá trị", "value"),
        Input("date", "Ngày", "date"),
        Input("text", "Nội dung", "text"),
        Input("expert_score", "Điểm thẩm định", "expert"),
    )
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- array helpers working on floats and on exact fractions -----------------------------


def missing(x: A) -> npt.NDArray[np.bool_]:
    """NaN test that also works on object arrays (NaN is the only value unequal to itself)."""
    return np.asarray(x != x, dtype=bool)  # noqa: PLR0124


def div(a: A, b: A) -> A:
    """a / b, NaN where either is missing or b is 0."""
    if a.dtype != object and b.dtype != object:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((b > 0) | (b < 0), a / b, NAN)
    return np.array([x / y if (x == x and y == y and y != 0) else NAN for x, y in zip(a, b, strict=True)],
                    dtype=object)


def clip01(x: A) -> A:
    x = np.where(missing(x), 0, x)
    return np.minimum(np.maximum(x, 0), 1)


def zeros(like: A) -> A:
    return np.zeros(len(like), dtype=like.dtype) if like.dtype != object else np.array([Fraction(0)] * len(like),
                                                                                       dtype=object)


def to_exact(x: A) -> A:
    return np.array([exact(float(v)) if v == v else NAN for v in x], dtype=object)


@dataclass
class Columns:
    """One criterion's inputs for every unit of the round (a row of the :class:`EntryTable`)."""

    numerator: A
    denominator: A
    count: A
    value: A
    value_is_percent: npt.NDArray[np.bool_]
    done: A  # 1.0 / 0.0 / NaN
    status: npt.NDArray[np.int8]
    date_ordinal: A
    date_year: A
    expert: A

    @property
    def exact_mode(self) -> bool:
        return self.numerator.dtype == object

    @property
    def applies(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.status != Status.KHONG_AP_DUNG)

    @property
    def ratio(self) -> A:
        return div(self.numerator, self.denominator)

    @property
    def rate(self) -> A:
        """numerator/denominator, else a percentage value as a fraction, else NaN."""
        ratio = self.ratio
        from_value = np.where(self.value_is_percent, self.value / 100, NAN)
        return np.where(missing(ratio), from_value, ratio)

    @property
    def percent(self) -> A:
        """The rate in percent; a value written as a percentage is taken as written."""
        ratio = self.ratio
        return np.where(missing(ratio), np.where(self.value_is_percent, self.value, NAN), ratio * 100)

    def measure(self, on: str) -> A:
        """The figure a rule reads: ``percent``, ``count`` or ``value`` — never one for another."""
        if on == "percent":
            return self.percent
        return self.count if on == "count" else self.value

    def take(self, mask: npt.NDArray[np.bool_]) -> Columns:
        return Columns(**{k: getattr(self, k)[mask] for k in self.__dataclass_fields__})

    def exact(self) -> Columns:
        """The same columns as exact fractions (the decimals as written)."""
        return replace(self, numerator=to_exact(self.numerator), denominator=to_exact(self.denominator),
                       count=to_exact(self.count), value=to_exact(self.value), done=to_exact(self.done))


@dataclass
class Context:
    peer_ids: npt.NDArray[np.int64]  # peer group of each unit (same parent)
    year: int | None
    exact: bool = False

    def num(self, x: float) -> Any:
        """A rule parameter in the arithmetic of the run (float, or the exact decimal written)."""
        return exact(x) if self.exact else float(x)

    def take(self, mask: npt.NDArray[np.bool_]) -> Context:
        return Context(self.peer_ids[mask], self.year, self.exact)

    def exact_ctx(self) -> Context:
        return Context(self.peer_ids, self.year, True)


def near(x: A, points: list[float], tol: float = 1e-9) -> npt.NDArray[np.bool_]:
    """Float values too close to one of ``points`` to decide a comparison in floats."""
    out = np.zeros(len(x), dtype=bool)
    for p in points:
        out |= np.abs(np.nan_to_num(x.astype(float), nan=np.inf) - p) <= tol * max(1.0, abs(p))
    return out


def n(v: float | None, d: int = 4) -> str:
    return fmt_number(v, d)


class RuleBase(_Strict):
    """The base of every rule type; subclasses set ``type`` (the YAML ``type:``) and override."""

    type: str

    #: Vietnamese name of the rule type (explanations, rule lists)
    title: ClassVar[str] = ""
    #: a sum's score comes from its items; peer rules need the whole peer group to score one unit
    scored: ClassVar[bool] = True
    peer_dependent: ClassVar[bool] = False
    #: the verb of the report sentence before a rate ("đạt 97,84%", "chiếm 3%")
    verb: ClassVar[str] = "đạt"

    # --- inputs ------------------------------------------------------------------

    def inputs(self) -> tuple[str, ...]:
        """The raw inputs this rule reads, in form order. Status and explanation are offered for every
        rule and are not listed; the web form and the Excel template both offer exactly these."""
        return ()

    def input_labels(self) -> dict[str, str]:
        """Vietnamese label of each input this rule reads (a rule may name an input its own way)."""
        return {name: INPUTS[name].label for name in self.inputs()}

    def input_fields(self) -> list[Input]:
        labels = self.input_labels()
        return [replace(INPUTS[name], label=labels[name]) for name in self.inputs()]

    def whatif_inputs(self) -> tuple[str, ...]:
        """What the simulator lets a user change for this rule."""
        return tuple(i for i in self.inputs() if INPUTS[i].kind != "text")

    def reads_rate(self) -> bool:
        return "numerator" in self.inputs()

    def least_count(self) -> float | None:
        """The least count the rule asks for, when it has one (report sentences)."""
        return None

    # --- validation ----------------------------------------------------------------

    def check_entry(self, entry: Entry) -> list[Problem]:
        """Checks of an entry that depend on this rule (the generic ones live in ``validation``)."""
        problems: list[Problem] = []
        if self.reads_rate():
            num, den = entry.numerator, entry.denominator
            if (num is None) != (den is None):
                missing_field = "denominator" if den is None else "numerator"
                label = "mẫu số" if den is None else "tử số"
                problems.append((missing_field, f"thiếu {label} (tỷ lệ cần cả tử số và mẫu số)"))
            if entry.value is not None and num is None and den is None:
                if not entry.value_is_percent:
                    problems.append(("value", f"tỷ lệ phải ghi kèm dấu % (ví dụ {n(entry.value)}%)"))
                elif entry.value > 100:
                    problems.append(("value", f"tỷ lệ {n(entry.value)}% vượt quá 100%"))
        return problems

    # --- scoring -------------------------------------------------------------------

    def fraction(self, c: Columns, ctx: Context) -> A:
        """Fraction of the maximum earned by every unit (0..1), before expert scores."""
        return zeros(c.expert)

    def near_decision(self, c: Columns, ctx: Context) -> npt.NDArray[np.bool_]:
        """Units whose float result crosses a threshold too closely to be trusted."""
        return np.zeros(len(c.expert), dtype=bool)

    # --- explanations and reports ----------------------------------------------------

    def describe(self, max_points: float | None) -> str:
        """One Vietnamese sentence stating how the rule scores."""
        return self.title

    def formula(self, node: Node, e: Entry, score: float) -> str:
        """The computation behind one unit's score, in Vietnamese."""
        return f"{self.describe(node.max_points)} = {n(score)} điểm"

    def sentence(self, entry: Entry, unit: str | None, clean: Any) -> str:
        """The inputs as a Vietnamese phrase: ``1.627/1.663 hồ sơ, đạt 97,84%``; ``""`` if none.

        ``unit`` is the criterion's unit of measure; ``clean`` strips data-entry notes from texts."""
        percent_unit = (unit or "").strip() == "%"
        noun = "" if not unit or percent_unit else " " + unit.strip()
        parts: list[str] = []
        if entry.numerator is not None and entry.denominator:
            parts.append(f"{n(entry.numerator)}/{n(entry.denominator)}{noun}, "
                         f"{self.verb} {fmt_percent(exact(entry.numerator) / exact(entry.denominator) * 100)}")
        elif entry.numerator is not None:
            parts.append(f"{n(entry.numerator)}{noun}")
        if entry.count is not None:
            text = f"{n(entry.count)}{noun}"
            minimum = self.least_count()
            if minimum is not None:
                text += f" (tối thiểu {n(minimum)}{noun})"
            parts.append(text)
        compared = _COMPARED_RE.match(entry.text or "")
        if entry.value is not None and compared:
            # ">60" is the result as written: print it once, with its unit, not "60; >60"
            pct = bool(compared.group(3)) or entry.value_is_percent or percent_unit
            parts.append(f"{'đạt ' if pct else ''}{compared.group(1)} {compared.group(2)}{'%' if pct else noun}")
        elif entry.value is not None:
            if entry.value_is_percent:
                parts.append(f"{'tỷ lệ' if self.verb != 'đạt' else 'đạt'} {fmt_percent(entry.value)}")
            elif percent_unit:
                parts.append(f"đạt {fmt_percent(entry.value)}")
            else:
                parts.append(f"{n(entry.value)}{noun}")
        if entry.date is not None:
            parts.append(f"ngày {fmt_date(entry.date)}")
        if entry.text and not compared:
            parts.append(clean(entry.text))
        return "; ".join(p for p in parts if p)
