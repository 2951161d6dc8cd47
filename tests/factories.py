"""Builders of the test worlds, shared by every web test package (the fixtures in ``tests/conftest.py``
call these once per module; a test never builds a world itself unless it needs a committed one).

- ``build_world``: a small framework, a two-district province (+ an outsider province), one user per
  role and an open round with one criterion assigned to an agency.
- ``build_api_world``: the same world on the API's framework, plus a machine token and a personal token.
- ``build_ninh_thuan``: the real Ninh Thuận 2022 round (official unit list, seed framework, the two
  example entry files), published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from dti.importers.entries_file import read_entries
from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.entries.models import Workflow
from dti.web.entries.services import entries_import
from dti.web.frameworks.services import framework_load
from dti.web.rounds import services as rounds
from dti.web.rounds.assignments import assignment_set
from dti.web.rounds.models import Round
from dti.web.units.models import Agency, Level, OrgUnit
from dti.web.units.services import units_import

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mat-khau-thu-nghiem"


def _small(code: str, name: str, *, annotated: bool) -> dict[str, Any]:
    i1: dict[str, Any] = {"code": "I.1", "name": "Ban chỉ đạo", "kind": "criterion", "max_points": 10,
                          "rule": {"type": "boolean"}}
    if annotated:
        i1 |= {"condition": "Người đứng đầu làm trưởng ban", "evidence": "Quyết định có ký số",
               "data_source": "Tự đánh giá"}
    return {
        "code": code, "name": name, "kind": "points", "level": "huyen", "version": 1, "precision": 2,
        "classification": [{"at_least_percent": 80, "label": "Tốt"}, {"at_least_percent": 0, "label": "Chưa tốt"}],
        "nodes": [
            {"code": "I", "name": "Nhận thức số", "kind": "group", "children": [
                i1,
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


SMALL_FRAMEWORK = _small("thu-nghiem", "Bộ chỉ số thử nghiệm", annotated=True)
API_FRAMEWORK = _small("api-thu-nghiem", "Bộ chỉ số thử nghiệm API", annotated=False)

# user name → (role, scope key, with the agency?)
ROLE_SPEC: dict[str, tuple[str, str | None, bool]] = {
    "admin": (Role.PLATFORM_ADMIN, None, False),
    "owner": (Role.FRAMEWORK_OWNER, "province", False),
    "assessor": (Role.ASSESSOR, "province", False),
    "editor_a": (Role.UNIT_EDITOR, "a", False),
    "agency_a": (Role.AGENCY_EDITOR, "a", True),
    "viewer": (Role.VIEWER, "province", False),
    "outsider": (Role.UNIT_EDITOR, "other", False),
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
    users: dict[str, Any]
    secrets: dict[str, str] = field(default_factory=dict)

    def client_for(self, who: str | None) -> Client:
        """A browser-like client logged in as a role (or anonymous)."""
        c = Client()
        if who is not None:
            c.force_login(self.users[who])
        return c

    def client(self, who: str | None) -> APIClient:
        """An API client acting as a role (session login), a token name from ``secrets``, or anonymous."""
        c = APIClient()
        if who in self.secrets:
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {self.secrets[who]}")
        elif who is not None:
            c.force_login(self.users[who])
        return c


def build_world(*, framework: dict[str, Any] = SMALL_FRAMEWORK, slug: str = "thu-nghiem-2024",
                name: str = "Kỳ thử nghiệm 2024") -> World:
    province, other, a, b = make_unit_tree()
    fv = framework_load(yaml_text=yaml.safe_dump(framework, allow_unicode=True))
    rnd = rounds.round_create(
        slug=slug, name=name, framework=fv, owner_unit=province, period_kind="year", year=2024, units=[a, b],
    )
    rounds.round_open(round=rnd, actor=None)
    agency = Agency.objects.create(code="cong-an", name="Công an huyện An Đông", org_unit=a)
    assignment_set(round=rnd, criterion_code="I.3", agency=agency)
    scopes = {"province": province, "a": a, "other": other, None: None}
    users = {}
    for username, (role, scope, with_agency) in ROLE_SPEC.items():
        user = user_ensure(username=username, password=PASSWORD, full_name=username)
        role_assign(user=user, role=role, org_unit=scopes[scope], agency=agency if with_agency else None)
        users[username] = user
    return World(round=rnd, province=province, unit_a=a, unit_b=b, agency=agency, users=users)


def build_api_world() -> World:
    from dti.web.api import tokens

    w = build_world(framework=API_FRAMEWORK, slug="api-2024", name="Kỳ thử nghiệm API 2024")
    admin = w.users["admin"]
    _, w.secrets["machine"] = tokens.machine_token_issue(
        source="Hue-S", criteria=["I.2", "I.3"], unit=w.unit_a, days=30, actor=admin
    )
    _, w.secrets["admin_token"] = tokens.personal_token_issue(user=admin, days=30, actor=admin)
    return w


def entry_post(code: str, version: int = 0, **fields: str) -> dict[str, str]:
    """The entry page's POST body for one criterion."""
    data = {"criterion": code, f"c-{code}-version": str(version)}
    data.update({f"c-{code}-{k}": v for k, v in fields.items()})
    return data


NT_FILES = [("ninh-son-2022.csv", False), ("ninh-thuan-2022-synthetic.csv", True)]


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"thiếu tệp {path.relative_to(ROOT)}")
    return path


def build_ninh_thuan(*, publish: bool = True) -> Round:
    """Official units of province 58, the seed framework, Ninh Sơn's real entries + six synthetic districts."""
    fw_path = _need(ROOT / "src/dti/frameworks/ninh-thuan-2022.yaml")
    for name, _ in NT_FILES:
        _need(ROOT / "examples" / name)
    units_import(provinces=["58"], structure="legacy")
    fv = framework_load(yaml_text=fw_path.read_text(encoding="utf-8"))
    day = dt.date(2022, 12, 31)
    districts = sorted((u for u in OrgUnit.objects.filter(level=Level.HUYEN, parent__code="58", structure="legacy")
                        if u.valid_on(day)), key=lambda u: u.code)
    rnd = rounds.round_create(
        slug="ninh-thuan-2022", name="Chỉ số chuyển đổi số cấp huyện năm 2022 – Ninh Thuận", framework=fv,
        owner_unit=OrgUnit.objects.get(key="legacy:58"), period_kind="year", year=2022, units=districts,
        submission_deadline=dt.date(2022, 11, 15),
    )
    framework = fv.parsed()
    by_code = {u.code: u for u in districts}
    for name, sample in NT_FILES:
        data = read_entries(ROOT / "examples" / name, framework, period=None)
        entries_import(round=rnd, entries=data.entries, units_by_code=by_code, workflow=Workflow.APPROVED,
                       is_sample=sample, actor=None)
    rounds.round_open(round=rnd, actor=None)
    if publish:
        rounds.round_publish(round=rnd, actor=None)  # publishing computes the final results
    return rnd


def build_nt_users() -> dict[str, Any]:
    """One user per role around the Ninh Thuận round (built by ``build_ninh_thuan``)."""
    province = OrgUnit.objects.get(key="legacy:58")
    ninh_son = OrgUnit.objects.get(key="legacy:585")
    spec = [("owner", Role.FRAMEWORK_OWNER, province), ("viewer", Role.VIEWER, province),
            ("editor", Role.UNIT_EDITOR, ninh_son), ("admin", Role.PLATFORM_ADMIN, None)]
    users = {}
    for username, role, unit in spec:
        user = user_ensure(username=f"nt-{username}", password=PASSWORD, full_name=username)
        role_assign(user=user, role=role, org_unit=unit)
        users[username] = user
    return users
