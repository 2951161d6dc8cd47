"""Results fixtures: WEB's small two-district world, and the real Ninh Thuận 2022 round.

The Ninh Thuận round is built from the official unit list, the seed framework YAML and the two
example files (Ninh Sơn's real entries + the synthetic six other districts), then published.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dti.importers.entries_file import read_entries
from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.entries.models import Workflow
from dti.web.entries.services import entries_import
from dti.web.frameworks.services import framework_load
from dti.web.rounds import services as rounds
from dti.web.rounds.models import Round
from dti.web.units.models import Level, OrgUnit
from dti.web.units.services import units_import
from tests.web.conftest import PASSWORD, World, _isolated, entry_post, make_unit, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
NT_FILES = [("ninh-son-2022.csv", False), ("ninh-thuan-2022-synthetic.csv", True)]


@pytest.fixture(autouse=True)
def _sync_jobs(settings) -> None:
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"thiếu tệp {path.relative_to(ROOT)}")
    return path


def build_ninh_thuan(*, publish: bool = True) -> Round:
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


@pytest.fixture
def ninh_thuan(db) -> Round:
    return build_ninh_thuan()


@pytest.fixture
def nt_users(ninh_thuan: Round) -> dict[str, object]:
    """One user per role around the Ninh Thuận round."""
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
