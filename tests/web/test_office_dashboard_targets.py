"""Targets vs results on the round dashboard: per criterion, units met / missed / without data."""

from __future__ import annotations

from dti.web.entries.services import entry_save
from dti.web.results.services import results_recompute
from dti.web.targets.services import targets_set


def _section(page: str) -> str:
    return page.split('id="muc-tieu"')[1].split("</section>")[0]


def test_dashboard_counts_units_meeting_and_missing_a_target(world) -> None:
    fw = world.round.framework.parsed()
    owner = world.users["owner"]
    targets_set(unit=world.province, framework=fw, year=2024, targets={"I.2": "≥ 60%"}, actor=owner)
    for unit, num in ((world.unit_a, "85"), (world.unit_b, "42,5")):
        entry_save(round=world.round, unit=unit, criterion_code="I.2",
                   values={"numerator": float(num.replace(",", ".")), "denominator": 100.0},
                   expected_version=0, actor=owner)
    results_recompute(round=world.round, acting_user=None)
    page = world.client_for("owner").get(f"/ky/{world.round.slug}/ket-qua/").content.decode()
    section = _section(page)
    assert "Mục tiêu và kết quả năm 2024" in section
    row = section.split("<td>I.2</td>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:4]]
    assert cells == ["1", "1", "0"]  # met, missed, no data
    assert "Huyện Đa Lộc (42,5 / ≥ 60%)" in row
    assert "Huyện An Đông" not in row


def test_dashboard_targets_count_unit_without_data_and_unit_own_target(world) -> None:
    fw = world.round.framework.parsed()
    owner = world.users["owner"]
    targets_set(unit=world.province, framework=fw, year=2024, targets={"I.2": "≥ 60%"}, actor=owner)
    targets_set(unit=world.unit_a, framework=fw, year=2024, targets={"I.2": "≥ 90%"}, actor=owner)
    entry_save(round=world.round, unit=world.unit_a, criterion_code="I.2",
               values={"numerator": 85.0, "denominator": 100.0}, expected_version=0, actor=owner)
    results_recompute(round=world.round, acting_user=None)
    client = world.client_for("owner")
    page = client.get(f"/ky/{world.round.slug}/ket-qua/").content.decode()
    row = _section(page).split("<td>I.2</td>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:4]]
    assert cells == ["0", "1", "1"]  # the unit's own 90 % wins over the province's 60 %
    assert "Huyện An Đông (85 / ≥ 90%)" in row
