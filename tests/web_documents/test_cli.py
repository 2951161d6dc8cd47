"""``dti report --round`` and ``dti export --round``: the same documents, read from the database."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from dti.cli.report_cmds import export, report
from dti.web.documents.services import report_notes_save
from dti.web.units.models import OrgUnit
from tests.helpers import docx_text


def test_report_by_round_and_full_vietnamese_name(ninh_thuan, tmp_path):
    unit = OrgUnit.objects.get(key="legacy:585")
    report_notes_save(round=ninh_thuan, unit=unit, data={"proposals": "Đề nghị bổ sung biên chế CNTT."},
                      acting_user=None)
    out = tmp_path / "bc.docx"
    res = CliRunner().invoke(report, ["--round", "ninh-thuan-2022", "--kind", "bao-cao", "--unit", "Huyện Ninh Sơn",
                                      "--out", str(out)])
    assert res.exit_code == 0, res.output
    body = docx_text(out.read_bytes())
    assert "698,8" in body and "3/7" in body and "Đề nghị bổ sung biên chế CNTT." in body


def test_report_batch_per_round(ninh_thuan, tmp_path):
    res = CliRunner().invoke(report, ["--round", "ninh-thuan-2022", "--kind", "ke-hoach", "--batch",
                                      "--outdir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert len(names) == 7 and "ke-hoach-585-huyen-ninh-son.docx" in names


def test_report_unknown_round_or_unit_fails_in_vietnamese(ninh_thuan, tmp_path):
    res = CliRunner().invoke(report, ["--round", "khong-co", "--kind", "bao-cao", "--unit", "585",
                                      "--out", str(tmp_path / "x.docx")])
    assert res.exit_code == 1 and "Không có kỳ đánh giá 'khong-co'" in res.output
    res = CliRunner().invoke(report, ["--round", "ninh-thuan-2022", "--kind", "bao-cao", "--unit", "Huyện Không Có",
                                      "--out", str(tmp_path / "x.docx")])
    assert res.exit_code == 1 and "Không tìm thấy đơn vị 'Huyện Không Có'" in res.output
    assert not (tmp_path / "x.docx").exists()


def test_file_mode_still_needs_framework_and_entries(tmp_path):
    res = CliRunner().invoke(report, ["--kind", "bao-cao", "--unit", "585", "--out", str(tmp_path / "x.docx")])
    assert res.exit_code == 1 and "Cần --framework và --entries (hoặc --round)" in res.output


def test_export_ranking_and_unit_by_round(ninh_thuan, tmp_path):
    res = CliRunner().invoke(export, ["ranking", "--round", "ninh-thuan-2022", "--out", str(tmp_path / "r.xlsx")])
    assert res.exit_code == 0, res.output
    rows = list(load_workbook(tmp_path / "r.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(range(1, 8))
    res = CliRunner().invoke(export, ["unit", "--round", "ninh-thuan-2022", "--unit", "Huyện Ninh Sơn",
                                      "--out", str(tmp_path / "u.xlsx")])
    assert res.exit_code == 0, res.output
    ws = load_workbook(tmp_path / "u.xlsx").active
    assert ws.title == "Chi tiết Huyện Ninh Sơn" and ws.max_row > 80
    res = CliRunner().invoke(export, ["unit", "--round", "ninh-thuan-2022", "--out", str(tmp_path / "v.xlsx")])
    assert res.exit_code == 1 and "cần --unit" in res.output
