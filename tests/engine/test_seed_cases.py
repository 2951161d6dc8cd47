"""The seed documents' figures, reproduced from the framework files and example entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from dti.engine import get_framework, score_round
from dti.importers.entries_file import read_entry_files

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def score_files(code: str, *files: str, year: int | None = None):
    fw = get_framework(code)
    units, entries = read_entry_files([EX / f for f in files], fw)
    return score_round(fw, units, entries, year=year)


def group_counts(fw_code: str) -> list[int]:
    fw = get_framework(fw_code)
    return [sum(1 for n in _walk(g) if n.kind == "criterion") for g in fw.nodes]


def _walk(node):
    yield node
    for c in node.children:
        yield from _walk(c)


def test_ninh_thuan_framework_shape() -> None:
    fw = get_framework("ninh-thuan-2022")
    assert len(fw.top_criteria()) == 83
    assert fw.total_max == 880
    assert group_counts("ninh-thuan-2022") == [6, 10, 7, 7, 12, 18, 12, 8, 3]
    assert [g.max_points for g in fw.nodes[:8]] == [60, 90, 100, 60, 100, 170, 150, 150]
    assert all(c.rule.type == "not_scored" for c in fw.nodes[8].children)


def test_ninh_son_2022_reproduces_seed_003() -> None:
    r = score_files("ninh-thuan-2022", "ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv")
    ns = r.unit_result("585")
    assert ns["total"] == 698.8
    assert ns["total_unrounded"] == pytest.approx(698.81)
    assert ns["max_points"] == 880
    assert ns["class"] == "Khá"
    assert (ns["rank"], ns["rank_of"]) == (3, 7)
    groups = {g["code"]: g for g in ns["groups"]}
    assert [groups[c]["score"] for c in "12345678"] == [58.8, 80, 59.7, 55.01, 70, 147.8, 135, 92.5]
    assert [groups[c]["rank"] for c in "12345678"] == [5, 4, 3, 4, 5, 1, 2, 2]
    crit = {c["code"]: c for g in ns["groups"] for c in g.get("children", [])}
    assert crit["3.5"]["score"] == 0 and crit["3.5"]["max_points"] == 20
    assert crit["3.7"]["score"] == 0 and crit["3.7"]["max_points"] == 20
    assert crit["8.4"]["score"] == 18.5  # 92,28 % of 20, rounded as the seed prints it
    assert ns["slips"] == []


def test_thua_thien_hue_framework_shape() -> None:
    fw = get_framework("thua-thien-hue-2024")
    assert len(fw.top_criteria()) == 53
    assert group_counts("thua-thien-hue-2024") == [10, 3, 6, 8, 4, 7, 5, 4, 6]
    assert fw.by_code["I.1"].max_points == 5
    assert fw.by_code["I.4"].max_points == 24
    assert fw.by_code["I.1"].requires_signed_evidence


def test_nam_dong_q2_2024_status_counts() -> None:
    r = score_files("thua-thien-hue-2024", "nam-dong-2024-q2.csv", year=2024)
    nd = r.unit_result("483")
    sc = nd["status_counts"]
    assert (sc["dat"], sc["dang_thuc_hien"], sc["chua_thuc_hien"], sc["total"]) == (20, 28, 5, 53)
    expected = {
        "I": (5, 5, 0), "II": (2, 1, 0), "III": (1, 4, 1), "IV": (3, 1, 4), "V": (4, 0, 0),
        "VI": (2, 5, 0), "VII": (1, 4, 0), "VIII": (0, 4, 0), "IX": (2, 4, 0),
    }  # fmt: skip
    got = {
        g["code"]: (g["status_counts"]["dat"], g["status_counts"]["dang_thuc_hien"], g["status_counts"]["chua_thuc_hien"])
        for g in nd["groups"]
    }
    assert got == expected


def test_nam_dong_slips_are_flagged() -> None:
    r = score_files("thua-thien-hue-2024", "nam-dong-2024-q2.csv", year=2024)
    slips = {s["criterion"]: s for s in r.unit_result("483")["slips"]}
    assert "95,14%" in slips["III.1"]["message"] and "97,36%" in slips["III.1"]["message"]
    assert "61,53%" in slips["III.3"]["message"]
    for fine in ("I.10", "III.4", "VI.1", "VI.2"):
        assert fine not in slips


def test_nam_dong_rule_examples() -> None:
    from dti.engine import explain

    r = score_files("thua-thien-hue-2024", "nam-dong-2024-q2.csv", year=2024)
    assert explain(r, "483", "I.4")["score"] == 24
    assert explain(r, "483", "II.1")["score"] == 10
    e = explain(r, "483", "III.4")
    assert e["score"] == 5.54 and "4.021/7.258" in e["formula"]


def test_hai_duong_is_tracking_only_with_agencies() -> None:
    fw = get_framework("hai-duong-2022")
    assert fw.kind == "tracking" and fw.total_max is None
    assert [n.kind for n in fw.nodes] == ["pillar"] * 3
    assert [n.name for n in fw.nodes] == ["Chính quyền số", "Kinh tế số", "Xã hội số"]
    assert len(fw.top_criteria()) == 159
    node = fw.by_code["CQS.1.2.1"]
    assert node.lead == ["Phòng VH&TT huyện"] and node.timeline == "Đã thực hiện"
    r = score_files("hai-duong-2022", "tu-ky-2022.csv")
    tk = r.unit_result("298")
    assert tk["total"] is None and tk["status_counts"]["dat"] == 8


def test_completion_frameworks_load() -> None:
    for code in ("thanh-hoa-xa-2023", "dien-bien-2023"):
        fw = get_framework(code)
        assert fw.kind == "completion"
        assert len(fw.top_criteria()) > 10
        assert any(n.target for n in fw.top_criteria())
