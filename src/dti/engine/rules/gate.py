"""``gate``: below ``minimum`` of the ``on`` input the score is 0, else the inner rule applies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from dti.engine.entries import Entry
from dti.engine.rules.base import INPUTS, A, Columns, Context, RuleBase, missing, n
from dti.engine.rules.boolean import BooleanRule
from dti.engine.rules.deadline import DeadlineRule
from dti.engine.rules.manual import ManualRule
from dti.engine.rules.ratio import InverseRatioRule, RatioRule
from dti.engine.rules.relative import RelativeRule
from dti.engine.rules.thresholds import BandsRule, CountTargetRule, StepsRule

if TYPE_CHECKING:
    from dti.engine.framework import Node

InnerRule = Annotated[
    BooleanRule | RatioRule | CountTargetRule | StepsRule | DeadlineRule | BandsRule | InverseRatioRule
    | RelativeRule | ManualRule,
    Field(discriminator="type"),
]


class GateRule(RuleBase):
    """Below ``minimum`` of the ``on`` input (the count, or the value — never one for the other)
    the score is 0, else the inner rule applies."""

    type: Literal["gate"]
    on: Literal["count", "value"] = "count"
    minimum: float
    inner: InnerRule
    title: ClassVar[str] = "Điều kiện tối thiểu + quy tắc trong"

    @property
    def peer_dependent(self) -> bool:  # type: ignore[override]
        return self.inner.peer_dependent

    @property
    def verb(self) -> str:  # type: ignore[override]
        return self.inner.verb

    def inputs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.on, *self.inner.inputs())))

    def input_labels(self) -> dict[str, str]:
        inner = self.inner.input_labels()
        return {name: inner.get(name, INPUTS[name].label) for name in self.inputs()}

    def least_count(self) -> float | None:
        inner = self.inner.least_count()
        if inner is not None:
            return inner
        return self.minimum if self.on == "count" else None

    def check_entry(self, entry: Entry) -> list[tuple[str, str]]:
        return self.inner.check_entry(entry)

    def passed(self, c: Columns, ctx: Context) -> npt.NDArray[np.bool_]:
        x = c.measure(self.on)
        has = ~missing(x)
        out: npt.NDArray[np.bool_] = has & np.asarray(np.where(has, x, 0) >= ctx.num(self.minimum), dtype=bool)
        return out

    def fraction(self, c: Columns, ctx: Context) -> A:
        return np.where(self.passed(c, ctx), self.inner.fraction(c, ctx), 0)

    def near_decision(self, c: Columns, ctx: Context) -> npt.NDArray[np.bool_]:
        return self.inner.near_decision(c, ctx)

    def describe(self, max_points: float | None) -> str:
        return f"Dưới {n(self.minimum)} thì 0 điểm; đạt tối thiểu thì: {self.inner.describe(max_points)}"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        gate_val = e.count if self.on == "count" else e.value
        if gate_val is None or gate_val < self.minimum:
            return f"{n(gate_val)} < tối thiểu {n(self.minimum)} ⇒ 0 điểm"
        return f"{n(gate_val)} ≥ {n(self.minimum)}; " + self.inner.formula(node, e, score)
