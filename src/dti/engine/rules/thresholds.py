"""Rules on a count or a percentage: ``count_target``, ``steps``, ``bands``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from dti.engine.entries import Entry
from dti.engine.numbers import fmt_percent
from dti.engine.rules.base import A, Columns, Context, RuleBase, _Strict, clip01, missing, n, near, zeros

if TYPE_CHECKING:
    from dti.engine.framework import Node

On = Literal["percent", "value", "count"]


def measure_inputs(on: str) -> tuple[str, ...]:
    return ("numerator", "denominator") if on == "percent" else (on,)


class CountTargetRule(RuleBase):
    """max × min(1, count / minimum)."""

    type: Literal["count_target"]
    minimum: float = Field(gt=0)
    title: ClassVar[str] = "Số lượng tối thiểu"

    def inputs(self) -> tuple[str, ...]:
        return ("count",)

    def least_count(self) -> float | None:
        return self.minimum

    def fraction(self, c: Columns, ctx: Context) -> A:
        return clip01(c.count / ctx.num(self.minimum))

    def describe(self, max_points: float | None) -> str:
        return f"{n(max_points)} × min(1; số lượng / {n(self.minimum)})"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        return f"{n(node.max_points)} × min(1; {n(e.count)}/{n(self.minimum)}) = {n(score)} điểm"


class Step(_Strict):
    at_least: float
    fraction: float = Field(ge=0, le=1)


Band = Step


def _stepwise(x: A, steps: list[Step], ctx: Context) -> A:
    out = zeros(x)
    has = ~missing(x)
    for s in sorted(steps, key=lambda s: s.at_least):
        reached = has & np.asarray(np.where(has, x, 0) >= ctx.num(s.at_least), dtype=bool)
        out = np.where(reached, ctx.num(s.fraction), out)
    return out


class StepsRule(RuleBase):
    """Credit by count bands: the highest step whose ``at_least`` the count reaches."""

    type: Literal["steps"]
    steps: list[Step] = Field(min_length=1)
    title: ClassVar[str] = "Theo nấc"

    def inputs(self) -> tuple[str, ...]:
        return ("count",)

    def fraction(self, c: Columns, ctx: Context) -> A:
        return _stepwise(c.count, self.steps, ctx)

    def describe(self, max_points: float | None) -> str:
        parts = [f"từ {n(s.at_least)}: {fmt_percent(s.fraction * 100, 0)}" for s in self.steps]
        return f"{n(max_points)} điểm × mức đạt (" + "; ".join(parts) + ")"


class BandsRule(RuleBase):
    """Piecewise thresholds on a percentage (num/den × 100), a ``value`` or a ``count``."""

    type: Literal["bands"]
    bands: list[Band] = Field(min_length=1)
    on: On = "percent"
    title: ClassVar[str] = "Theo khoảng"

    def inputs(self) -> tuple[str, ...]:
        return measure_inputs(self.on)

    def fraction(self, c: Columns, ctx: Context) -> A:
        return _stepwise(c.measure(self.on), self.bands, ctx)

    def near_decision(self, c: Columns, ctx: Context) -> npt.NDArray[np.bool_]:
        # a percentage computed from numerator/denominator may sit on a band edge (57/100 vs 57)
        if self.on != "percent":
            return super().near_decision(c, ctx)
        return near(c.percent, [b.at_least for b in self.bands]) & ~missing(c.ratio)

    def describe(self, max_points: float | None) -> str:
        unit = "%" if self.on == "percent" else ""
        parts = [f"từ {n(s.at_least)}{unit}: {fmt_percent(s.fraction * 100, 0)}" for s in self.bands]
        return f"{n(max_points)} điểm × mức đạt (" + "; ".join(parts) + ")"
