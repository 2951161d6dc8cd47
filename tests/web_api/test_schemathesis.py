"""Property-based run of the whole API (in-process WSGI) as an admin: no request may cause a 500, and
every answer conforms to the OpenAPI document (status code declared, content type, body schema —
paginated lists and the error shape included).

Operations are driven with Hypothesis directly (schemathesis' pytest fixture loader does not run
under this pytest version); each operation gets a small, bounded number of generated requests.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import World

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# the office's and the cycle's endpoints, added after the first run: each must be exercised
NEWER = {
    ("POST", "/api/rounds/"), ("GET", "/api/rounds/{slug}/assignments/"), ("PUT", "/api/rounds/{slug}/assignments/"),
    ("GET", "/api/agencies/"), ("POST", "/api/agencies/"), ("POST", "/api/rounds/{slug}/transition/"),
    ("POST", "/api/entries/{id}/submit/"), ("POST", "/api/entries/{id}/approve/"),
    ("POST", "/api/entries/{id}/return/"), ("POST", "/api/entries/{id}/feedback/"),
}


@pytest.fixture
def keep_connection():
    """The real WSGI handler closes the DB connection after each request, which would end the
    test's transaction; Django's own test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
def test_every_answer_conforms_to_the_document(world: World, keep_connection: None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {world.secrets['admin_token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    seen = {(op.method.upper(), op.path) for op in operations}
    assert NEWER <= seen, NEWER - seen
    assert len(operations) >= 20
    calls: Counter[tuple[str, int]] = Counter()

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            calls[(f"{case.operation.method.upper()} {case.operation.path}", response.status_code)] += 1

        run()
    exercised = {name for name, _ in calls}
    assert {f"{m} {p}" for m, p in NEWER} <= exercised
    statuses = sorted({status for _, status in calls})
    print(f"schemathesis: {len(operations)} operations, {sum(calls.values())} requests, statuses {statuses}")
