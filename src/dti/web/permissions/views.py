"""View guards: load the round (and unit) or 404, check the predicate or 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from dti.web.permissions.core import can_view_round, can_view_unit
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này")


def load_round_unit(slug: str, unit_ref: str) -> tuple[Round, OrgUnit]:
    """The round by slug and one of its units by code/name; 404 when either does not exist."""
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    try:
        unit = resolve_unit(unit_ref, within=rnd.units.all(), on=rnd.end)
    except UnitNotFound as exc:
        raise Http404(str(exc)) from None
    return rnd, unit


ViewFn = Callable[..., HttpResponse]


def round_unit_view(view: ViewFn) -> ViewFn:
    """Login + load (404) + ``can_view_unit`` (403) for views taking ``slug`` and ``unit``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, unit: str, *args: Any, **kwargs: Any) -> HttpResponse:
        rnd, org_unit = load_round_unit(slug, unit)
        require(can_view_unit(request.user, rnd, org_unit))
        return view(request, rnd, org_unit, *args, **kwargs)

    return wrapper


def round_view(view: ViewFn) -> ViewFn:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
        require(can_view_round(request.user, rnd))
        return view(request, rnd, *args, **kwargs)

    return wrapper
