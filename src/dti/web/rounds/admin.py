from django.contrib import admin

from dti.web.rounds.models import Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "framework", "period_kind", "year", "state")
    list_filter = ("state", "year")
    readonly_fields = ("state",)  # changed only through the round_* services (audited)
    filter_horizontal = ("units",)
