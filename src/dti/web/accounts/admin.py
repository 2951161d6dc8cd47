"""Accounts in the admin: users and roles, every write audited (``AuditedAdmin``). Django's groups
are not used by the platform's permissions (roles are), so they are not offered."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse

from dti.web.accounts.models import RoleAssignment
from dti.web.audit.services import audit_record
from dti.web.core.admin import CHANGED_MARK, AuditedAdmin, client_ip


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "org_unit", "agency")
    list_filter = ("role",)
    raw_id_fields = ("org_unit", "agency")


class AuditedUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    """Django's user admin; additions, changes (a new password shows only as changed) and deletions audited."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form saved the new password
            user = User.objects.get(pk=id)
            audit_record(actor=request.user, action="admin.password", obj=user, new={"password": CHANGED_MARK},
                         ip=client_ip(request))
        return response


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
