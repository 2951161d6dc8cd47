"""``relative``: normalised against the peers (units of the same parent) of the round."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
import numpy.typing as npt

from dti.engine.rules.base import A, Columns, Context, RuleBase, clip01, div, missing, n, zeros
from dti.engine.rules.thresholds import On, measure_inputs


class RelativeRule(RuleBase):
    """best: value/best; minmax: (value−min)/(max−min), reversed when lower is better.

    Peers are the units of the same parent for which the criterion applies and has data; a unit
    with "Không áp dụng" is neither scored nor a benchmark. When all peers are equal, ``minmax``
    scores as ``best`` would: value ÷ best (0 when all are 0), or full marks when lower is better.
    """

    type: Literal["relative"]
    method: Literal["best", "minmax"] = "best"
    on: On = "value"
    higher_is_better: bool = True
    title: ClassVar[str] = "So với đơn vị tốt nhất"
    peer_dependent: ClassVar[bool] = True

    def inputs(self) -> tuple[str, ...]:
        return measure_inputs(self.on)

    def fraction(self, c: Columns, ctx: Context) -> A:
        x = c.measure(self.on)
        out = zeros(x)
        usable = ~missing(x) & c.applies
        for gid in np.unique(ctx.peer_ids):
            mask = (ctx.peer_ids == gid) & usable
            if not mask.any():
                continue
            vals = x[mask]
            lo, hi = min(vals), max(vals)
            if self.method == "minmax" and hi != lo:
                frac = div(vals - lo, np.full(len(vals), hi - lo, dtype=vals.dtype))
                if not self.higher_is_better:
                    frac = 1 - frac
            elif self.higher_is_better:
                frac = div(vals, np.full(len(vals), hi, dtype=vals.dtype)) if hi > 0 else zeros(vals)
                frac = np.where(missing(frac), 0, frac)
            else:
                # lower is better: the lowest value is the benchmark; 0 is the best possible
                safe = np.where(vals > 0, vals, 1)
                frac = np.where(vals > 0, div(np.full(len(vals), lo, dtype=vals.dtype), safe), 1)
            out[mask] = frac
        return clip01(out)

    def near_decision(self, c: Columns, ctx: Context) -> npt.NDArray[np.bool_]:
        """Peers whose percentages (computed from numerator/denominator) differ by less than float
        noise: whether they are equal — all equal scores as ``best`` — is decided exactly."""
        out = np.zeros(len(c.expert), dtype=bool)
        if self.on != "percent":
            return out  # values and counts as written compare exactly in floats
        x = np.asarray(c.measure(self.on), dtype=float)
        usable = ~np.isnan(x) & c.applies
        for gid in np.unique(ctx.peer_ids[usable]):
            mask = (ctx.peer_ids == gid) & usable
            lo, hi = float(x[mask].min()), float(x[mask].max())
            if 0 < hi - lo <= 1e-9 * max(1.0, abs(hi)):
                out |= ctx.peer_ids == gid
        return out

    def describe(self, max_points: float | None) -> str:
        if self.method == "best":
            return f"{n(max_points)} × giá trị / giá trị tốt nhất trong các đơn vị cùng cấp"
        return f"{n(max_points)} × (giá trị − thấp nhất) / (cao nhất − thấp nhất) trong các đơn vị cùng cấp"
