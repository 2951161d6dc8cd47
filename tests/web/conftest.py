"""Web fixtures: a small framework, a two-district province, one user per role, an open round."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.test import Client

from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.frameworks.services import framework_load
from dti.web.rounds import services as rounds
from dti.web.rounds.assignments import assignment_set
from dti.web.rounds.models import Round
from dti.web.units.models import Agency, Level, OrgUnit

PASSWORD = "mat-khau-thu-nghiem"

SMALL_FRAMEWORK = {
    "code": "thu-nghiem",
    "name": "Bộ chỉ số thử nghiệm",
    "kind": "points",
    "level": "huyen",
    "version": 1,
    "precision": 2,
    "classification": [{"at_least_percent": 80, "label": "Tốt"}, {"at_least_percent": 0, "label": "Chưa tốt"}],
    "nodes": [
        {"code": "I", "name": "Nhận thức số", "kind": "group", "children": [
            {"code": "I.1", "name": "Ban chỉ đạo", "kind": "criterion", "max_points": 10, "rule": {"type": "boolean"},
             "condition": "Người đứng đầu làm trưởng ban", "evidence": "Quyết định có ký số",
             "data_source": "Tự đánh giá"},
            {"code": "I.2", "name": "Hộ có cáp quang", "kind": "criterion", "max_points": 20,
             "rule": {"type": "ratio"}},
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


def make_unit(key: str, code: str, name: str, level: int, parent: OrgUnit | None = None) -> OrgUnit:
    return OrgUnit.objects.create(
        key=key, code=code, name=name, level=level, type="huyen" if level == 2 else "tinh", structure="legacy",
        parent=parent, path=f"{parent.path}/{code}" if parent else code,
    )


def make_unit_tree() -> tuple[OrgUnit, OrgUnit, OrgUnit, OrgUnit]:
    """Two provinces; the first holds districts A and B, the second one district (an outsider's)."""
    province = make_unit("t:90", "90", "Tỉnh Thử Nghiệm", Level.TINH)
    other = make_unit("t:91", "91", "Tỉnh Bên Cạnh", Level.TINH)
    a = make_unit("t:901", "901", "Huyện An Đông", Level.HUYEN, province)
    b = make_unit("t:902", "902", "Huyện Đa Lộc", Level.HUYEN, province)
    make_unit("t:911", "911", "Huyện Khác Tỉnh", Level.HUYEN, other)
    return province, other, a, b


@dataclass
class World:
    round: Round
    province: OrgUnit
    unit_a: OrgUnit
    unit_b: OrgUnit
    agency: Agency
    users: dict[str, object]

    def client_for(self, who: str | None) -> Client:
        c = Client()
        if who is not None:
            c.force_login(self.users[who])
        return c


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def world(db) -> World:
    province, other, a, b = make_unit_tree()
    fv = framework_load(yaml_text=yaml.safe_dump(SMALL_FRAMEWORK, allow_unicode=True))
    rnd = rounds.round_create(
        slug="thu-nghiem-2024", name="Kỳ thử nghiệm 2024", framework=fv, owner_unit=province,
        period_kind="year", year=2024, units=[a, b],
    )
    rounds.round_open(round=rnd, actor=None)
    agency = Agency.objects.create(code="cong-an", name="Công an huyện An Đông", org_unit=a)
    assignment_set(round=rnd, criterion_code="I.3", agency=agency)
    users = {}
    spec = [
        ("admin", Role.PLATFORM_ADMIN, None, None),
        ("owner", Role.FRAMEWORK_OWNER, province, None),
        ("assessor", Role.ASSESSOR, province, None),
        ("editor_a", Role.UNIT_EDITOR, a, None),
        ("agency_a", Role.AGENCY_EDITOR, a, agency),
        ("viewer", Role.VIEWER, province, None),
        ("outsider", Role.UNIT_EDITOR, other, None),
    ]
    for username, role, unit, ag in spec:
        user = user_ensure(username=username, password=PASSWORD, full_name=username)
        role_assign(user=user, role=role, org_unit=unit, agency=ag)
        users[username] = user
    return World(round=rnd, province=province, unit_a=a, unit_b=b, agency=agency, users=users)


def entry_post(code: str, version: int = 0, **fields: str) -> dict[str, str]:
    data = {"criterion": code, f"c-{code}-version": str(version)}
    data.update({f"c-{code}-{k}": v for k, v in fields.items()})
    return data
