"""``dti report`` and ``dti export`` on files written by the test."""

from __future__ import annotations

import csv

import click
import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from dti.cli.report_cmds import export, report

from .conftest import SMALL_FRAMEWORK

ROWS = [
    ("A", "Huyện An Bình", "I.1", "Đạt", "có", "", "", "", "Quyết định số 5/QĐ-UBND"),
    ("A", "Huyện An Bình", "I.2", "", "", "1627", "1663", "", ""),
    ("A", "Huyện An Bình", "I.3", "", "", "", "", "12", ""),
    ("B", "Huyện Bắc Sơn", "I.1", "", "có", "", "", "", ""),
    ("B", "Huyện Bắc Sơn", "I.2", "", "", "900", "1000", "", ""),
]


@pytest.fixture
def cli() -> click.Group:
    group = click.Group()
    group.add_command(report)
    group.add_command(export)
    return group


@pytest.fixture
def files(tmp_path):
    fw_path = tmp_path / "mini.yaml"
    fw_path.write_text(yaml.safe_dump(SMALL_FRAMEWORK, allow_unicode=True), encoding="utf-8")
    entries = tmp_path / "so-lieu.csv"
    with entries.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["unit", "unit_name", "criterion", "status", "done", "numerator", "denominator", "count",
                    "explanation"])
        w.writerows(ROWS)
    return fw_path, entries, tmp_path


def test_report_writes_a_docx_for_a_unit_by_name(cli, files):
    fw_path, entries, tmp = files
    out = tmp / "bc.docx"
    res = CliRunner().invoke(cli, ["report", "--framework", str(fw_path), "--entries", str(entries),
                                   "--unit", "Huyện An Bình", "--kind", "bao-cao", "--period", "Quý II năm 2024",
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert paragraphs[1].startswith("Kết quả chuyển đổi số Quý II năm 2024")


def test_batch_writes_one_document_per_unit(cli, files):
    fw_path, entries, tmp = files
    res = CliRunner().invoke(cli, ["report", "--batch", "--framework", str(fw_path), "--entries", str(entries),
                                   "--kind", "ke-hoach", "--outdir", str(tmp / "kh")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp / "kh").iterdir()) == [
        "ke-hoach-A-huyen-an-binh.docx", "ke-hoach-B-huyen-bac-son.docx"]


def test_errors_are_vietnamese_and_write_nothing(cli, files):
    fw_path, entries, tmp = files
    out = tmp / "x.docx"
    res = CliRunner().invoke(cli, ["report", "--framework", str(fw_path), "--entries", str(entries),
                                   "--unit", "Z", "--kind", "bao-cao", "--out", str(out)])
    assert res.exit_code == 1 and "Không có đơn vị 'Z'" in res.output and not out.exists()
    bad = tmp / "bad.yaml"
    bad.write_text("so: 1\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", "--framework", str(fw_path), "--entries", str(entries),
                                   "--unit", "A", "--kind", "bao-cao", "--settings", str(bad), "--out", str(out)])
    assert res.exit_code == 1 and "trường 'so' không hợp lệ" in res.output and not out.exists()


def test_export_writes_workbooks(cli, files):
    fw_path, entries, tmp = files
    for kind in ("ranking", "unit", "targets"):
        out = tmp / f"{kind}.xlsx"
        res = CliRunner().invoke(cli, ["export", kind, "--framework", str(fw_path), "--entries", str(entries),
                                       "--unit", "A", "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert load_workbook(out).active.max_row > 1
    res = CliRunner().invoke(cli, ["export", "assignments", "--framework", str(fw_path), "--out", str(tmp / "pc.xlsx")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["export", "unit", "--framework", str(fw_path), "--entries", str(entries),
                                   "--out", str(tmp / "u.xlsx")])
    assert res.exit_code == 1 and "cần --unit" in res.output
