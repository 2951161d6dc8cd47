"""Reads on the unit tree as it stood on a given day: parents, candidates for a round, labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, prefetch_related_objects

from dti.web.units.models import Agency, OrgUnit


def parent_on(unit: OrgUnit, day: dt.date) -> OrgUnit | None:
    """The parent the unit had on ``day``.

    A reorganisation replaces the parent record (Tỉnh Thừa Thiên Huế → Thành phố Huế on 1/1/2025)
    while the districts keep theirs: the predecessor of the current parent valid on ``day`` is the
    parent of that time.
    """
    parent = unit.parent
    if parent is None or parent.valid_on(day):
        return parent
    return _earlier(parent, parent.predecessors.filter(level=parent.level), day)


def _earlier(parent: OrgUnit, predecessors: Iterable[OrgUnit], day: dt.date) -> OrgUnit:
    earlier = [p for p in predecessors if p.level == parent.level and p.valid_on(day)]
    return earlier[0] if len(earlier) == 1 else parent


def parents_on(parent_ids: Iterable[int], day: dt.date) -> dict[int, OrgUnit]:
    """``parent_on`` for many parents at once (parent id → the parent of that time): one query, and
    one more for the predecessors of the parents no longer valid on ``day``."""
    parents = list(OrgUnit.objects.filter(pk__in=set(parent_ids)))
    stale = [p for p in parents if not p.valid_on(day)]
    prefetch_related_objects(stale, "predecessors")
    stale_ids = {p.pk for p in stale}
    return {p.pk: _earlier(p, p.predecessors.all(), day) if p.pk in stale_ids else p for p in parents}


def subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(Q(path=unit.path) | Q(path__startswith=unit.path + "/"))


def units_valid_on(scope: OrgUnit, day: dt.date, *, level: int | None = None) -> list[OrgUnit]:
    """Units under ``scope``'s code path that existed on ``day`` (both records of a renamed province)."""
    roots = OrgUnit.objects.filter(code=scope.code, level=scope.level, structure=scope.structure)
    q = Q()
    for root in roots:
        q |= Q(path__startswith=root.path + "/")
    qs = OrgUnit.objects.filter(q).select_related("parent") if roots else OrgUnit.objects.none()
    if level is not None:
        qs = qs.filter(level=level)
    return sorted((u for u in qs if u.valid_on(day)), key=lambda u: (u.level, u.code))


@dataclass(frozen=True)
class UnitChoice:
    unit: OrgUnit
    parent: OrgUnit | None

    @property
    def label(self) -> str:
        """Code, name, type and parent: two records sharing a name still read differently."""
        parent = f" – thuộc {self.parent.name}" if self.parent else ""
        return f"{self.unit.code} · {self.unit.name} ({self.unit.get_type_display()}){parent}"


def unit_choices(scope: OrgUnit, day: dt.date, *, level: int | None = None) -> list[UnitChoice]:
    return [UnitChoice(u, parent_on(u, day)) for u in units_valid_on(scope, day, level=level)]


def agencies_of(units: list[OrgUnit], *, active_only: bool = True) -> QuerySet[Agency]:
    qs = Agency.objects.filter(org_unit__in=units).select_related("org_unit")
    return qs.filter(active=True) if active_only else qs
