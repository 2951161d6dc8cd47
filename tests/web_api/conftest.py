"""API fixtures: a small framework, a two-district province, one user per role, an open round,
and API clients acting as each role (session), a personal token and machine tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.cache import cache
from rest_framework.test import APIClient

from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.api import tokens
from dti.web.frameworks.services import framework_load
from dti.web.rounds import services as rounds
from dti.web.rounds.assignments import assignment_set
from dti.web.rounds.models import Round
from dti.web.units.models import Agency, OrgUnit
from tests.web.conftest import make_unit_tree

FRAMEWORK = {
    "code": "api-thu-nghiem",
    "name": "Bộ chỉ số thử nghiệm API",
    "kind": "points",
    "level": "huyen",
    "version": 1,
    "precision": 2,
    "classification": [{"at_least_percent": 80, "label": "Tốt"}, {"at_least_percent": 0, "label": "Chưa tốt"}],
    "nodes": [
        {"code": "I", "name": "Nhận thức số", "kind": "group", "children": [
            {"code": "I.1", "name": "Ban chỉ đạo", "kind": "criterion", "max_points": 10, "rule": {"type": "boolean"}},
            {"code": "I.2", "name": "Hộ có cáp quang", "kind": "criterion", "max_points": 20, "rule": {"type": "ratio"}},
            {"code": "I.3", "name": "Tin bài", "kind": "criterion", "max_points": 10,
             "rule": {"type": "count_target", "minimum": 4}},
        ]},
        {"code": "II", "name": "Thể chế số", "kind": "group", "children": [
            {"code": "II.1", "name": "Kế hoạch năm", "kind": "criterion", "max_points": 10,
             "rule": {"type": "deadline", "by": "01-31"}},
            {"code": "II.2", "name": "Đánh giá chuyên gia", "kind": "criterion", "max_points": 10,
             "rule": {"type": "manual"}},
        ]},
    ],
}

# role name → (WEB role, scope key, agency?)
ROLE_SPEC = {
    "admin": (Role.PLATFORM_ADMIN, None, False),
    "owner": (Role.FRAMEWORK_OWNER, "province", False),
    "assessor": (Role.ASSESSOR, "province", False),
    "editor_a": (Role.UNIT_EDITOR, "a", False),
    "agency_a": (Role.AGENCY_EDITOR, "a", True),
    "viewer": (Role.VIEWER, "province", False),
    "outsider": (Role.UNIT_EDITOR, "other", False),
}
# every caller of the permission matrix: people (session), a machine token in scope, anonymous
CALLERS = (*ROLE_SPEC, "machine", None)


@dataclass
class World:
    round: Round
    province: OrgUnit
    unit_a: OrgUnit
    unit_b: OrgUnit
    agency: Agency
    users: dict[str, Any]
    secrets: dict[str, str] = field(default_factory=dict)

    def client(self, who: str | None) -> APIClient:
        """An API client acting as a role (session login), a token name from ``secrets``, or anonymous."""
        c = APIClient()
        if who in self.secrets:
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {self.secrets[who]}")
        elif who is not None:
            c.force_login(self.users[who])
        return c


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # seven users per test: the production hasher would dominate the run time
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def world(db) -> World:
    province, other, a, b = make_unit_tree()
    fv = framework_load(yaml_text=yaml.safe_dump(FRAMEWORK, allow_unicode=True))
    rnd = rounds.round_create(
        slug="api-2024", name="Kỳ thử nghiệm API 2024", framework=fv, owner_unit=province,
        period_kind="year", year=2024, units=[a, b],
    )
    rounds.round_open(round=rnd, actor=None)
    agency = Agency.objects.create(code="cong-an", name="Công an huyện An Đông", org_unit=a)
    assignment_set(round=rnd, criterion_code="I.3", agency=agency)
    scopes = {"province": province, "a": a, "other": other, None: None}
    users = {}
    for username, (role, scope, with_agency) in ROLE_SPEC.items():
        user = user_ensure(username=username, password="mat-khau-thu-nghiem", full_name=username)
        role_assign(user=user, role=role, org_unit=scopes[scope], agency=agency if with_agency else None)
        users[username] = user
    w = World(round=rnd, province=province, unit_a=a, unit_b=b, agency=agency, users=users)
    _, w.secrets["machine"] = tokens.machine_token_issue(
        source="Hue-S", criteria=["I.2", "I.3"], unit=a, days=30, actor=users["admin"]
    )
    _, w.secrets["admin_token"] = tokens.personal_token_issue(user=users["admin"], days=30, actor=users["admin"])
    return w
