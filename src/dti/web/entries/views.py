"""Data-entry page (nhập số liệu), live preview, submit, review and evidence — thin views over services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dti.engine.explain import explain
from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.entries import selectors, services
from dti.web.entries.forms import EntryForm, EvidenceForm, ReviewForm
from dti.web.entries.models import Entry, Workflow, to_engine
from dti.web.entries.page import build_page
from dti.web.entries.submission import presubmit_check, submittable_criteria
from dti.web.results.scoring import peer_units, score_round_db
from dti.web.rounds.deadlines import entry_lock_reason
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def _page_url(rnd: Round, unit: OrgUnit, code: str | None = None) -> str:
    url = reverse("entries:unit", args=[rnd.slug, unit.code])
    return f"{url}#c-{code}" if code else url


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{services.FIELD_LABELS.get(f, f)}: {m}" for f, ms in exc.message_dict.items() for m in ms]
    return list(exc.messages)


def wants_json(request: HttpRequest) -> bool:
    """The in-place save (entry.js) asks for JSON; a plain form post gets the page."""
    return request.headers.get("X-Requested-With") == "fetch"


def _error_fields(exc: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    if hasattr(exc, "message_dict"):
        fields = {f: list(ms) for f, ms in exc.message_dict.items() if f != NON_FIELD_ERRORS}
        return fields, list(exc.message_dict.get(NON_FIELD_ERRORS, []))
    return {}, list(exc.messages)


def _saved_json(rnd: Round, unit: OrgUnit, entry: Entry) -> JsonResponse:
    result = score_round_db(rnd, units=peer_units(rnd, unit))
    ur = result.unit_result(unit.code)
    ex = explain(result, unit.code, entry.criterion_code)
    contradiction = selectors.unit_contradictions(result, unit.code, {entry.criterion_code: entry})
    return JsonResponse({
        "ok": True, "code": entry.criterion_code, "version": entry.version,
        "message": f"Đã lưu tiêu chí {entry.criterion_code} (phiên bản {entry.version}).",
        "score": ex["score"], "max_points": ex["max_points"], "formula": ex.get("formula", ""),
        "contradiction": contradiction.get(entry.criterion_code, ""),
        "workflow": entry.workflow, "workflow_label": entry.get_workflow_display(),
        "total": ur["total"], "total_max": ur["max_points"], "percent": ur["percent"],
        "rank": ur["rank"], "rank_of": ur["rank_of"],
    })


def _refused_json(code: str, fields: dict[str, list[str]], general: list[str], status: int) -> JsonResponse:
    parts = [f"{services.FIELD_LABELS.get(f, f)}: {m}" for f, ms in fields.items() for m in ms] + general
    return JsonResponse({"ok": False, "code": code, "errors": fields, "general": general,
                         "message": f"Chưa lưu tiêu chí {code}: " + "; ".join(parts)}, status=status)


@perm.round_unit_view
@require_http_methods(["GET", "POST"])
def unit_entries(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    framework = rnd.framework.parsed()
    bound: EntryForm | None = None
    status = 200
    if request.method == "POST":
        code = request.POST.get("criterion", "")
        node = framework.by_code.get(code)
        if node is None or not node.is_leaf:
            raise Http404("Không có tiêu chí này")
        perm.require(perm.can_edit(request.user, rnd, unit, code))
        bound = EntryForm(request.POST, prefix=f"c-{code}", node=node)
        stale = False
        if bound.is_valid():
            try:
                entry = services.entry_save(
                    round=rnd, unit=unit, criterion_code=code, values=bound.values(),
                    expected_version=bound.cleaned_data["version"], actor=request.user, ip=client_ip(request),
                )
            except ValidationError as exc:
                stale = isinstance(exc, services.StaleEntry)
                fields, general = _error_fields(exc)
                for field, msgs in fields.items():
                    for m in msgs:
                        bound.add_error(field if field in bound.fields else None, m)
                for m in general:
                    bound.add_error(None, m)
            else:
                if wants_json(request):
                    return _saved_json(rnd, unit, entry)
                messages.success(request, f"Đã lưu tiêu chí {code}.")
                return redirect(_page_url(rnd, unit, code))
        status = 409 if stale else 400
        if wants_json(request):
            fields = {f: [str(m) for m in ms] for f, ms in bound.errors.items() if f != NON_FIELD_ERRORS}
            return _refused_json(code, fields, [str(m) for m in bound.non_field_errors()], status)
    result = score_round_db(rnd, units=peer_units(rnd, unit))
    entries = selectors.entries_of_unit(rnd, unit)
    editable = perm.editable_criteria(request.user, rnd, unit)
    # an agency editor lands on their own criteria; "?tat-ca=1" shows all 53
    mine_only = perm.enters_as_agency(request.user, unit) and bool(editable) and request.GET.get("tat-ca") != "1"
    page = build_page(request.user, rnd, unit, result, entries, bound=bound, mine_only=mine_only)
    submittable = sum(
        1 for e in entries.values() if e.workflow in (Workflow.DRAFT, Workflow.RETURNED) and e.criterion_code in page.submittable
    )
    context: dict[str, Any] = {
        "round": rnd, "unit": unit, "framework": framework, "page": page, "res": result.unit_result(unit.code),
        "can_edit_any": bool(editable), "can_review": perm.can_review(request.user, rnd, unit),
        "submittable": submittable, "review_form": ReviewForm(), "evidence_form": EvidenceForm(),
        "sample": any(e.is_sample for e in entries.values()),
        "signed": [(framework.by_code[c], s) for c, s in page.signed.items()],
        "can_recheck": perm.can_recheck(request.user, rnd, unit),
        "failed": bound.node.code if bound is not None else "",
        # the cycle around the page: why saving is refused, where the submit goes, the leader's approval
        "lock_message": entry_lock_reason(rnd, unit) if perm.editable_criteria(
            request.user, rnd, unit, ignore_state=True) else None,
        "to_leader": services.submits_to_leader(unit=unit, actor=request.user),
        "can_unit_approve": perm.can_unit_approve(request.user, rnd, unit),
    }
    return render(request, "entries/unit.html", context, status=status)


@perm.round_unit_view
@require_POST
def preview(request: HttpRequest, rnd: Round, unit: OrgUnit) -> JsonResponse:
    """Score the posted values with the engine, without saving anything; no score while the input is invalid."""
    framework = rnd.framework.parsed()
    code = request.POST.get("criterion", "")
    node = framework.by_code.get(code)
    if node is None or not node.is_leaf:
        return JsonResponse({"ok": False, "problems": [["criterion", "Không có tiêu chí này"]]}, status=404)
    perm.require(perm.can_edit(request.user, rnd, unit, code) or perm.can_review(request.user, rnd, unit))
    form = EntryForm(request.POST, prefix=f"c-{code}", node=node)
    if not form.is_valid():
        problems = [[f, str(m)] for f, ms in form.errors.items() if f != "version" for m in ms]
        return JsonResponse({"ok": False, "problems": problems, "score": None})
    values = form.values()
    existing = Entry.objects.filter(round=rnd, unit=unit, criterion_code=code).values("expert_score", "expert_reason").first()
    if existing:
        values |= existing
    problems = services.check_entry(rnd, unit, code, values)
    if problems:
        # a score of invalid input would contradict the formula and the total on screen: say so instead
        return JsonResponse({"ok": False, "problems": [[f, m] for f, m in problems], "score": None})
    override = to_engine(values, unit.code, code)
    result = score_round_db(rnd, units=peer_units(rnd, unit), override=override)
    ur = result.unit_result(unit.code)
    ex = explain(result, unit.code, code)
    contradiction = selectors.status_contradiction(values.get("status"), ex["score"], ex["max_points"])
    return JsonResponse({
        "ok": True, "problems": [],
        "score": ex["score"], "max_points": ex["max_points"], "formula": ex.get("formula", ""),
        "contradiction": contradiction or "",
        "total": ur["total"], "total_max": ur["max_points"], "percent": ur["percent"],
        "rank": ur["rank"], "rank_of": ur["rank_of"],
    })


@perm.round_unit_view
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    """GET: the pre-submit check; POST with ``xac_nhan``: send the criteria the user may submit."""
    allowed = submittable_criteria(request.user, rnd, unit)
    perm.require(bool(allowed))
    if request.method == "POST" and request.POST.get("xac_nhan") == "1":
        try:
            n = services.entry_submit(round=rnd, unit=unit, actor=request.user, criteria=allowed,
                                      ip=client_ip(request))
        except ValidationError as exc:
            messages.error(request, " ".join(_messages_of(exc)))
        else:
            where = "lãnh đạo đơn vị duyệt" if services.submits_to_leader(unit=unit, actor=request.user) else "thẩm định"
            messages.success(request, f"Đã gửi {n} tiêu chí để {where}.")
        return redirect(_page_url(rnd, unit))
    if request.method == "POST":
        messages.warning(request, "Hãy xem lại danh sách kiểm tra và xác nhận trước khi gửi.")
    entries = selectors.entries_of_unit(rnd, unit)
    result = score_round_db(rnd, units=peer_units(rnd, unit))
    check = presubmit_check(request.user, rnd, unit, entries, result)
    return render(request, "entries/submit.html", {
        "round": rnd, "unit": unit, "check": check, "page_url": _page_url(rnd, unit),
        "to_leader": services.submits_to_leader(unit=unit, actor=request.user)})


@perm.round_unit_view
@require_POST
def review(request: HttpRequest, rnd: Round, unit: OrgUnit, code: str) -> HttpResponse:
    perm.require(perm.can_review(request.user, rnd, unit))
    entry = get_object_or_404(Entry.objects.select_related("round"), round=rnd, unit=unit, criterion_code=code)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect(_page_url(rnd, unit, code))
    action, ip = form.cleaned_data["action"], client_ip(request)
    try:
        if action == "approve":
            services.entry_approve(entry=entry, actor=request.user, ip=ip)
            messages.success(request, f"Đã duyệt tiêu chí {code}.")
        elif action == "return":
            services.entry_return(entry=entry, actor=request.user, comment=form.cleaned_data["comment"], ip=ip)
            messages.success(request, f"Đã trả lại tiêu chí {code}.")
        else:
            services.entry_set_expert_score(
                entry=entry, actor=request.user, score=form.cleaned_data["expert_score"],
                reason=form.cleaned_data["expert_reason"], ip=ip,
            )
            messages.success(request, f"Đã ghi điểm thẩm định tiêu chí {code}.")
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: " + " ".join(_messages_of(exc)))
    return redirect(_page_url(rnd, unit, code))
