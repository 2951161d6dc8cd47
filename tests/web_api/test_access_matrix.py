"""Every endpoint × every caller (each role by session, a machine token, anonymous): allowed or refused."""

from __future__ import annotations

import pytest

from dti.web.entries import services
from dti.web.entries.models import Entry
from dti.web.rounds import services as rounds
from tests.factories import World
from tests.web_api.helpers import CALLERS, Case, check_access

EVERYONE = {c: 200 for c in CALLERS if c}
PUBLIC = {c: 200 for c in CALLERS}
ROUND_READERS = {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200, "agency_a": 200, "machine": 200}
SEE_ALL = {"admin": 200, "owner": 200, "assessor": 200}


def _prepare(w: World) -> dict[str, int]:
    """A submitted and a draft entry in unit A, a draft entry in unit B."""
    editor, admin = w.users["editor_a"], w.users["admin"]
    services.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.1", values={"done": True},
                        expected_version=0, actor=editor)
    services.entry_submit(round=w.round, unit=w.unit_a, actor=editor)
    a_i2 = services.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.2",
                               values={"numerator": 1.0, "denominator": 2.0}, expected_version=0, actor=editor)
    b_i1 = services.entry_save(round=w.round, unit=w.unit_b, criterion_code="I.1", values={"done": False},
                               expected_version=0, actor=admin)
    return {"a_i2": a_i2.pk, "b_i1": b_i1.pk}


def _cases(w: World, ids: dict[str, int]) -> list[Case]:
    slug, a, b = w.round.slug, w.unit_a.code, w.unit_b.code
    fw = w.round.framework_id
    a_i2, b_i1 = f"/api/entries/{ids['a_i2']}/", f"/api/entries/{ids['b_i1']}/"
    hidden = {"viewer": 404, "outsider": 404}
    return [
        Case("tài liệu OpenAPI", "GET", "/api/openapi.json", PUBLIC),
        Case("Swagger UI", "GET", "/api/docs/", PUBLIC),
        Case("địa chỉ không có", "GET", "/api/khong-co/", {c: 404 for c in CALLERS}),
        Case("bộ chỉ số", "GET", "/api/frameworks/", EVERYONE),
        Case("một bộ chỉ số", "GET", f"/api/frameworks/{fw}/", EVERYONE),
        Case("đơn vị", "GET", "/api/units/?parent=90", EVERYONE),
        Case("một đơn vị", "GET", f"/api/units/{a}/", EVERYONE),
        Case("đơn vị không có", "GET", "/api/units/999/", {c: 404 for c in CALLERS if c}),
        Case("kỳ đánh giá", "GET", "/api/rounds/", EVERYONE),
        Case("một kỳ", "GET", f"/api/rounds/{slug}/", ROUND_READERS),
        Case("số liệu", "GET", f"/api/entries/?round={slug}", EVERYONE),
        Case("số liệu A", "GET", a_i2, {**ROUND_READERS, **hidden}, denied=404),
        Case("số liệu B", "GET", b_i1, SEE_ALL, denied=404),
        Case("tạo II.1 (đơn vị)", "POST", "/api/entries/", {"admin": 201, "editor_a": 201},
             body={"round": slug, "unit": a, "criterion": "II.1", "date": "2024-01-15"}),
        Case("tạo I.3 (cơ quan, máy)", "POST", "/api/entries/", {"admin": 201, "editor_a": 201, "agency_a": 201,
                                                                  "machine": 201},
             body={"round": slug, "unit": a, "criterion": "I.3", "count": 3}),
        Case("tạo ở B", "POST", "/api/entries/", {"admin": 201},
             body={"round": slug, "unit": b, "criterion": "I.3", "count": 3}),
        Case("sửa I.2 ở A", "PATCH", a_i2, {"admin": 200, "editor_a": 200, "machine": 200, **hidden},
             body={"numerator": 2, "version": 1}),
        Case("thay I.2 ở A", "PUT", a_i2, {"admin": 200, "editor_a": 200, "machine": 200, **hidden},
             body={"numerator": 2, "denominator": 4}, headers={"HTTP_IF_MATCH": '"1"'}),
        Case("sửa ở B", "PATCH", b_i1, {"admin": 200, "owner": 403, "assessor": 403}, denied=404,
             body={"done": True, "version": 1}),
        Case("xếp hạng", "GET", f"/api/rounds/{slug}/rankings/",
             {**SEE_ALL, "editor_a": 200, "agency_a": 200}),
        Case("kết quả A", "GET", f"/api/rounds/{slug}/results/{a}/",
             {**SEE_ALL, "editor_a": 200}),
        Case("kết quả B", "GET", f"/api/rounds/{slug}/results/{b}/", SEE_ALL),
        Case("kết quả đơn vị không có", "GET", f"/api/rounds/{slug}/results/999/",
             {c: 404 for c in CALLERS if c and c != "machine"}),
        Case("nhật ký", "GET", f"/api/audit/?round={slug}", {c: 200 for c in CALLERS if c and c != "machine"}),
    ]


CASE_NAMES = [
    "tài liệu OpenAPI", "Swagger UI", "địa chỉ không có", "bộ chỉ số", "một bộ chỉ số", "đơn vị", "một đơn vị",
    "đơn vị không có", "kỳ đánh giá", "một kỳ", "số liệu", "số liệu A", "số liệu B", "tạo II.1 (đơn vị)",
    "tạo I.3 (cơ quan, máy)", "tạo ở B", "sửa I.2 ở A", "thay I.2 ở A", "sửa ở B", "xếp hạng", "kết quả A",
    "kết quả B", "kết quả đơn vị không có", "nhật ký",
]


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("case_name", CASE_NAMES)
def test_it_enforces_the_matrix_on_an_open_round(world: World, who: str | None, case_name: str) -> None:
    ids = _prepare(world)
    case = next(c for c in _cases(world, ids) if c.name == case_name)
    check_access(world, case, who)


def test_the_matrix_names_every_case(world: World) -> None:
    assert [c.name for c in _cases(world, _prepare(world))] == CASE_NAMES


PUBLISHED_READERS = {**ROUND_READERS, "viewer": 200}


@pytest.mark.parametrize("who", CALLERS)
def test_it_lets_viewers_read_published_results_only(world: World, who: str | None) -> None:
    rounds.round_publish(round=world.round, actor=None)
    slug, b = world.round.slug, world.unit_b.code
    check_access(world, Case("kỳ đã công bố", "GET", f"/api/rounds/{slug}/", PUBLISHED_READERS), who)
    results = {**SEE_ALL, "viewer": 200}
    check_access(world, Case("kết quả B đã công bố", "GET", f"/api/rounds/{slug}/results/{b}/", results), who)


@pytest.mark.parametrize("who", ["admin", "editor_a", "machine"])
def test_a_closed_round_is_read_only(world: World, who: str) -> None:
    ids = _prepare(world)
    for action in (rounds.round_publish, rounds.round_close):
        action(round=world.round, actor=None)
    case = Case("sửa khi đã khóa", "PATCH", f"/api/entries/{ids['a_i2']}/", {who: 409},
                body={"numerator": 2, "version": 1})
    check_access(world, case, who)
    response = world.client(who).post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code,
                                                        "criterion": "I.3", "count": 5}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "round_locked"
    assert "Đã khóa" in response.json()["error"]["message"]
    assert Entry.objects.get(pk=ids["a_i2"]).numerator == 1.0
