"""The API holds the same limits as the form and the files (``dti.limits``): refused with 400 in the
API's error shape, a Vietnamese message naming the field, nothing written."""

from __future__ import annotations

from dti import limits
from dti.web.entries.models import Entry
from tests.factories import World


def _post(world: World, who: str = "editor_a", **values: object):
    body = {"round": world.round.slug, "unit": world.unit_a.code, "criterion": "I.2", **values}
    return world.client(who).post("/api/entries/", body, format="json")


def test_a_long_explanation_is_refused_naming_the_field(world: World) -> None:
    r = _post(world, numerator=1, denominator=2, explanation="x" * (limits.TEXT_MAX["explanation"] + 1))
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["explanation"] == ["Giải trình: dài quá 20.000 ký tự"]
    assert not Entry.objects.filter(round=world.round).exists()


def test_a_number_beyond_the_table_is_refused_on_every_numeric_field(world: World) -> None:
    for field in ("numerator", "denominator", "count", "value"):
        r = _post(world, **{field: limits.NUMBER_ABS_MAX * 10})
        assert r.status_code == 400, (field, r.json())
        assert "số quá lớn" in r.json()["error"]["fields"][field][0]
    assert not Entry.objects.filter(round=world.round).exists()


def test_a_machine_push_is_held_to_the_same_limits(world: World) -> None:
    r = _post(world, "machine", numerator=1, denominator=2, text="y" * (limits.TEXT_MAX["text"] + 1))
    assert r.status_code == 400
    assert "Nội dung: dài quá 20.000 ký tự" in r.json()["error"]["message"]
    assert not Entry.objects.filter(round=world.round).exists()


def test_the_schema_states_the_limits(world: World) -> None:
    doc = world.client(None).get("/api/openapi.json").json()
    fields = doc["components"]["schemas"]["EntryCreateRequest"]["properties"]
    assert fields["explanation"]["maxLength"] == limits.TEXT_MAX["explanation"]
    assert fields["count"]["maximum"] == limits.NUMBER_ABS_MAX
