"""Reads of the API that WEB's selectors do not cover: data sources of entries, audit events, results."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Entry
from dti.web.results.scoring import peer_units, score_round_pair
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

ENTRY_TYPE = Entry._meta.label_lower


def entry_sources(entry_ids: Iterable[int]) -> dict[int, str | None]:
    """Entry id → the data source of its latest save (None when a person saved it)."""
    ids = [str(i) for i in entry_ids]
    events = (
        AuditEvent.objects.filter(object_type=ENTRY_TYPE, object_id__in=ids, action="entry.save")
        .select_related("actor__data_source")
        .order_by("object_id", "-created_at", "-id")
    )
    out: dict[int, str | None] = {}
    for ev in events:
        key = int(ev.object_id)
        if key not in out:
            ds = getattr(ev.actor, "data_source", None) if ev.actor is not None else None
            out[key] = ds.name if ds is not None else None
    return out


def audit_events(entries: QuerySet[Entry] | None, *, filtered: bool) -> QuerySet[AuditEvent]:
    """Events of ``entries`` (every event when None and nothing filters by entry)."""
    qs = AuditEvent.objects.select_related("actor__data_source").order_by("-created_at", "-id")
    if entries is None and not filtered:
        return qs
    if entries is None:
        entries = Entry.objects.all()
    ids = entries.annotate(sid=Cast("pk", CharField())).values("sid")
    return qs.filter(object_type=ENTRY_TYPE, object_id__in=ids)


def audit_row(ev: AuditEvent) -> dict[str, Any]:
    ds = getattr(ev.actor, "data_source", None) if ev.actor is not None else None
    return {
        "id": ev.pk, "created_at": ev.created_at,
        "actor": ds.name if ds is not None else (ev.actor.get_username() if ev.actor is not None else None),
        "is_data_source": ds is not None, "action": ev.action, "object_type": ev.object_type,
        "object_id": ev.object_id, "object_repr": ev.object_repr, "old": ev.old, "new": ev.new, "ip": ev.ip,
    }


def _stored_rows(rnd: Round, units: list[OrgUnit]) -> dict[int, dict[str, Any]] | None:
    """unit id → the persisted ``unit_result`` dict, or None when the round was never computed."""
    from dti.web.results.models import ResultBatch, UnitResult

    if not ResultBatch.objects.filter(round=rnd).exists():
        return None
    from dti.web.results.tree import unit_trees

    rows = list(UnitResult.objects.filter(round=rnd, unit__in=units).select_related("unit", "parent"))
    return {r.unit_id: tree for r, tree in zip(rows, unit_trees(rows, rnd.framework.parsed()), strict=True)}


def unit_results(rnd: Round, units: list[OrgUnit]) -> list[dict[str, Any]]:
    """The engine's ``unit_result`` of each unit: persisted when available, else scored now.

    Scoring only the needed peer groups is enough: ranks and ``relative`` rules compare within them.
    """
    stored = _stored_rows(rnd, units)
    if stored is not None and all(u.pk in stored for u in units):
        return [stored[u.pk] for u in units]
    if len(units) == 1:
        result = score_round_pair(rnd, units=peer_units(rnd, units[0]))
    else:
        result = score_round_pair(rnd)
    return [result.unit_result(u.code) for u in units]
