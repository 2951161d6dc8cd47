from django.contrib import admin

from dti.web.documents import services
from dti.web.documents.models import DocumentBatch, ReportNotes, UnitDocumentSettings


@admin.register(UnitDocumentSettings)
class UnitDocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "issuer_name", "signer_title", "signer_name", "updated_at")
    search_fields = ("unit__name", "unit__code", "signer_name")
    autocomplete_fields = ("unit",)
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # through the service: the change is audited like one made on the site
        data = {f: form.cleaned_data[f] for f in services.SETTINGS_FIELDS if f in form.cleaned_data}
        saved = services.unit_settings_save(unit=form.cleaned_data["unit"], data=data, acting_user=request.user)
        obj.pk = saved.pk


@admin.register(ReportNotes)
class ReportNotesAdmin(admin.ModelAdmin):
    list_display = ("round", "unit", "updated_by", "updated_at")
    list_filter = ("round",)
    search_fields = ("unit__name", "unit__code")
    readonly_fields = ("round", "unit", "updated_by", "updated_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # notes are written on the unit's document page

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        data = {f: form.cleaned_data[f] for f in obj.TEXT_FIELDS if f in form.cleaned_data}
        services.report_notes_save(round=obj.round, unit=obj.unit, data=data, acting_user=request.user)


@admin.register(DocumentBatch)
class DocumentBatchAdmin(admin.ModelAdmin):
    list_display = ("round", "kind", "fmt", "state", "n_units", "requested_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in DocumentBatch._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
