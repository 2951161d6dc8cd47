"""The scoring rules, vectorised over units: each returns the fraction of the maximum earned (0..1).

Inputs are NumPy arrays with one element per unit, NaN where the unit gave nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Status

F = npt.NDArray[np.float64]


@dataclass
class Columns:
    """One criterion's inputs for every unit of the round."""

    numerator: F
    denominator: F
    count: F
    value: F
    value_is_percent: npt.NDArray[np.bool_]
    done: F  # 1.0 / 0.0 / NaN
    status: npt.NDArray[np.int8]
    date_ordinal: F
    date_year: F
    expert: F

    @property
    def rate(self) -> F:
        """numerator/denominator, else a percentage value as a fraction, else NaN."""
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(self.denominator > 0, self.numerator / self.denominator, np.nan)
        from_value = np.where(self.value_is_percent, self.value / 100.0, np.nan)
        return np.where(np.isnan(ratio), from_value, ratio)

    @property
    def percent(self) -> F:
        return self.rate * 100.0

    def measure(self, on: str) -> F:
        if on == "percent":
            return self.percent
        if on == "count":
            return np.where(np.isnan(self.count), self.value, self.count)
        return np.where(np.isnan(self.value), self.count, self.value)


@dataclass
class Context:
    peer_ids: npt.NDArray[np.int64]  # peer group of each unit (same parent)
    year: int | None


def _clip01(x: F) -> F:
    return np.clip(np.nan_to_num(x, nan=0.0), 0.0, 1.0)


def _boolean(rule: fw.BooleanRule, c: Columns, ctx: Context) -> F:
    done = np.where(np.isnan(c.done), (c.status == Status.DAT).astype(float), c.done)
    return _clip01(done)


def _ratio(rule: fw.RatioRule, c: Columns, ctx: Context) -> F:
    return _clip01(np.minimum(1.0, c.rate / rule.target))


def _count_target(rule: fw.CountTargetRule, c: Columns, ctx: Context) -> F:
    return _clip01(c.measure("count") / rule.minimum)


def _stepwise(x: F, thresholds: list[tuple[float, float]]) -> F:
    out = np.zeros_like(x)
    for at_least, fraction in sorted(thresholds):
        out = np.where(x >= at_least, fraction, out)  # NaN >= t is False
    return out


def _steps(rule: fw.StepsRule, c: Columns, ctx: Context) -> F:
    return _stepwise(c.measure("count"), [(s.at_least, s.fraction) for s in rule.steps])


def _bands(rule: fw.BandsRule, c: Columns, ctx: Context) -> F:
    return _stepwise(c.measure(rule.on), [(b.at_least, b.fraction) for b in rule.bands])


def _deadline(rule: fw.DeadlineRule, c: Columns, ctx: Context) -> F:
    month, day = (int(p) for p in rule.by.split("-"))
    years = np.full_like(c.date_year, ctx.year) if ctx.year else c.date_year
    by = np.full_like(c.date_ordinal, np.nan)
    for year in np.unique(years[~np.isnan(years)]):
        by[years == year] = dt.date(int(year), month, day).toordinal()
    on_time = c.date_ordinal <= by
    has = ~np.isnan(c.date_ordinal)
    return np.where(has, np.where(on_time, 1.0, rule.late_fraction), 0.0)


def _inverse_ratio(rule: fw.InverseRatioRule, c: Columns, ctx: Context) -> F:
    rate = c.rate
    return np.where(np.isnan(rate), 0.0, np.clip(1.0 - rate / rule.zero_at, 0.0, 1.0))


def _relative(rule: fw.RelativeRule, c: Columns, ctx: Context) -> F:
    x = c.measure(rule.on)
    out = np.zeros_like(x)
    for gid in np.unique(ctx.peer_ids):
        mask = (ctx.peer_ids == gid) & ~np.isnan(x)
        if not mask.any():
            continue
        vals = x[mask]
        lo, hi = float(vals.min()), float(vals.max())
        if rule.method == "best":
            if rule.higher_is_better:
                frac = vals / hi if hi > 0 else np.zeros_like(vals)
            else:
                frac = np.where(vals > 0, lo / np.where(vals > 0, vals, 1.0), 1.0)
        else:
            span = hi - lo
            frac = (vals - lo) / span if span > 0 else np.ones_like(vals)
            if not rule.higher_is_better:
                frac = 1.0 - frac if span > 0 else frac
        out[mask] = frac
    return _clip01(out)


def _manual(rule: fw.ManualRule, c: Columns, ctx: Context) -> F:
    # The expert score is applied by the scorer for every rule; without one a manual criterion is 0.
    return np.zeros_like(c.expert)


def _gate(rule: fw.GateRule, c: Columns, ctx: Context) -> F:
    gate = c.measure(rule.on)
    inner = RULES[rule.inner.type](rule.inner, c, ctx)
    return np.where(gate >= rule.minimum, inner, 0.0)


RULES: dict[str, Callable[..., F]] = {
    "boolean": _boolean,
    "ratio": _ratio,
    "count_target": _count_target,
    "steps": _steps,
    "bands": _bands,
    "deadline": _deadline,
    "inverse_ratio": _inverse_ratio,
    "relative": _relative,
    "manual": _manual,
    "gate": _gate,
}


def fraction(rule: fw.Rule, cols: Columns, ctx: Context) -> F:
    """Fraction of the maximum earned by every unit under ``rule`` (before expert scores)."""
    return RULES[rule.type](rule, cols, ctx)
