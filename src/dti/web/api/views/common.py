"""Shared pieces of the API views: pagination, query parameters, object loading."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from dti.web.permissions import api as access
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


def param(name: str, description: str, type_: type = str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description)


def load_round(request: Request, slug: str) -> Round:
    """The round, 404 when it does not exist, 403 when the caller may not see it (as the UI)."""
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    if not access.can_view_round(request, rnd):
        raise PermissionDenied(access.DENIED)
    return rnd


def load_round_unit(request: Request, slug: str, unit_ref: str) -> tuple[Round, OrgUnit]:
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    try:
        unit = resolve_unit(unit_ref, within=rnd.units.all(), on=rnd.end)
    except UnitNotFound as exc:
        raise Http404(str(exc)) from None
    return rnd, unit


class CleanInputMixin:
    """Refuse NUL characters in query and path parameters with a 400: PostgreSQL cannot store or
    compare them, and the database error would otherwise surface as a 500."""

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        params = {**{k: v for k, v in request.query_params.items()}, **{k: str(v) for k, v in kwargs.items()}}
        bad = {k: ["Không được chứa ký tự NUL (\\x00)"] for k, v in params.items() if "\x00" in v or "\x00" in k}
        if bad:
            raise ValidationError(bad)
