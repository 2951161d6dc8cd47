"""Documents in the admin: settings and notes are saved through the documents services (audited like
the site's own writes; a closed round's notes are read-only); batches are shown, and their deletion
(freeing the stored ZIP) is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from dti.limits import text_problem
from dti.web.core.admin import AuditedAdmin
from dti.web.documents import services
from dti.web.documents.models import DocumentBatch, ReportNotes, UnitDocumentSettings


@admin.register(UnitDocumentSettings)
class UnitDocumentSettingsAdmin(AuditedAdmin):
    list_display = ("unit", "issuer_name", "signer_title", "signer_name", "updated_at")
    search_fields = ("unit__name", "unit__code", "signer_name")
    autocomplete_fields = ("unit",)
    readonly_fields = ("updated_by", "updated_at")

    def write(self, request: HttpRequest, obj: UnitDocumentSettings, form: Any, change: bool) -> bool:
        # through the service: the change is audited like one made on the site
        data = {f: form.cleaned_data[f] for f in services.SETTINGS_FIELDS if f in form.cleaned_data}
        saved = services.unit_settings_save(unit=form.cleaned_data["unit"], data=data, acting_user=request.user)
        obj.pk = saved.pk
        return True


class ReportNotesForm(forms.ModelForm):
    class Meta:
        model = ReportNotes
        fields = list(ReportNotes.TEXT_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field in ReportNotes.TEXT_FIELDS:
            label = str(ReportNotes._meta.get_field(field).verbose_name)
            found = text_problem("note", data.get(field) or "", label=f"Mục '{label}'")
            if found is not None:
                self.add_error(field, found)
        return data


@admin.register(ReportNotes)
class ReportNotesAdmin(AuditedAdmin):
    form = ReportNotesForm
    list_display = ("round", "unit", "updated_by", "updated_at")
    list_filter = ("round",)
    search_fields = ("unit__name", "unit__code")
    readonly_fields = ("round", "unit", "updated_by", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # notes are written on the unit's document page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and services.notes_refusal(obj.round) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the documents of the round were written from them: clear the texts instead

    def write(self, request: HttpRequest, obj: ReportNotes, form: Any, change: bool) -> bool:
        data = {f: form.cleaned_data[f] for f in obj.TEXT_FIELDS if f in form.cleaned_data}
        services.report_notes_save(round=obj.round, unit=obj.unit, data=data, acting_user=request.user)
        return True


@admin.register(DocumentBatch)
class DocumentBatchAdmin(AuditedAdmin):
    list_display = ("round", "kind", "fmt", "state", "n_units", "requested_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in DocumentBatch._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
