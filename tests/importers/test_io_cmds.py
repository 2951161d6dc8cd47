"""The ``dti import``/``template``/``framework-export`` commands, through click's runner."""

from __future__ import annotations

import json

import click
import pytest
import yaml
from click.testing import CliRunner

from dti.cli.io_cmds import register
from dti.engine import builtin_framework_paths

from .conftest import fill


@pytest.fixture
def cli():
    @click.group()
    def root() -> None:
        pass

    register(root)
    return root


@pytest.fixture
def tth():
    if "thua-thien-hue-2024" not in builtin_framework_paths():
        pytest.skip("bộ chỉ số thua-thien-hue-2024 chưa có")
    return "thua-thien-hue-2024"


def test_it_creates_checks_and_imports_a_template(tmp_path, cli, tth):
    out = tmp_path / "mau.xlsx"
    r = CliRunner().invoke(cli, ["template", "create", "--framework", tth, "--units", "ND=Nam Đông,PD",
                                 "--round", "2024-q2", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "2 đơn vị × 53 tiêu chí = 106 dòng" in r.output
    rows = fill(out, tmp_path / "a.xlsx", {("ND", "I.4"): {"count": 104, "status": "Đạt"}, ("PD", "I.10"): {"numerator": 2000, "denominator": 10}})
    r = CliRunner().invoke(cli, ["template", "check", str(tmp_path / "a.xlsx"), "--framework", tth, "--json"])
    assert r.exit_code == 1
    assert json.loads(r.output)["problems"] == [
        f"Số liệu, dòng {rows[('PD', 'I.10')]}, cột I (Tử số): tử số (2.000) lớn hơn mẫu số (10)"
    ]
    fill(out, tmp_path / "b.xlsx", {("ND", "I.4"): {"count": 104, "status": "Đạt"}})
    r = CliRunner().invoke(cli, ["import", "entries", str(tmp_path / "b.xlsx"), "--framework", tth, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert (data["entries"], data["units"], data["round"], data["empty_rows"]) == (1, 2, "2024-q2", 105)


def test_it_filters_template_rows_by_agency(tmp_path, cli):
    if "ninh-thuan-2022" not in builtin_framework_paths():
        pytest.skip("bộ chỉ số ninh-thuan-2022 chưa có")
    r = CliRunner().invoke(cli, ["template", "create", "--framework", "ninh-thuan-2022", "--units", "NS",
                                 "--agency", "phong noi vu", "--out", str(tmp_path / "nv.xlsx")])
    assert r.exit_code == 0, r.output
    assert "1 đơn vị × 2 tiêu chí" in r.output  # 4.3 and 4.4
    r = CliRunner().invoke(cli, ["template", "create", "--framework", "ninh-thuan-2022", "--units", "NS",
                                 "--agency", "Không có", "--out", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 1 and "không có tiêu chí nào" in r.output


def test_it_exports_and_reimports_a_framework(tmp_path, cli, tth):
    xlsx = tmp_path / "tth.xlsx"
    r = CliRunner().invoke(cli, ["framework-export", tth, "--format", "xlsx", "--layout", "appendix", "--out", str(xlsx)])
    assert r.exit_code == 0, r.output
    draft = tmp_path / "nhap.yaml"
    r = CliRunner().invoke(cli, ["import", "framework", str(xlsx), "--code", "tth-nhap", "--out", str(draft)])
    assert r.exit_code == 0, r.output
    assert "9 nhóm, 53 tiêu chí" in r.output and "Cần người xem lại" in r.output
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# Bản nháp") and "# CẦN NGƯỜI XEM LẠI:" in text
    data = yaml.safe_load(text)
    assert data["code"] == "tth-nhap" and data["kind"] == "points"
    yml = tmp_path / "tth.yaml"
    r = CliRunner().invoke(cli, ["framework-export", tth, "--format", "yaml", "--out", str(yml)])
    assert r.exit_code == 0 and yaml.safe_load(yml.read_text(encoding="utf-8"))["code"] == tth


def test_it_checks_a_plain_entries_file_too(cli, tth):
    from pathlib import Path

    csv = Path(__file__).resolve().parents[2] / "examples" / "nam-dong-2024-q2.csv"
    if not csv.exists():
        pytest.skip("examples/nam-dong-2024-q2.csv chưa có")
    r = CliRunner().invoke(cli, ["import", "entries", str(csv), "--framework", tth])
    assert r.exit_code == 0, r.output
    assert "Đạt: 20" in r.output and "Đang thực hiện: 28" in r.output and "Chưa thực hiện: 5" in r.output
