"""Entries written through the API score exactly as the same values scored by the engine directly."""

from __future__ import annotations

import datetime as dt

import pytest

from dti.engine import Entry, UnitRef, score_round
from dti.engine.framework import parse_framework
from tests.factories import API_FRAMEWORK as FRAMEWORK
from tests.factories import World

VALUES = {
    "901": {"I.1": {"done": True}, "I.2": {"numerator": 4021, "denominator": 7258}, "I.3": {"count": 3},
            "II.1": {"date": "2024-02-10"}},
    "902": {"I.1": {"done": False}, "I.2": {"numerator": 921, "denominator": 968}, "I.3": {"count": 104},
            "II.1": {"date": "2024-01-20"}},
}


def _engine_entry(unit: str, code: str, v: dict) -> Entry:
    date = dt.date.fromisoformat(v["date"]) if "date" in v else None
    return Entry(unit=unit, criterion=code, done=v.get("done"), numerator=v.get("numerator"),
                 denominator=v.get("denominator"), count=v.get("count"), date=date)


def _without_self(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        assert node["self_score"] == node["score"]
        node = {k: v for k, v in node.items() if k not in ("self_score", "appraised")}
        for key in ("children", "items"):
            if key in node:
                node[key] = _without_self(node[key])
        out.append(node)
    return out


@pytest.mark.parametrize("who", ["admin", "admin_token"])
def test_api_entries_score_like_the_engine(world: World, who: str) -> None:
    client = world.client(who)
    for unit, criteria in VALUES.items():
        for code, v in criteria.items():
            r = client.post("/api/entries/", {"round": world.round.slug, "unit": unit, "criterion": code, **v},
                            format="json")
            assert r.status_code == 201, r.json()
    units = [UnitRef("901", "Huyện An Đông", "90"), UnitRef("902", "Huyện Đa Lộc", "90")]
    entries = [_engine_entry(u, c, v) for u, cs in VALUES.items() for c, v in cs.items()]
    expected = score_round(parse_framework(FRAMEWORK), units, entries, year=2024)
    ranking = client.get(f"/api/rounds/{world.round.slug}/rankings/").json()["results"]
    assert {r["unit"]: (r["total"], r["rank"]) for r in ranking} == {
        u.code: (expected.unit_result(u.code)["total"], expected.unit_result(u.code)["rank"]) for u in units}
    for u in units:
        got = client.get(f"/api/rounds/{world.round.slug}/results/{u.code}/").json()
        want = expected.unit_result(u.code)
        assert got["total_unrounded"] == want["total_unrounded"]
        # nothing appraised yet: the self-assessed figures equal the appraised ones
        assert got["self_total"] == got["total"]
        assert _without_self(got["groups"]) == want["groups"]
    # a real non-trivial figure: 4.021/7.258 households of 20 points
    i2 = expected.unit_result("901")["groups"][0]["children"][1]
    assert i2["score"] == pytest.approx(20 * 4021 / 7258, abs=0.01)
