"""Data-entry page (nhập số liệu), live preview, submit, review and evidence — thin views over services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dti.engine.explain import explain
from dti.web.accounts import permissions as perm
from dti.web.entries import selectors, services, write
from dti.web.entries.evidence import signed_statuses
from dti.web.entries.evidence_views import can_recheck
from dti.web.entries.forms import EntryForm, EvidenceForm, ReviewForm, initial_from
from dti.web.entries.models import Entry, to_engine
from dti.web.rounds.deadlines import entry_lock_reason
from dti.web.rounds.models import Round
from dti.web.rounds.scoring import peer_units, score_round_db
from dti.web.units.models import OrgUnit


def _page_url(rnd: Round, unit: OrgUnit, code: str | None = None) -> str:
    url = reverse("entries:unit", args=[rnd.slug, unit.code])
    return f"{url}#c-{code}" if code else url


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{services.FIELD_LABELS.get(f, f)}: {m}" for f, ms in exc.message_dict.items() for m in ms]
    return list(exc.messages)


@perm.round_unit_view
@require_http_methods(["GET", "POST"])
def unit_entries(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    framework = rnd.framework.parsed()
    editable = perm.editable_criteria(request.user, rnd, unit)
    files = perm.evidence_criteria(request.user, rnd, unit)
    bound: EntryForm | None = None
    status = 200
    stale = False
    if request.method == "POST":
        code = request.POST.get("criterion", "")
        node = framework.by_code.get(code)
        if node is None or not node.is_leaf:
            raise Http404("Không có tiêu chí này")
        perm.require(perm.can_edit(request.user, rnd, unit, code))
        bound = EntryForm(request.POST, prefix=f"c-{code}", node=node)
        if bound.is_valid():
            try:
                services.entry_save(
                    round=rnd, unit=unit, criterion_code=code, values=bound.values(),
                    expected_version=bound.cleaned_data["version"], actor=request.user, ip=perm.client_ip(request),
                )
            except ValidationError as exc:
                stale = isinstance(exc, services.StaleEntry)
                for field, msgs in getattr(exc, "message_dict", {}).items():
                    if field in bound.fields:
                        for m in msgs:
                            bound.add_error(field, m)
                if not hasattr(exc, "message_dict"):
                    bound.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"Đã lưu tiêu chí {code}.")
                return redirect(_page_url(rnd, unit, code))
        status = 409 if stale else 400
    result = score_round_db(rnd, units=peer_units(rnd, unit))
    unit_result = result.unit_result(unit.code)
    entries = selectors.entries_of_unit(rnd, unit)
    agencies = selectors.assignments_by_criterion(rnd, unit)
    rows = selectors.page_rows(framework)
    review = perm.can_review(request.user, rnd, unit)
    signed = signed_statuses(entries, framework)
    held = perm.province_held(rnd)
    for row in rows:
        code = row.node.code
        if code in result.index:
            row.result = explain(result, unit.code, code) if row.is_criterion else {}
            k = result.index[code]
            row.result["group_score"] = None if result.unscored[k] else float(result.score[k, result.unit_index[unit.code]])
            row.result["group_max"] = None if result.unscored[k] else float(result.eff_max[k, result.unit_index[unit.code]])
        if not row.is_criterion:
            continue
        row.entry = entries.get(code)
        row.can_see_files = files is perm.ALL or code in files
        row.signed = signed.get(code)
        row.agencies = agencies.get(code, [])
        row.province_source = held.get(code, "")
        row.editable = (editable is perm.ALL or code in editable) and write.editable(row.entry)
        if bound is not None and bound.node.code == code:
            row.form = bound
        else:
            row.form = EntryForm(initial=initial_from(row.entry), prefix=f"c-{code}", node=row.node)
        if not row.editable:
            for f in row.form.fields.values():
                f.disabled = True
    submittable = services.submit_candidates(round=rnd, unit=unit, actor=request.user,
                                             criteria=editable).count() if editable else 0
    context: dict[str, Any] = {
        "round": rnd, "unit": unit, "framework": framework, "rows": rows, "res": unit_result,
        "can_edit_any": bool(editable), "can_review": review, "submittable": submittable,
        "review_form": ReviewForm(), "evidence_form": EvidenceForm(),
        "sample": any(e.is_sample for e in entries.values()),
        "signed": [(framework.by_code[c], s) for c, s in signed.items()],
        "can_recheck": can_recheck(request.user, rnd, unit),
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
    """Score the posted values with the engine, without saving anything."""
    framework = rnd.framework.parsed()
    code = request.POST.get("criterion", "")
    node = framework.by_code.get(code)
    if node is None or not node.is_leaf:
        return JsonResponse({"ok": False, "problems": [["criterion", "Không có tiêu chí này"]]}, status=404)
    perm.require(perm.can_edit(request.user, rnd, unit, code) or perm.can_review(request.user, rnd, unit))
    form = EntryForm(request.POST, prefix=f"c-{code}", node=node)
    if not form.is_valid():
        problems = [[f, str(m)] for f, ms in form.errors.items() if f != "version" for m in ms]
        return JsonResponse({"ok": False, "problems": problems})
    values = form.values()
    existing = Entry.objects.filter(round=rnd, unit=unit, criterion_code=code).values("expert_score", "expert_reason").first()
    if existing:
        values |= existing
    problems = services.check_entry(rnd, unit, code, values)
    override = to_engine(values, unit.code, code)
    result = score_round_db(rnd, units=peer_units(rnd, unit), override=override)
    ur = result.unit_result(unit.code)
    ex = explain(result, unit.code, code)
    return JsonResponse({
        "ok": not problems,
        "problems": [[f, m] for f, m in problems],
        "score": ex["score"], "max_points": ex["max_points"], "formula": ex.get("formula", ""),
        "total": ur["total"], "total_max": ur["max_points"], "percent": ur["percent"],
        "rank": ur["rank"], "rank_of": ur["rank_of"],
    })


@perm.round_unit_view
@require_POST
def submit(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    allowed = perm.editable_criteria(request.user, rnd, unit)
    perm.require(bool(allowed))
    try:
        n = services.entry_submit(round=rnd, unit=unit, actor=request.user, criteria=allowed, ip=perm.client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
    else:
        where = "lãnh đạo đơn vị duyệt" if services.submits_to_leader(unit=unit, actor=request.user) else "thẩm định"
        messages.success(request, f"Đã gửi {n} tiêu chí để {where}.")
    return redirect(_page_url(rnd, unit))


@perm.round_unit_view
@require_POST
def review(request: HttpRequest, rnd: Round, unit: OrgUnit, code: str) -> HttpResponse:
    perm.require(perm.can_review(request.user, rnd, unit))
    entry = get_object_or_404(Entry.objects.select_related("round"), round=rnd, unit=unit, criterion_code=code)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect(_page_url(rnd, unit, code))
    action, ip = form.cleaned_data["action"], perm.client_ip(request)
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
