"""The read and score half of a recompute: one raw read of the entries, arrays, one engine call.

Entries are read as plain tuples (``values_list``), never as model instances, and poured into the
engine's :class:`EntryTable` column by column. The input hash is computed from the same rows, so
the round's entries are read once per recompute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

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
    """SHA-256 of one unit's entry rows (criterion order), each without its unit id, one line each."""
    text = "".join([f"{row[1:]!r}\n" for row in rows])
    return hashlib.sha256(text.encode()).hexdigest()


def combine_digests(units: Sequence[tuple[str, str]]) -> str:
    """The round's input hash from ``(unit code, unit digest)`` pairs: order-independent of the read."""
    h = hashlib.sha256()
    for code, digest in sorted(units):
        h.update(f"{code}:{digest}\n".encode())
    return h.hexdigest()


def _entry_rows(rnd: Round, unit_ids: list[int] | None) -> list[tuple[Any, ...]]:
    """The round's entry rows in ``ROW_FIELDS`` order, by unit then criterion, read with one raw
    query: the database driver already gives these columns their Python types (booleans, dates;
    SQLite through Django's declared-type converters), so no per-row converter runs. Only the JSON
    column arrives as text and is decoded here, for the few rows that carry corrections; the rows
    equal ``values_list`` (``tests/web_results/test_compute.py``)."""
    qs = Entry.objects.filter(round=rnd)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    sql, params = qs.order_by("unit_id", "criterion_code").values_list(*ROW_FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw: list[tuple[Any, ...]] = cursor.fetchall()
    # the two last columns: the JSON corrections (text from the driver) and the appraisal time, read as a flag
    return [(*r[:CORRECTED], json.loads(r[CORRECTED]) if isinstance(r[CORRECTED], str) else r[CORRECTED],
             r[BY_APPRAISER] is not None) for r in raw]


def _per_unit(rows: list[tuple[Any, ...]]) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Per unit id (rows are grouped by unit): the digest of its rows and its workflow states."""
    digests: dict[int, str] = {}
    workflows: dict[int, set[str]] = {}
    if not rows:
        return digests, workflows
    uids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    bounds = [0, *(np.flatnonzero(uids[1:] != uids[:-1]) + 1).tolist(), len(rows)]
    for start, end in itertools.pairwise(bounds):
        chunk = rows[start:end]
        digests[chunk[0][0]] = unit_digest(chunk)
        workflows[chunk[0][0]] = {r[WORKFLOW] for r in chunk}
    return digests, workflows


def read_digests(rnd: Round, units: list[UnitRow]) -> dict[int, str]:
    """unit id → digest of its scored inputs (what ``read_inputs`` hashes), without building tables."""
    digests, _ = _per_unit(_entry_rows(rnd, None))
    empty = unit_digest(())
    return {u.id: digests.get(u.id, empty) for u in units}


def read_inputs(rnd: Round, units: list[UnitRow], *, whole_round: bool) -> RoundInputs:
    """Read the entries of ``units`` once and build the engine's tables and the per-unit hashes."""
    framework = rnd.framework.parsed()
    refs = [UnitRef(u.code, u.name, u.parent_code) for u in units]
    rows = _entry_rows(rnd, None if whole_round else [u.id for u in units])
    digests, workflows = _per_unit(rows)
    empty = unit_digest(())
    code_of = {u.id: u.code for u in units}
    appraised = {(code_of[r[0]], r[1]) for r in rows if r[0] in code_of
                 and (r[WORKFLOW] == Workflow.APPROVED or r[EXPERT] is not None or r[CORRECTED])}
    table, self_table = fill_tables(framework, refs, units, rows)
    return RoundInputs(framework=framework, units=units, table=table, self_table=self_table, appraised=appraised,
                       unit_digests={u.id: digests.get(u.id, empty) for u in units},
                       workflows={u.id: workflows.get(u.id, set()) for u in units})


_INPUT_INDEX = {name: ROW_FIELDS.index(name) for name in Entry.INPUT_FIELDS}
EXPERT, REASON, STATED = ROW_FIELDS.index("expert_score"), ROW_FIELDS.index("expert_reason"), ROW_FIELDS.index("stated")


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


def _own(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The unit's own reading of a row: an expert score an appraiser gave is not the unit's; one
    loaded from the province's own table (no appraisal recorded) is the only figure there is."""
    return (*row[:EXPERT], None, "", *row[REASON + 1:]) if row[BY_APPRAISER] else row


def fill_table(framework: Framework, refs: list[UnitRef], units: list[UnitRow],
               rows: list[tuple[Any, ...]]) -> EntryTable:
    """One table from rows taken as they are (no correction applied, expert scores kept)."""
    table = EntryTable.empty(framework, refs)
    _Pour(framework, table, units, rows).into(table, rows, with_expert=True)
    return table


def fill_tables(framework: Framework, refs: list[UnitRef], units: list[UnitRow],
                rows: list[tuple[Any, ...]], *, every_entry: bool = False,
                with_self: bool = True) -> tuple[EntryTable, EntryTable]:
    """The appraised table (corrected inputs, expert scores) and the unit's own one from the same
    rows, column by column: the rows are transposed once and both tables share the positions.

    ``every_entry`` also keeps an entry object for every row (what explanations, gap lists and
    what-if read: pages about one unit's peer group); a recompute needs them only where the
    engine reads objects. Without ``with_self`` the own table stays empty."""
    appraised, own = EntryTable.empty(framework, refs), EntryTable.empty(framework, refs)
    pour = _Pour(framework, appraised, units, rows, every_entry=every_entry)
    if with_self:
        pour.into(own, rows, with_expert=False)
    fixed = [k for k, r in enumerate(rows) if r[CORRECTED]]
    if not fixed:
        pour.into(appraised, rows, with_expert=True, columns=pour.columns)
    else:
        pour.into(appraised, [_corrected(r) if r[CORRECTED] else r for r in rows], with_expert=True)
    return appraised, own


class _Pour:
    """Where each row goes in a table: leaf rows by (criterion, unit) index into the arrays; the few
    rows the engine reads as objects (non-leaf criteria, rows carrying a printed figure) as entries."""

    def __init__(self, framework: Framework, table: EntryTable, units: list[UnitRow],
                 rows: list[tuple[Any, ...]], *, every_entry: bool = False) -> None:
        self.framework = framework
        leaf_index = {code: i for i, code in enumerate(table.leaf_codes)}
        unit_index = {u.id: j for j, u in enumerate(units)}
        self.code_of = {u.id: u.code for u in units}
        self.columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else []
        n = len(rows)
        jj = np.fromiter((unit_index.get(u, -1) for u in self.columns[0]), dtype=np.int64, count=n) if n else \
            np.zeros(0, np.int64)
        ii = np.fromiter((leaf_index.get(c, -1) for c in self.columns[1]), dtype=np.int64, count=n) if n else \
            np.zeros(0, np.int64)
        stated = np.fromiter((bool(x) for x in self.columns[STATED]), dtype=bool, count=n) if n else \
            np.zeros(0, bool)
        self.leaf = (jj >= 0) & (ii >= 0)
        self.at = (ii[self.leaf], jj[self.leaf])
        by_code = framework.by_code
        # entries: known non-leaf criteria, and leaf rows with a printed figure (slips)
        wanted = (jj >= 0) if every_entry else (jj >= 0) & ((ii < 0) | stated)
        self.objects = [k for k in np.flatnonzero(wanted).tolist() if rows[k][1] in by_code]
        self.jj = jj

    def into(self, table: EntryTable, rows: list[tuple[Any, ...]], *, with_expert: bool,
             columns: list[tuple[Any, ...]] | None = None) -> None:
        for k in self.objects:
            row = rows[k] if with_expert else _own(rows[k])
            entry = _engine_entry(row, self.code_of[row[0]])
            j = int(self.jj[k])
            table.entries[(entry.criterion, j)] = entry
            if entry.criterion not in self.framework.by_code or self.framework.by_code[entry.criterion].is_leaf:
                continue
            if entry.status is not None:
                table.inner_status[(entry.criterion, j)] = entry.status
            if entry.expert_score is not None:
                table.inner_expert[(entry.criterion, j)] = entry.expert_score
        if not rows or not self.leaf.any():
            return
        cols = columns if columns is not None else list(zip(*rows, strict=True))
        at, leaf = self.at, self.leaf
        for name, k in _NUMERIC.items():
            getattr(table, name)[at] = np.array(cols[k], dtype=float)[leaf]  # None → NaN
        if not with_expert:  # the unit's own reading keeps only expert scores no appraiser gave (``_own``)
            table.expert[at] = np.where(np.array(cols[BY_APPRAISER], dtype=bool), np.nan,
                                        np.array(cols[EXPERT], dtype=float))[leaf]
        table.done[at] = np.array(cols[3], dtype=float)[leaf]
        table.value_is_percent[at] = np.array(cols[8], dtype=bool)[leaf]
        table.status[at] = np.array([s or 0 for s in cols[2]], dtype=np.int8)[leaf]
        if any(d is not None for d in cols[9]):
            dates = cols[9]
            table.date_ordinal[at] = np.array([np.nan if d is None else d.toordinal() for d in dates], float)[leaf]
            table.date_year[at] = np.array([np.nan if d is None else d.year for d in dates], float)[leaf]


_STATUS = {int(s): s for s in Status}


def _engine_entry(row: tuple[Any, ...], unit_code: str) -> EngineEntry:
    (_, code, status, done, num, den, count, value, is_pct, date, text, explanation, stated, expert,
     reason, *_) = row
    return EngineEntry(unit=unit_code, criterion=code, status=_STATUS[int(status)] if status else None, done=done,
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
