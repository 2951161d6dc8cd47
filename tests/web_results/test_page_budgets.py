"""Shape guards of the hot pages: how many queries and engine scorings a view may make.

Read pages (scorecard, dashboard, ranking, round page, public pages, map points, the API's unit
result) read stored results and never call the engine; the entry page scores the unit's peer group
once. Query budgets are fixed numbers: they must not grow with the round (the second test adds
units and checks the same counts), so a page that starts loading the whole round fails here.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dti.web.results.services import results_recompute
from dti.web.rounds.models import Round
from dti.web.targets.models import Target
from dti.web.units.models import Level, OrgUnit

SLUG = "ninh-thuan-2022"
# (url, signed in as, max queries, engine scorings)
PAGES = [  # measured + 3, so a regression (say, one query per unit or per criterion) fails
    (f"/ky/{SLUG}/ket-qua/585/", "owner", 16, 0),
    (f"/ky/{SLUG}/ket-qua/", "owner", 13, 0),
    (f"/ky/{SLUG}/ket-qua/?sap-xep=-diem&trang=1", "owner", 13, 0),
    (f"/ky/{SLUG}/ket-qua/ban-do.json", "owner", 9, 0),
    (f"/ky/{SLUG}/", "owner", 14, 0),
    (f"/cong-khai/{SLUG}/", None, 9, 0),
    (f"/cong-khai/{SLUG}/585/", None, 12, 0),
    (f"/cong-khai/{SLUG}/ban-do.json", None, 5, 0),
    (f"/api/rounds/{SLUG}/results/585/", "owner", 12, 0),
    (f"/ky/{SLUG}/don-vi/585/", "owner", 17, 1),
]


def _client(nt_users: dict, who: str | None) -> Client:
    c = Client()
    if who:
        c.force_login(nt_users[who])
    return c


def _measure(client: Client, url: str, engine_calls) -> tuple[int, int]:
    before = engine_calls.n
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx), engine_calls.n - before


@pytest.mark.parametrize(("url", "who", "max_queries", "engine"), PAGES, ids=[p[0] for p in PAGES])
def test_page_budget(ninh_thuan, nt_users, engine_calls, url, who, max_queries, engine):
    client = _client(nt_users, who)
    client.get(url)  # warm caches a deployment keeps warm (parsed framework, session)
    queries, calls = _measure(client, url, engine_calls)
    assert calls == engine, f"{url}: {calls} engine calls"
    assert queries <= max_queries, f"{url}: {queries} queries"


def test_counts_do_not_grow_with_the_round(ninh_thuan, nt_users, engine_calls):
    """Twenty more units under another province: every page makes the same number of queries
    (the dashboard's targets-vs-results section included: both provinces set a target)."""
    rnd = Round.objects.get(slug=SLUG)
    fw = rnd.framework.parsed()
    code = fw.criteria()[0].code
    Target.objects.create(unit=rnd.owner_unit, framework_code=fw.code, year=rnd.year, criterion_code=code, text=">0")
    clients = {who: _client(nt_users, who) for who in ("owner", None)}
    before = {}
    for url, who, _, _ in PAGES:
        clients[who].get(url)
        before[url] = _measure(clients[who], url, engine_calls)
    other = OrgUnit.objects.create(key="t:99", code="99", name="Tỉnh Khác", level=Level.TINH, structure="legacy")
    extra = [OrgUnit.objects.create(key=f"t:99{i:02d}", code=f"99{i:02d}", name=f"Huyện Thêm {i}",
                                    level=Level.HUYEN, parent=other, structure="legacy") for i in range(20)]
    Target.objects.create(unit=other, framework_code=fw.code, year=rnd.year, criterion_code=code, text=">0")
    rnd.units.add(*extra)
    rnd.state = "review"  # reopen the computation for the test only (published results are frozen)
    rnd.save(update_fields=["state"])
    results_recompute(round=rnd)
    rnd.state = "published"
    rnd.save(update_fields=["state"])
    for url, who, _, _ in PAGES:
        clients[who].get(url)
        assert _measure(clients[who], url, engine_calls) == before[url], url
