"""Province-held figures: choose the criteria, fill one criterion for every unit, or a whole file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dti.engine import framework as fw
from dti.importers.template_xlsx import TemplateImportError
from dti.limits import truncated
from dti.web import permissions as perm
from dti.web.accounts.models import Role
from dti.web.core.clientaddr import client_ip
from dti.web.entries.forms import EntryForm, initial_from
from dti.web.entries.models import Entry
from dti.web.imports import services as imports
from dti.web.imports.selectors import template_bytes
from dti.web.permissions import office as access
from dti.web.results.scoring import round_units
from dti.web.rounds.models import Round
from dti.web.rounds.province import (
    ProvinceValue,
    province_criteria_set,
    province_import_audit,
    province_suggestions,
    province_values_save,
)


def _load(request: HttpRequest, slug: str) -> Round:
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    data_office = any(ra.role == Role.DATA_OFFICE and ra.org_unit is not None
                      and rnd.owner_unit.path.startswith(ra.org_unit.path) for ra in perm.roles_of(request.user))
    access.require(access.can_manage_round(request.user, rnd) or data_office)
    return rnd


@login_required
@require_http_methods(["GET", "POST"])
def province_data(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    framework = rnd.framework.parsed()
    held = perm.province_held(rnd)
    errors: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "criteria":
        access.require(access.can_manage_round(request.user, rnd))
        chosen = {c: request.POST.get(f"source-{c}", "")[:200] for c in request.POST.getlist("criteria")[:500]}
        try:
            province_criteria_set(round=rnd, criteria=chosen, actor=request.user)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, f"Đã chọn {len(chosen)} tiêu chí do tỉnh cung cấp số liệu.")
            return redirect("office:province", slug=rnd.slug)
    code = request.GET.get("tieu-chi", "")[:40]
    node = framework.by_code.get(code) if code in held else None
    units = round_units(rnd)
    forms = []
    if node is not None:
        entries = {e.unit_id: e for e in Entry.objects.filter(round=rnd, criterion_code=code)}
        for u in units:
            prefix = f"u-{u.code}"
            form = EntryForm(request.POST if request.method == "POST" else None,
                             initial=initial_from(entries.get(u.pk)), prefix=prefix, node=node)
            forms.append((u, form, entries.get(u.pk)))
        if request.method == "POST" and request.POST.get("action") == "values":
            if all(f.is_valid() for _, f, _ in forms):
                rows = [ProvinceValue(u, f.values(), f.cleaned_data["version"]) for u, f, _ in forms]
                try:
                    n = province_values_save(round=rnd, criterion_code=code, rows=rows, actor=request.user,
                                             ip=client_ip(request))
                except ValidationError as exc:
                    errors = list(exc.messages)
                else:
                    messages.success(request, f"Đã lưu tiêu chí {code} cho {n} đơn vị.")
                    return redirect(f"{reverse('office:province', args=[rnd.slug])}?tieu-chi={code}")
            else:
                errors = [f"{u.name}, ô '{f.fields[name].label}': {' '.join(ms)}"
                          for u, f, _ in forms for name, ms in f.errors.items() if name in f.fields]
    return render(request, "office/province.html", {
        "round": rnd, "held": held, "suggestions": province_suggestions(framework),
        "criteria": _criteria_rows(framework, held), "node": node, "forms": forms, "errors": errors,
    }, status=400 if errors else 200)


def _criteria_rows(framework: fw.Framework, held: dict[str, str]) -> list[tuple[fw.Node, bool, str]]:
    return [(n, n.code in held, held.get(n.code) or n.data_source or "") for n in framework.criteria()]


@login_required
@require_GET
def province_template(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    held = perm.province_held(rnd)
    chosen = frozenset(request.GET.getlist("tieu-chi")) & frozenset(held) or frozenset(held)
    if not chosen:
        messages.error(request, "Chưa chọn tiêu chí nào do tỉnh cung cấp số liệu.")
        return redirect("office:province", slug=rnd.slug)
    data = template_bytes(rnd, round_units(rnd), chosen)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="so-lieu-tinh-{rnd.slug}.xlsx"'
    return response


@login_required
@require_http_methods(["POST"])
def province_upload(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    upload = request.FILES.get("file")
    problems: list[str] = []
    if upload is None:
        problems = ["Chưa chọn tệp"]
    else:
        data = upload.read(imports.upload_limit() + 1)
        try:
            rows = imports.template_read(round=rnd, data=data, actor=request.user)
            report = imports.entries_apply_template(round=rnd, rows=rows, actor=request.user,
                                                    ip=client_ip(request))
        except TemplateImportError as exc:
            problems = truncated([str(p) for p in exc.problems])
        else:
            province_import_audit(round=rnd, changed=report.changed, actor=request.user, ip=client_ip(request))
            messages.success(request, f"Đã nhập {len(report.changed)} dòng số liệu do tỉnh cung cấp; "
                                      f"{report.unchanged} dòng không thay đổi.")
            return redirect("office:province", slug=rnd.slug)
    held = perm.province_held(rnd)
    framework = rnd.framework.parsed()
    return render(request, "office/province.html", {
        "round": rnd, "held": held, "suggestions": province_suggestions(framework),
        "criteria": _criteria_rows(framework, held), "node": None, "forms": [], "errors": problems,
    }, status=400)
