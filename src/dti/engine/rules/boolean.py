"""``boolean``: done ⇒ max, else 0."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np

from dti.engine.entries import Entry, Status
from dti.engine.rules.base import A, Columns, Context, RuleBase, clip01, missing, n

if TYPE_CHECKING:
    from dti.engine.framework import Node


class BooleanRule(RuleBase):
    """Done ⇒ max, else 0 (``done`` input, or status Đạt when ``done`` is absent)."""

    type: Literal["boolean"]
    title: ClassVar[str] = "Đạt/không đạt"

    def inputs(self) -> tuple[str, ...]:
        return ("done",)

    def fraction(self, c: Columns, ctx: Context) -> A:
        by_status = (c.status == Status.DAT).astype(float)
        return clip01(np.where(missing(c.done), by_status, c.done))

    def describe(self, max_points: float | None) -> str:
        return f"Đạt: {n(max_points)} điểm; không đạt: 0 điểm"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        return f"{'Đạt' if score > 0 else 'Không đạt'} = {n(score)} điểm"
