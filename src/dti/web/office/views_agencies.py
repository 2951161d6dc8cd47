"""The agency directory of the province's units: add by hand or from a list, rename, merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dti.importers.agencies_xlsx import AgencyTableError, read_agency_names
from dti.web.imports.services import TemplateImportError, upload_check
from dti.web.permissions import office as access
from dti.web.rounds.agencies import agency_merge
from dti.web.units import agencies as services
from dti.web.units.models import Agency, OrgUnit
from dti.web.units.selectors import unit_choices

MAX_LINES = 500
MAX_UPLOAD = 5 * 1024 * 1024


def managed_unit_choices(request: HttpRequest) -> list[tuple[OrgUnit, str]]:
    today = timezone.localdate()
    out: list[tuple[OrgUnit, str]] = []
    for scope in access.owner_units(request.user):
        out.append((scope, f"{scope.code} · {scope.name} (cấp tỉnh)"))
        out.extend((c.unit, c.label) for c in unit_choices(scope, today, level=2))
        # the province's units of the previous structure are still the ones of older rounds
        out.extend((c.unit, c.label) for c in unit_choices(scope, scope.valid_to or today, level=2)
                   if (c.unit, c.label) not in out)
    return out


def _names_from_upload(request: HttpRequest) -> list[str]:
    """Agency names of the uploaded table; every refusal is a ValidationError in Vietnamese."""
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        raise ValidationError("Chọn tệp Excel .xlsx (tối đa 5 MB)")
    data = upload.read()
    try:
        upload_check(data)
        return read_agency_names(data)
    except TemplateImportError as exc:
        raise ValidationError([p.message for p in exc.problems]) from None
    except AgencyTableError as exc:
        raise ValidationError(f"Tệp {upload.name}: {exc}") from None


@login_required
@require_http_methods(["GET", "POST"])
def agencies(request: HttpRequest) -> HttpResponse:
    access.require(access.can_use_office(request.user))
    units = managed_unit_choices(request)
    ref = request.POST.get("unit") or request.GET.get("don-vi", "")
    unit = next((u for u, _ in units if u.key == ref), units[0][0] if units else None)
    if unit is None:
        return render(request, "office/agencies.html", {"units": [], "unit": None, "agencies": []})
    access.require(access.can_manage_unit(request.user, unit))
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                services.agency_create(unit=unit, name=request.POST.get("name", "")[:300], actor=request.user)
                messages.success(request, "Đã thêm cơ quan.")
            elif action == "import":
                lines = request.POST.get("names", "")[:50_000].splitlines()[:MAX_LINES]
                n = services.agencies_import(unit=unit, names=lines, actor=request.user)
                messages.success(request, f"Đã thêm {n} cơ quan (tên đã có được giữ nguyên).")
            elif action == "import_file":
                n = services.agencies_import(unit=unit, names=_names_from_upload(request), actor=request.user)
                messages.success(request, f"Đã thêm {n} cơ quan từ tệp (tên đã có được giữ nguyên).")
            elif action in ("rename", "merge"):
                agency = get_object_or_404(Agency, pk=request.POST.get("agency"), org_unit=unit)
                if action == "rename":
                    services.agency_rename(agency=agency, name=request.POST.get("name", "")[:300], actor=request.user)
                    messages.success(request, "Đã đổi tên cơ quan; lịch sử được giữ nguyên.")
                else:
                    into = get_object_or_404(Agency, pk=request.POST.get("into"), org_unit=unit)
                    agency_merge(agency=agency, into=into, actor=request.user)
                    messages.success(request, f"Đã hợp nhất '{agency.name}' vào '{into.name}'.")
            return redirect(f"{request.path}?don-vi={unit.key}")
        except ValidationError as exc:
            errors = list(exc.messages)
    rows = Agency.objects.filter(org_unit=unit).select_related("merged_into").order_by("-active", "name")
    return render(request, "office/agencies.html", {"units": units, "unit": unit, "agencies": rows,
                                                    "errors": errors}, status=400 if errors else 200)
