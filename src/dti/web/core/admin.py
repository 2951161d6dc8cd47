"""What every ModelAdmin of the platform shares: each write of the Django admin is audited.

The admin is a back door beside the services; ``AuditedAdmin`` makes it a recorded one. An addition,
a change (the changed fields, old → new, many-to-many included) and a deletion each write an
``AuditEvent`` (``admin.add`` / ``admin.change`` / ``admin.delete``) in the admin's own transaction,
so they show in ``/api/audit/`` like the site's writes. Admins that have a service for the write
(units, rounds, documents, tokens) call it instead and the service records its own event.
Secrets (password hashes) are never copied into the trail: only the fact that they changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from dti.web.audit.services import audit_record

SECRET_FIELDS = frozenset({"password", "key_hash"})
CHANGED_MARK = "(đã đổi)"


def client_ip(request: HttpRequest) -> str | None:
    from dti.web.core.clientaddr import client_ip as ip_of

    return ip_of(request)


def _value(obj: models.Model, name: str) -> Any:
    try:
        field = obj._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form-only field: nothing stored under that name
        return None
    if field.many_to_many:
        return sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
    value = getattr(obj, field.attname, None)
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def snapshot(obj: models.Model, names: list[str]) -> dict[str, Any]:
    return {n: (CHANGED_MARK if n in SECRET_FIELDS else _value(obj, n)) for n in names}


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions are audited."""

    def _fields_of(self, form: Any) -> list[str]:
        names = [n for n in getattr(form, "changed_data", []) if n in {f.name for f in self.model._meta.get_fields()}]
        return sorted(set(names))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        names = self._fields_of(form)
        concrete = [n for n in names if not self.model._meta.get_field(n).many_to_many]
        old = snapshot(type(obj).objects.get(pk=obj.pk), concrete) if change and obj.pk else None
        request._dti_by_service = self.write(request, obj, form, change)  # type: ignore[attr-defined]
        request._dti_admin_audit = (old, names)  # type: ignore[attr-defined] - m2m are saved later

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> bool:
        """Save ``obj``; True when a service did it and recorded its own event (then only the
        many-to-many changes saved afterwards are recorded here)."""
        super().save_model(request, obj, form, change)
        return False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        old, names = getattr(request, "_dti_admin_audit", (None, self._fields_of(form)))
        by_service = getattr(request, "_dti_by_service", False)
        m2m = [n for n in names if self.model._meta.get_field(n).many_to_many]
        if change and m2m:
            old = (old or {}) | snapshot(type(obj).objects.get(pk=obj.pk), m2m)
        super().save_related(request, form, formsets, change)
        if by_service:
            if m2m:
                audit_record(actor=request.user, action="admin.change", obj=obj,
                             old={n: (old or {}).get(n) for n in m2m}, new=snapshot(obj, m2m), ip=client_ip(request))
            return
        if change and not names:
            return  # saved without a change: nothing to record
        audit_record(actor=request.user, action="admin.change" if change else "admin.add", obj=obj,
                     old=old, new=snapshot(obj, names), ip=client_ip(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=request.user, action="admin.delete", obj=obj, old=self.deleted_snapshot(obj),
                     ip=client_ip(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", obj=obj, old=self.deleted_snapshot(obj),
                         ip=client_ip(request))
        super().delete_queryset(request, queryset)

    def deleted_snapshot(self, obj: models.Model) -> dict[str, Any]:
        return snapshot(obj, [f.name for f in obj._meta.concrete_fields])


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: the domain's own pages and services change these."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
