"""``deadline``: issued on or before ``by`` of the assessment year ⇒ full, later ⇒ ``late_fraction``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
from pydantic import Field

from dti.engine.entries import Entry
from dti.engine.numbers import fmt_date, fmt_percent
from dti.engine.rules.base import A, Columns, Context, RuleBase, missing, n

if TYPE_CHECKING:
    from dti.engine.framework import Node


class DeadlineRule(RuleBase):
    """Issued on or before ``by`` (MM-DD of the assessment year) ⇒ full, later ⇒ ``late_fraction``.

    The year is the round's (or ``--year``), else the framework's ``year``; only without any of
    them is each date compared with ``by`` of its own year."""

    type: Literal["deadline"]
    by: str = Field(pattern=r"^\d{2}-\d{2}$")
    late_fraction: float = Field(0.5, ge=0, le=1)
    title: ClassVar[str] = "Thời hạn"

    def inputs(self) -> tuple[str, ...]:
        return ("date",)

    def input_labels(self) -> dict[str, str]:
        return {"date": "Ngày ban hành"}

    def deadline(self, year: int) -> dt.date:
        month, day = (int(p) for p in self.by.split("-"))
        return dt.date(year, month, day)

    def fraction(self, c: Columns, ctx: Context) -> A:
        years = np.full(len(c.date_year), float(ctx.year)) if ctx.year else c.date_year.astype(float)
        by = np.full(len(c.date_ordinal), np.nan)
        for year in np.unique(years[~np.isnan(years)]):
            by[years == year] = self.deadline(int(year)).toordinal()
        has = ~missing(c.date_ordinal)
        on_time = has & (np.where(has, c.date_ordinal, 0) <= by)
        return np.where(has, np.where(on_time, 1, ctx.num(self.late_fraction)), 0)

    def describe(self, max_points: float | None) -> str:
        month, day = self.by.split("-")
        late = fmt_percent(self.late_fraction * 100, 0)
        return f"Ban hành đến ngày {day}/{month}: {n(max_points)} điểm; sau hạn: {late} số điểm"

    def formula(self, node: Node, e: Entry, score: float) -> str:
        return f"Ngày {fmt_date(e.date) or '(không có)'} so với hạn {self.by[3:]}/{self.by[:2]} = {n(score)} điểm"

