"""The read and score half of a recompute: one raw read of the entries, arrays, one engine call.

Entries are read as plain tuples (``values_list``), never as model instances, and poured into the
engine's :class:`EntryTable` column by column. The input hash is computed from the same rows, so
the round's entries are read once per recompute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dti.engine import EntryTable, UnitRef, score_round
from dti.engine.entries import Entry as EngineEntry
from dti.engine.entries import Status
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.web.entries.models import Entry, Workflow
from dti.web.rounds.models import Round

# what an entry contributes to the scores and to the hash, in this order (unit_id first); the
# workflow state (submission progress, appraised or not) and the appraiser's corrections close it
ROW_FIELDS = ("unit_id", "criterion_code", "status", "done", "numerator", "denominator", "count", "value",
              "value_is_percent", "date", "text", "explanation", "stated", "expert_score", "expert_reason",
              "workflow", "appraised_values", "appraised_at")
WORKFLOW, CORRECTED = ROW_FIELDS.index("workflow"), ROW_FIELDS.index("appraised_values")
BY_APPRAISER = ROW_FIELDS.index("appraised_at")  # read as a flag: an appraiser acted on the entry
_NUMERIC = {"numerator": 4, "denominator": 5, "count": 6, "value": 7, "expert": 13}


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    parent_id: int | None
    parent_code: str | None


@dataclass
class RoundInputs:
    """Two readings of the same rows (``results.scoring``): ``table`` the appraised one (what ranks and
    is published), ``self_table`` the unit's own inputs without expert scores."""

    framework: Framework
    units: list[UnitRow]
    table: EntryTable
    self_table: EntryTable
    appraised: set[tuple[str, str]]  # (unit code, criterion code) already appraised
    unit_digests: dict[int, str]  # unit id → SHA-256 of its scored inputs
    workflows: dict[int, set[str]]  # unit id → workflow states of its entries


def round_unit_rows(rnd: Round, *, parent_codes: Iterable[str | None] | None = None) -> list[UnitRow]:
    """The round's units (optionally only the peer groups of some parent codes), ordered by code."""
    qs = rnd.units.all()
    if parent_codes is not None:
        codes = set(parent_codes)
        from django.db.models import Q

        cond = Q(parent__code__in=[c for c in codes if c is not None])
        if None in codes:
            cond |= Q(parent__isnull=True)
        qs = qs.filter(cond)
    rows = qs.order_by("code").values_list("id", "code", "name", "parent_id", "parent__code")
    return [UnitRow(*r) for r in rows]


def unit_digest(rows: Iterable[tuple[Any, ...]]) -> str:
    """SHA-256 of one unit's entry rows (criterion order), each without its unit id."""
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(row[1:]).encode())
        h.update(b"\n")
    return h.hexdigest()


def combine_digests(units: Sequence[tuple[str, str]]) -> str:
    """The round's input hash from ``(unit code, unit digest)`` pairs: order-independent of the read."""
    h = hashlib.sha256()
    for code, digest in sorted(units):
        h.update(f"{code}:{digest}\n".encode())
    return h.hexdigest()


def _entry_rows(rnd: Round, unit_ids: list[int] | None) -> list[tuple[Any, ...]]:
    qs = Entry.objects.filter(round=rnd)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = qs.order_by("unit_id", "criterion_code").values_list(*ROW_FIELDS)
    return [(*r[:BY_APPRAISER], r[BY_APPRAISER] is not None, *r[BY_APPRAISER + 1:]) for r in rows]


def read_inputs(rnd: Round, units: list[UnitRow], *, whole_round: bool) -> RoundInputs:
    """Read the entries of ``units`` once and build the engine's table and the per-unit hashes."""
    framework = rnd.framework.parsed()
    refs = [UnitRef(u.code, u.name, u.parent_code) for u in units]
    rows = _entry_rows(rnd, None if whole_round else [u.id for u in units])
    digests: dict[int, str] = {}
    workflows: dict[int, set[str]] = {}
    start = 0
    for end in range(1, len(rows) + 1):  # rows are grouped by unit id
        if end == len(rows) or rows[end][0] != rows[start][0]:
            chunk = rows[start:end]
            digests[chunk[0][0]] = unit_digest(chunk)
            workflows[chunk[0][0]] = {r[WORKFLOW] for r in chunk}
            start = end
    empty = unit_digest(())
    code_of = {u.id: u.code for u in units}
    appraised = {(code_of[r[0]], r[1]) for r in rows if r[0] in code_of
                 and (r[WORKFLOW] == Workflow.APPROVED or r[13] is not None or r[CORRECTED])}
    # an expert score an appraiser gave is not the unit's; one loaded from the province's own table
    # (no appraisal recorded) is the only figure there is, in both readings
    own = [(*r[:13], None, "", *r[15:]) if r[BY_APPRAISER] else r for r in rows]
    return RoundInputs(framework=framework, units=units,
                       table=fill_table(framework, refs, units, [_corrected(r) for r in rows]),
                       self_table=fill_table(framework, refs, units, own), appraised=appraised,
                       unit_digests={u.id: digests.get(u.id, empty) for u in units},
                       workflows={u.id: workflows.get(u.id, set()) for u in units})


_INPUT_INDEX = {name: ROW_FIELDS.index(name) for name in Entry.INPUT_FIELDS}


def _corrected(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The appraised reading of a row: the appraiser's corrected inputs replace the unit's."""
    corrected = row[CORRECTED]
    if not corrected:
        return row
    out = list(row)
    for name, value in corrected.items():
        if name in _INPUT_INDEX:
            out[_INPUT_INDEX[name]] = dt.date.fromisoformat(value) if name == "date" and isinstance(value, str) else value
    return tuple(out)


def fill_table(framework: Framework, refs: list[UnitRef], units: list[UnitRow],
               rows: list[tuple[Any, ...]]) -> EntryTable:
    """Pour entry tuples into the table's arrays with fancy indexing, no per-entry object.

    Engine entries are still made for the few rows the engine reads as objects: criteria with a
    target (their measure), rows carrying a printed figure (slips) and non-leaf criteria."""
    table = EntryTable.empty(framework, refs)
    leaf_index = {code: i for i, code in enumerate(table.leaf_codes)}
    unit_index = {u.id: j for j, u in enumerate(units)}
    code_of = {u.id: u.code for u in units}
    with_target = {n.code for n in framework.walk() if n.target}
    leaf_rows: list[tuple[Any, ...]] = []
    ii: list[int] = []
    jj: list[int] = []
    for row in rows:
        code = row[1]
        j = unit_index.get(row[0])
        if j is None or code not in framework.by_code:
            continue
        i = leaf_index.get(code)
        if i is None or code in with_target or row[12]:
            entry = _engine_entry(row, code_of[row[0]])
            table.entries[(code, j)] = entry
            if i is None:
                if entry.status is not None:
                    table.inner_status[(code, j)] = entry.status
                continue
        leaf_rows.append(row)
        ii.append(i)
        jj.append(j)
    if not leaf_rows:
        return table
    cols = list(zip(*leaf_rows, strict=True))
    at = (np.array(ii), np.array(jj))
    for name, k in _NUMERIC.items():
        getattr(table, name)[at] = np.array(cols[k], dtype=float)  # None → NaN
    table.done[at] = np.array(cols[3], dtype=float)
    table.value_is_percent[at] = np.array([bool(v) for v in cols[8]])
    table.status[at] = np.array([int(s or 0) for s in cols[2]], dtype=np.int8)
    dates = cols[9]
    table.date_ordinal[at] = np.array([d.toordinal() if d else np.nan for d in dates], dtype=float)
    table.date_year[at] = np.array([d.year if d else np.nan for d in dates], dtype=float)
    return table


def _engine_entry(row: tuple[Any, ...], unit_code: str) -> EngineEntry:
    (_, code, status, done, num, den, count, value, is_pct, date, text, explanation, stated, expert,
     reason, *_) = row
    return EngineEntry(unit=unit_code, criterion=code, status=Status(int(status)) if status else None, done=done,
                       numerator=num, denominator=den, count=count, value=value, value_is_percent=bool(is_pct),
                       date=date if isinstance(date, dt.date) else None, text=text or None,
                       expert_score=expert, expert_reason=reason or None, explanation=explanation or None,
                       stated=stated or None)


def score_inputs(rnd: Round, inputs: RoundInputs) -> RoundResult:
    """The appraised scoring (what ranks and is published)."""
    return score_round(inputs.framework, inputs.table.units, inputs.table, year=rnd.year)


def score_self(rnd: Round, inputs: RoundInputs) -> RoundResult:
    """The self-assessed scoring, beside the appraised one."""
    return score_round(inputs.framework, inputs.self_table.units, inputs.self_table, year=rnd.year)
