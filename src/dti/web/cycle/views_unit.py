"""The unit's side of the cycle: the leader's approval, and feedback on preliminary results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.cycle import selectors, services
from dti.web.cycle.forms import AnswerForm, FeedbackForm, LeaderForm
from dti.web.entries.evidence import evidence_add
from dti.web.entries.models import Entry, Feedback, Workflow
from dti.web.entries.services import entry_return, entry_unit_approve
from dti.web.results.selectors import unit_result_of, walk
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def _criteria_rows(rnd: Round, unit: OrgUnit) -> dict[str, dict[str, object]]:
    res = unit_result_of(rnd, unit)
    if res is None:
        return {}
    return {n["code"]: n for n, _, _ in walk(res.data) if not n.get("children")}


@perm.round_unit_view
@require_http_methods(["GET", "POST"])
def unit_approval(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    """Lãnh đạo đơn vị duyệt: what the unit's editors and agencies sent, approved and submitted as a whole."""
    perm.require(perm.can_unit_approve(request.user, rnd, unit))
    form = LeaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        try:
            if form.cleaned_data["action"] == "approve":
                n = entry_unit_approve(round=rnd, unit=unit, actor=request.user, ip=ip)
                messages.success(request, f"Đã duyệt và gửi {n} tiêu chí lên thẩm định.")
            else:
                entry = Entry.objects.filter(round=rnd, unit=unit, criterion_code=form.cleaned_data["criterion"]).first()
                if entry is None:
                    raise ValidationError("Không có tiêu chí này")
                entry_return(entry=entry, actor=request.user, comment=form.cleaned_data["comment"], ip=ip,
                             by_leader=True)
                messages.success(request, f"Đã trả lại tiêu chí {entry.criterion_code} cho người nhập.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("cycle:unit_approval", slug=rnd.slug, unit=unit.code)
    entries = list(Entry.objects.filter(round=rnd, unit=unit).select_related("entered_by").order_by("criterion_code"))
    scores = _criteria_rows(rnd, unit)
    framework = rnd.framework.parsed()
    rows = [{"entry": e, "node": framework.by_code.get(e.criterion_code), "result": scores.get(e.criterion_code, {})}
            for e in entries]
    counts = {w: sum(1 for e in entries if e.workflow == w) for w in Workflow.values}
    return render(request, "cycle/unit_approval.html", {
        "round": rnd, "unit": unit, "ready": [r for r in rows if r["entry"].workflow == Workflow.READY],
        "counts": counts, "n_criteria": len(framework.criteria()), "res": unit_result_of(rnd, unit),
    })


@perm.round_unit_view
@require_http_methods(["GET", "POST"])
def unit_feedback(request: HttpRequest, rnd: Round, unit: OrgUnit) -> HttpResponse:
    """Ý kiến về kết quả sơ bộ: the unit's appraised vs self scores per criterion, and its feedback."""
    perm.require(perm.can_send_feedback(request.user, rnd, unit) or perm.is_council(request.user, rnd))
    form = FeedbackForm(request.POST or None, request.FILES or None)
    closed = services.feedback_open_reason(rnd)
    if request.method == "POST":
        perm.require(perm.can_send_feedback(request.user, rnd, unit))
        if form.is_valid():
            entry = Entry.objects.filter(round=rnd, unit=unit, criterion_code=form.cleaned_data["criterion"]).first()
            try:
                if entry is None:
                    raise ValidationError("Tiêu chí này chưa có số liệu")
                ev = None
                if form.cleaned_data.get("file"):
                    ev = evidence_add(entry=entry, upload=form.cleaned_data["file"], actor=request.user,
                                      ip=client_ip(request))
                services.feedback_send(entry=entry, actor=request.user, text=form.cleaned_data["text"],
                                       explanation=form.cleaned_data["explanation"], evidence=ev,
                                       ip=client_ip(request))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Đã gửi ý kiến về tiêu chí {entry.criterion_code}.")
            return redirect("cycle:unit_feedback", slug=rnd.slug, unit=unit.code)
        messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
    show = rnd.state in ("preliminary", "published", "closed")
    scores = _criteria_rows(rnd, unit) if show else {}
    entries = {e.criterion_code: e for e in Entry.objects.filter(round=rnd, unit=unit)}
    fb: dict[str, list[Feedback]] = {}
    for f in Feedback.objects.filter(entry__round=rnd, entry__unit=unit).select_related("answered_by"):
        fb.setdefault(f.entry.criterion_code, []).append(f)
    rows = [{"node": node, "result": scores.get(node.code, {}), "entry": entries.get(node.code),
             "feedback": fb.get(node.code, [])}
            for node in rnd.framework.parsed().criteria()]
    return render(request, "cycle/unit_feedback.html", {
        "round": rnd, "unit": unit, "rows": rows, "closed": closed, "show": show, "res": unit_result_of(rnd, unit),
    })


@perm.round_view
@require_http_methods(["GET", "POST"])
def council_feedback(request: HttpRequest, rnd: Round) -> HttpResponse:
    """The council's list of feedback: accept (adjusting the score) or reject, each with a reason."""
    perm.require(perm.is_council(request.user, rnd))
    if request.method == "POST":
        form = AnswerForm(request.POST)
        fb = Feedback.objects.filter(entry__round=rnd, pk=request.POST.get("feedback", "0")[:12] or 0).first()
        if fb is None:
            messages.error(request, "Không có ý kiến này")
        elif not form.is_valid():
            messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        else:
            try:
                services.feedback_answer(feedback=fb, actor=request.user,
                                         accept=form.cleaned_data["decision"] == "accept",
                                         answer=form.cleaned_data["answer"], score=form.cleaned_data["score"],
                                         ip=client_ip(request))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Đã trả lời ý kiến của {fb.entry.unit.name} về tiêu chí "
                                          f"{fb.entry.criterion_code}.")
        return redirect("cycle:feedback", slug=rnd.slug)
    rows = list(selectors.feedback_of_round(rnd, status=None))
    return render(request, "cycle/council_feedback.html", {
        "round": rnd, "open": [f for f in rows if f.status == "open"], "answered": [f for f in rows if f.status != "open"],
        "form": AnswerForm(),
    })
