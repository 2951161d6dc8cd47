"""Writes on the agency directory (danh mục cơ quan) of a unit: create, import, rename (merge: ``rounds.agencies``).

Agencies are never deleted: a merged agency keeps its rows (old rounds and the audit trail point at
it) and hands its assignments in open rounds over to the agency it merged into.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine.entries import fold
from dti.web.audit.services import audit_record
from dti.web.core.vi import vi_slugify
from dti.web.units.models import Agency, OrgUnit

MAX_NAME = 200


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Tên cơ quan không được để trống"})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": f"Tên cơ quan dài quá {MAX_NAME} ký tự"})
    return name


def _same_name(unit: OrgUnit, name: str, *, exclude: int | None = None) -> Agency | None:
    folded = fold(name)
    others = Agency.objects.filter(org_unit=unit, active=True)
    for a in others if exclude is None else others.exclude(pk=exclude):
        if fold(a.name) == folded:
            return a
    return None


def _free_code(unit: OrgUnit, name: str) -> str:
    base = vi_slugify(name)[:70] or "co-quan"
    code, n = base, 1
    while Agency.objects.filter(org_unit=unit, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def agency_create(*, unit: OrgUnit, name: str, actor: AbstractBaseUser | None) -> Agency:
    name = _clean_name(name)
    if _same_name(unit, name) is not None:
        raise ValidationError({"name": f"{unit.name} đã có cơ quan '{name}'"})
    agency = Agency.objects.create(org_unit=unit, code=_free_code(unit, name), name=name)
    audit_record(actor=actor, action="agency.create", obj=agency, new={"unit": unit.code, "name": name})
    return agency


@transaction.atomic
def agencies_import(*, unit: OrgUnit, names: Sequence[str], actor: AbstractBaseUser | None) -> int:
    """Add every name the directory lacks (names already there are kept as they are)."""
    created = 0
    for raw in names:
        if not (raw or "").strip():
            continue
        name = _clean_name(raw)
        if _same_name(unit, name) is None:
            agency_create(unit=unit, name=name, actor=actor)
            created += 1
    return created


@transaction.atomic
def agency_rename(*, agency: Agency, name: str, actor: AbstractBaseUser | None) -> Agency:
    name = _clean_name(name)
    if _same_name(agency.org_unit, name, exclude=agency.pk) is not None:
        raise ValidationError({"name": f"{agency.org_unit.name} đã có cơ quan '{name}'"})
    old = agency.name
    agency.name = name
    agency.save(update_fields=["name"])
    audit_record(actor=actor, action="agency.rename", obj=agency, old={"name": old}, new={"name": name})
    return agency
