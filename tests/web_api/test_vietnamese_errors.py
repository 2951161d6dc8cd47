"""Every API error body is Vietnamese: parse, authentication, throttle, not found, permission, method,
media type and validation errors, through the one exception handler."""

from __future__ import annotations

import pytest
from rest_framework import exceptions

from dti.web.api.errors import exception_handler
from tests.factories import World


def _vietnamese_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    error = response.json()["error"]
    assert any(ord(c) > 127 for c in error["message"]), error
    for messages in error["fields"].values():
        assert all(any(ord(c) > 127 for c in m) for m in messages), error
    if code is not None:
        assert error["code"] == code, error
    return error


def test_malformed_json_is_a_vietnamese_parse_error(world: World) -> None:
    r = world.client("admin").generic("POST", "/api/entries/", "{khong-phai-json", content_type="application/json")
    _vietnamese_error(r, 400, "parse_error")


def test_authentication_errors_are_vietnamese(world: World) -> None:
    _vietnamese_error(world.client(None).get("/api/rounds/"), 401, "not_authenticated")
    bad = world.client(None)
    bad.credentials(HTTP_AUTHORIZATION="Bearer dti_u_sai")
    _vietnamese_error(bad.get("/api/rounds/"), 401, "authentication_failed")
    spaced = world.client(None)
    spaced.credentials(HTTP_AUTHORIZATION="Bearer a b")
    _vietnamese_error(spaced.get("/api/rounds/"), 401)


def test_not_found_permission_method_and_media_type_are_vietnamese(world: World) -> None:
    _vietnamese_error(world.client("admin").get("/api/entries/999999/"), 404, "not_found")
    _vietnamese_error(world.client("admin").get("/api/khong-co/"), 404, "not_found")
    r = world.client("machine").post("/api/rounds/", {"framework": "api-thu-nghiem"}, format="json")
    _vietnamese_error(r, 403, "permission_denied")
    _vietnamese_error(world.client("admin").delete("/api/rounds/"), 405, "method_not_allowed")
    r = world.client("admin").generic("POST", "/api/entries/", "a=1", content_type="text/plain")
    _vietnamese_error(r, 415, "unsupported_media_type")


@pytest.mark.parametrize("body", [
    {},  # required fields
    {"round": None, "unit": 1, "criterion": ["I.1"]},  # null, wrong types
    {"round": "api-2024", "unit": "901", "criterion": "I.2", "numerator": "nhiều", "done": "có lẽ",
     "date": "31/02/2024", "status": "xong"},
    {"round": "x" * 200, "unit": "901", "criterion": "I.2"},  # max_length
])
def test_validation_errors_are_vietnamese(world: World, body: dict) -> None:
    error = _vietnamese_error(world.client("admin").post("/api/entries/", body, format="json"), 400, "invalid")
    assert error["fields"], error


def test_pagination_parameters_out_of_range_are_vietnamese(world: World) -> None:
    r = world.client("admin").get("/api/units/", {"limit": "mười"})
    assert r.status_code == 200  # DRF falls back to the default page size
    r = world.client("admin").post("/api/rounds/", {"framework": "api-thu-nghiem", "period_kind": "năm",
                                                    "year": 1900}, format="json")
    _vietnamese_error(r, 400, "invalid")


def test_a_throttled_request_is_told_in_vietnamese() -> None:
    response = exception_handler(exceptions.Throttled(wait=42), {})
    assert response is not None and response.status_code == 429
    assert response.data["error"]["message"].startswith("Quá nhiều yêu cầu")
    assert "42 giây" in response.data["error"]["message"]
