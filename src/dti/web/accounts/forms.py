"""Login forms: the product's and the admin's share one throttle (see :mod:`dti.web.accounts.throttle`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from dti.web.accounts import throttle
from dti.web.core.clientaddr import client_ip

_MESSAGES = {
    "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "inactive": "Tài khoản đã bị khóa.",
}


class ThrottledLoginMixin:
    """Refuses the attempt before checking the password once the account+address pair is locked."""

    request: Any
    data: Any

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username") or "")
        ip = client_ip(self.request) if self.request is not None else None
        if throttle.is_locked(username, ip):
            raise forms.ValidationError(throttle.lock_message(), code="throttled")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        throttle.record_success(username, ip)
        return cleaned

    @property
    def throttled(self) -> bool:
        errors = getattr(self, "errors", {}).as_data().get(forms.forms.NON_FIELD_ERRORS, [])
        return any(e.code == "throttled" for e in errors)


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = _MESSAGES


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    error_messages = {
        **_MESSAGES,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không có quyền quản trị.",
    }
