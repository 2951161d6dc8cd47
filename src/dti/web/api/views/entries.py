"""Entries (số liệu): read, create and update through the entries' one write path with optimistic locking."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dti.web.api import serializers
from dti.web.api.errors import Conflict, PreconditionRequired
from dti.web.api.selectors import entry_sources
from dti.web.api.services import entry_push
from dti.web.api.views.common import CleanInputMixin, param
from dti.web.core.clientaddr import client_ip
from dti.web.entries.models import Entry
from dti.web.permissions import api as access
from dti.web.rounds.models import Round
from dti.web.units.resolver import UnitNotFound, resolve_unit

IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=False,
    description='Phiên bản đang sửa, như tiêu đề ETag của GET (ví dụ "3"); thay cho trường version',
)
ERRORS = {
    400: OpenApiResponse(description="Dữ liệu không hợp lệ (fields nêu từng trường)"),
    403: OpenApiResponse(description="Không có quyền với đơn vị/tiêu chí này"),
    404: OpenApiResponse(description="Không tìm thấy"),
    409: OpenApiResponse(description="Phiên bản đã cũ, kỳ đánh giá không nhận số liệu, hoặc số liệu đã gửi"),
}
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def _if_match(request: Request) -> int | None:
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    m = _ETAG.match(raw.strip())
    if m is None:
        raise ValidationError({"If-Match": ['Tiêu đề If-Match phải là số phiên bản, ví dụ "3"']})
    return int(m.group(1))


def _expected_version(request: Request, body_version: int | None, *, default: int | None) -> int:
    header = _if_match(request)
    if header is not None and body_version is not None and header != body_version:
        raise ValidationError({"version": [f"Trường version ({body_version}) khác tiêu đề If-Match ({header})"]})
    version = header if header is not None else body_version
    if version is None:
        if default is None:
            raise PreconditionRequired()
        return default
    return version


@extend_schema_view(
    list=extend_schema(summary="Số liệu bạn được xem", parameters=[
        param("round", "Mã kỳ đánh giá"), param("unit", "Mã chính thức của đơn vị"),
        param("criterion", "Mã tiêu chí"), param("workflow", "draft, submitted, approved, returned"),
    ]),
    retrieve=extend_schema(summary="Một số liệu (tiêu đề ETag = phiên bản)"),
)
class EntryViewSet(CleanInputMixin, viewsets.GenericViewSet):
    serializer_class = serializers.EntrySerializer
    queryset = Entry.objects.none()  # per caller: see access.visible_entries
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Entry]:
        qs = access.visible_entries(self.request).select_related("round", "unit", "updated_by")
        p = self.request.query_params
        for name, field in (("round", "round__slug"), ("unit", "unit__code"), ("criterion", "criterion_code"),
                            ("workflow", "workflow")):
            if p.get(name):
                qs = qs.filter(**{field: p[name]})
        return qs.order_by("round__slug", "unit__code", "criterion_code", "pk")

    def _render(self, entries: list[Entry], **kwargs: Any) -> Any:
        context = self.get_serializer_context() | {"sources": entry_sources(e.pk for e in entries)}
        return serializers.EntrySerializer(entries, context=context, **kwargs).data

    def _entry_response(self, entry: Entry, code: int = 200) -> Response:
        response = Response(self._render([entry], many=True)[0], status=code)
        response["ETag"] = f'"{entry.version}"'
        return response

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._render(page, many=True))

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._entry_response(self._get(pk))

    def _get(self, pk: str) -> Entry:
        if not pk.isdigit():
            raise Http404("Mã số liệu phải là số")
        return get_object_or_404(self.get_queryset(), pk=int(pk))

    @extend_schema(summary="Tạo số liệu cho một tiêu chí của một đơn vị", request=serializers.EntryCreateSerializer,
                   responses={201: serializers.EntrySerializer, **ERRORS}, parameters=[IF_MATCH])
    def create(self, request: Request) -> Response:
        body = serializers.EntryCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rnd = Round.objects.select_related("framework").filter(slug=data["round"]).first()
        if rnd is None:
            raise ValidationError({"round": [f"Không có kỳ đánh giá '{data['round']}'"]})
        if not access.can_view_round(request, rnd):
            raise PermissionDenied(access.DENIED)
        try:
            unit = resolve_unit(data["unit"], within=rnd.units.all(), on=rnd.end)
        except UnitNotFound as exc:
            raise ValidationError({"unit": [f"{exc} trong kỳ đánh giá '{rnd.name}'"]}) from None
        code = data["criterion"].strip()
        access.check_edit(request, rnd, unit, code)
        existing = Entry.objects.filter(round=rnd, unit=unit, criterion_code=code).values_list("pk", "version").first()
        if existing is not None and data.get("version") is None and _if_match(request) is None:
            raise Conflict(f"Đã có số liệu tiêu chí {code} của '{unit.name}' (mã số {existing[0]}, phiên bản "
                           f"{existing[1]}): hãy sửa bằng PATCH /api/entries/{existing[0]}/", code="stale_version")
        entry = entry_push(
            round=rnd, unit=unit, criterion_code=code, values=body.to_values(),
            expected_version=_expected_version(request, data.get("version"), default=0),
            actor=request.user, token=access.machine_of(request), ip=client_ip(request),
        )
        return self._entry_response(entry, status.HTTP_201_CREATED)

    @extend_schema(summary="Thay toàn bộ số liệu (trường bỏ trống = xóa)", request=serializers.EntryValuesSerializer,
                   responses={200: serializers.EntrySerializer, 428: OpenApiResponse(description="Thiếu phiên bản"),
                              **ERRORS},
                   parameters=[IF_MATCH])
    def update(self, request: Request, pk: str) -> Response:
        return self._save(request, pk, partial=False)

    @extend_schema(summary="Sửa một số trường của số liệu", request=serializers.EntryValuesSerializer,
                   responses={200: serializers.EntrySerializer, 428: OpenApiResponse(description="Thiếu phiên bản"),
                              **ERRORS},
                   parameters=[IF_MATCH])
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._save(request, pk, partial=True)

    def _save(self, request: Request, pk: str, *, partial: bool) -> Response:
        entry = self._get(pk)
        body = serializers.EntryValuesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        access.check_edit(request, entry.round, entry.unit, entry.criterion_code)
        expected = _expected_version(request, body.validated_data.get("version"), default=None)
        if partial:
            # the engine validates the whole entry (numerator ≤ denominator…), not only the sent fields
            values = {f: getattr(entry, f) for f in Entry.INPUT_FIELDS} | body.to_values()
        else:
            values = {f: None for f in Entry.INPUT_FIELDS} | {"value_is_percent": False} | body.to_values()
        saved = entry_push(
            round=entry.round, unit=entry.unit, criterion_code=entry.criterion_code, values=values,
            expected_version=expected, actor=request.user, token=access.machine_of(request), ip=client_ip(request),
        )
        return self._entry_response(saved)
