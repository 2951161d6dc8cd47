"""Home (rounds visible to the user), round overview with ranking, and state transitions."""

from __future__ import annotations

import numpy as np
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dti.engine.scoring import RoundResult
from dti.web.accounts import permissions as perm
from dti.web.core.vi import vi_sort_key
from dti.web.entries.selectors import workflow_counts
from dti.web.rounds import services
from dti.web.rounds.models import Round
from dti.web.rounds.scoring import round_units, score_round_db


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    rounds = [r for r in Round.objects.select_related("framework", "owner_unit") if perm.can_view_round(request.user, r)]
    return render(request, "rounds/home.html", {"rounds": rounds})


@perm.round_view
@require_GET
def round_detail(request: HttpRequest, rnd: Round) -> HttpResponse:
    units = round_units(rnd)
    if not perm.can_see_all_units(request.user, rnd):
        units = [u for u in units if perm.can_view_unit(request.user, rnd, u)]
    result = score_round_db(rnd) if units else None
    counts = workflow_counts(rnd)
    rows = [{"unit": u, "res": _summary(result, u.code) if result else {}, "wf": counts.get(u.pk, {})} for u in units]
    rows.sort(key=lambda x: (x["res"].get("rank") or 10**6, vi_sort_key(x["unit"].name)))
    n_criteria = len(rnd.framework.parsed().criteria())
    submitted = sum(1 for x in rows if x["wf"] and not x["wf"].get("draft") and not x["wf"].get("returned"))
    return render(request, "rounds/detail.html", {
        "round": rnd, "rows": rows, "n_criteria": n_criteria, "submitted": submitted,
        "can_manage": perm.can_manage_round(request.user, rnd),
        "can_appraise": any(perm.review_scope(request.user, rnd, u) for u in units[:1] or [rnd.owner_unit]),
        "is_council": perm.is_council(request.user, rnd),
        "transitions": [(a, label) for a, label in ACTIONS if rnd.state in services.TRANSITIONS[a][0]],
    })


def _summary(result: RoundResult, code: str) -> dict[str, object]:
    """The ranking-table figures of one unit, read from the engine's arrays (no per-unit tree walk)."""
    j = result.unit_index[code]
    out: dict[str, object] = {"status_counts": result.status_counts(j)}
    if result.scored:
        # the engine's printed figures: the same numbers as `dti score`, the stored results and documents
        rank, rank_of = result.rank_at(len(result.nodes), j)
        pct = None if np.isnan(result.percent[j]) else float(result.percent[j])
        out.update(
            total=float(result.printed_total[j]), max_points=float(result.total_max[j]),
            percent=pct, rank=rank, rank_of=rank_of, **{"class": result.classify(j)},
        )
    return out


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
                                  ip=perm.client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Kỳ đánh giá chuyển sang '{rnd.get_state_display()}'.")
    return redirect("rounds:detail", slug=rnd.slug)
