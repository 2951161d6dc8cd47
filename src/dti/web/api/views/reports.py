"""Scores (results, rankings) computed by the engine, and the audit trail — read-only, people only."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from dti.web.api import serializers
from dti.web.api.permissions import IsAuthenticated, PeopleOnly
from dti.web.api.selectors import audit_events, audit_row, unit_results
from dti.web.api.views.common import CleanInputMixin, Pagination, load_round, load_round_unit, param
from dti.web.entries.models import Entry
from dti.web.permissions import api as access

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Mã kỳ đánh giá")
UNIT = OpenApiParameter("unit", str, OpenApiParameter.PATH, description="Mã chính thức, khóa hoặc tên đơn vị")


class RankingView(CleanInputMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated, PeopleOnly]
    serializer_class = serializers.RankingRowSerializer
    pagination_class = Pagination

    @extend_schema(summary="Bảng xếp hạng của kỳ đánh giá (các đơn vị bạn được xem)",
                   responses=serializers.RankingRowSerializer(many=True), parameters=[SLUG, param("parent", "Chỉ các đơn vị thuộc đơn vị cấp trên này (mã)")])
    def get(self, request: Request, slug: str) -> Response:
        rnd = load_round(request, slug)
        units = [u for u in access.visible_units(request, rnd) if access.can_view_result(request, rnd, u)]
        if request.query_params.get("parent"):
            units = [u for u in units if u.parent is not None and u.parent.code == request.query_params["parent"]]
        rows = unit_results(rnd, units) if units else []
        rows.sort(key=lambda r: (r["parent"] or "", r["rank"] or 10**6, r["unit"]))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class UnitResultView(CleanInputMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated, PeopleOnly]
    serializer_class = serializers.UnitResultSerializer

    @extend_schema(summary="Kết quả chấm điểm của một đơn vị trong kỳ (tổng, nhóm, tiêu chí, xếp hạng)",
                   parameters=[SLUG, UNIT])
    def get(self, request: Request, slug: str, unit: str) -> Response:
        rnd, org_unit = load_round_unit(request, slug, unit)
        if not access.can_view_result(request, rnd, org_unit):
            raise PermissionDenied(access.DENIED)
        data = unit_results(rnd, [org_unit])[0]
        return Response(self.get_serializer(data).data | {"groups": data["groups"], "slips": data["slips"]})


class AuditView(CleanInputMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated, PeopleOnly]
    serializer_class = serializers.AuditEventSerializer
    pagination_class = Pagination

    @extend_schema(summary="Nhật ký thay đổi số liệu (chỉ đọc)", responses=serializers.AuditEventSerializer(many=True),
                   parameters=[
        param("round", "Mã kỳ đánh giá"), param("unit", "Mã chính thức của đơn vị"), param("criterion", "Mã tiêu chí"),
        param("action", "Thao tác, ví dụ entry.save, entry.push"),
    ])
    def get(self, request: Request) -> Response:
        entries = access.audit_entries(request)
        p = request.query_params
        filters = {f: p[name] for name, f in (("round", "round__slug"), ("unit", "unit__code"),
                                              ("criterion", "criterion_code")) if p.get(name)}
        if filters:
            entries = (entries if entries is not None else Entry.objects.all()).filter(**filters)
        events = audit_events(entries, filtered=bool(filters))
        if p.get("action"):
            events = events.filter(action=p["action"])
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer([audit_row(e) for e in page], many=True).data)
