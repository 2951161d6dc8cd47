"""Writes for the Excel round trip: read a filled template for a round and apply it all-or-nothing.

Every problem of the file (format, permission, validation, stale version, locked workflow) is
reported as a :class:`TemplateProblem` (sheet, row, column, Vietnamese message); when there is
any, nothing is written. Rows whose values equal the database's are skipped, so importing the same
file twice changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from openpyxl.utils import get_column_letter

from dti.engine.entries import Entry as EngineEntry
from dti.importers import template_xlsx as tx
from dti.importers.template_xlsx import DATA_SHEET, TemplateImport, TemplateImportError, TemplateProblem
from dti.web.entries.models import Entry
from dti.web.entries.write import (
    Change,
    EntryError,
    check_entry,
    entries_apply_many,
    entry_refusal,
    refresh_results,
    round_lock,
    round_refusal,
)
from dti.web.imports.selectors import edit_scope
from dti.web.results.scoring import round_units
from dti.web.rounds.deadlines import entry_lock_reason, nothing_locked
from dti.web.rounds.models import Round

# a safety bound on the file only: what limits an import is its rows (``round_max_rows``); 100.000
# filled rows take about 10 MB
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl inflates it
_APPLIED = ("status", "done", "numerator", "denominator", "count", "value", "value_is_percent", "date", "explanation")
_LETTER = {key: get_column_letter(i) for i, key in enumerate((*tx.LOCKED, *tx.INPUTS), start=1)}


@dataclass(frozen=True)
class TemplateRow:
    """One filled row: where it is in the file, what it says, and the entry version it was based on."""

    row: int
    entry: EngineEntry
    version: int


@dataclass(frozen=True)
class ApplyReport:
    changed: list[tuple[str, str]]
    unchanged: int


def _file_problem(message: str) -> TemplateImportError:
    return TemplateImportError([TemplateProblem("tệp", None, None, None, message)])


def upload_limit() -> int:
    return int(getattr(settings, "DTI_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES))


def upload_check(data: bytes) -> None:
    """The upload must really be an XLSX (a zip with a workbook part), of reasonable size."""
    limit = upload_limit()
    if not data:
        raise _file_problem("tệp rỗng")
    if len(data) > limit:
        raise _file_problem(f"tệp quá lớn ({len(data) / 1048576:.1f} MB; tối đa {limit / 1048576:.0f} MB)")
    if not data.startswith(b"PK\x03\x04"):
        raise _file_problem("tệp không phải Excel .xlsx (nội dung không phải tệp nén XLSX)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unzipped = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise _file_problem("tệp .xlsx bị hỏng, không mở được") from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _file_problem("tệp không phải sổ tính Excel .xlsx")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _file_problem("nội dung tệp sau khi giải nén quá lớn")


def template_read(*, round: Round, data: bytes, actor: AbstractBaseUser) -> list[TemplateRow]:
    """Check and parse an uploaded template for ``round`` with the actor's permissions; all problems at once."""
    refusal = round_refusal(round, Change.INPUTS)
    if refusal is not None:
        raise _file_problem(refusal)
    upload_check(data)
    scope = edit_scope(actor, round)
    allowed_criteria = None
    if scope and not any("*" in v for v in scope.values()):
        allowed_criteria = frozenset().union(*scope.values())
    framework = round.framework.parsed()
    # no period here: a stored date outside the period (older data) must not block re-sending an
    # untouched row; entries_apply_template checks the period on every row it actually changes
    got = tx.read_template(data, framework, allowed_units=set(scope), allowed_criteria=allowed_criteria,
                           max_rows=round_max_rows(round))
    if got.round_slug != round.slug:
        raise _file_problem(f"mẫu này được tải cho kỳ '{got.round_slug or 'không rõ'}', không phải kỳ '{round.slug}'")
    return _with_rows(got)


def round_max_rows(rnd: Round) -> int:
    """The most rows a template of the round can hold: its units × its criteria."""
    return rnd.units.count() * len(rnd.framework.parsed().criteria())


def _with_rows(got: TemplateImport) -> list[TemplateRow]:
    """Each entry with its sheet row (kept by the one read of the workbook)."""
    return [TemplateRow(got.row_of[(e.unit, e.criterion)], e, got.versions[(e.unit, e.criterion)]) for e in got.entries]


def _values(e: EngineEntry) -> dict[str, Any]:
    return {
        "status": int(e.status) if e.status is not None else None, "done": e.done, "numerator": e.numerator,
        "denominator": e.denominator, "count": e.count, "value": e.value, "value_is_percent": e.value_is_percent,
        "date": e.date, "explanation": e.explanation or "",
    }


def _same(entry: Entry, values: dict[str, Any]) -> bool:
    for key in _APPLIED:
        a, b = getattr(entry, key), values[key]
        if key == "explanation":
            a, b = a or "", b or ""
        elif isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
            a, b = float(a), float(b)  # the sheet gives 921, the database 921.0
        if a != b:
            return False
    return True


@transaction.atomic
def entries_apply_template(
    *, round: Round, rows: Sequence[TemplateRow], actor: AbstractBaseUser, ip: str | None = None,
) -> ApplyReport:
    """Apply the rows to the round in one transaction, or none of them (raises :class:`TemplateImportError`).

    Same checks as ``entry_save`` for every row (open round, permission, engine validation,
    optimistic locking, submitted entries locked); rows equal to the stored values are skipped.
    The rows that change are written in bulk (``entries_apply_many``: one audit row per entry).
    """
    try:
        rnd = round_lock(round, Change.INPUTS)
    except EntryError as exc:
        raise _file_problem(exc.messages[0]) from None
    units = {u.code: u for u in round_units(rnd)}
    scope = edit_scope(actor, rnd)
    code_of = {u.pk: u.code for u in units.values()}
    existing = {
        (code_of[e.unit_id], e.criterion_code): e
        for e in Entry.objects.select_for_update().filter(
            round=rnd, unit__in=[units[r.entry.unit].pk for r in rows if r.entry.unit in units],
            criterion_code__in={r.entry.criterion for r in rows},
        )
    }
    unlocked = nothing_locked(rnd)  # else the deadlines and extensions are checked row by row
    problems: list[TemplateProblem] = []
    todo: list[tuple[TemplateRow, dict[str, Any], Entry | None]] = []
    unchanged = 0

    def problem(row: int, key: str, message: str) -> None:
        problems.append(TemplateProblem(DATA_SHEET, row, _LETTER.get(key), key, message))

    for r in rows:
        key = (r.entry.unit, r.entry.criterion)
        unit = units.get(r.entry.unit)
        allowed = scope.get(r.entry.unit, frozenset())
        if unit is None:
            problem(r.row, "unit", f"Đơn vị {r.entry.unit} không tham gia kỳ đánh giá này")
            continue
        if not ("*" in allowed or r.entry.criterion in allowed):
            problem(r.row, "criterion", f"Bạn không có quyền nhập tiêu chí {r.entry.criterion} của {unit.name}")
            continue
        locked = None if unlocked else entry_lock_reason(rnd, unit, r.entry.criterion)
        if locked is not None:  # the deadline (and its extensions), as for every write path
            problem(r.row, "criterion", locked)
            continue
        values, current = _values(r.entry), existing.get(key)
        if current is not None and _same(current, values):
            unchanged += 1
            continue
        stored = current.version if current is not None else 0
        if r.version != stored:
            problem(r.row, "criterion", f"số liệu đã được cập nhật sau khi tải mẫu (phiên bản trong tệp {r.version}, "
                                         f"hiện tại {stored}): hãy tải mẫu mới và nhập lại dòng này")
            continue
        refusal = entry_refusal(current, Change.INPUTS)
        if refusal is not None:
            problem(r.row, "criterion", refusal)
            continue
        found = check_entry(rnd, unit, r.entry.criterion, values)
        for field, message in found:
            problem(r.row, field, message)
        if not found:
            todo.append((r, values, current))
    if problems:
        raise TemplateImportError(problems)
    try:
        with transaction.atomic():  # savepoint: a concurrent first save of one of these entries collides here
            entries_apply_many(rnd=rnd, items=[(units[r.entry.unit], r.entry.criterion, values, current)
                                               for r, values, current in todo],
                               actor=actor, action="entry.import_xlsx", ip=ip)
    except IntegrityError:
        raise TemplateImportError([TemplateProblem(
            DATA_SHEET, None, _LETTER["criterion"], "criterion",
            "số liệu đã được cập nhật sau khi tải mẫu (người khác vừa lưu một tiêu chí của tệp): hãy tải mẫu mới",
        )]) from None
    if todo:
        refresh_results(rnd, actor)
    return ApplyReport(changed=[(r.entry.unit, r.entry.criterion) for r, _, _ in todo], unchanged=unchanged)

