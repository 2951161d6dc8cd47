"""Reads for the Excel round trip: who may fill which rows, and the pre-filled template itself."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dti.importers.template_xlsx import build_template
from dti.web import permissions as perm
from dti.web.entries.models import Entry, to_engine
from dti.web.results.scoring import round_units, unit_refs
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

_VALUE_FIELDS = (
    "criterion_code", "unit__code", "version", "status", "done", "numerator", "denominator", "count", "value",
    "value_is_percent", "date", "text", "explanation", "stated", "expert_score", "expert_reason",
)


@dataclass(frozen=True)
class Scope:
    """Rows a user may fill: these units × ``criteria`` (None = every criterion)."""

    units: list[OrgUnit]
    criteria: frozenset[str] | None


def edit_scope(user: AbstractBaseUser | AnonymousUser, rnd: Round, *, ignore_state: bool = False) -> dict[str, frozenset[str]]:
    """Unit code → criteria the user may enter (``perm.ALL`` for all), for the round's units they can edit."""
    out = {}
    for unit in round_units(rnd):
        allowed = perm.editable_criteria(user, rnd, unit, ignore_state=ignore_state)
        if allowed:
            out[unit.code] = allowed
    return out


def template_scope(user: AbstractBaseUser | AnonymousUser, rnd: Round, unit: OrgUnit | None = None) -> Scope:
    """Editors get their units (agency editors: only their assigned criteria); owners may download
    every unit of the round to hand out. Empty units = nothing to download."""
    units = round_units(rnd)
    editable = edit_scope(user, rnd, ignore_state=True)
    if perm.can_manage_round(user, rnd):
        editable = {u.code: perm.ALL for u in units} | editable
    if unit is not None:
        editable = {k: v for k, v in editable.items() if k == unit.code}
    chosen = [u for u in units if u.code in editable]
    if any(v is perm.ALL or "*" in v for v in editable.values()):
        return Scope(chosen, None)
    criteria = frozenset().union(*editable.values()) if editable else frozenset()
    return Scope(chosen, criteria)


def template_bytes(rnd: Round, units: Sequence[OrgUnit], criteria: frozenset[str] | None) -> bytes:
    """The round's template for ``units``, pre-filled with current entries and their versions."""
    framework = rnd.framework.parsed()
    known = {n.code for n in framework.criteria()}
    rows = Entry.objects.filter(round=rnd, unit__in=[u.pk for u in units], criterion_code__in=known)
    existing, versions = [], {}
    for row in rows.values(*_VALUE_FIELDS):
        key = (row["unit__code"], row["criterion_code"])
        existing.append(to_engine(row, *key))
        versions[key] = row["version"]
    if criteria is not None:
        criteria = criteria & known  # an assignment may name a criterion the framework version dropped
    wb = build_template(framework, unit_refs(units), criteria=criteria, round_slug=rnd.slug,
                        versions=versions, existing=existing)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
