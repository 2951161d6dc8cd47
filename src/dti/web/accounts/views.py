"""Login with a cache-based throttle (per username + IP) against password guessing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlsafe_base64_encode


def _throttle_key(request: HttpRequest) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    raw = f"{username}|{request.META.get('REMOTE_ADDR', '')}"
    return "login-fail:" + urlsafe_base64_encode(raw.encode())


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản đã bị khóa.",
    }


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _throttle_key(request)
        if cache.get(key, 0) >= settings.LOGIN_THROTTLE_LIMIT:
            minutes = settings.LOGIN_THROTTLE_WINDOW // 60
            return render(
                request, self.template_name,
                {"form": self.get_form(), "throttled": f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."},
                status=429,
            )
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # form re-rendered: the attempt failed
            cache.add(key, 0, settings.LOGIN_THROTTLE_WINDOW)
            cache.incr(key)
        else:
            cache.delete(key)
        return response
