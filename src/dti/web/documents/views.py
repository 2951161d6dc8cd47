"""Document pages and downloads. Thin: data from ``build``, writes through ``services``;
every view checks permissions server-side."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dti.reports import PdfError, ReportError
from dti.web import permissions as perm
from dti.web.documents import build, services
from dti.web.documents.forms import NotesForm, RoundSettingsForm, SettingsForm
from dti.web.documents.models import (
    BatchState,
    DocumentBatch,
    ReportNotes,
    RoundDocumentSettings,
    UnitDocumentSettings,
)
from dti.web.permissions import documents as access
from dti.web.permissions import results as results_access
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _round_unit(request: HttpRequest, slug: str, unit: str) -> tuple[Round, OrgUnit]:
    rnd, org_unit = perm.load_round_unit(slug, unit)
    perm.require(access.can_download(request.user, rnd, org_unit))
    return rnd, org_unit


def _file_response(path: Path, display: str) -> HttpResponse:
    # read into memory: the temporary directory is gone once the view returns
    ext = path.suffix.lstrip(".")
    response = HttpResponse(path.read_bytes(), content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = build.content_disposition(path.name, display)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def unit_page(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    rnd, org_unit = _round_unit(request, slug, unit)
    can_notes = access.can_edit_notes(request.user, rnd, org_unit)
    can_settings = access.can_edit_settings(request.user, org_unit)
    notes = ReportNotes.objects.filter(round=rnd, unit=org_unit).first()
    cfg = UnitDocumentSettings.objects.filter(unit=org_unit).first()
    notes_form = NotesForm(instance=notes, prefix="nd")
    settings_form = SettingsForm(instance=cfg, prefix="tt")
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "notes":
            perm.require(can_notes)
            notes_form = NotesForm(request.POST, instance=notes, prefix="nd")
            if notes_form.is_valid():
                try:
                    services.report_notes_save(round=rnd, unit=org_unit, data=notes_form.cleaned_data,
                                               acting_user=request.user)
                except ValidationError as exc:
                    notes_form.add_error(None, exc)
                else:
                    messages.success(request, "Đã lưu nội dung văn bản.")
                    return redirect("documents:unit", slug=rnd.slug, unit=org_unit.code)
        elif which == "settings":
            perm.require(can_settings)
            settings_form = SettingsForm(request.POST, instance=cfg, prefix="tt")
            if settings_form.is_valid():
                services.unit_settings_save(unit=org_unit, data=settings_form.cleaned_data, acting_user=request.user)
                messages.success(request, "Đã lưu thể thức văn bản của đơn vị.")
                return redirect("documents:unit", slug=rnd.slug, unit=org_unit.code)
        else:
            return HttpResponse("Biểu mẫu không hợp lệ", status=400)
    return render(request, "documents/unit.html", {
        "round": rnd, "unit": org_unit, "notes_form": notes_form, "settings_form": settings_form,
        "can_notes": can_notes, "notes_locked": services.notes_refusal(rnd), "can_settings": can_settings, "kinds": build.KINDS,
        "can_round_workbooks": access.can_download_round(request.user, rnd),
    })


@login_required
@require_GET
def document(request: HttpRequest, slug: str, unit: str, kind: str, fmt: str) -> HttpResponse:
    rnd, org_unit = _round_unit(request, slug, unit)
    if kind not in build.KINDS or fmt not in build.FORMATS:
        raise Http404("Không có loại văn bản này")
    with tempfile.TemporaryDirectory(prefix="dti-doc-") as tmp:
        try:
            path = build.unit_document(rnd, org_unit, kind, fmt, Path(tmp),
                                       appraised=results_access.can_see_appraised(request.user, rnd, org_unit))
        except (ReportError, PdfError) as exc:
            return render(request, "documents/error.html", {"round": rnd, "unit": org_unit, "error": str(exc)},
                          status=409 if isinstance(exc, ReportError) else 503)
        return _file_response(path, build.display_name(kind, org_unit, fmt))


@login_required
@require_GET
def unit_workbook(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    rnd, org_unit = _round_unit(request, slug, unit)
    with tempfile.TemporaryDirectory(prefix="dti-xlsx-") as tmp:
        path = build.workbook(rnd, "unit", Path(tmp), unit=org_unit,
                              appraised=results_access.can_see_appraised(request.user, rnd, org_unit))
        return _file_response(path, f"Bảng tính chi tiết – {org_unit.name}.xlsx")


@perm.round_view
@require_GET
def round_workbook(request: HttpRequest, rnd: Round, kind: str) -> HttpResponse:
    perm.require(access.can_download_round(request.user, rnd))
    if kind not in build.WORKBOOKS or kind == "unit":
        raise Http404("Không có bảng tính này")
    with tempfile.TemporaryDirectory(prefix="dti-xlsx-") as tmp:
        path = build.workbook(rnd, kind, Path(tmp))
        return _file_response(path, f"{build.WORKBOOKS[kind]} – {rnd.name}.xlsx")


@perm.round_view
@require_GET
def round_document(request: HttpRequest, rnd: Round, kind: str, fmt: str) -> HttpResponse:
    """Báo cáo tổng hợp / Quyết định công bố of the whole round: for those who see the dashboard."""
    perm.require(access.can_download_round(request.user, rnd))
    if kind not in build.ROUND_KINDS or fmt not in build.FORMATS:
        raise Http404("Không có loại văn bản này")
    with tempfile.TemporaryDirectory(prefix="dti-doc-") as tmp:
        try:
            path = build.round_document(rnd, kind, Path(tmp) / f"{kind}-{rnd.slug}.{fmt}", fmt=fmt)
        except (ReportError, PdfError) as exc:
            return render(request, "documents/error.html", {"round": rnd, "unit": None, "error": str(exc)},
                          status=409 if isinstance(exc, ReportError) else 503)
        return _file_response(path, f"{build.ROUND_KINDS[kind]} – {rnd.name}.{fmt}")


@perm.round_view
@require_http_methods(["GET", "POST"])
def round_settings(request: HttpRequest, rnd: Round, kind: str) -> HttpResponse:
    """The office sets số, ngày, người ký, nơi nhận of the round's tổng hợp / công bố before issuing."""
    perm.require(access.can_batch(request.user, rnd))
    if kind not in build.ROUND_KINDS:
        raise Http404("Không có loại văn bản này")
    cfg = RoundDocumentSettings.objects.filter(round=rnd, kind=kind).first()
    form = RoundSettingsForm(request.POST or None, instance=cfg)
    if kind != "tong-hop":
        del form.fields["proposals"]  # only the báo cáo tổng hợp has a section III to write
    if request.method == "POST" and form.is_valid():
        try:
            services.round_settings_save(round=rnd, kind=kind, data=form.cleaned_data, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu thể thức {build.ROUND_KINDS[kind].lower()}.")
            return redirect("documents:batches", slug=rnd.slug)
    return render(request, "documents/round_settings.html", {
        "round": rnd, "kind": kind, "label": build.ROUND_KINDS[kind], "form": form,
    })


@perm.round_view
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest, rnd: Round) -> HttpResponse:
    perm.require(access.can_batch(request.user, rnd))
    if request.method == "POST":
        try:
            batch = services.batch_request(round=rnd, kind=request.POST.get("kind", ""),
                                           fmt=request.POST.get("fmt", ""), acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.batch_start(batch)
            batch.refresh_from_db()
            if batch.state == BatchState.FAILED:
                messages.error(request, f"Không tạo được văn bản: {batch.error}")
            elif batch.state == BatchState.DONE:
                messages.success(request, f"Đã tạo {batch.n_units} văn bản.")
            else:
                messages.success(request, "Đã gửi yêu cầu; tải lại trang khi trạng thái là “Đã xong”.")
        return redirect("documents:batches", slug=rnd.slug)
    return render(request, "documents/batches.html", {
        "round": rnd, "batches": DocumentBatch.objects.filter(round=rnd)[:20], "kinds": build.KINDS,
        "round_kinds": build.ROUND_KINDS,
    })


@perm.round_view
@require_GET
def batch_download(request: HttpRequest, rnd: Round, pk: int) -> FileResponse:
    perm.require(access.can_batch(request.user, rnd))
    batch = get_object_or_404(DocumentBatch, pk=pk, round=rnd, state=BatchState.DONE)
    if not batch.file:
        raise Http404("Tệp chưa sẵn sàng")
    response = FileResponse(batch.file.open("rb"), content_type=CONTENT_TYPES["zip"])
    name = f"{batch.kind}-{batch.fmt}-{rnd.slug}.zip"
    response["Content-Disposition"] = build.content_disposition(
        name, f"{build.KINDS[batch.kind]} ({batch.fmt.upper()}) – {rnd.name}.zip")
    return response
