"""Recording audit events; called by every write service inside its own transaction."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from dti.web.audit.models import AuditEvent


def _plain(data: dict[str, Any] | None) -> dict[str, Any] | None:
    # dates and decimals become JSON-safe strings
    return None if data is None else json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    event = audit_event(actor=actor, action=action, obj=obj, object_type=object_type, object_id=object_id,
                        object_repr=object_repr, old=old, new=new, ip=ip)
    event.save()
    return event


def audit_record_many(events: list[AuditEvent]) -> None:
    """Write events built by ``audit_event`` in one bulk write (COPY on PostgreSQL), same transaction."""
    from django.db import connection
    from django.utils import timezone

    from dti.web.core.bulk import bulk_insert

    now = timezone.now()
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    for e in events:
        e.created_at = now
    bulk_insert(AuditEvent, [f.name for f in fields],
                [tuple(f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields) for e in events])


def audit_event(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """The event ``audit_record`` writes, not saved yet."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        old=_plain(old),
        new=_plain(new),
        ip=ip,
    )
