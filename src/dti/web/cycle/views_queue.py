"""The appraiser's queue (units × criteria), bulk approve with a preview, bulk return, comment threads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.cycle import selectors, services
from dti.web.cycle.forms import BulkForm, CommentForm
from dti.web.entries.models import Entry
from dti.web.rounds.models import Round


@perm.round_view
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest, rnd: Round) -> HttpResponse:
    units = selectors.reviewable_units(request.user, rnd)
    perm.require(bool(units))
    tab = request.GET.get("tab", "cho-duyet")
    if tab not in selectors.TABS:
        tab = "cho-duyet"
    unit_code, code = request.GET.get("don-vi", "")[:40], request.GET.get("tieu-chi", "")[:40]
    rows = selectors.appraisal_queue(request.user, rnd, tab=tab, unit_code=unit_code, code=code)
    by_id = {r.entry.pk: r for r in rows}
    form = BulkForm(request.POST or None, ids=list(by_id))
    preview: list[selectors.QueueRow] = []
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        else:
            # only rows of this user's queue can be chosen: the queue is their appraisal scope
            chosen = [by_id[i].entry for i in form.cleaned_data["entries"]]
            action = form.cleaned_data["action"]
            if action == "preview":
                preview = [by_id[e.pk] for e in chosen]
                if not preview:
                    messages.error(request, "Chưa chọn tiêu chí nào")
            else:
                try:
                    if action == "approve":
                        n = services.entries_bulk_approve(entries=chosen, actor=request.user, ip=client_ip(request))
                        messages.success(request, f"Đã duyệt {n} tiêu chí.")
                    else:
                        n = services.entries_bulk_return(entries=chosen, actor=request.user,
                                                         comment=form.cleaned_data["comment"],
                                                         ip=client_ip(request))
                        messages.success(request, f"Đã trả lại {n} tiêu chí.")
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                return redirect(request.get_full_path())
    return render(request, "cycle/queue.html", {
        "round": rnd, "rows": rows, "tab": tab, "tabs": selectors.TABS, "counts": selectors.queue_counts(request.user, rnd),
        "units": units, "unit_code": unit_code, "code": code, "preview": preview, "form": form,
        "can_act": rnd.in_review,
    })


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """The comment thread of one criterion of one unit, between the unit and the appraisers."""
    entry = get_object_or_404(Entry.objects.select_related("round__framework", "round__owner_unit", "unit"), pk=pk)
    rnd = entry.round
    perm.require(perm.can_view_unit(request.user, rnd, entry.unit))
    may_write = (perm.can_send_feedback(request.user, rnd, entry.unit)
                 or bool(perm.review_scope(request.user, rnd, entry.unit)) or perm.can_manage_round(request.user, rnd))
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        perm.require(may_write)
        if form.is_valid():
            try:
                services.comment_add(entry=entry, actor=request.user, text=form.cleaned_data["text"],
                                     ip=client_ip(request))
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, "Đã gửi trao đổi.")
                return redirect("cycle:thread", pk=entry.pk)
    node = rnd.framework.parsed().by_code.get(entry.criterion_code)
    return render(request, "cycle/thread.html", {
        "round": rnd, "entry": entry, "node": node, "comments": entry.comments.select_related("author"),
        "feedback": entry.feedback.select_related("author", "answered_by"), "form": form, "may_write": may_write,
        "entry_url": reverse("entries:unit", args=[rnd.slug, entry.unit.code]) + f"#c-{entry.criterion_code}",
        "diff": selectors.value_diff(entry.previous_values, entry.submitted_values),
    })
