"""Rounds and their assignment tables in the admin.

A round's state, period dates (derived from the period by ``rounds.services.period_dates``), framework
and owner never change here. A draft round's name, units and deadlines change through ``round_update``
(audited); an open round is amended with a reason in the office's console; published and closed
rounds, and their assignment tables, are read-only. Only a draft round can be deleted (audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from dti.web.core.admin import AuditedAdmin
from dti.web.rounds.models import DEADLINE_FIELDS, Assignment, Round, RoundState
from dti.web.rounds.planning import round_changes_check, round_update

FROZEN = (RoundState.PUBLISHED, RoundState.CLOSED)
_DERIVED = ("slug", "framework", "owner_unit", "period_kind", "year", "period_number", "start", "end", "state",
            "published_at", "adjusted_at", "copied_from", "office_name")


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ("slug", "name", "framework", "period_kind", "year", "state")
    list_filter = ("state", "year")
    filter_horizontal = ("units",)
    readonly_fields = _DERIVED

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created in the office's console or with `dti round create` (validated, audited)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.state != RoundState.DRAFT:
            return False  # open rounds are amended with a reason (/so/); published and closed ones are final
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.state != RoundState.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset.filter(state=RoundState.DRAFT))

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change, **kwargs)

        class Checked(base):  # type: ignore[misc, valid-type]
            """Refuses on the form, in Vietnamese, what round_update would refuse (never a 500)."""

            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if self.instance.pk and not self.errors:
                    try:
                        round_changes_check(
                            self.instance, name=data.get("name") if "name" in self.changed_data else None,
                            units=data.get("units") if "units" in self.changed_data else None,
                            deadlines={f: data.get(f) for f in DEADLINE_FIELDS if f in self.changed_data} or None)
                    except ValidationError as exc:
                        self.add_error(None, exc.messages)
                return data

        return Checked

    def write(self, request: HttpRequest, obj: Round, form: Any, change: bool) -> bool:
        data = form.cleaned_data
        deadlines = {f: data[f] for f in DEADLINE_FIELDS if f in form.changed_data}
        round_update(round=obj, name=data.get("name") if "name" in form.changed_data else None,
                     units=data["units"] if "units" in form.changed_data else None, deadlines=deadlines or None,
                     actor=request.user)
        return True

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # round_update has set the units and recorded the change (round.update); nothing is left to save
        return None


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ("round", "criterion_code", "agency", "role")
    list_filter = ("round", "role")
    raw_id_fields = ("agency",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.round.state in FROZEN:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.round.state in FROZEN:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset.exclude(round__state__in=FROZEN))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "round":  # a new row goes only to a round still in progress
            kwargs["queryset"] = Round.objects.exclude(state__in=FROZEN)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
