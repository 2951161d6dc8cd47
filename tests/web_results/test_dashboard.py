"""Round dashboard: ranking (sort, filter, paging), histogram, progress, group averages, map points."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from dti.web.entries.models import Entry, Workflow
from dti.web.results import selectors
from dti.web.results.services import results_recompute, summary_refresh
from dti.web.results.views import PAGE_SIZE
from dti.web.rounds import services as rounds
from dti.web.units.models import Level, OrgUnit
from tests.factories import make_unit

URL = "/ky/ninh-thuan-2022/ket-qua/"


def _owner(nt_users) -> Client:
    c = Client()
    c.force_login(nt_users["owner"])
    return c


def test_dashboard_page(ninh_thuan, nt_users):
    r = _owner(nt_users).get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert "7/7" in html and "đơn vị đã nộp" in html
    assert html.index("Thành phố Phan Rang - Tháp Chàm") < html.index("Huyện Ninh Sơn") < html.index("Huyện Bác Ái")
    charts = r.context["charts"]
    assert sum(charts["histogram"]["counts"]) == 7
    assert "points" not in charts  # a separate, cached resource
    points = _owner(nt_users).get(charts["points_url"])
    assert points["Cache-Control"].startswith("max-age=") or "max-age" in points["Cache-Control"]
    pts = points.json()["points"]
    assert len(pts) == 7 and all(p["lat"] for p in pts)
    g3 = next(g for g in charts["groups"] if g["code"] == "3")
    assert g3["max_points"] == 100 and 0 < g3["percent"] < 100


def test_sort_and_search(ninh_thuan, nt_users):
    c = _owner(nt_users)
    names = [r.unit.name for r in c.get(URL + "?sap-xep=diem").context["page"]]
    assert names[0] == "Huyện Bác Ái" and names[-1] == "Thành phố Phan Rang - Tháp Chàm"
    page = c.get(URL + "?tim=Ninh").context["page"]
    assert {r.unit.name for r in page} == {"Huyện Ninh Sơn", "Huyện Ninh Hải", "Huyện Ninh Phước"}


def test_submission_progress_and_overdue(world):
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", workflow=Workflow.SUBMITTED)
    Entry.objects.create(round=world.round, unit=world.unit_b, criterion_code="I.1", workflow=Workflow.DRAFT)
    world.round.submission_deadline = dt.date(2024, 3, 1)
    world.round.save()
    summary = summary_refresh(rnd=world.round)  # what every recompute does
    before = selectors.submission_progress(world.round, summary=summary, today=dt.date(2024, 2, 1))
    assert (before["submitted"], before["total"], before["overdue_codes"]) == (1, 2, [])
    after = selectors.submission_progress(world.round, summary=summary, today=dt.date(2024, 3, 2))
    assert after["overdue_codes"] == [world.unit_b.code] and after["overdue_names"] == [world.unit_b.name]
    results_recompute(round=world.round)  # the recompute's own pass over the entries agrees
    assert selectors.submission_progress(world.round, summary=selectors.summary_of(world.round),
                                         today=dt.date(2024, 3, 2)) == after


def test_ranking_is_paginated_and_filtered_by_parent(world):
    """60 units under two parents: the page holds PAGE_SIZE rows; the parent filter keeps peers only."""
    second = make_unit("t:92", "92", "Tỉnh Thứ Hai", Level.TINH)
    units = [make_unit(f"t:9{i:03d}", f"9{i:03d}", f"Xã Số {i}", Level.HUYEN, world.province if i % 2 else second)
             for i in range(100, 160)]
    world.round.units.add(*units)
    for i, u in enumerate(units):
        Entry.objects.create(round=world.round, unit=u, criterion_code="I.3", count=i % 5)
    rounds.round_publish(round=world.round, actor=None)  # computes the final results
    c = world.client_for("owner")
    page = c.get(f"/ky/{world.round.slug}/ket-qua/").context["page"]
    assert len(page.object_list) == PAGE_SIZE and page.paginator.count == 62
    filtered = c.get(f"/ky/{world.round.slug}/ket-qua/?cap-tren=92").context["page"]
    assert filtered.paginator.count == 30
    assert {r.parent.code for r in filtered} == {"92"}
    assert max(r.rank_of for r in filtered) == 30
    public = Client().get(f"/cong-khai/{world.round.slug}/?trang=2")
    assert public.status_code == 200 and len(public.context["page"].object_list) == 12
    assert OrgUnit.objects.filter(parent=second).count() == 30
