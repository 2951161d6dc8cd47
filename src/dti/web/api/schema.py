"""What the OpenAPI document adds to drf-spectacular's: the one error shape on every operation.

Every refusal of the API is ``{"error": {"code", "message", "fields"}}`` (``dti.web.api.errors``): the
document names it as the ``Error`` component and declares it for the statuses each operation can
answer with, plus a ``default`` response for the rest, so a client (and schemathesis) can check
every answer against the document.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Một lỗi: mã (code), thông điệp tiếng Việt (message), lỗi của từng trường (fields)",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "ví dụ invalid, not_found, stale_version, deadline"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "items": {"type": "array", "items": {"type": "object", "additionalProperties": True},
                          "description": "mục chưa đạt của danh mục kiểm tra (chỉ khi công bố bị từ chối)"},
            },
        },
    },
}
_REF = {"$ref": "#/components/schemas/Error"}
DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ (fields nêu từng trường)",
    "401": "Chưa đăng nhập hoặc mã truy cập không đúng",
    "403": "Không có quyền",
    "404": "Không tìm thấy",
    "409": "Xung đột với trạng thái hiện tại (phiên bản cũ, hết hạn, kỳ không ở giai đoạn này)",
    "415": "Kiểu nội dung không được hỗ trợ (dùng application/json)",
    "default": "Lỗi khác, cùng dạng {error: {code, message, fields}}",
}


def _codes(path: str, method: str, op: dict[str, Any]) -> list[str]:
    codes = ["401", "403"]
    writes = method in ("post", "put", "patch", "delete")
    if writes or any(p.get("in") == "query" for p in op.get("parameters", [])):
        codes.append("400")
    if "{" in path:
        codes.append("404")
    if writes:
        codes += ["409", "415"]
    return codes


def error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the ``Error`` component on every error response."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            for code in _codes(path, method, op):
                responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            responses.setdefault("default", {"description": DESCRIPTIONS["default"]})
            for code, response in responses.items():
                if code == "default" or int(code) >= 400:
                    response["content"] = {"application/json": {"schema": _REF}}
    return result
