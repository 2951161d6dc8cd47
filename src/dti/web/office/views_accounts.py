"""Accounts of the province's units and agencies: create with a one-time password, lock, reset."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dti.web.accounts import office as services
from dti.web.accounts.models import Role, RoleAssignment
from dti.web.office.views_agencies import managed_unit_choices
from dti.web.permissions import office as access
from dti.web.units.models import Agency


def _visible_roles(request: HttpRequest) -> list[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "org_unit", "agency__org_unit").order_by("user__username")
    out = []
    for ra in qs:
        scope = ra.agency.org_unit if ra.agency else ra.org_unit
        if scope is not None and access.can_manage_unit(request.user, scope):
            out.append(ra)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def accounts(request: HttpRequest) -> HttpResponse:
    access.require(access.can_use_office(request.user))
    units = managed_unit_choices(request)
    agencies = Agency.objects.filter(org_unit__in=[u for u, _ in units], active=True).select_related("org_unit")
    errors: dict[str, list[str]] = {}
    created = None
    if request.method == "POST":
        p = request.POST
        unit = next((u for u, _ in units if u.key == p.get("unit")), None)
        agency = agencies.filter(pk=p.get("agency")).first() if p.get("agency", "").isdigit() else None
        try:
            if unit is None and agency is None:
                raise ValidationError({"unit": "Chọn đơn vị của tài khoản"})
            target = agency.org_unit if agency else unit
            access.require(target is not None and access.can_manage_unit(request.user, target))
            created = services.account_create(
                username=p.get("username", "")[:150], full_name=p.get("full_name", "")[:300],
                email=p.get("email", "")[:254], role=p.get("role", ""), unit=target,  # type: ignore[arg-type]
                agency=agency, actor=request.user,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return render(request, "office/accounts.html", {
        "roles": _visible_roles(request), "units": units, "agencies": agencies, "errors": errors,
        "created": created, "role_choices": [(r.value, r.label) for r in Role if r in services.OFFICE_ROLES],
        "post": request.POST if errors else {},
    }, status=400 if errors else 200)


@login_required
@require_POST
def account_action(request: HttpRequest, user_id: int) -> HttpResponse:
    access.require(access.can_use_office(request.user))
    user = get_object_or_404(get_user_model(), pk=user_id)
    scopes = [ra.agency.org_unit if ra.agency else ra.org_unit
              for ra in RoleAssignment.objects.filter(user=user).select_related("org_unit", "agency__org_unit")]
    # an account is the owner's only when every one of its roles lies inside the owner's province
    access.require(bool(scopes) and all(s is not None and access.can_manage_unit(request.user, s) for s in scopes))
    action = request.POST.get("action", "")
    try:
        if action == "reset":
            password = services.account_reset_password(user=user, actor=request.user)
            return render(request, "office/account_password.html", {"account": user, "password": password})
        if action in ("deactivate", "activate"):
            services.account_set_active(user=user, active=action == "activate", actor=request.user)
            messages.success(request, f"Đã {'mở khóa' if action == 'activate' else 'khóa'} tài khoản {user}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("office:accounts")
