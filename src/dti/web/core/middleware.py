"""Request-level guards: a cap on request bodies and the session idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

Handler = Callable[[HttpRequest], HttpResponse]

_SEEN = "dti_seen"
# Touching the session on every request would write it on every page view; once a minute is enough.
_TOUCH_EVERY = 60


def _too_large_text() -> str:
    mb = f"{settings.DTI_MAX_REQUEST_BYTES / 1024 / 1024:.1f}".replace(".", ",")
    return f"Dữ liệu gửi lên quá lớn (tối đa {mb} MB)."


class BodySizeLimitMiddleware:
    """413 before any of the body is read when the declared length exceeds ``DTI_MAX_REQUEST_BYTES``.

    Django reads no body without a Content-Length, so the declared length is the whole story.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DTI_MAX_REQUEST_BYTES:
            text = _too_large_text()
            if request.path.startswith("/api/"):
                # the API's one error shape (dti.web.api.errors), spelled out: core depends on no app
                return JsonResponse({"error": {"code": "too_large", "message": text, "fields": {}}}, status=413)
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class IdleSessionMiddleware:
    """Logs out a session left without requests for ``SESSION_IDLE_SECONDS``."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            seen = request.session.get(_SEEN)
            if isinstance(seen, int) and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API then answers 401/403 in its own shape
                messages.info(request, "Phiên làm việc đã hết hạn do lâu không thao tác. Vui lòng đăng nhập lại.")
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if not isinstance(seen, int) or now - seen >= _TOUCH_EVERY:
                request.session[_SEEN] = now
        return self.get_response(request)
