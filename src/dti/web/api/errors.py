"""One JSON error shape for every refusal: {"error": {"code", "message", "fields"}}, in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from dti.web.entries.services import FIELD_LABELS, EntryLocked, StaleEntry


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Xung đột với trạng thái hiện tại của dữ liệu"
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Phải gửi phiên bản đang sửa (trường 'version' hoặc tiêu đề If-Match)"
    default_code = "version_required"


# DRF's own messages are English or only partly translated: the user reads these instead
MESSAGES = {
    "not_authenticated": "Chưa đăng nhập hoặc thiếu mã truy cập (Authorization: Bearer …)",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này",
    "not_found": "Không tìm thấy tài nguyên được yêu cầu",
    "method_not_allowed": "Phương thức HTTP này không được hỗ trợ tại địa chỉ này",
    "parse_error": "Nội dung gửi lên không phải JSON hợp lệ",
    "unsupported_media_type": "Kiểu nội dung không được hỗ trợ (dùng application/json)",
    "not_acceptable": "Không trả được dữ liệu theo định dạng yêu cầu (dùng application/json)",
    "throttled": "Quá nhiều yêu cầu, hãy thử lại sau",
    "invalid": "Dữ liệu gửi lên không hợp lệ",
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → {"field" or "field.sub": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else f"{prefix}{key}"
            for k, v in _flatten(value, f"{name}." if name else "").items():
                out.setdefault(k or name, []).extend(v)
    elif isinstance(detail, list):
        for item in detail:
            for k, v in _flatten(item, prefix).items():
                out.setdefault(k, []).extend(v)
    else:
        out.setdefault(prefix.rstrip("."), []).append(str(detail))
    return out


def _from_django_validation(exc: DjangoValidationError) -> Response:
    if isinstance(exc, StaleEntry):
        return Response(error_body("stale_version", " ".join(exc.messages)), status=409)
    if isinstance(exc, EntryLocked):
        return Response(error_body(exc.kind, " ".join(exc.messages)), status=409)
    if hasattr(exc, "message_dict"):
        fields = {f: list(ms) for f, ms in exc.message_dict.items()}
        parts = [f"{FIELD_LABELS.get(f, f)}: {m}" for f, ms in fields.items() for m in ms]
        return Response(error_body("invalid", "; ".join(parts), fields), status=400)
    # a refusal without a field is a state conflict (round closed, entry already submitted)
    return Response(error_body("conflict", " ".join(exc.messages)), status=409)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return _from_django_validation(exc)
    if isinstance(exc, Http404):
        # resolver messages are Vietnamese and name the unit; get_object_or_404's are English
        message = str(exc) if _looks_vietnamese(str(exc)) else MESSAGES["not_found"]
        return Response(error_body("not_found", message), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MESSAGES["permission_denied"])
    response = drf_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        parts = [f"{f}: {m}" if f else m for f, ms in fields.items() for m in ms]
        response.data = error_body("invalid", "; ".join(parts) or MESSAGES["invalid"], {k: v for k, v in fields.items() if k})
        return response
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    detail = str(exc.detail)
    # our own refusals carry Vietnamese already; DRF's English defaults are replaced by code
    message = detail if _looks_vietnamese(detail) else MESSAGES.get(code, detail)
    response.data = error_body(code, message)
    return response


def _looks_vietnamese(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)
