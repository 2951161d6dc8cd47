"""EntryTable: a round's entries as columns (criterion × unit), the engine's input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dti.engine import framework as fw
from dti.engine.entries import Entry, Status, UnitRef
from dti.engine.rules import Columns

F = npt.NDArray[np.float64]



@dataclass
class EntryTable:
    """Inputs of every unit for every leaf criterion of a framework, as NumPy arrays.

    Arrays are shaped (criteria, units); NaN means 'not given'. ``entries`` keeps the
    original rows for texts (explanations, expert reasons, stated figures).
    """

    framework: fw.Framework
    units: list[UnitRef]
    numerator: F
    denominator: F
    count: F
    value: F
    value_is_percent: npt.NDArray[np.bool_]
    done: F
    date_ordinal: F
    date_year: F
    expert: F
    status: npt.NDArray[np.int8]
    # status given for criterion codes that are not leaves (a ``sum`` criterion), by (code, unit index)
    inner_status: dict[tuple[str, int], Status] = field(default_factory=dict)
    # expert score given on such a criterion's own row: it replaces the sum of its items
    inner_expert: dict[tuple[str, int], float] = field(default_factory=dict)
    entries: dict[tuple[str, int], Entry] = field(default_factory=dict)

    @property
    def leaf_codes(self) -> list[str]:
        return [n.code for n in self.framework.criteria()]

    @classmethod
    def empty(cls, framework: fw.Framework, units: Sequence[UnitRef]) -> EntryTable:
        shape = (len(framework.criteria()), len(units))
        def nan() -> F:
            return np.full(shape, np.nan)

        return cls(
            framework=framework,
            units=list(units),
            numerator=nan(),
            denominator=nan(),
            count=nan(),
            value=nan(),
            value_is_percent=np.zeros(shape, dtype=bool),
            done=nan(),
            date_ordinal=nan(),
            date_year=nan(),
            expert=nan(),
            status=np.zeros(shape, dtype=np.int8),
        )

    @classmethod
    def from_entries(
        cls, framework: fw.Framework, units: Sequence[UnitRef], entries: Iterable[Entry]
    ) -> EntryTable:
        """Fill a table from entry rows; unknown units or criteria raise ``KeyError``."""
        table = cls.empty(framework, units)
        leaf_index = {code: i for i, code in enumerate(table.leaf_codes)}
        unit_index = {u.code: j for j, u in enumerate(table.units)}
        for e in entries:
            j = unit_index[e.unit]
            if e.criterion not in leaf_index:
                if e.criterion not in framework.by_code:
                    raise KeyError(e.criterion)
                if e.status is not None:
                    table.inner_status[(e.criterion, j)] = e.status
                if e.expert_score is not None:
                    table.inner_expert[(e.criterion, j)] = e.expert_score
                table.entries[(e.criterion, j)] = e
                continue
            i = leaf_index[e.criterion]
            table.entries[(e.criterion, j)] = e
            _set(table.numerator, i, j, e.numerator)
            _set(table.denominator, i, j, e.denominator)
            _set(table.count, i, j, e.count)
            _set(table.value, i, j, e.value)
            table.value_is_percent[i, j] = e.value_is_percent
            _set(table.done, i, j, None if e.done is None else float(e.done))
            if e.date is not None:
                table.date_ordinal[i, j] = e.date.toordinal()
                table.date_year[i, j] = e.date.year
            _set(table.expert, i, j, e.expert_score)
            table.status[i, j] = int(e.status or 0)
        return table

    def inner_status_of(self, code: str) -> list[tuple[int, Status]]:
        return [(j, st) for (c, j), st in self.inner_status.items() if c == code]

    def inner_expert_of(self, code: str) -> list[tuple[int, float]]:
        return [(j, v) for (c, j), v in self.inner_expert.items() if c == code]

    def columns(self, i: int) -> Columns:
        return Columns(
            numerator=self.numerator[i],
            denominator=self.denominator[i],
            count=self.count[i],
            value=self.value[i],
            value_is_percent=self.value_is_percent[i],
            done=self.done[i],
            status=self.status[i],
            date_ordinal=self.date_ordinal[i],
            date_year=self.date_year[i],
            expert=self.expert[i],
        )


def _set(arr: F, i: int, j: int, v: float | None) -> None:
    if v is not None:
        arr[i, j] = v
