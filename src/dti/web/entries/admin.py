from django.contrib import admin

from dti.web.entries.models import Entry, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    exclude = ("file",)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("round", "unit", "criterion_code", "status", "workflow", "is_sample", "version")
    list_filter = ("round", "workflow", "is_sample")
    search_fields = ("criterion_code", "unit__name")
    readonly_fields = [f.name for f in Entry._meta.fields]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # entries change only through services (validation, locking, audit)
