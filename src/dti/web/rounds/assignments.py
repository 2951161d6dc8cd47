"""Writes on a round's assignment table (phân công chủ trì/phối hợp): the one source of truth for
who answers which criterion, read by the entry page, permissions, scorecard and documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine.entries import fold
from dti.engine.framework import FrameworkError
from dti.importers.assignments_xlsx import AssignmentLine
from dti.web.audit.services import audit_record
from dti.web.core.vi import vi_slugify
from dti.web.rounds.models import AgencyRole, Assignment, Round
from dti.web.units.models import Agency, OrgUnit

MAX_ROWS = 20000


@transaction.atomic
def assignment_set(
    *, round: Round, criterion_code: str, agency: Agency, role: str = "lead", actor: AbstractBaseUser | None = None
) -> Assignment:
    fw = round.framework.parsed()
    if criterion_code not in fw.by_code:
        raise FrameworkError(f"không có tiêu chí '{criterion_code}' trong bộ chỉ số {fw.code}")
    obj, created = Assignment.objects.update_or_create(
        round=round, criterion_code=criterion_code, agency=agency, defaults={"role": role}
    )
    if created:
        audit_record(actor=actor, action="assignment.set", obj=obj,
                     new={"criterion": criterion_code, "agency": agency.code, "role": role})
    return obj


@dataclass(frozen=True)
class AssignmentRow:
    """One wanted row; ``line`` says where it came from (file row or list index) for error messages."""

    criterion: str
    agency: Agency
    role: str
    line: int = 0


def _agency_for(unit: OrgUnit, name: str) -> Agency:
    code = vi_slugify(name)[:80] or "co-quan"
    agency, _ = Agency.objects.get_or_create(org_unit=unit, code=code, defaults={"name": name[:200]})
    return agency


def assignments_check(round: Round, rows: Sequence[AssignmentRow]) -> tuple[list[str], list[AssignmentRow]]:
    """Every problem of the wanted rows (Vietnamese, by line), and the rows to store (duplicates merged)."""
    framework = round.framework.parsed()
    unit_paths = list(round.units.values_list("path", flat=True)) + [round.owner_unit.path]
    errors: list[str] = []
    if len(rows) > MAX_ROWS:
        return [f"Bảng phân công quá dài (tối đa {MAX_ROWS} dòng)"], []
    seen: dict[tuple[str, int], AssignmentRow] = {}
    for r in rows:
        where = f"Dòng {r.line}: " if r.line else ""
        if r.criterion not in framework.by_code:
            errors.append(f"{where}không có tiêu chí '{r.criterion}' trong bộ chỉ số {framework.code}")
        if r.role not in AgencyRole.values:
            errors.append(f"{where}vai trò '{r.role}' không hợp lệ (chủ trì: lead, phối hợp: coordinator)")
        path = r.agency.org_unit.path
        if not any(path == p or path.startswith(p + "/") or p.startswith(path + "/") for p in unit_paths):
            errors.append(f"{where}cơ quan '{r.agency.name}' ({r.agency.org_unit.name}) không thuộc đơn vị "
                          "nào của kỳ")
        if not r.agency.active:
            errors.append(f"{where}cơ quan '{r.agency.name}' đã ngừng hoạt động hoặc đã hợp nhất")
        key = (r.criterion, r.agency.pk)
        if key in seen and seen[key].role != r.role:
            errors.append(f"{where}cơ quan '{r.agency.name}' vừa chủ trì vừa phối hợp tiêu chí {r.criterion}")
        # a lead beats a coordinator of the same agency written twice
        if key not in seen or r.role == AgencyRole.LEAD:
            seen[key] = r
    return errors, list(seen.values())


@transaction.atomic
def assignments_replace(*, round: Round, rows: Sequence[AssignmentRow], actor: AbstractBaseUser | None,
                        source: str = "") -> int:
    """Replace the round's whole table; nothing is written unless every row is valid."""
    errors, wanted = assignments_check(round, rows)
    if errors:
        raise ValidationError(errors)
    old = Assignment.objects.filter(round=round).count()
    Assignment.objects.filter(round=round).delete()
    Assignment.objects.bulk_create(
        [Assignment(round=round, criterion_code=r.criterion, agency=r.agency, role=r.role) for r in wanted]
    )
    audit_record(actor=actor, action="assignments.replace", obj=round, old={"rows": old},
                 new={"rows": len(wanted), "source": source[:200]})
    return len(wanted)


def _framework_rows(round: Round) -> list[AssignmentRow]:
    """The framework's lead/coordinating agencies, one agency per participating unit (its own office)."""
    framework = round.framework.parsed()
    units = list(round.units.all())
    rows: list[AssignmentRow] = []
    for node in framework.walk():
        for role, names in ((AgencyRole.LEAD, node.lead), (AgencyRole.COORDINATOR, node.coordinators)):
            for name in names:
                rows.extend(AssignmentRow(node.code, _agency_for(u, name), role) for u in units)
    return rows


@transaction.atomic
def assignments_seed(*, round: Round, actor: AbstractBaseUser | None) -> int:
    """Fill a new round's table from the framework defaults (agencies created in each unit's directory)."""
    rows = _framework_rows(round)
    return assignments_replace(round=round, rows=rows, actor=actor, source="bộ chỉ số") if rows else 0


@transaction.atomic
def assignments_copy(*, source: Round, target: Round, actor: AbstractBaseUser | None) -> int:
    units = set(target.units.values_list("pk", flat=True)) | {target.owner_unit_id}
    rows = [AssignmentRow(a.criterion_code, a.agency, a.role)
            for a in source.assignments.select_related("agency__org_unit")
            if a.agency.active and (a.agency.org_unit_id in units or _ancestor_of_any(a.agency.org_unit, target))]
    return assignments_replace(round=target, rows=rows, actor=actor, source=f"sao chép từ {source.slug}")


def _ancestor_of_any(unit: OrgUnit, rnd: Round) -> bool:
    return rnd.units.filter(path__startswith=unit.path + "/").exists()


def round_agencies(round: Round) -> list[Agency]:
    """Agencies a round's table may name: those of its units and of the units above them."""
    paths = set(round.units.values_list("path", flat=True))
    prefixes = {"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)}
    qs = Agency.objects.filter(active=True).select_related("org_unit")
    return [a for a in qs.filter(org_unit__path__in=paths | prefixes | {round.owner_unit.path})]


def rows_from_lines(round: Round, lines: Iterable[AssignmentLine]) -> list[AssignmentRow]:
    """Resolve an imported table: codes (or names) of criteria, agency names within the round's units.

    One name stands for every agency of that name (each district's own "Phòng VH&TT"); a name no
    agency carries is an error of its row. All errors are raised together.
    """
    framework = round.framework.parsed()
    by_name_node = {fold(n.name): n.code for n in framework.walk()}
    by_name: dict[str, list[Agency]] = {}
    for a in round_agencies(round):
        by_name.setdefault(fold(a.name), []).append(a)
    rows: list[AssignmentRow] = []
    errors: list[str] = []
    for line in lines:
        code = line.code if line.code in framework.by_code else by_name_node.get(fold(line.name), "")
        if not code:
            errors.append(f"Dòng {line.row}: không có tiêu chí '{line.code or line.name}' trong bộ chỉ số "
                          f"{framework.code}")
            continue
        where = f"Dòng {line.row} (tiêu chí {code})" if line.row else f"Tiêu chí {code}"
        for role, names in ((AgencyRole.LEAD, line.lead), (AgencyRole.COORDINATOR, line.coordinators)):
            for name in names:
                found = by_name.get(fold(name))
                if not found:
                    errors.append(f"{where}: không có cơ quan '{name}' trong danh mục cơ quan của các "
                                  "đơn vị tham gia kỳ")
                    continue
                rows.extend(AssignmentRow(code, a, role, line.row) for a in found)
    if errors:
        raise ValidationError(errors)
    return rows


def agency_label(agency: Agency) -> str:
    return f"{agency.name} – {agency.org_unit.name}"

