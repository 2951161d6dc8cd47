"""The office's writes through the API: create a round, its assignment table, the agency directory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dti.limits import LIST_MAX
from dti.web.api.permissions import IsAuthenticated, PeopleOnly
from dti.web.api.views.common import CleanInputMixin, load_round
from dti.web.frameworks.models import FrameworkVersion
from dti.web.permissions import office
from dti.web.rounds import assignments as assignment_services
from dti.web.rounds.models import DEADLINE_FIELDS, AgencyRole, PeriodKind, Round
from dti.web.rounds.planning import round_plan
from dti.web.rounds.selectors import assignment_table
from dti.web.units.agencies import agency_create
from dti.web.units.models import Agency, OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Mã kỳ đánh giá")


class RoundCreateSerializer(serializers.Serializer):
    framework = serializers.CharField(max_length=80, help_text="Mã bộ chỉ số (phiên bản mới nhất)")
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    units = serializers.ListField(child=serializers.CharField(max_length=80), required=False, max_length=LIST_MAX["units"])
    copy_from = serializers.SlugField(required=False, max_length=100)
    owner_unit = serializers.CharField(required=False, max_length=64)
    name = serializers.CharField(required=False, max_length=300, allow_blank=True)
    slug = serializers.SlugField(required=False, max_length=100, allow_blank=True)
    submission_deadline = serializers.DateField(required=False, allow_null=True)
    agency_submission_deadline = serializers.DateField(required=False, allow_null=True)
    review_deadline = serializers.DateField(required=False, allow_null=True)


class RoundCreatedSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()
    period_label = serializers.CharField(read_only=True)
    framework = serializers.CharField(source="framework.code")

    class Meta:
        model = Round
        fields = ["slug", "name", "framework", "period_kind", "year", "period_number", "period_label", "start", "end",
                  *DEADLINE_FIELDS, "state", "units"]

    def get_units(self, obj: Round) -> int:
        return obj.units.count()


def round_create_from_api(request: Request, data: dict[str, Any]) -> Round:
    owner_unit = office.owner_unit_for(request.user, data.get("owner_unit"))
    fv = FrameworkVersion.objects.filter(code=data["framework"]).order_by("-version").first()
    if fv is None:
        raise ValidationError({"framework": [f"Không có bộ chỉ số '{data['framework']}'"]})
    copy_from = None
    if data.get("copy_from"):
        copy_from = get_object_or_404(Round.objects.select_related("owner_unit"), slug=data["copy_from"])
        if not office.can_manage_round(request.user, copy_from):
            raise PermissionDenied(office.DENIED)
    units = None
    if data.get("units") is not None:
        units = []
        candidates = OrgUnit.objects.filter(path__startswith=owner_unit.path + "/")
        day = _period_end(data)
        bad = []
        for ref in data["units"]:
            try:
                units.append(resolve_unit(ref, within=candidates, on=day))
            except UnitNotFound as exc:
                bad.append(str(exc))
        if bad:
            raise ValidationError({"units": bad})
    elif copy_from is None:
        raise ValidationError({"units": ["Chọn đơn vị tham gia (hoặc sao chép từ một kỳ trước: copy_from)"]})
    deadlines = {f: data[f] for f in DEADLINE_FIELDS if f in data}
    return round_plan(owner_unit=owner_unit, framework=fv, period_kind=data["period_kind"], year=data["year"],
                      number=data.get("number"), units=units, copy_from=copy_from, deadlines=deadlines,
                      name=data.get("name", ""), slug=data.get("slug", ""), actor=request.user)


def _period_end(data: dict[str, Any]) -> dt.date | None:
    from dti.web.rounds.planning import period_validate
    from dti.web.rounds.services import period_dates

    try:
        number = period_validate(data["period_kind"], data["year"], data.get("number"))
    except DjangoValidationError:
        return None
    return period_dates(data["period_kind"], data["year"], number)[1]


class AssignmentRowSerializer(serializers.Serializer):
    criterion = serializers.CharField(max_length=40)
    agency = serializers.IntegerField(help_text="Mã số cơ quan (id trong /api/agencies/)")
    role = serializers.ChoiceField(choices=AgencyRole.values)
    agency_name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)


class AssignmentTableView(CleanInputMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated, PeopleOnly]
    serializer_class = AssignmentRowSerializer
    pagination_class = None

    @extend_schema(summary="Bảng phân công chủ trì/phối hợp của kỳ", parameters=[SLUG],
                   responses=AssignmentRowSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        rnd = load_round(request, slug)
        return Response(assignment_table(rnd))

    @extend_schema(summary="Thay cả bảng phân công (tất cả hoặc không; 400 liệt kê mọi dòng lỗi)",
                   parameters=[SLUG], request=AssignmentRowSerializer(many=True),
                   responses=AssignmentRowSerializer(many=True))
    def put(self, request: Request, slug: str) -> Response:
        rnd = load_round(request, slug)
        if not office.can_manage_round(request.user, rnd):
            raise PermissionDenied(office.DENIED)
        if not isinstance(request.data, list) or len(request.data) > assignment_services.MAX_ROWS:
            raise ValidationError({"rows": [f"Cần một danh sách (tối đa {assignment_services.MAX_ROWS} dòng)"]})
        rows, errors = [], []
        agencies = {a.pk: a for a in Agency.objects.select_related("org_unit").filter(
            pk__in=[r.get("agency") for r in request.data if isinstance(r, dict) and isinstance(r.get("agency"), int)])}
        for i, raw in enumerate(request.data, start=1):
            ser = AssignmentRowSerializer(data=raw)
            if not ser.is_valid():
                errors.extend(f"Dòng {i}: {f}: {' '.join(str(m) for m in ms)}" for f, ms in ser.errors.items())
                continue
            agency = agencies.get(ser.validated_data["agency"])
            if agency is None:
                errors.append(f"Dòng {i}: không có cơ quan mã số {ser.validated_data['agency']}")
                continue
            rows.append(assignment_services.AssignmentRow(ser.validated_data["criterion"], agency,
                                                          ser.validated_data["role"], i))
        checked, _ = assignment_services.assignments_check(rnd, rows)
        errors = sorted(errors + checked, key=_line_of)
        if errors:
            raise ValidationError({"rows": errors})
        assignment_services.assignments_replace(round=rnd, rows=rows, actor=request.user, source="API")
        return Response(assignment_table(rnd))


def _line_of(message: str) -> int:
    head = message.split(":", 1)[0].removeprefix("Dòng ")
    return int(head) if head.isdigit() else 0


class AgencySerializer(serializers.ModelSerializer):
    unit = serializers.CharField(max_length=64, write_only=True, help_text="Mã chính thức, khóa hoặc tên đơn vị")
    unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "code", "unit", "unit_name", "active"]
        read_only_fields = ["id", "code", "active"]

    def to_representation(self, instance: Agency) -> dict[str, Any]:
        out = super().to_representation(instance)
        out["unit"] = instance.org_unit.code
        return out


class AgencyListView(CleanInputMixin, generics.ListCreateAPIView):
    permission_classes = [IsAuthenticated, PeopleOnly]
    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        qs = Agency.objects.select_related("org_unit").order_by("org_unit__code", "name")
        if not office.can_use_office(self.request.user):
            return qs.none()
        scopes = office.owner_units(self.request.user)
        if scopes and not office.perm.is_admin(self.request.user):
            qs = qs.filter(org_unit__path__regex=r"^(" + "|".join(s.path for s in scopes) + r")(/|$)")
        unit = self.request.query_params.get("unit")
        return qs.filter(org_unit__code=unit) if unit else qs

    @extend_schema(summary="Danh mục cơ quan của các đơn vị trong tỉnh bạn phụ trách")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Thêm một cơ quan vào danh mục của một đơn vị",
                   request=inline_serializer("AgencyCreate", {"name": serializers.CharField(),
                                                              "unit": serializers.CharField()}))
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            unit = resolve_unit(ser.validated_data["unit"])
        except UnitNotFound as exc:
            raise ValidationError({"unit": [str(exc)]}) from None
        if not office.can_manage_unit(request.user, unit):
            raise PermissionDenied(office.DENIED)
        agency = agency_create(unit=unit, name=ser.validated_data["name"], actor=request.user)
        return Response(AgencySerializer(agency).data, status=status.HTTP_201_CREATED)
