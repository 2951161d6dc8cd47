"""Entries in the admin: read-only. Values, workflow, evidence and their deletion belong to the one
write path (``entries.write``) and its pages, which check the round and record who did what."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dti.web.core.admin import ReadOnlyAdmin
from dti.web.entries.models import Entry, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    readonly_fields = ("original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    exclude = ("file",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("round", "unit", "criterion_code", "status", "workflow", "is_sample", "version")
    list_filter = ("round", "workflow", "is_sample")
    search_fields = ("criterion_code", "unit__name")
    inlines = [EvidenceInline]
