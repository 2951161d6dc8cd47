"""Table-driven access checks: one endpoint × every caller, with the status each must get."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.factories import ROLE_SPEC, World

# every caller of the permission matrix: people (session), a machine token in scope, anonymous
CALLERS = (*ROLE_SPEC, "machine", None)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str
    allowed: dict[str | None, int]
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    denied: int = 403

    def expected(self, who: str | None) -> int:
        if who is None:
            return self.allowed.get(None, 401)
        return self.allowed.get(who, self.denied)


def call(world: World, who: str | None, case: Case) -> Any:
    client = world.client(who)
    method = getattr(client, case.method.lower())
    if case.method == "GET":
        return method(case.url, **case.headers)
    return method(case.url, case.body, format="json", **case.headers)


def check_access(world: World, case: Case, who: str | None) -> None:
    response = call(world, who, case)
    expected = case.expected(who)
    assert response.status_code == expected, (
        f"{case.name} as {who or 'khách'}: got {response.status_code}, expected {expected}: "
        f"{getattr(response, 'data', None) or response.content[:300]}"
    )
    if expected >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"], error
        assert any(ord(c) > 127 for c in error["message"]), f"message not Vietnamese: {error['message']}"
