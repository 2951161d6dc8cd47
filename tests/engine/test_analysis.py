"""Gap list, what-if and comparison on the Ninh Sơn case of seed 003."""

from __future__ import annotations

import pytest

from dti.engine import Entry
from dti.engine.analysis import cheapest_path, compare, full_marks, gap_list, what_if

from .test_seed_cases import score_files


@pytest.fixture(scope="module")
def ninh_thuan():
    return score_files("ninh-thuan-2022", "ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv")


def test_gap_list_sorted_by_points_lost(ninh_thuan) -> None:
    gaps = gap_list(ninh_thuan, "585")
    codes = [g["code"] for g in gaps]
    assert codes[:2] == ["3.5", "3.7"]  # 0/20 each, in framework order
    assert gaps[0]["lost"] == 20 and gaps[0]["group"] == "3"
    assert {"8.6", "8.7", "8.8", "5.12", "4.6", "1.3"} <= set(codes)
    assert [g["lost"] for g in gaps] == sorted((g["lost"] for g in gaps), reverse=True)
    assert round(sum(g["lost"] for g in gaps), 2) == round(880 - 698.81, 2)
    assert gaps[codes.index("5.12")]["lead"] == []  # the seed gives 5.12 no lead of its own


def test_what_if_raising_3_5_to_full(ninh_thuan) -> None:
    sim = what_if(ninh_thuan, "585", [full_marks(ninh_thuan, "3.5")])
    assert sim["before"]["total"] == 698.8
    assert sim["after"]["total"] == 718.8
    assert (sim["after"]["rank"], sim["after"]["rank_of"]) == (2, 7)
    assert sim["changes"] == [{"code": "3.5", "name": sim["changes"][0]["name"], "before": 0.0, "after": 20.0, "delta": 20.0}]
    # nothing saved: the original result is untouched
    assert ninh_thuan.unit_result("585")["total"] == 698.8


def test_what_if_with_raw_inputs(ninh_thuan) -> None:
    sim = what_if(ninh_thuan, "585", [Entry("", "8.4", value=100, value_is_percent=True)])
    assert sim["after"]["total_unrounded"] == pytest.approx(698.81 + 1.5)


def test_cheapest_path_lists_biggest_gains(ninh_thuan) -> None:
    path = cheapest_path(ninh_thuan, "585", limit=3)
    assert [p["code"] for p in path] == ["3.5", "3.7", "8.6"]
    assert path[0]["total_after"] == 718.8


def test_compare_two_rounds(ninh_thuan) -> None:
    later = what_if(ninh_thuan, "585", [full_marks(ninh_thuan, "3.5")])["result"]
    diff = compare(ninh_thuan, later, "585")
    assert diff["total_delta"] == pytest.approx(20)
    assert diff["before"]["rank"] == 3 and diff["after"]["rank"] == 2
    g3 = next(g for g in diff["groups"] if g["code"] == "3")
    assert g3["delta"] == pytest.approx(20)
