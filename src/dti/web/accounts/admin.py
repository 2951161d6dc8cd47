from django.contrib import admin

from dti.web.accounts.models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "org_unit", "agency")
    list_filter = ("role",)
    raw_id_fields = ("org_unit", "agency")
