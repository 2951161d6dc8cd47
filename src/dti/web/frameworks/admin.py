from django.contrib import admin
from django.http import HttpRequest

from dti.web.frameworks.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "kind", "loaded_at")
    readonly_fields = ("code", "version", "name", "kind", "yaml_text", "sha256", "loaded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # loaded through `dti framework` / services only, which validate and freeze
