"""Results pages: unit scorecard, explanations, what-if, round dashboard, history, public pages.

Thin views: data comes from selectors/explain/context; every view checks permissions server-side.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from dti.web import permissions as perm
from dti.web.permissions import results as access
from dti.web.results import selectors, services
from dti.web.results.context import scorecard_context
from dti.web.results.explain import criterion_explanation, group_explanation, peer_result, simulate
from dti.web.results.models import RoundSummary
from dti.web.rounds.models import Round, RoundState
from dti.web.targets.selectors import round_overview
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit

PAGE_SIZE = 50
MAP_CACHE_SECONDS = 300


def _scorecard_unit(request: HttpRequest, slug: str, unit: str, *, public: bool) -> tuple[Round, OrgUnit]:
    rnd, org_unit = perm.load_round_unit(slug, unit)
    if public:
        if not rnd.results_public:
            raise Http404("Kết quả kỳ này chưa công bố")
    else:
        perm.require(access.can_view_scorecard(request.user, rnd, org_unit))
    return rnd, org_unit


def _scorecard(request: HttpRequest, slug: str, unit: str, *, public: bool) -> HttpResponse:
    rnd, org_unit = _scorecard_unit(request, slug, unit, public=public)
    res = selectors.unit_result_of(rnd, org_unit)
    if res is None:
        if public:
            raise Http404("Chưa có kết quả")
        return render(request, "results/not_computed.html", {"round": rnd, "unit": org_unit,
                      "can_manage": perm.can_manage_round(request.user, rnd)})
    ctx = scorecard_context(rnd, org_unit, res, public=public,
                            show_appraised=public or access.can_see_appraised(request.user, rnd, org_unit))
    ctx["can_dashboard"] = not public and access.can_view_dashboard(request.user, rnd)
    return render(request, "results/scorecard.html", ctx)


@login_required
@require_GET
def scorecard(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    return _scorecard(request, slug, unit, public=False)


@require_GET
def public_scorecard(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    return _scorecard(request, slug, unit, public=True)


def _explain(request: HttpRequest, slug: str, unit: str, code: str, *, public: bool) -> JsonResponse:
    rnd, org_unit = _scorecard_unit(request, slug, unit, public=public)
    try:
        out = criterion_explanation(rnd, org_unit, code, result=peer_result(rnd, org_unit),
                                    with_files=not public and access.can_download_evidence(request.user, rnd, org_unit))
    except KeyError:
        raise Http404(f"Không có tiêu chí '{code}'") from None
    return JsonResponse(out, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def criterion(request: HttpRequest, slug: str, unit: str, code: str) -> JsonResponse:
    return _explain(request, slug, unit, code, public=False)


@require_GET
def public_criterion(request: HttpRequest, slug: str, unit: str, code: str) -> JsonResponse:
    return _explain(request, slug, unit, code, public=True)


def _group(request: HttpRequest, slug: str, unit: str, code: str, *, public: bool) -> JsonResponse:
    rnd, org_unit = _scorecard_unit(request, slug, unit, public=public)
    res = selectors.unit_result_of(rnd, org_unit)
    if res is None:
        raise Http404("Chưa có kết quả")
    try:
        out = group_explanation(res.data, code)
    except KeyError:
        raise Http404(f"Không có nhóm '{code}'") from None
    return JsonResponse(out, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def group(request: HttpRequest, slug: str, unit: str, code: str) -> JsonResponse:
    return _group(request, slug, unit, code, public=False)


@require_GET
def public_group(request: HttpRequest, slug: str, unit: str, code: str) -> JsonResponse:
    return _group(request, slug, unit, code, public=True)


@login_required
@require_POST
def whatif(request: HttpRequest, slug: str, unit: str) -> JsonResponse:
    """CSRF-protected (Django middleware) JSON simulation; nothing is written."""
    rnd, org_unit = _scorecard_unit(request, slug, unit, public=False)
    try:
        payload = json.loads(request.body or b"{}")
        return JsonResponse(simulate(rnd, org_unit, payload), json_dumps_params={"ensure_ascii": False})
    except json.JSONDecodeError:
        return JsonResponse({"error": "Dữ liệu gửi lên không phải JSON"}, status=400)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)


def _ranking_context(request: HttpRequest, rnd: Round) -> dict[str, Any]:
    parent = request.GET.get("cap-tren", "").strip()
    sort = request.GET.get("sap-xep", "hang")
    q = request.GET.get("tim", "").strip()[:100]
    page = Paginator(selectors.ranking(rnd, parent=parent or None, sort=sort, q=q), PAGE_SIZE).get_page(
        request.GET.get("trang"))
    return {"page": page, "parent": parent, "sort": sort if sort in selectors.SORTS else "hang", "q": q,
            "parents": selectors.parents_of(rnd), "batch": selectors.batch_of(rnd)}


def _charts(rnd: Round, parent: str | None, summary: RoundSummary | None, points_url: str) -> dict[str, Any]:
    """Chart data from the round's summary row (a parent's from its rows); map points by URL."""
    query = f"?{urlencode({'cap-tren': parent})}" if parent else ""
    return {"histogram": selectors.histogram(rnd, parent=parent, summary=summary),
            "groups": selectors.group_averages(rnd, parent=parent, summary=summary),
            "points_url": points_url + query}


def _points(request: HttpRequest, rnd: Round, *, public: bool) -> JsonResponse:
    """Map points, cached per round, batch and parent: derived data that changes only with a recompute."""
    parent = request.GET.get("cap-tren", "").strip()[:40] or None
    batch = selectors.batch_of(rnd)
    stamp = batch.computed_at.timestamp() if batch else 0
    key = f"dti:ban-do:{rnd.pk}:{stamp}:{parent or ''}"
    points = cache.get(key)
    if points is None:
        points = selectors.map_points(rnd, parent=parent)
        cache.set(key, points, MAP_CACHE_SECONDS)
    response = JsonResponse({"points": points}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, max_age=MAP_CACHE_SECONDS, **({"public": True} if public else {"private": True}))
    return response


@perm.round_view
@require_GET
def dashboard_points(request: HttpRequest, rnd: Round) -> JsonResponse:
    perm.require(access.can_view_dashboard(request.user, rnd))
    return _points(request, rnd, public=False)


@require_GET
def public_points(request: HttpRequest, slug: str) -> JsonResponse:
    rnd = get_object_or_404(Round, slug=slug)
    if not rnd.results_public:
        raise Http404("Kết quả kỳ này chưa công bố")
    return _points(request, rnd, public=True)


@perm.round_view
@require_GET
def dashboard(request: HttpRequest, rnd: Round) -> HttpResponse:
    perm.require(access.can_view_dashboard(request.user, rnd))
    ctx = _ranking_context(request, rnd)
    summary = selectors.summary_of(rnd)
    ctx.update(round=rnd, charts=_charts(rnd, ctx["parent"] or None, summary,
                                         reverse("results:dashboard_points", args=[rnd.slug])),
               progress=selectors.submission_progress(rnd, summary=summary),
               can_manage=perm.can_manage_round(request.user, rnd), public=False,
               frozen=ctx["batch"] is not None and ctx["batch"].round_state in services.PUBLIC_STATES
               and rnd.results_public,
               target_overview=round_overview(rnd, rnd.framework.parsed()),
               appraisal=selectors.self_vs_appraised(rnd, parent=ctx["parent"] or None))
    return render(request, "results/dashboard.html", ctx)


@perm.round_view
@require_POST
def recompute(request: HttpRequest, rnd: Round) -> HttpResponse:
    perm.require(perm.can_manage_round(request.user, rnd))
    try:
        services.results_enqueue(round=rnd, acting_user=request.user)
    except services.ResultsFrozen as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã gửi yêu cầu tính lại kết quả; trang sẽ cập nhật khi tính xong.")
    return redirect("results:dashboard", slug=rnd.slug)


@login_required
@require_GET
def history(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        unit = resolve_unit(ref)
    except UnitNotFound as exc:
        raise Http404(str(exc)) from None
    rows = [r for r in selectors.history(unit) if access.can_view_scorecard(request.user, r.round, r.unit)]
    if not rows and not perm.is_admin(request.user):
        perm.require(False)
    return render(request, "results/history.html", _history_context(unit, rows))


def _history_context(unit: OrgUnit, rows: list[Any]) -> dict[str, Any]:
    predecessors = sorted({r.unit for r in rows if r.unit_id != unit.pk}, key=lambda u: u.name)
    series: dict[str, list[Any]] = {}
    for r in rows:
        series.setdefault(r.unit.name, []).append({"x": r.round.period_label, "y": r.percent})
    chart = {"labels": list(dict.fromkeys(r.round.period_label for r in rows)),
             "series": [{"name": k, "points": v} for k, v in series.items()]}
    return {"unit": unit, "rows": rows, "predecessors": predecessors, "chart": chart}


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.filter(state__in=[RoundState.PUBLISHED, RoundState.CLOSED]).select_related("framework")
    return render(request, "results/public_index.html", {"rounds": rounds})


@require_GET
def public_round(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = get_object_or_404(Round.objects.select_related("framework"), slug=slug)
    if not rnd.results_public:
        raise Http404("Kết quả kỳ này chưa công bố")
    ctx = _ranking_context(request, rnd)
    ctx.update(round=rnd, charts=_charts(rnd, ctx["parent"] or None, selectors.summary_of(rnd),
                                         reverse("results:public_points", args=[rnd.slug])), public=True)
    return render(request, "results/public_round.html", ctx)
