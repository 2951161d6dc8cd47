from django.contrib import admin

from dti.web.rounds.models import Assignment, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "framework", "period_kind", "year", "state")
    list_filter = ("state", "year")
    readonly_fields = ("state",)  # changed only through the round_* services (audited)
    filter_horizontal = ("units",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("round", "criterion_code", "agency", "role")
    list_filter = ("round", "role")
