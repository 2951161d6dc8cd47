"""Round-level cycle pages for the office: state changes with the publication checklist, deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.cycle.forms import ROUND_ACTIONS, ExtensionForm, TransitionForm
from dti.web.rounds import services
from dti.web.rounds.checklist import checklist_clear, publication_checklist
from dti.web.rounds.extensions import extension_grant, round_unit_reopen
from dti.web.rounds.models import DeadlineExtension, Round
from dti.web.units.models import Agency


def _available(rnd: Round) -> list[tuple[str, str]]:
    return [(a, label) for a, label in ROUND_ACTIONS if rnd.state in services.TRANSITIONS[services.ACTION_KEYS[a]][0]]


@perm.round_view
@require_http_methods(["GET", "POST"])
def publication(request: HttpRequest, rnd: Round) -> HttpResponse:
    """Trạng thái và công bố: the checklist, a confirmation, and an override only with a written reason."""
    perm.require(perm.can_manage_round(request.user, rnd))
    form = TransitionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            if action == "publish" and not form.cleaned_data["confirm"]:
                form.add_error("confirm", "Hãy xác nhận đã xem danh mục kiểm tra trước khi công bố")
            else:
                try:
                    services.round_transition(round=rnd, action=action, actor=request.user, reason=reason,
                                              ip=client_ip(request))
                except ValidationError as exc:
                    form.add_error(None, " ".join(exc.messages))
                else:
                    messages.success(request, f"Kỳ đánh giá chuyển sang '{rnd.get_state_display()}'.")
                    return redirect("cycle:publication", slug=rnd.slug)
        status = 400
    items = publication_checklist(rnd)
    return render(request, "cycle/publication.html", {
        "round": rnd, "form": form, "items": items, "clear": checklist_clear(items), "actions": _available(rnd),
    }, status=status)


@perm.round_view
@require_http_methods(["GET", "POST"])
def extensions(request: HttpRequest, rnd: Round) -> HttpResponse:
    """Gia hạn nộp per unit/agency, and reopening one unit's entry — each with a reason."""
    perm.require(perm.can_manage_round(request.user, rnd))
    form = ExtensionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            unit = rnd.units.filter(code=d["unit"].strip()).first()
            agency = Agency.objects.filter(org_unit=unit, code=d["agency"].strip()).first() if d["agency"] else None
            try:
                if unit is None:
                    raise ValidationError({"unit": [f"Không có đơn vị mã '{d['unit']}' trong kỳ"]})
                if d["agency"] and agency is None:
                    raise ValidationError({"agency": [f"Không có cơ quan mã '{d['agency']}' của {unit.name}"]})
                if d["reopen"]:
                    round_unit_reopen(round=rnd, unit=unit, reason=d["reason"], until=d["until"],
                                      actor=request.user, ip=client_ip(request))
                    messages.success(request, f"Đã mở lại nhập liệu của {unit.name} đến {d['until']:%d/%m/%Y}.")
                else:
                    extension_grant(round=rnd, unit=unit, agency=agency, until=d["until"], reason=d["reason"],
                                    actor=request.user, ip=client_ip(request))
                    messages.success(request, f"Đã gia hạn cho {agency.name if agency else unit.name} "
                                              f"đến {d['until']:%d/%m/%Y}.")
            except ValidationError as exc:
                for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                return redirect("cycle:extensions", slug=rnd.slug)
        status = 400
    rows = DeadlineExtension.objects.filter(round=rnd).select_related("unit", "agency", "granted_by")
    return render(request, "cycle/extensions.html", {"round": rnd, "form": form, "rows": rows,
                                                     "units": rnd.units.order_by("code")}, status=status)
