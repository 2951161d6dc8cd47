from django.contrib import admin

from dti.web.units.models import Agency, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "type", "level", "structure", "valid_from", "valid_to")
    list_filter = ("structure", "level", "type")
    search_fields = ("code", "name", "key")
    raw_id_fields = ("parent",)
    filter_horizontal = ("successors",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "org_unit")
    search_fields = ("name", "code")
    raw_id_fields = ("org_unit",)
