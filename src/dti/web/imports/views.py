"""Download a pre-filled template for a round; upload it back (all problems at once, or all applied)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dti.importers.template_xlsx import LABELS, TemplateImportError
from dti.limits import PROBLEMS_SHOWN, more_line
from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.imports import selectors, services
from dti.web.rounds.models import Round
from dti.web.units.resolver import UnitNotFound, resolve_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp mẫu đã điền (.xlsx)", error_messages={"required": "Chưa chọn tệp"})


@perm.round_view
@require_GET
def template_download(request: HttpRequest, rnd: Round) -> HttpResponse:
    """``?don-vi=CODE`` for one unit; without it every unit of the round the user may fill."""
    unit = None
    if ref := request.GET.get("don-vi", "").strip():
        try:
            unit = resolve_unit(ref, within=rnd.units.all(), on=rnd.end)
        except UnitNotFound as exc:
            raise Http404(str(exc)) from None
    scope = selectors.template_scope(request.user, rnd, unit)
    perm.require(bool(scope.units) and scope.criteria != frozenset())
    data = selectors.template_bytes(rnd, scope.units, scope.criteria)
    name = f"mau-{rnd.slug}-{unit.code if unit else 'nhieu-don-vi'}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@perm.round_view
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, rnd: Round) -> HttpResponse:
    scope = selectors.template_scope(request.user, rnd)
    editable = selectors.edit_scope(request.user, rnd, ignore_state=True)
    # owners may download every unit's template to hand out; only editors may upload
    perm.require(bool(editable) or bool(scope.units))
    if request.method == "POST":
        perm.require(bool(editable))
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read(services.upload_limit() + 1)  # one byte over is enough to refuse
        try:
            rows = services.template_read(round=rnd, data=data, actor=request.user)
            report = services.entries_apply_template(round=rnd, rows=rows, actor=request.user,
                                                     ip=client_ip(request))
        except TemplateImportError as exc:
            problems, status = exc.problems, 400
        else:
            messages.success(request, f"Đã nhập {len(report.changed)} tiêu chí; {report.unchanged} dòng không thay đổi.")
            return redirect(reverse("imports:upload", args=[rnd.slug]))
    elif request.method == "POST":
        status = 400
    units = scope.units
    shown = problems[:PROBLEMS_SHOWN]
    return render(request, "imports/upload.html", {
        "round": rnd, "form": form, "problems": problems,
        "problem_rows": [(p, LABELS.get(p.field or "", "")) for p in shown],
        "more_problems": more_line(len(problems) - len(shown)) if len(problems) > len(shown) else "",
        "units": units, "many": len(units) > 1,
        "agency_only": scope.criteria is not None, "open": rnd.accepts_entries and bool(editable),
    }, status=status)
