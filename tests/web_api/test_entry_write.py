"""Entry writes through the API: optimistic locking, PATCH/PUT semantics, error shape."""

from __future__ import annotations

from dti.web.entries.models import Entry
from tests.factories import World


def _create(w: World, who: str = "editor_a", **values: object) -> dict:
    body = {"round": w.round.slug, "unit": w.unit_a.code, "criterion": "I.2", **values}
    r = w.client(who).post("/api/entries/", body, format="json")
    assert r.status_code == 201, r.json()
    return r.json()


def test_it_refuses_a_stale_version_and_keeps_the_newer_write(world: World) -> None:
    e = _create(world, numerator=1, denominator=4)
    url = f"/api/entries/{e['id']}/"
    first = world.client("editor_a").get(url)
    assert first["ETag"] == '"1"'
    ok = world.client("admin").patch(url, {"numerator": 2}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = world.client("editor_a").patch(url, {"numerator": 3}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert "phiên bản 2" in stale.json()["error"]["message"]
    saved = Entry.objects.get(pk=e["id"])
    assert (saved.numerator, saved.denominator, saved.version) == (2.0, 4.0, 2)


def test_it_requires_a_version_to_update(world: World) -> None:
    e = _create(world, numerator=1, denominator=4)
    r = world.client("editor_a").patch(f"/api/entries/{e['id']}/", {"numerator": 2}, format="json")
    assert r.status_code == 428
    assert r.json()["error"]["code"] == "version_required"


def test_body_version_and_if_match_must_agree(world: World) -> None:
    e = _create(world, numerator=1, denominator=4)
    r = world.client("editor_a").patch(f"/api/entries/{e['id']}/", {"numerator": 2, "version": 1},
                                       format="json", HTTP_IF_MATCH='"7"')
    assert r.status_code == 400
    assert "version" in r.json()["error"]["fields"]


def test_patch_keeps_other_fields_and_put_clears_them(world: World) -> None:
    e = _create(world, numerator=1, denominator=4, explanation="Số liệu Sở TT&TT")
    url = f"/api/entries/{e['id']}/"
    r = world.client("editor_a").patch(url, {"numerator": 3, "version": 1}, format="json")
    assert (r.json()["numerator"], r.json()["denominator"], r.json()["explanation"]) == (3.0, 4.0, "Số liệu Sở TT&TT")
    r = world.client("editor_a").put(url, {"numerator": 1, "denominator": 2, "version": 2}, format="json")
    assert r.status_code == 200
    assert r.json()["explanation"] == "" and r.json()["numerator"] == 1.0


def test_patch_is_validated_as_a_whole_entry(world: World) -> None:
    e = _create(world, numerator=1, denominator=4)
    r = world.client("editor_a").patch(f"/api/entries/{e['id']}/", {"numerator": 9, "version": 1}, format="json")
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid" and error["fields"]
    assert Entry.objects.get(pk=e["id"]).numerator == 1.0


def test_bad_types_are_named_in_vietnamese(world: World) -> None:
    r = world.client("editor_a").post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code,
                                                        "criterion": "I.2", "numerator": "nhiều"}, format="json")
    assert r.status_code == 400
    assert r.json()["error"]["fields"]["numerator"] == ["Phải là số."]
    assert not Entry.objects.exists()


def test_unknown_round_unit_or_criterion(world: World) -> None:
    c = world.client("admin")
    base = {"round": world.round.slug, "unit": world.unit_a.code, "criterion": "I.2", "numerator": 1}
    assert c.post("/api/entries/", {**base, "round": "khong-co"}, format="json").json()["error"]["fields"]["round"]
    r = c.post("/api/entries/", {**base, "unit": "911"}, format="json")
    assert r.status_code == 400 and "unit" in r.json()["error"]["fields"]
    r = c.post("/api/entries/", {**base, "criterion": "I"}, format="json")
    assert r.status_code == 400 and "criterion_code" in r.json()["error"]["fields"]


def test_creating_twice_conflicts_and_submitted_entries_are_locked(world: World) -> None:
    e = _create(world, numerator=1, denominator=4)
    again = world.client("editor_a").post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code,
                                                            "criterion": "I.2", "numerator": 2}, format="json")
    assert again.status_code == 409
    from dti.web.entries.services import entry_submit

    entry_submit(round=world.round, unit=world.unit_a, actor=world.users["editor_a"])
    r = world.client("editor_a").patch(f"/api/entries/{e['id']}/", {"numerator": 2, "version": 2}, format="json")
    assert r.status_code == 409 and "Đã gửi" in r.json()["error"]["message"]


def test_session_writes_need_the_csrf_token(world: World) -> None:
    from rest_framework.test import APIClient

    c = APIClient(enforce_csrf_checks=True)
    c.force_login(world.users["editor_a"])
    r = c.post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code, "criterion": "I.2",
                                 "numerator": 1}, format="json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"


def test_personal_token_acts_as_its_user(world: World) -> None:
    e = _create(world, who="admin_token", numerator=1, denominator=4)
    assert e["updated_by"] == "admin" and e["source"] is None


def test_unauthenticated_calls_get_401_with_the_scheme(world: World) -> None:
    r = world.client(None).get("/api/entries/")
    assert r.status_code == 401 and r["WWW-Authenticate"] == "Bearer"
    assert r.json()["error"]["code"] == "not_authenticated"


def test_nul_characters_in_parameters_are_a_400_not_a_500(world: World) -> None:
    r = world.client("admin").get("/api/entries/?criterion=I%00.1")
    assert r.status_code == 400 and "criterion" in r.json()["error"]["fields"]
    assert world.client("admin").get("/api/units/9%000/").status_code == 400
