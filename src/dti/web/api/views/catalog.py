"""Frameworks, org units and rounds: read-only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dti.web.api import serializers
from dti.web.api.permissions import machine_of
from dti.web.api.views.common import CleanInputMixin, load_round, param
from dti.web.api.views.office import RoundCreatedSerializer, RoundCreateSerializer, round_create_from_api
from dti.web.frameworks.models import FrameworkVersion
from dti.web.permissions import api as access
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit


@extend_schema_view(
    list=extend_schema(summary="Danh sách bộ chỉ số", parameters=[param("code", "Mã bộ chỉ số")]),
    retrieve=extend_schema(summary="Một phiên bản bộ chỉ số, kèm cây tiêu chí"),
)
class FrameworkViewSet(CleanInputMixin, viewsets.ReadOnlyModelViewSet):
    queryset = FrameworkVersion.objects.order_by("code", "-version")

    def get_serializer_class(self) -> type:
        return serializers.FrameworkDetailSerializer if self.action == "retrieve" else serializers.FrameworkSerializer

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        qs = super().get_queryset()
        code = self.request.query_params.get("code")
        return qs.filter(code=code) if code else qs


UNIT_REF = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="Mã chính thức (ví dụ 483), khóa (legacy:483) hoặc tên đầy đủ"
)


@extend_schema_view(
    list=extend_schema(summary="Danh sách đơn vị hành chính", parameters=[
        param("parent", "Mã (hoặc khóa) đơn vị cấp trên"), param("type", "Loại đơn vị, ví dụ huyen, xa"),
        param("level", "Cấp: 1 tỉnh, 2 huyện, 3 xã", int), param("code", "Mã chính thức"),
        param("structure", "Hệ thống: legacy (3 cấp) hoặc 2025 (2 cấp)"),
        param("name", "Tên tiếng Việt đầy đủ (tìm như ô tìm kiếm của trang web)"),
    ]),
    retrieve=extend_schema(summary="Một đơn vị, theo mã chính thức, khóa hoặc tên", parameters=[UNIT_REF]),
)
class UnitViewSet(CleanInputMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.UnitSerializer
    queryset = OrgUnit.objects.select_related("parent").order_by("level", "code", "key")
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[OrgUnit]:
        qs = super().get_queryset()
        p = self.request.query_params
        if p.get("parent"):
            qs = qs.filter(parent__in=OrgUnit.objects.filter(code=p["parent"]) | OrgUnit.objects.filter(key=p["parent"]))
        for field in ("type", "code", "structure"):
            if p.get(field):
                qs = qs.filter(**{field: p[field]})
        if p.get("level"):
            qs = qs.filter(level=p["level"]) if p["level"].isdigit() else qs.none()
        if p.get("name"):
            try:
                qs = qs.filter(pk=resolve_unit(p["name"], within=qs).pk)
            except UnitNotFound:
                # none, or several (the same name before and after a reorganisation): list them all
                qs = qs.filter(name__iexact=p["name"].strip())
        return qs

    def get_object(self) -> OrgUnit:
        try:
            return resolve_unit(self.kwargs["code"], within=super().get_queryset())
        except UnitNotFound as exc:
            raise Http404(str(exc)) from None


@extend_schema_view(
    list=extend_schema(summary="Các kỳ đánh giá bạn được xem", parameters=[
        param("state", "Trạng thái: draft, open, review, published, closed"), param("year", "Năm", int),
    ]),
    retrieve=extend_schema(summary="Một kỳ đánh giá"),
)
class RoundViewSet(CleanInputMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    lookup_field = "slug"
    queryset = Round.objects.none()  # per caller: see access.visible_rounds

    def get_serializer_class(self) -> type:
        return serializers.RoundDetailSerializer if self.action == "retrieve" else serializers.RoundSerializer

    def get_queryset(self) -> list[Round]:  # type: ignore[override]
        rounds = access.visible_rounds(self.request)
        p = self.request.query_params
        if p.get("state"):
            rounds = [r for r in rounds if r.state == p["state"]]
        if p.get("year"):
            rounds = [r for r in rounds if str(r.year) == p["year"]]
        return rounds

    def get_object(self) -> Round:
        return load_round(self.request, self.kwargs["slug"])

    @extend_schema(summary="Tạo kỳ đánh giá (dự thảo), có thể sao chép từ một kỳ trước",
                   request=RoundCreateSerializer, responses={201: RoundCreatedSerializer})
    def create(self, request: Request) -> Response:
        if machine_of(request) is not None:
            raise PermissionDenied(access.DENIED)
        ser = RoundCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        rnd = round_create_from_api(request, dict(ser.validated_data))
        return Response(RoundCreatedSerializer(rnd).data, status=status.HTTP_201_CREATED)
