"""Home (rounds visible to the user), round overview with ranking, and state transitions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.entries.selectors import workflow_counts
from dti.web.permissions import scoping
from dti.web.rounds import services
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    rounds = scoping.visible_rounds(request.user).select_related("framework", "owner_unit")
    return render(request, "rounds/home.html", {"rounds": rounds})


ROUND_PAGE_SIZE = 100


@perm.round_view
@require_GET
def round_detail(request: HttpRequest, rnd: Round) -> HttpResponse:
    """The round's units with their stored results, one page at a time (never re-scored here)."""
    from dti.web.results.models import RoundSummary, UnitResult
    from dti.web.results.selectors import HEAVY

    allowed: QuerySet[OrgUnit] | None = None
    if not perm.can_see_all_units(request.user, rnd):
        allowed = scoping.visible_units(request.user, rnd)
    results = (UnitResult.objects.filter(round=rnd).select_related("unit").defer(*HEAVY)
               .order_by(F("rank").asc(nulls_last=True), "-total", "unit__code"))
    if allowed is not None:
        results = results.filter(unit_id__in=allowed)
    computed = results.exists()
    if computed:
        page = Paginator(results, ROUND_PAGE_SIZE).get_page(request.GET.get("trang"))
        items = [(r.unit, r) for r in page]
    else:
        units = rnd.units.order_by("code") if allowed is None else rnd.units.filter(pk__in=allowed).order_by("code")
        page = Paginator(units, ROUND_PAGE_SIZE).get_page(request.GET.get("trang"))
        items = [(u, None) for u in page]
    counts = workflow_counts(rnd, [u.pk for u, _ in items])
    rows = [{"unit": u, "res": res, "wf": counts.get(u.pk, {})} for u, res in items]
    summary = RoundSummary.objects.filter(round=rnd).first()
    n_units = rnd.units.count() if allowed is None else len(allowed)
    submitted = None
    if summary is not None:
        pending = {code for code, _ in summary.pending}
        submitted = (summary.n_submitted if allowed is None else
                     rnd.units.filter(pk__in=allowed).exclude(code__in=pending).count())
    n_criteria = len(rnd.framework.parsed().criteria())
    return render(request, "rounds/detail.html", {
        "round": rnd, "rows": rows, "page": page, "computed": computed, "n_units": n_units,
        "n_criteria": n_criteria, "submitted": submitted, "can_manage": perm.can_manage_round(request.user, rnd),
        "can_appraise": bool(perm.review_scope(request.user, rnd, items[0][0] if items else rnd.owner_unit)),
        "is_council": perm.is_council(request.user, rnd),
        "transitions": [(a, label) for a, label in ACTIONS if rnd.state in services.TRANSITIONS[a][0]],
    })


ACTIONS = [
    ("round_open", "Mở nhập liệu"), ("round_review", "Chuyển sang thẩm định"),
    ("round_preliminary", "Gửi kết quả sơ bộ"), ("round_publish", "Công bố kết quả…"),
    ("round_close", "Khóa kỳ đánh giá"), ("round_reopen", "Mở lại kỳ đã công bố…"),
]


@perm.round_view
@require_POST
def round_transition(request: HttpRequest, rnd: Round) -> HttpResponse:
    perm.require(perm.can_manage_round(request.user, rnd))
    action = request.POST.get("action", "")
    if action not in services.TRANSITIONS:
        messages.error(request, "Thao tác không hợp lệ")
        return redirect("rounds:detail", slug=rnd.slug)
    if action in ("round_publish", "round_reopen"):
        # publishing shows the checklist and asks for confirmation; reopening asks for a reason
        return redirect("cycle:publication", slug=rnd.slug)
    try:
        services.round_transition(round=rnd, action=action.removeprefix("round_"), actor=request.user,
                                  ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Kỳ đánh giá chuyển sang '{rnd.get_state_display()}'.")
    return redirect("rounds:detail", slug=rnd.slug)
