"""Units and agencies in the admin: a unit's path is derived (never typed) and a move carries its
subtree (``unit_save``); nothing here deletes a unit or an agency, whose history other rows keep."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from dti.web.core.admin import AuditedAdmin, client_ip
from dti.web.units.models import Agency, OrgUnit
from dti.web.units.services import unit_save


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ("key", "code", "name", "type", "level", "structure", "parent", "lat", "lon", "valid_from",
                  "valid_to", "successors", "note")

    def clean_parent(self) -> OrgUnit | None:
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.is_within(self.instance):
            raise ValidationError("Không thể đặt đơn vị vào trong chính nó hoặc một đơn vị cấp dưới của nó")
        return parent


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    form = OrgUnitForm
    list_display = ("code", "name", "type", "level", "structure", "valid_from", "valid_to")
    list_filter = ("structure", "level", "type")
    search_fields = ("code", "name", "key")
    raw_id_fields = ("parent",)
    filter_horizontal = ("successors",)
    readonly_fields = ("path",)  # derived from the parent and the code

    def write(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> bool:
        # through the service: the path and the whole subtree follow, audited as unit.update/create
        unit_save(unit=obj, actor=request.user, changed=form.changed_data if change else None, ip=client_ip(request))
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rounds, entries, results and roles point at units: end one with "hiệu lực đến"


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "code", "org_unit")
    search_fields = ("name", "code")
    raw_id_fields = ("org_unit",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # assignments of past rounds name it: merge it into another instead (the office's page)
