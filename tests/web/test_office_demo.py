"""The demo round reads one assignment table everywhere, and its units are those of 2024."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dti.reports.ke_hoach import assignment_rows
from dti.web.demo import demo_load, examples_dir
from dti.web.documents.build import unit_data, workbook_to
from dti.web.results.models import UnitResult
from dti.web.results.services import results_recompute
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

SLUG = "thua-thien-hue-2024-q2"
POLICE = "Công an huyện Nam Đông"


@pytest.mark.django_db
@pytest.mark.skipif(not (examples_dir() / "nam-dong-2024-q2.csv").exists(), reason="thiếu tệp examples/")
def test_workbook_scorecard_and_plan_show_the_entry_pages_agencies(client, tmp_path) -> None:
    demo_load()
    rnd = Round.objects.get(slug=SLUG)
    nam_dong = OrgUnit.objects.get(key="legacy:483")
    assert client.login(username="so-tttt-hue", password="dti-demo-2024")
    entry_page = client.get(f"/ky/{SLUG}/don-vi/483/").content.decode()
    assert entry_page.count(POLICE) >= 2  # VII.1 and VII.5

    ws = load_workbook(workbook_to(rnd, "assignments", tmp_path / "pc.xlsx")).active
    leads = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert leads["VII.1"] == leads["VII.5"] == POLICE

    for code in ("VII.1", "VII.5"):
        explained = client.get(f"/ky/{SLUG}/ket-qua/483/tieu-chi/{code}/").json()
        assert explained["lead"] == [POLICE]
    plan_rows = {r[0]: r[2] for r in assignment_rows(unit_data(rnd, nam_dong))[0]}
    assert plan_rows["VII.1"] == plan_rows["VII.5"] == POLICE
    # another district's plan does not borrow Nam Đông's police
    phong_dien = rnd.units.get(code="476")
    assert {r[0]: r[2] for r in assignment_rows(unit_data(rnd, phong_dien))[0]}["VII.1"] == ""

    # units as they were in 2024: every district ranks under Tỉnh Thừa Thiên Huế, Nam Đông has its own seat
    results_recompute(round=rnd, acting_user=None)
    parents = set(UnitResult.objects.filter(round=rnd).values_list("parent__name", flat=True))
    assert parents == {"Tỉnh Thừa Thiên Huế"}
    city = OrgUnit.objects.get(key="legacy:474~2024")
    assert (nam_dong.lat, nam_dong.lon) != (city.lat, city.lon) and abs(nam_dong.lat - 16.17) < 0.05
    ws = load_workbook(io.BytesIO(client.get(f"/ky/{SLUG}/bang-tinh/assignments/").content)).active
    assert {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}["VII.1"] == POLICE
