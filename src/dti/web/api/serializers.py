"""Representations of the API resources; writes only validate shapes, services do the rest."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dti.engine.entries import Status
from dti.engine.framework import Node
from dti.engine.numbers import fmt_number
from dti.engine.rules import rule_of
from dti.limits import LABELS, NUMBER_ABS_MAX, TEXT_MAX
from dti.web.entries.models import Entry
from dti.web.frameworks.models import FrameworkVersion
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

# DRF's Vietnamese catalogue covers few messages: every field of ours speaks Vietnamese
VI_ERRORS = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống (null).",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ.",
    "max_value": "Giá trị không được lớn hơn {max_value}.",
    "min_value": "Giá trị không được nhỏ hơn {min_value}.",
    "max_length": "Không được dài quá {max_length} ký tự.",
    "max_string_length": "Số quá lớn.",
    "invalid_choice": "'{input}' không phải lựa chọn hợp lệ.",
    "not_a_list": "Phải là một danh sách.",
}
FIELD_ERRORS = {
    serializers.IntegerField: {"invalid": "Phải là số nguyên."},
    serializers.FloatField: {"invalid": "Phải là số."},
    serializers.BooleanField: {"invalid": "Phải là true hoặc false."},
    serializers.DateField: {"invalid": "Ngày không hợp lệ, dùng dạng YYYY-MM-DD.", "datetime": "Phải là ngày, không phải ngày giờ."},
    serializers.CharField: {"invalid": "Phải là chuỗi ký tự."},
}


def bounded_text(field: str) -> serializers.CharField:
    """A free-text input bounded by ``dti.limits`` (the form, the files and the services use the same number)."""
    limit = TEXT_MAX[field]
    out = serializers.CharField(
        allow_blank=True, allow_null=True, required=False, max_length=limit,
        error_messages={"max_length": f"{LABELS[field]}: dài quá {fmt_number(limit, 0)} ký tự"},
    )
    out._own_messages = frozenset({"max_length"})  # type: ignore[attr-defined]
    return out


def bounded_number(field: str) -> serializers.FloatField:
    out = serializers.FloatField(
        allow_null=True, required=False, min_value=-NUMBER_ABS_MAX, max_value=NUMBER_ABS_MAX,
        error_messages={m: f"{LABELS[field]}: số quá lớn (giá trị tuyệt đối tối đa {fmt_number(NUMBER_ABS_MAX, 0)})"
                        for m in ("max_value", "min_value")},
    )
    out._own_messages = frozenset({"max_value", "min_value"})  # type: ignore[attr-defined]
    return out


class ViSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            own = getattr(field, "_own_messages", frozenset())
            for key in field.error_messages:
                if key in VI_ERRORS and key not in own:
                    field.error_messages[key] = VI_ERRORS[key]
            for cls, messages in FIELD_ERRORS.items():
                if isinstance(field, cls):
                    field.error_messages.update(messages)
        return fields


STATUS_CHOICES = [(s.key, s.label) for s in Status]


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkVersion
        fields = ["id", "code", "version", "name", "kind", "sha256", "loaded_at"]


class FrameworkDetailSerializer(FrameworkSerializer):
    max_points = serializers.SerializerMethodField()
    precision = serializers.SerializerMethodField()
    classification = serializers.SerializerMethodField()
    nodes = serializers.SerializerMethodField(help_text="Cây chỉ số: trụ cột → nhóm → chỉ số → tiêu chí")

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "max_points", "precision", "classification", "nodes"]

    def get_max_points(self, obj: FrameworkVersion) -> float | None:
        return obj.parsed().total_max

    def get_precision(self, obj: FrameworkVersion) -> int:
        return obj.parsed().precision

    @extend_schema_field({"type": "array", "items": {
        "type": "object", "required": ["at_least_percent", "label"],
        "properties": {"at_least_percent": {"type": "number"}, "label": {"type": "string"}}}})
    def get_classification(self, obj: FrameworkVersion) -> list[dict[str, Any]]:
        return [b.model_dump(mode="json") for b in obj.parsed().classification]

    @extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": True}})
    def get_nodes(self, obj: FrameworkVersion) -> list[dict[str, Any]]:
        return [_node_data(n) for n in obj.parsed().nodes]


def _node_data(node: Node) -> dict[str, Any]:
    """A node as in the framework file; a leaf also lists the inputs its rule reads (the rule says)."""
    data = node.model_dump(mode="json", exclude_none=True, exclude={"children"})
    if node.children:
        data["children"] = [_node_data(c) for c in node.children]
    else:
        data["inputs"] = [{"name": i.name, "label": i.label, "kind": i.kind} for i in rule_of(node.rule).input_fields()]
    return data


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None, read_only=True)
    parent_key = serializers.CharField(source="parent.key", allow_null=True, default=None, read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["key", "code", "name", "type", "type_label", "level", "structure", "parent", "parent_key",
                  "path", "lat", "lon", "valid_from", "valid_to"]


class RoundSerializer(serializers.ModelSerializer):
    framework_code = serializers.CharField(source="framework.code", read_only=True)
    framework_version = serializers.IntegerField(source="framework.version", read_only=True)
    owner_unit = serializers.CharField(source="owner_unit.code", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    period_label = serializers.CharField(read_only=True)

    class Meta:
        model = Round
        fields = ["slug", "name", "framework", "framework_code", "framework_version", "owner_unit",
                  "period_kind", "year", "period_number", "period_label", "start", "end",
                  "submission_deadline", "review_deadline", "state", "state_label"]


class RoundDetailSerializer(RoundSerializer):
    units = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "units"]

    def get_units(self, obj: Round) -> list[str]:
        return [u.code for u in obj.units.order_by("code")]


class EntrySerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.slug", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    criterion = serializers.CharField(source="criterion_code", read_only=True)
    status = serializers.SerializerMethodField()
    updated_by = serializers.CharField(source="updated_by.username", allow_null=True, default=None, read_only=True)
    source = serializers.SerializerMethodField(
        help_text="Nguồn dữ liệu của lần lưu gần nhất (ví dụ Hue-S); null khi do người dùng nhập"
    )

    class Meta:
        model = Entry
        fields = ["id", "round", "unit", "unit_name", "criterion", "status", "done", "numerator", "denominator",
                  "count", "value", "value_is_percent", "date", "text", "explanation", "stated", "expert_score",
                  "expert_reason", "workflow", "review_comment", "is_sample", "version", "updated_by",
                  "updated_at", "source"]

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES, allow_null=True))
    def get_status(self, obj: Entry) -> str | None:
        return Status(obj.status).key if obj.status else None

    def get_source(self, obj: Entry) -> str | None:
        return self.context.get("sources", {}).get(obj.pk)


class EntryValuesSerializer(ViSerializer):
    """The inputs of one criterion (fields left out keep their value on PATCH)."""

    status = serializers.ChoiceField(choices=STATUS_CHOICES, allow_null=True, required=False)
    done = serializers.BooleanField(allow_null=True, required=False)
    numerator = bounded_number("numerator")
    denominator = bounded_number("denominator")
    count = bounded_number("count")
    value = bounded_number("value")
    value_is_percent = serializers.BooleanField(required=False)
    date = serializers.DateField(allow_null=True, required=False)
    text = bounded_text("text")
    explanation = bounded_text("explanation")
    version = serializers.IntegerField(
        min_value=0, required=False, help_text="Phiên bản đang sửa (khóa lạc quan); hoặc tiêu đề If-Match"
    )

    def to_values(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.pop("version", None)
        if "status" in data:
            data["status"] = int(Status[data["status"].upper()]) if data["status"] else None
        return data


class EntryCreateSerializer(EntryValuesSerializer):
    round = serializers.CharField(max_length=100, help_text="Mã kỳ đánh giá (slug)")
    unit = serializers.CharField(max_length=200, help_text="Mã chính thức, khóa hoặc tên đầy đủ của đơn vị")
    criterion = serializers.CharField(max_length=40, help_text="Mã tiêu chí, ví dụ III.1")

    def to_values(self) -> dict[str, Any]:
        data = super().to_values()
        for key in ("round", "unit", "criterion"):
            data.pop(key, None)
        return data


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text="Tên đăng nhập hoặc tên nguồn dữ liệu")
    is_data_source = serializers.BooleanField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)
    ip = serializers.CharField(allow_null=True)


class RankingRowSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    total = serializers.FloatField(allow_null=True, help_text="Điểm thẩm định (điểm chính thức, dùng để xếp hạng)")
    self_total = serializers.FloatField(allow_null=True, required=False, help_text="Điểm tự đánh giá của đơn vị")
    max_points = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    classification = serializers.CharField(allow_null=True, source="class")
    rank = serializers.IntegerField(allow_null=True)
    rank_of = serializers.IntegerField(allow_null=True)
    status_counts = serializers.DictField(child=serializers.IntegerField())


class UnitResultSerializer(RankingRowSerializer):
    """The engine's ``unit_result`` (scorecard of one unit), documented loosely below the totals."""

    total_unrounded = serializers.FloatField(allow_null=True)
    self_total_unrounded = serializers.FloatField(allow_null=True, required=False)
    n_appraised = serializers.IntegerField(required=False, help_text="Số tiêu chí đã thẩm định")
    groups = serializers.ListField(
        child=serializers.DictField(),
        help_text="Nhóm → tiêu chí: score (thẩm định), self_score (tự đánh giá); tiêu chí có appraised (đã thẩm định)")
    slips = serializers.ListField(child=serializers.DictField())
    targets = serializers.DictField(required=False)
