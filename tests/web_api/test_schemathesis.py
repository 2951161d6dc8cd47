"""Property-based run of the whole API (in-process WSGI) as an admin: no request may cause a 500.

Operations are driven with Hypothesis directly (schemathesis' pytest fixture loader does not run
under this pytest version); each operation gets a small, bounded number of generated requests.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.web_api.conftest import World

MAX_EXAMPLES = 12


@pytest.mark.slow
def test_no_server_errors(world: World) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {world.secrets['admin_token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    calls = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            calls.append(response.status_code)

        run()
    assert len(calls) >= len(operations)
    print(f"schemathesis: {len(operations)} operations, {len(calls)} requests, statuses {sorted(set(calls))}")
