from django.contrib import admin

from dti.web.core.admin import ReadOnlyAdmin
from dti.web.frameworks.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    """Loaded through ``dti framework`` / the services only, which validate and freeze; rounds keep
    the version they were opened with, so none is ever changed or deleted here."""

    list_display = ("code", "version", "name", "kind", "loaded_at")
    readonly_fields = ("code", "version", "name", "kind", "yaml_text", "sha256", "loaded_at")
