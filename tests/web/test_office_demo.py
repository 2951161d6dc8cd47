"""The demo round reads one assignment table everywhere, and its units are those of 2024."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from dti.importers.template_xlsx import DATA_SHEET, LABELS
from dti.reports.ke_hoach import assignment_rows
from dti.web.demo import demo_load, examples_dir
from dti.web.documents.build import unit_data, workbook_to
from dti.web.entries.models import Entry
from dti.web.results.models import UnitResult
from dti.web.results.services import results_recompute
from dti.web.rounds.models import Round
from dti.web.rounds.planning import round_plan
from dti.web.rounds.province import province_criteria_set
from dti.web.rounds.services import round_open
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


@pytest.mark.django_db
@pytest.mark.skipif(not (examples_dir() / "nam-dong-2024-q2.csv").exists(), reason="thiếu tệp examples/")
def test_office_uploads_hue_s_figures_for_all_nine_districts_in_one_file(client) -> None:
    demo_load()
    q2 = Round.objects.get(slug=SLUG)
    owner_user = get_user_model().objects.get(username="so-tttt-hue")
    # deadlines still ahead: entries after the submission deadline are refused (the cycle's rule)
    ahead = timezone.localdate() + dt.timedelta(days=30)
    q3 = round_plan(owner_unit=q2.owner_unit, framework=q2.framework, period_kind="quarter", year=2024, number=3,
                    copy_from=q2, deadlines={"submission_deadline": ahead, "agency_submission_deadline": ahead,
                                             "review_deadline": ahead + dt.timedelta(days=20)}, actor=owner_user)
    round_open(round=q3, actor=owner_user)
    province_criteria_set(round=q3, criteria={"III.2": "Hue-S", "I.6": "Hue-S"}, actor=owner_user)
    assert client.login(username="so-tttt-hue", password="dti-demo-2024")
    data = client.get(f"/so/ky/{q3.slug}/du-lieu-tinh/mau/").content
    wb = load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    col = {c.value: c.column for c in ws[1]}
    units = set()
    for row in ws.iter_rows(min_row=2):
        units.add(str(row[0].value))
        if str(row[2].value) == "III.2":
            ws.cell(row=row[0].row, column=col[LABELS["numerator"]], value=700)
            ws.cell(row=row[0].row, column=col[LABELS["denominator"]], value=1000)
        else:
            ws.cell(row=row[0].row, column=col[LABELS["count"]], value=30)
    assert len(units) == 9
    out = io.BytesIO()
    wb.save(out)
    f = io.BytesIO(out.getvalue())
    f.name = "hue-s.xlsx"
    resp = client.post(f"/so/ky/{q3.slug}/du-lieu-tinh/tai-len/", {"file": f})
    assert resp.status_code == 302, resp.content.decode().split("<ul>")[1][:1500]
    assert Entry.objects.filter(round=q3, criterion_code__in=["III.2", "I.6"]).count() == 18
    client.logout()
    assert client.login(username="nam-dong", password="dti-demo-2024")
    page = client.get(f"/ky/{q3.slug}/don-vi/483/").content.decode()
    card = page.split('id="c-III.2"')[1].split("</article>")[0]
    assert "Dữ liệu do Sở cung cấp" in card and "Hue-S" in card and "Lưu III.2" not in card
    assert "Lưu III.1" in page


@pytest.mark.django_db
@pytest.mark.skipif(not (examples_dir() / "nam-dong-2024-q2.csv").exists(), reason="thiếu tệp examples/")
def test_demo_ships_a_trusted_demo_ca_and_a_validly_signed_evidence(client) -> None:
    from dti.web.entries.models import Evidence
    from dti.web.entries.trust_roots import trust_roots_list

    demo_load()
    roots = trust_roots_list()
    assert [r.name for r in roots] == ["DTI Demo Root CA (chỉ dùng cho bản trình diễn)"] and roots[0].valid_now
    ev = Evidence.objects.get(entry__unit__key="legacy:483", entry__criterion_code="I.1",
                              original_name="quyet-dinh-ban-chi-dao-ky-so.pdf")
    assert ev.signature_ok and "hợp lệ" in ev.signature_verdict
    assert client.login(username="admin", password="dti-demo-2024")
    page = client.get("/so/chung-thu-goc/").content.decode()
    assert roots[0].fingerprint in page and "DTI Demo Root CA" in page
    from django.conf import settings

    stored = b"".join(p.read_bytes() for p in settings.DTI_TRUST_ROOTS_DIR.iterdir())
    assert b"PRIVATE KEY" not in stored
