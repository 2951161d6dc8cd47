"""Error pages in Vietnamese, in the site's layout: 400, 403, 404, 405, 500 and a refused CSRF token.

The API answers its own JSON error shape (``dti.web.api.errors``); these pages are for people.
Django's debug pages are English and list every URL pattern, so they are shown only when a
developer asks for them (``DTI_DEBUG_PAGES=1``), never by default — not even in the demo.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("django.request")

TITLES = {
    400: ("Yêu cầu không hợp lệ", "Trình duyệt gửi một yêu cầu mà hệ thống không đọc được."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không được phép xem trang này hoặc thực hiện thao tác này."),
    404: ("Không tìm thấy trang", "Địa chỉ không tồn tại hoặc nội dung đã được chuyển đi."),
    405: ("Thao tác không hợp lệ", "Địa chỉ này chỉ nhận dữ liệu gửi từ biểu mẫu trên trang của hệ thống "
                                   "(ví dụ nút Lưu, Gửi, Tải lên); hãy quay lại trang trước và dùng nút tương ứng."),
    500: ("Hệ thống gặp lỗi", "Đã có lỗi ngoài ý muốn; lỗi đã được ghi lại để kiểm tra. Dữ liệu đã lưu trước đó không bị ảnh hưởng."),
}
_API_CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed",
              500: "server_error"}


def _debug_pages() -> bool:
    return bool(settings.DEBUG) and os.environ.get("DTI_DEBUG_PAGES") == "1"


def error_page(request: HttpRequest, status: int, detail: str = "", *, csrf: bool = False) -> HttpResponse:
    title, text = TITLES[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": _API_CODES[status], "message": detail or title, "fields": {}}},
                            status=status)
    if csrf:
        title = "Phiên làm việc đã hết hạn"
        text = ("Biểu mẫu này đã quá hạn hoặc được gửi từ trang khác (mã bảo vệ CSRF không khớp). "
                "Dữ liệu chưa được lưu: hãy tải lại trang, đăng nhập nếu cần, rồi thực hiện lại.")
    context = {"status": status, "title": title, "text": text, "detail": detail}
    try:
        body = loader.render_to_string("errors/error.html", context, request=request)
    except Exception:  # noqa: BLE001 - the error page itself must never fail (e.g. the database is down)
        body = loader.render_to_string("errors/bare.html", context)
    return HttpResponse(body, status=status)


def _detail(exception: Exception | None) -> str:
    # our own refusals carry a Vietnamese reason; Django's built-in ones ("No … matches") are English
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if text and not text.isascii() else ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, _detail(exception))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, _detail(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, csrf=True)


def not_found_view(request: HttpRequest, path: str = "") -> HttpResponse:
    """The last URL pattern: an unknown address gets the Vietnamese 404 even under DEBUG."""
    return error_page(request, 404)


class ErrorPagesMiddleware:
    """Under DEBUG, answer Http404 and crashes with the Vietnamese pages too (production uses the handlers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # require_POST & co. answer an empty 405: a person who opened such an address gets the page
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            page = error_page(request, 405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or _debug_pages():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        logger.error("Lỗi máy chủ: %s", request.path, exc_info=sys.exc_info())
        # the test client re-raises on this signal, as it does for Django's own 500 handling
        signals.got_request_exception.send(sender=None, request=request)
        return server_error(request)
