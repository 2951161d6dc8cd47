"""A unit across rounds, and a 2025 commune with its predecessors' history."""

from __future__ import annotations

import datetime as dt

from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute
from dti.web.rounds import services as rounds
from dti.web.units.models import Level, OrgUnit


def _round_2025(world, commune: OrgUnit):
    rnd = rounds.round_create(
        slug="thu-nghiem-2025", name="Kỳ thử nghiệm 2025", framework=world.round.framework,
        owner_unit=world.province, period_kind="year", year=2025, units=[commune],
    )
    rounds.round_open(round=rnd, actor=None)
    return rnd


def _commune(world) -> OrgUnit:
    commune = OrgUnit.objects.create(
        key="2025:90001", code="90001", name="Xã An Đông Mới", type="xa", level=Level.XA, structure="2025",
        parent=world.province, path=f"{world.province.path}/90001", valid_from=dt.date(2025, 7, 1),
    )
    world.unit_a.successors.add(commune)
    return commune


def test_new_commune_shows_predecessor_history_and_change(world):
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    results_recompute(round=world.round)
    commune = _commune(world)
    rnd = _round_2025(world, commune)
    Entry.objects.create(round=rnd, unit=commune, criterion_code="I.1", done=True)
    Entry.objects.create(round=rnd, unit=commune, criterion_code="I.2", numerator=1, denominator=1)
    results_recompute(round=rnd)

    client = world.client_for("owner")
    html = client.get("/don-vi/2025:90001/qua-cac-ky/").content.decode()
    assert "Huyện An Đông" in html and "Xã An Đông Mới" in html and "Kỳ thử nghiệm 2024" in html
    card = client.get(f"/ky/{rnd.slug}/ket-qua/{commune.code}/")
    change = card.context["change"]
    assert change["unit"] == world.unit_a and change["total_delta"] == 20
    assert "Kỳ thử nghiệm 2024" in card.content.decode()


def test_history_only_shows_rounds_the_user_may_see(world):
    results_recompute(round=world.round)
    commune = _commune(world)
    rnd = _round_2025(world, commune)
    results_recompute(round=rnd)
    # the unit editor of An Đông sees its own 2024 result, not the new commune's (another unit)
    r = world.client_for("editor_a").get(f"/don-vi/{world.unit_a.code}/qua-cac-ky/")
    assert [row.round.slug for row in r.context["rows"]] == ["thu-nghiem-2024"]
