"""Province-level documents of a round: tổng hợp and the Quyết định công bố with the ranking appendix."""

from __future__ import annotations

from click.testing import CliRunner

from dti.cli.main import cli
from dti.reports import build_document
from dti.reports.province import ranking_rows, round_document_data

from .conftest import EXAMPLES, tables, texts


def test_cong_bo_ranking_equals_the_engine(ninh_thuan):
    data = round_document_data(ninh_thuan, period="năm 2022")
    doc = build_document("cong-bo", data)
    body = "\n".join(texts(doc))
    for needle in ("QUYẾT ĐỊNH", "Về việc công bố kết quả đánh giá, xếp hạng mức độ chuyển đổi số năm 2022",
                   "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Căn cứ Quyết định số 852/QĐ-UBND", "QUYẾT ĐỊNH:", "Điều 1.",
                   "Điều 3."):
        assert needle in body, needle
    appendix = tables(doc)[-1]
    assert appendix[0] == ["STT", "Đơn vị", "Tổng điểm", "Tỷ lệ", "Xếp loại", "Xếp hạng"]
    ninh_son = next(r for r in appendix if r[1] == "Huyện Ninh Sơn")
    assert ninh_son[2:] == ["698,8/880", "79,41%", "Khá", "3/7"]
    expected = sorted(ninh_thuan.all_results(), key=lambda u: (u["rank"], u["unit_name"]))
    assert [r[1] for r in appendix[1:]] == [u["unit_name"] for u in expected]
    assert [r[5] for r in appendix[1:]] == [f"{u['rank']}/{u['rank_of']}" for u in expected]
    assert appendix[1:] == ranking_rows(data)


def test_tong_hop_has_progress_counts_and_ranking(ninh_thuan):
    doc = build_document("tong-hop", round_document_data(ninh_thuan))
    body = "\n".join(texts(doc))
    assert "Kỳ đánh giá có 07 đơn vị tham gia" in body and "TÌNH HÌNH TRIỂN KHAI" in body
    status = tables(doc)[1]
    assert status[0] == ["STT", "Đơn vị", "Số liệu đã nhập", "Đạt", "Đang thực hiện", "Chưa thực hiện"]
    ninh_son = next(r for r in status if r[1] == "Huyện Ninh Sơn")
    assert ninh_son[3:] == ["62/83", "8/83", "13/83"]
    assert tables(doc)[-1][0][-1] == "Xếp hạng"


def test_cli_kinds_tong_hop_and_cong_bo(tmp_path):
    runner = CliRunner()
    args = ["report", "--framework", "ninh-thuan-2022", "--entries", str(EXAMPLES / "ninh-son-2022.csv"),
            "--entries", str(EXAMPLES / "ninh-thuan-2022-synthetic.csv")]
    for kind in ("tong-hop", "cong-bo"):
        out = tmp_path / f"{kind}.docx"
        res = runner.invoke(cli, [*args, "--kind", kind, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert out.exists()
    res = runner.invoke(cli, [*args, "--kind", "cong-bo", "--batch", "--outdir", str(tmp_path)])
    assert res.exit_code != 0 and "cả kỳ" in res.output
