"""Django admin for tokens: issuing goes through the token services and shows the secret once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from dti.web.api import tokens
from dti.web.api.models import DataSource, MachineToken, PersonalToken
from dti.web.units.models import OrgUnit


class MachineTokenIssueForm(forms.ModelForm):
    source_name = forms.CharField(label="Tên nguồn dữ liệu", max_length=60, help_text="ví dụ Hue-S, IOC")
    criteria_text = forms.CharField(label="Mã tiêu chí", help_text="cách nhau bởi dấu phẩy, ví dụ III.1,III.2")
    days = forms.IntegerField(label="Thời hạn (ngày)", min_value=1, max_value=tokens.MAX_DAYS, initial=90)

    class Meta:
        model = MachineToken
        fields = ["unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                tokens.clean_machine_request(
                    source=data["source_name"], criteria=data["criteria_text"].split(","), days=data["days"]
                )
            except ValidationError as exc:
                names = {"source": "source_name", "criteria": "criteria_text", "days": "days"}
                for field, msgs in exc.message_dict.items():
                    for m in msgs:
                        self.add_error(names.get(field), m)
        return data


def _issue_message(secret: str) -> str:
    return f"Mã truy cập (chỉ hiện MỘT lần, hãy lưu lại ngay): {secret}"


@admin.action(description="Thu hồi các mã truy cập đã chọn")
def revoke_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    for token in queryset:
        tokens.token_revoke(token=token, actor=request.user)
    messages.success(request, f"Đã thu hồi {queryset.count()} mã truy cập.")


@admin.register(MachineToken)
class MachineTokenAdmin(admin.ModelAdmin):
    list_display = ["source", "hint", "unit", "criteria", "expires_at", "revoked", "last_used_at", "created_by"]
    list_filter = ["revoked", "source"]
    readonly_fields = ["source", "hint", "criteria", "unit", "expires_at", "revoked", "revoked_at", "created_by",
                       "created_at", "last_used_at"]
    actions = [revoke_selected]
    autocomplete_fields = ["unit"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = MachineTokenIssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["source_name", "criteria_text", "unit", "days"]
        return self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.readonly_fields if obj is not None else []

    def save_model(self, request: HttpRequest, obj: MachineToken, form: Any, change: bool) -> None:
        if change:
            return
        data = form.cleaned_data
        token, secret = tokens.machine_token_issue(
            source=data["source_name"], criteria=data["criteria_text"].split(","), unit=data["unit"],
            days=data["days"], actor=request.user,
        )
        # the admin logs and redirects with ``obj``: make it the issued token
        for f in MachineToken._meta.concrete_fields:
            setattr(obj, f.attname, getattr(token, f.attname))
        obj._state.adding = False
        messages.warning(request, _issue_message(secret))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the audit trail keeps the token it names


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "hint", "label", "expires_at", "revoked", "last_used_at"]
    list_filter = ["revoked"]
    readonly_fields = ["user", "hint", "label", "expires_at", "revoked", "revoked_at", "created_by", "created_at",
                       "last_used_at"]
    actions = [revoke_selected]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued with `dti token issue --user`

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at"]
    readonly_fields = ["name", "user", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created when its first token is issued

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# autocomplete_fields needs search_fields on the target admin; units' admin is WEB's
if not getattr(admin.site._registry.get(OrgUnit), "search_fields", None):
    MachineTokenAdmin.autocomplete_fields = []
