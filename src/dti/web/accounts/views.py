"""Login (throttled, see :mod:`dti.web.accounts.throttle`), password reset by e-mail, own password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from dti.web.accounts.forms import LoginForm
from dti.web.accounts.middleware import must_change_password


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
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


class ResetView(auth_views.PasswordResetView):
    template_name = "accounts/reset_form.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
