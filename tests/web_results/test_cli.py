"""``dti results`` and ``dti rank`` read the persisted results (same JSON shape as ``dti score --json``)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dti.cli.results_cmds import rank, results


def test_results_json_by_name(ninh_thuan):
    out = CliRunner().invoke(results, ["--round", "ninh-thuan-2022", "--unit", "Huyện Ninh Sơn", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert isinstance(data, list) and data[0]["unit"] == "585"
    assert {"total", "max_points", "percent", "class", "rank", "rank_of", "status_counts", "groups", "slips"} <= set(data[0])
    assert (data[0]["total"], data[0]["rank"], data[0]["rank_of"]) == (698.8, 3, 7)


def test_results_table(ninh_thuan):
    out = CliRunner().invoke(results, ["--round", "ninh-thuan-2022", "--unit", "585"])
    assert out.exit_code == 0
    assert "698,8 / 880" in out.output and "hạng 3/7" in out.output and "Hạ tầng số" in out.output


def test_rank_json_and_table(ninh_thuan):
    out = CliRunner().invoke(rank, ["--round", "ninh-thuan-2022", "--parent", "Tỉnh Ninh Thuận", "--json"])
    rows = json.loads(out.output)
    assert [r["rank"] for r in rows] == list(range(1, 8))
    assert set(rows[0]) == {"unit", "unit_name", "total", "max_points", "percent", "class", "rank", "rank_of"}
    assert rows[2]["unit_name"] == "Huyện Ninh Sơn"
    table = CliRunner().invoke(rank, ["--round", "ninh-thuan-2022"]).output
    assert "Hạng" in table and "3/7" in table and "698,8" in table


def test_clear_errors(ninh_thuan, world):
    out = CliRunner().invoke(results, ["--round", "khong-co", "--unit", "585"])
    assert out.exit_code == 1 and "Không có kỳ đánh giá 'khong-co'" in out.output
    out = CliRunner().invoke(results, ["--round", "ninh-thuan-2022", "--unit", "Huyện Không Có"])
    assert out.exit_code == 1 and "Không tìm thấy đơn vị" in out.output
    out = CliRunner().invoke(rank, ["--round", world.round.slug])
    assert out.exit_code == 1 and "chưa có kết quả" in out.output
