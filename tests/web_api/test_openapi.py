"""The OpenAPI document is valid OpenAPI 3, describes every resource, and the docs page works offline."""

from __future__ import annotations

import schemathesis
from drf_spectacular.validation import validate_schema

from tests.factories import World

PATHS = {
    "/api/frameworks/", "/api/frameworks/{id}/", "/api/units/", "/api/units/{code}/", "/api/rounds/",
    "/api/rounds/{slug}/", "/api/entries/", "/api/entries/{id}/", "/api/rounds/{slug}/rankings/",
    "/api/rounds/{slug}/results/{unit}/", "/api/audit/",
}


def test_the_document_is_valid_openapi(world: World) -> None:
    r = world.client(None).get("/api/openapi.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/")
    doc = r.json()
    validate_schema(doc)  # drf-spectacular's OpenAPI 3.0 meta-schema
    schemathesis.openapi.from_dict(doc).validate()
    assert PATHS <= set(doc["paths"])
    assert doc["components"]["securitySchemes"]["maTruyCap"]["scheme"] == "bearer"
    assert set(doc["paths"]["/api/entries/{id}/"]) >= {"get", "put", "patch"}


def test_swagger_ui_uses_packaged_assets(world: World) -> None:
    html = world.client(None).get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # the start-up script is a separate file (no inline script under the CSP) and points at the schema
    assert "<script>" not in html
    script = world.client(None).get("/api/docs/?script=").content.decode()
    assert "/api/openapi.json" in script


def test_lists_are_paginated_and_errors_have_one_shape(world: World) -> None:
    doc = world.client(None).get("/api/openapi.json").json()
    schemas = doc["components"]["schemas"]

    def ok_schema(path: str) -> str:
        return doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]

    for path, item in (("/api/audit/", "AuditEvent"), ("/api/rounds/{slug}/rankings/", "RankingRow"),
                       ("/api/entries/", "Entry"), ("/api/agencies/", "Agency")):
        name = ok_schema(path).rsplit("/", 1)[1]
        assert name == f"Paginated{item}List", (path, name)
        assert {"count", "next", "previous", "results"} <= set(schemas[name]["properties"])
    assert schemas["Error"]["properties"]["error"]["required"] == ["code", "message", "fields"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            assert "default" in op["responses"], (method, path)
            for code, response in op["responses"].items():
                if code == "default" or int(code) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (method, path, code)
