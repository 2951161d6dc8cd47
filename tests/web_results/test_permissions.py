"""Every results view × every role, in an open round and once published (allowed, 403 or 404)."""

from __future__ import annotations

import json

import pytest

from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute
from dti.web.rounds import services as rounds
from tests.helpers import ROLES, Case, check_access

STAFF = {"admin": 200, "owner": 200, "assessor": 200}
WHATIF = json.dumps({"changes": [{"criterion": "I.1", "done": True}]})


def _cases(slug: str, a: str, b: str, *, published: bool) -> list[Case]:
    own = {**STAFF, "editor_a": 200}
    if published:
        own.update(viewer=200, agency_a=200)
    other = {**STAFF, **({"viewer": 200} if published else {})}
    dash = {**STAFF, **({"viewer": 200} if published else {})}
    public = {r: (200 if published else 404) for r in ROLES}
    base = f"/ky/{slug}/ket-qua"
    return [
        Case("scorecard own unit", "GET", f"{base}/{a}/", own),
        Case("scorecard other unit", "GET", f"{base}/{b}/", other),
        Case("criterion explanation", "GET", f"{base}/{a}/tieu-chi/I.1/", own),
        Case("group explanation", "GET", f"{base}/{a}/nhom/I/", own),
        Case("dashboard", "GET", f"{base}/", dash),
        Case("recompute", "POST", f"{base}/tinh-lai/", {"admin": 302, "owner": 302}),
        Case("unit history", "GET", f"/don-vi/{a}/qua-cac-ky/", own),
        Case("public round", "GET", f"/cong-khai/{slug}/", public, denied=404),
        Case("public scorecard", "GET", f"/cong-khai/{slug}/{a}/", public, denied=404),
        Case("public explanation", "GET", f"/cong-khai/{slug}/{a}/tieu-chi/I.1/", public, denied=404),
        Case("public index", "GET", "/cong-khai/", {r: 200 for r in ROLES}),
    ]


def _prepare(world, *, published: bool) -> None:
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    if published:
        rounds.round_publish(round=world.round, actor=None)  # computes the final results
    else:
        results_recompute(round=world.round)


@pytest.mark.parametrize("published", [False, True], ids=["open", "published"])
@pytest.mark.parametrize("role", ROLES)
def test_results_views(world, role, published):
    _prepare(world, published=published)
    client = world.client_for(role)
    for case in _cases(world.round.slug, world.unit_a.code, world.unit_b.code, published=published):
        if case.name == "recompute" and published:
            continue  # covered below: frozen results answer with a message, not a new compute
        check_access(client, case, role)


@pytest.mark.parametrize("role", ROLES)
def test_whatif_access(world, role):
    _prepare(world, published=False)
    client = world.client_for(role)
    url = f"/ky/{world.round.slug}/ket-qua/{world.unit_a.code}/mo-phong/"
    r = client.post(url, WHATIF, content_type="application/json")
    expected = {**STAFF, "editor_a": 200}.get(role, 403) if role else 302
    assert r.status_code == expected, role


def test_recompute_of_published_round_is_refused_with_a_message(world):
    _prepare(world, published=True)
    client = world.client_for("owner")
    r = client.post(f"/ky/{world.round.slug}/ket-qua/tinh-lai/", follow=True)
    assert "không tính lại kết quả đã công bố" in r.content.decode()


def test_unpublished_round_never_leaks_into_public_index(world):
    _prepare(world, published=False)
    assert world.round.name not in world.client_for(None).get("/cong-khai/").content.decode()
