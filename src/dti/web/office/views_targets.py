"""Targets of a round's year: the province's (the office) and each unit's own (its editor)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from dti.web import permissions as perm
from dti.web.accounts.models import Role
from dti.web.permissions import office as access
from dti.web.rounds.models import Round
from dti.web.targets.excel import read_targets_xlsx, targets_xlsx
from dti.web.targets.models import Target
from dti.web.targets.selectors import targets_for
from dti.web.targets.services import targets_set
from dti.web.units.models import OrgUnit

MAX_FIELDS = 1000
MAX_UPLOAD = 2 * 1024 * 1024


def _may_set(request: HttpRequest, rnd: Round, unit: OrgUnit) -> bool:
    if access.can_manage_round(request.user, rnd):
        return True
    return unit != rnd.owner_unit and any(
        ra.role == Role.UNIT_EDITOR and ra.org_unit is not None and unit.is_within(ra.org_unit)
        for ra in perm.roles_of(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest, slug: str, unit: str | None = None) -> HttpResponse:
    """``unit`` None: the province-wide targets of the round's owner (the office only)."""
    if unit is None:
        rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
        org_unit = rnd.owner_unit
    else:
        rnd, org_unit = perm.load_round_unit(slug, unit)
    access.require(_may_set(request, rnd, org_unit))
    framework = rnd.framework.parsed()
    errors: list[str] = []
    if request.method == "POST":
        wanted = {n.code: request.POST.get(f"t-{n.code}", "")[:100] for n in framework.walk()
                  if f"t-{n.code}" in request.POST}
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                try:
                    wanted = read_targets_xlsx(upload.read(MAX_UPLOAD + 1)[:MAX_UPLOAD])
                except ValueError as exc:
                    raise ValidationError(str(exc)) from None
            n = targets_set(unit=org_unit, framework=framework, year=rnd.year,
                            targets=dict(list(wanted.items())[:MAX_FIELDS]), actor=request.user)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, f"Đã lưu {n} chỉ tiêu năm {rnd.year}.")
            return redirect(request.path)
    own = {t.criterion_code: t.text for t in Target.objects.filter(
        unit=org_unit, framework_code=framework.code, year=rnd.year)}
    inherited = targets_for(org_unit, framework.code, rnd.year) if org_unit != rnd.owner_unit else {}
    rows = [{"node": n, "own": own.get(n.code, ""),
             "above": inherited.get(n.code, ("", ""))[0] if inherited.get(n.code, ("", ""))[1] == "province" else "",
             "framework": n.target or ""} for n in framework.walk() if n.kind in ("criterion", "item")]
    if request.GET.get("excel"):
        response = HttpResponse(targets_xlsx(f"Chỉ tiêu {rnd.year}", rows),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="chi-tieu-{rnd.year}-{org_unit.code}.xlsx"'
        return response
    return render(request, "office/targets.html", {"round": rnd, "unit": org_unit, "rows": rows, "errors": errors,
                                                   "province": org_unit == rnd.owner_unit},
                  status=400 if errors else 200)
