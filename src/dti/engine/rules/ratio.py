"""``ratio`` and ``inverse_ratio``: scores proportional to a rate (numerator/denominator or a %)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
from pydantic import Field

from dti.engine.entries import Entry
from dti.engine.numbers import fmt_percent
from dti.engine.rules.base import A, Columns, Context, RuleBase, clip01, missing, n

if TYPE_CHECKING:
    from dti.engine.framework import Node


def _base(e: Entry) -> str:
    return f"{n(e.numerator)}/{n(e.denominator)}" if e.denominator else fmt_percent(e.value)


class RatioRule(RuleBase):
    """max × min(1, (numerator/denominator) / target)."""

    type: Literal["ratio"]
    target: float = Field(1.0, gt=0, le=1.0)
    title: ClassVar[str] = "Tỷ lệ"

    def inputs(self) -> tuple[str, ...]:
        return ("numerator", "denominator")

    def fraction(self, c: Columns, ctx: Context) -> A:
        return clip01(c.rate / ctx.num(self.target))

    def describe(self, max_points: float | None) -> str:
        target = "" if self.target == 1 else f" / {fmt_percent(self.target * 100)}"
        return f"{n(max_points)} × min(1; tỷ lệ{target})"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        if e.rate is None:
            return super().formula(node, e, score)
        target = "" if self.target == 1 else f" / {fmt_percent(self.target * 100)}"
        return (f"{n(node.max_points)} × min(1; {_base(e)} = {fmt_percent(e.rate * 100)}{target})"
                f" = {n(score)} điểm")


class InverseRatioRule(RuleBase):
    """Lower is better: max × max(0, 1 − rate / zero_at); ``zero_at`` is the rate scoring 0."""

    type: Literal["inverse_ratio"]
    zero_at: float = Field(1.0, gt=0, le=1.0)
    title: ClassVar[str] = "Tỷ lệ nghịch (càng thấp càng tốt)"
    verb: ClassVar[str] = "chiếm"

    def inputs(self) -> tuple[str, ...]:
        return ("numerator", "denominator")

    def fraction(self, c: Columns, ctx: Context) -> A:
        rate = c.rate
        return np.where(missing(rate), 0, clip01(1 - rate / ctx.num(self.zero_at)))

    def describe(self, max_points: float | None) -> str:
        return f"{n(max_points)} × (1 − tỷ lệ / {fmt_percent(self.zero_at * 100)})"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        if e.rate is None:
            return super().formula(node, e, score)
        return (f"{n(node.max_points)} × (1 − {fmt_percent(e.rate * 100)} / {fmt_percent(self.zero_at * 100)})"
                f" = {n(score)} điểm")
