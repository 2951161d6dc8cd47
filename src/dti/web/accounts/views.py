"""Login with a cache-based throttle (per username + IP) against password guessing; own password change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_encode

from dti.web.accounts.middleware import must_change_password


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


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    """The user's own password; after a one-time password the middleware sends every page here."""
    from dti.web.accounts.office import password_change

    errors: dict[str, list[str]] = {}
    forced = must_change_password(request.user)
    if request.method == "POST":
        try:
            password_change(user=request.user, old_password=request.POST.get("old_password", "")[:256],  # type: ignore[arg-type]
                            new_password=request.POST.get("new_password", "")[:256],
                            new_password2=request.POST.get("new_password2", "")[:256])
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            request.user._dti_must_change = False  # type: ignore[union-attr]
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("rounds:home")
    return render(request, "accounts/password_change.html", {"errors": errors, "forced": forced},
                  status=400 if errors else 200)
