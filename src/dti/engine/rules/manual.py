"""Rules without a formula of their own: ``manual``, ``not_scored`` and ``sum``."""

from __future__ import annotations

from typing import ClassVar, Literal

from dti.engine.rules.base import RuleBase, n


class ManualRule(RuleBase):
    """The assessor's expert score 0..max with a written reason (0 until set)."""

    type: Literal["manual"]
    title: ClassVar[str] = "Chấm điểm thẩm định"

    def inputs(self) -> tuple[str, ...]:
        # the unit describes what it did in its explanation (always offered); the assessor scores it
        return ()

    def whatif_inputs(self) -> tuple[str, ...]:
        return ("expert_score",)

    def describe(self, max_points: float | None) -> str:
        return f"Điểm thẩm định của hội đồng, từ 0 đến {n(max_points)} điểm"


class NotScoredRule(RuleBase):
    """Tracked, never scored: done, or the target met, ⇒ Đạt."""

    type: Literal["not_scored"]
    title: ClassVar[str] = "Không tính điểm"
    scored: ClassVar[bool] = False

    def inputs(self) -> tuple[str, ...]:
        return ("done",)

    def describe(self, max_points: float | None) -> str:
        return "Theo dõi tiến độ, không tính điểm"


class SumRule(RuleBase):
    """The criterion is the sum of its scored sub-items (children), capped at its max.

    The criterion's own row may carry an expert score (it replaces the sum) or "Không áp dụng"
    (the criterion and its items leave the maximum)."""

    type: Literal["sum"]
    title: ClassVar[str] = "Tổng các mục con"

    def describe(self, max_points: float | None) -> str:
        return "Tổng điểm các mục con" + ("" if max_points is None else f", tối đa {n(max_points)} điểm")
