"""Province-held figures (số liệu do tỉnh nắm giữ: Hue-S, IOC, Sở…): which criteria, and their values
for every unit at once. Values go through the entry services; nothing writes Entry rows here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.engine import framework as fw
from dti.web.audit.services import audit_record
from dti.web.rounds.models import ProvinceHeldCriterion, Round
from dti.web.units.models import OrgUnit

SELF_REPORTED = {"tự đánh giá", "đơn vị tự đánh giá", ""}
MAX_SOURCE = 120


def province_suggestions(framework: fw.Framework) -> dict[str, str]:
    """Leaf criteria whose stated data source is not the unit itself: candidates for province data."""
    return {n.code: n.data_source for n in framework.criteria()
            if n.data_source and n.data_source.strip().lower() not in SELF_REPORTED}


@transaction.atomic
def province_criteria_set(*, round: Round, criteria: Mapping[str, str], actor: AbstractBaseUser | None) -> int:
    """Replace the set of province-held criteria of the round (code → source)."""
    framework = round.framework.parsed()
    leaves = {n.code for n in framework.criteria()}
    errors = []
    for code, source in criteria.items():
        if code not in leaves:
            errors.append(f"Không có tiêu chí nhập liệu '{code}' trong bộ chỉ số {framework.code}")
        if not (source or "").strip() or len(source) > MAX_SOURCE:
            errors.append(f"Tiêu chí {code}: nêu nguồn dữ liệu (tối đa {MAX_SOURCE} ký tự), ví dụ Hue-S, IOC")
    if errors:
        raise ValidationError(errors)
    old = dict(ProvinceHeldCriterion.objects.filter(round=round).values_list("criterion_code", "source"))
    ProvinceHeldCriterion.objects.filter(round=round).delete()
    ProvinceHeldCriterion.objects.bulk_create(
        [ProvinceHeldCriterion(round=round, criterion_code=c, source=s.strip()) for c, s in criteria.items()])
    round.__dict__.pop("_dti_province_held", None)
    audit_record(actor=actor, action="province_criteria.set", obj=round, old=old, new=dict(criteria))
    return len(criteria)


@dataclass(frozen=True)
class ProvinceValue:
    unit: OrgUnit
    values: dict[str, Any]
    expected_version: int


@transaction.atomic
def province_values_save(*, round: Round, criterion_code: str, rows: Sequence[ProvinceValue],
                         actor: AbstractBaseUser, ip: str | None = None) -> int:
    """One criterion's figures for many units: every row is checked first, then all are saved or none."""
    from dti.web.entries.services import FIELD_LABELS, check_entry, entry_save

    source = dict(ProvinceHeldCriterion.objects.filter(round=round).values_list("criterion_code", "source"))
    if criterion_code not in source:
        raise ValidationError(f"Tiêu chí {criterion_code} không thuộc danh sách số liệu do tỉnh cung cấp")
    errors = []
    for r in rows:
        for field, message in check_entry(round, r.unit, criterion_code, r.values):
            errors.append(f"{r.unit.name}, ô '{FIELD_LABELS.get(field, field)}': {message}")
    if errors:
        raise ValidationError(errors)
    for r in rows:
        try:
            entry_save(round=round, unit=r.unit, criterion_code=criterion_code, values=r.values,
                       expected_version=r.expected_version, actor=actor, ip=ip)
        except ValidationError as exc:
            raise ValidationError([f"{r.unit.name}: {m}" for m in exc.messages]) from None
    audit_record(actor=actor, action="province_data.save", obj=round, ip=ip,
                 new={"criterion": criterion_code, "source": source[criterion_code],
                      "units": [r.unit.code for r in rows]})
    return len(rows)


def province_import_audit(*, round: Round, changed: Sequence[tuple[str, str]], actor: AbstractBaseUser,
                          ip: str | None = None) -> None:
    """The template upload's own audit row, naming the source of each criterion it filled."""
    source = dict(ProvinceHeldCriterion.objects.filter(round=round).values_list("criterion_code", "source"))
    audit_record(actor=actor, action="province_data.import", obj=round, ip=ip,
                 new={"rows": len(changed), "sources": {c: source.get(c, "") for _, c in changed}})
