"""Evidence (minh chứng) views: upload, checked download, signature re-check and the round's register."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dti.engine.numbers import fmt_date
from dti.evidence import EvidenceRecord, duplicate_message, find_duplicates
from dti.exports.xlsx import safe_cell, save_workbook
from dti.web import permissions as perm
from dti.web.audit.services import audit_record
from dti.web.core.clientaddr import client_ip
from dti.web.entries.evidence import evidence_attach, evidence_recheck, file_status
from dti.web.entries.forms import EvidenceForm
from dti.web.entries.models import Evidence
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def _page_url(rnd: Round, unit: OrgUnit, code: str | None = None) -> str:
    url = reverse("entries:unit", args=[rnd.slug, unit.code])
    return f"{url}#c-{code}" if code else url


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for ms in exc.message_dict.values() for m in ms)
    return " ".join(exc.messages)


@perm.round_unit_view
@require_POST
def evidence_upload(request: HttpRequest, rnd: Round, unit: OrgUnit, code: str) -> HttpResponse:
    perm.require(perm.can_edit(request.user, rnd, unit, code))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"Tiêu chí {code}: chưa chọn tệp minh chứng")
        return redirect(_page_url(rnd, unit, code))
    try:
        ev = evidence_attach(round=rnd, unit=unit, criterion_code=code, upload=form.cleaned_data["file"],
                             actor=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: {_errors(exc)}")
        return redirect(_page_url(rnd, unit, code))
    text = f"Đã đính kèm '{ev.original_name}' cho tiêu chí {code}."
    if ev.signature_check is not None:
        text += f" Kiểm tra chữ ký số: {ev.signature_verdict}"
    (messages.success if ev.signature_check is None or ev.signature_ok else messages.warning)(request, text)
    return redirect(_page_url(rnd, unit, code))


def _evidence_of(rnd: Round, unit: OrgUnit, pk: int) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("entry"), pk=pk, entry__round=rnd, entry__unit=unit)


@perm.round_unit_view
@require_GET
def evidence_download(request: HttpRequest, rnd: Round, unit: OrgUnit, pk: int) -> FileResponse:
    """The evidence access rule (``perm.evidence_criteria``); always an attachment, never sniffed, audited."""
    ev = _evidence_of(rnd, unit, pk)
    perm.require(perm.can_open_evidence(request.user, rnd, unit, ev.entry.criterion_code))
    if not ev.file:
        raise PermissionDenied
    audit_record(actor=request.user, action="evidence.download", obj=ev, ip=client_ip(request),
                 new={"entry": ev.entry_id, "sha256": ev.sha256})
    response = FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.original_name,
                            content_type=ev.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # only local paths: never an open redirect
    return target if target.startswith("/") and not target.startswith("//") else fallback


@perm.round_unit_view
@require_POST
def evidence_recheck_view(request: HttpRequest, rnd: Round, unit: OrgUnit, pk: int) -> HttpResponse:
    perm.require(perm.can_recheck(request.user, rnd, unit))
    ev = _evidence_of(rnd, unit, pk)
    try:
        ev = evidence_recheck(evidence=ev, actor=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"Đã kiểm tra lại '{ev.original_name}': {ev.signature_verdict}")
    return redirect(_back(request, _page_url(rnd, unit, ev.entry.criterion_code)))


# --- register (sổ minh chứng) ---------------------------------------------------------------------

def register_scope(user: Any, rnd: Round) -> Q | None:
    """Which evidence of the round the user may list: all (``Q()``), some, or None (no access).

    The same rule as downloads (``perm.evidence_criteria``): viewers see published scores, not the files.
    """
    if perm.can_recheck(user, rnd, rnd.owner_unit):
        return Q()
    full: list[int] = []
    partial: list[Q] = []
    for unit in rnd.units.all():
        allowed = perm.evidence_criteria(user, rnd, unit)
        if allowed is perm.ALL:
            full.append(unit.pk)
        elif allowed:
            partial.append(Q(entry__unit=unit, entry__criterion_code__in=allowed))
    if not full and not partial:
        return None
    scope = Q(entry__unit_id__in=full)
    for q in partial:
        scope |= q
    return scope


def register_rows(rnd: Round, evidence: QuerySet[Evidence]) -> list[dict[str, Any]]:
    framework = rnd.framework.parsed()
    items = list(evidence.select_related("entry__unit", "uploaded_by").order_by(
        "entry__unit__code", "entry__criterion_code", "uploaded_at", "pk"))
    records = {
        ev.pk: EvidenceRecord(
            unit=ev.entry.unit.name, criterion=ev.entry.criterion_code,
            uploader=ev.uploaded_by.get_username() if ev.uploaded_by else "", uploaded_at=ev.uploaded_at,
            filename=ev.original_name, size=ev.size, kind=ev.extension, sha256=ev.sha256,
        ) for ev in items
    }
    groups = find_duplicates(records.values())
    rows = []
    for ev in items:
        node = framework.by_code.get(ev.entry.criterion_code)
        group = groups.get(ev.sha256, [])
        user = ev.uploaded_by
        rows.append({
            "ev": ev, "unit": ev.entry.unit, "criterion": ev.entry.criterion_code,
            "criterion_name": node.name if node else "", "requires_signed": bool(node and node.requires_signed_evidence),
            "uploader": (user.get_full_name() or user.get_username()) if user else "",
            "used_in": f"{ev.entry.unit.name} – tiêu chí {ev.entry.criterion_code}",
            "duplicate": duplicate_message(group) if group else "",
            "status": file_status(ev),
        })
    return rows


HEADERS = ["STT", "Đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Tên tệp", "Người tải lên", "Thời gian tải lên",
           "Dung lượng (byte)", "Loại tệp", "SHA-256", "Nơi sử dụng", "Kết luận chữ ký số", "Kiểm tra lúc",
           "Trùng lặp"]


def _when(value: Any) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H:%M} {fmt_date(local.date())}"


def _table(rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    return [[
        i, r["unit"].name, r["criterion"], r["criterion_name"], r["ev"].original_name, r["uploader"],
        _when(r["ev"].uploaded_at), r["ev"].size, r["ev"].kind_label or r["ev"].extension.upper(),
        r["ev"].sha256, r["used_in"], r["ev"].signature_verdict, _when(r["ev"].verified_at), r["duplicate"],
    ] for i, r in enumerate(rows, start=1)]


def _export(rnd: Round, rows: list[dict[str, Any]], fmt: str) -> HttpResponse:
    name = f"so-minh-chung-{rnd.slug}"
    if fmt == "xlsx":
        buf = io.BytesIO()
        save_workbook([("Sổ minh chứng", HEADERS, _table(rows), {"widths": {3: 40, 4: 36, 9: 66, 11: 60, 13: 50}})],
                      buf)
        response = HttpResponse(
            buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(HEADERS)
        writer.writerows([[safe_cell(v) for v in row] for row in _table(rows)])
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@perm.round_view
@require_GET
def register(request: HttpRequest, rnd: Round) -> HttpResponse:
    scope = register_scope(request.user, rnd)
    perm.require(scope is not None)
    visible = Evidence.objects.filter(entry__round=rnd).filter(scope)
    units = OrgUnit.objects.filter(pk__in=visible.values("entry__unit")).order_by("code")
    unit_code, code = request.GET.get("don_vi", ""), request.GET.get("tieu_chi", "")
    chosen = visible
    if unit_code:
        chosen = chosen.filter(entry__unit__code=unit_code)
    if code:
        chosen = chosen.filter(entry__criterion_code=code)
    rows = register_rows(rnd, chosen)
    fmt = request.GET.get("dinh_dang", "")
    if fmt in ("csv", "xlsx"):
        audit_record(actor=request.user, action="evidence.register_export", obj=rnd, ip=client_ip(request),
                     new={"format": fmt, "unit": unit_code, "criterion": code, "rows": len(rows)})
        return _export(rnd, rows, fmt)
    codes = sorted(set(visible.values_list("entry__criterion_code", flat=True)))
    context = {
        "round": rnd, "rows": rows, "units": units, "codes": codes, "unit_code": unit_code, "code": code,
        "n_duplicates": sum(1 for r in rows if r["duplicate"]),
        "can_recheck": perm.can_recheck(request.user, rnd, rnd.owner_unit),
        "query": request.GET.urlencode(),
    }
    return render(request, "evidence/register.html", context)
