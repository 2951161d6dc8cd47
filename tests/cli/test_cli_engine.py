"""The `dti` commands that other tools rely on: keys and exit codes are an interface."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dti.cli.main import cli

EX = Path(__file__).resolve().parents[2] / "examples"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_framework_list_json_keys() -> None:
    res = run("framework", "list", "--json")
    assert res.exit_code == 0
    data = {f["code"]: f for f in json.loads(res.output)}
    assert set(data) >= {"thua-thien-hue-2024", "ninh-thuan-2022", "hai-duong-2022", "thanh-hoa-xa-2023", "dien-bien-2023"}
    assert data["thua-thien-hue-2024"]["criteria"] == 53
    assert (data["ninh-thuan-2022"]["criteria"], data["ninh-thuan-2022"]["max_points"]) == (83, 880)
    assert data["hai-duong-2022"]["max_points"] is None
    for f in data.values():
        assert {"code", "name", "criteria", "max_points"} <= set(f)


def test_framework_show_and_validate() -> None:
    res = run("framework", "show", "ninh-thuan-2022")
    assert res.exit_code == 0 and "Nhận thức số" in res.output
    res = run("framework", "show", "ninh-thuan-2022", "--json")
    assert json.loads(res.output)["tree"][0]["code"] == "1"
    assert run("framework", "validate").exit_code == 0


def test_score_json_ninh_son() -> None:
    res = run(
        "score", "--framework", "ninh-thuan-2022",
        "--entries", str(EX / "ninh-son-2022.csv"), "--entries", str(EX / "ninh-thuan-2022-synthetic.csv"),
        "--unit", "Huyện Ninh Sơn", "--json",
    )  # fmt: skip
    assert res.exit_code == 0
    (ns,) = json.loads(res.output)
    assert (ns["total"], ns["total_unrounded"], ns["class"], ns["rank"], ns["rank_of"]) == (698.8, 698.81, "Khá", 3, 7)
    for g in ns["groups"]:
        assert {"code", "score", "max_points", "rank"} <= set(g)
    assert {"unit", "total", "max_points", "class", "rank", "status_counts", "groups"} <= set(ns)


def test_score_table_is_vietnamese() -> None:
    res = run("score", "--framework", "ninh-thuan-2022", "--entries", str(EX / "ninh-son-2022.csv"))
    assert "698,8" in res.output and "Khá" in res.output


def test_score_nam_dong_counts_and_xlsx(tmp_path) -> None:
    out = tmp_path / "xep-hang.xlsx"
    res = run(
        "score", "--framework", "thua-thien-hue-2024", "--entries", str(EX / "nam-dong-2024-q2.csv"),
        "--year", "2024", "--json", "--xlsx", str(out),
    )  # fmt: skip
    (nd,) = json.loads(res.output)
    sc = nd["status_counts"]
    assert (sc["dat"], sc["dang_thuc_hien"], sc["chua_thuc_hien"]) == (20, 28, 5)
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws["C2"].value == "Huyện Nam Đông" and ws.freeze_panes == "A2"


def test_bad_entries_file_fails_without_scores(tmp_path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("unit,criterion,numerator,denominator\n585,1.1,5,2\n585,99.9,1,1\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["score", "--framework", "ninh-thuan-2022", "--entries", str(bad)])
    assert res.exit_code == 1
    assert "dòng 3, cột 'criterion'" in res.output
    assert "Hạng" not in res.output
