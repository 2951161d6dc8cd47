"""A user holding a one-time password goes to the password-change page before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/static/", "/api/")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                return redirect(f"{reverse('accounts:password_change')}?bat-buoc=1")
        return self.get_response(request)


def must_change_password(user: object) -> bool:
    from dti.web.accounts.models import AccountState

    cached = getattr(user, "_dti_must_change", None)
    if cached is None:
        cached = AccountState.objects.filter(user=user, must_change_password=True).exists()
        user._dti_must_change = cached  # type: ignore[attr-defined]
    return bool(cached)
