"""Báo cáo kết quả chuyển đổi số: layout, counts from data, appendix, seed figures."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT

from dti.reports import build_document, unit_document_data
from dti.reports.settings import DocumentSettings

from .conftest import tables, texts

GROUP_HEADING = re.compile(r"^(\d+)\. (.+) \((.+)\)$")


def _doc(result, unit, settings=None):
    return build_document("bao-cao", unit_document_data(result, unit), settings)


def test_it_lays_out_the_decree_30_header(small_result, small_settings):
    doc = _doc(small_result, "A", small_settings)
    header = tables(doc)[0]
    assert header[0][0].split("\n")[:2] == ["UBND HUYỆN AN BÌNH", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ"]
    assert header[0][1].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header[1][0] == "Số: 12/BC-BCĐ"
    assert header[1][1] == "An Bình, ngày 24 tháng 6 năm 2024"
    date_run = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert date_run.italic and date_run.font.name == "Times New Roman"
    quoc_hieu = doc.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert quoc_hieu.bold and 12 <= quoc_hieu.font.size.pt <= 13
    body = texts(doc)
    assert body[0:2] == ["BÁO CÁO", "Kết quả chuyển đổi số Quý II năm 2024 và phương hướng, nhiệm vụ Quý III năm 2024"]


def test_it_uses_a4_and_the_decree_margins(small_result, small_settings):
    doc = _doc(small_result, "A", small_settings)
    body, appendix = doc.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    mm = {k: round(getattr(body, f"{k}_margin").mm) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert body.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in body.header._element.xml
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and round(appendix.page_width.mm) == 297


def test_group_counts_come_from_the_data(small_result, small_settings):
    paragraphs = texts(_doc(small_result, "A", small_settings))
    headings = [p for p in paragraphs if GROUP_HEADING.match(p)]
    assert headings == [
        "1. Nhận thức số (Đạt 1/3 tiêu chí, đang thực hiện 2/3 tiêu chí)",
        "2. Thể chế số (Đang thực hiện 1/2 tiêu chí, chưa thực hiện 1/2 tiêu chí)",
    ]
    summary = next(p for p in paragraphs if p.startswith("Trong ") and "đã thực hiện" in p)
    assert "hoàn thành 1/5 tiêu chí, đang thực hiện 3/5 tiêu chí, chưa thực hiện 1/5 tiêu chí" in summary
    assert "39,6/70 điểm" in summary and "xếp loại khá" in summary and "xếp hạng 2/3" in summary


def test_figures_are_computed_not_copied_from_free_text(small_result, small_settings):
    paragraphs = texts(_doc(small_result, "A", small_settings))
    line = next(p for p in paragraphs if p.startswith("- Hồ sơ trực tuyến"))
    assert line == "- Hồ sơ trực tuyến: đang thực hiện; 1.627/1.663 hồ sơ, đạt 97,84% (mục tiêu ≥ 80%)."
    assert not any("97,36" in p or "Ghi chú nhập liệu" in p for p in paragraphs)


def test_the_appendix_agrees_with_the_body(small_result, small_settings):
    doc = _doc(small_result, "A", small_settings)
    appendix = tables(doc)[-1]
    assert appendix[0] == ["TT", "Tiêu chí", "Kết quả thực hiện", "Tình trạng", "Điểm/tối đa"]
    criteria = [r for r in appendix[1:] if r[0].isdigit()]
    assert len(criteria) == 5
    statuses = [r[3] for r in criteria]
    assert statuses.count("Đạt") == 1 and statuses.count("Đang thực hiện") == 3
    assert ["2", "Hồ sơ trực tuyến", "1.627/1.663 hồ sơ, đạt 97,84%", "Đang thực hiện", "19,57/20"] in criteria
    assert appendix[-1][1] == "Tổng cộng" and appendix[-1][4] == "39,6/70"


def test_free_text_replaces_the_defaults(small_result, small_settings):
    small_settings.texts = {"difficulties": ["Thiếu máy tính"], "tasks": "Mua máy tính\nTập huấn"}
    paragraphs = texts(_doc(small_result, "A", small_settings))
    assert "- Thiếu máy tính." in paragraphs
    assert "1. Mua máy tính." in paragraphs and "2. Tập huấn." in paragraphs


def test_it_has_sensible_defaults_without_settings(small_result):
    doc = _doc(small_result, "C", DocumentSettings())
    header = tables(doc)[0]
    assert header[0][0].startswith("ỦY BAN NHÂN DÂN\nTHỊ XÃ CẨM HÀ")
    assert header[1][0].endswith("/BC-UBND")
    assert header[1][1].startswith("Cẩm Hà, ngày")
    signature = tables(doc)[1]
    assert signature[0][1].startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    assert signature[0][0].startswith("Nơi nhận:")


def test_nam_dong_report_reproduces_seed_002_counts(nam_dong):
    doc = _doc(nam_dong, "483")
    paragraphs = texts(doc)
    headings = [p for p in paragraphs if GROUP_HEADING.match(p)]
    assert len(headings) == 9
    assert headings[0] == "1. Nhận thức số (Đạt 5/10 tiêu chí, đang thực hiện 5/10 tiêu chí)"
    assert headings[2] == "3. Hạ tầng số (Đạt 1/6 tiêu chí, đang thực hiện 4/6 tiêu chí, chưa thực hiện 1/6 tiêu chí)"
    assert headings[3] == "4. Nhân lực số (Đạt 3/8 tiêu chí, đang thực hiện 1/8 tiêu chí, chưa thực hiện 4/8 tiêu chí)"
    assert headings[4] == "5. An toàn thông tin (Đạt 4/4 tiêu chí)"
    assert headings[7] == "8. Kinh tế số (Đang thực hiện 4/4 tiêu chí)"
    summary = next(p for p in paragraphs if p.startswith("Trong ") and "đã thực hiện" in p)
    assert "hoàn thành 20/53 tiêu chí, đang thực hiện 28/53 tiêu chí, chưa thực hiện 5/53 tiêu chí" in summary
    assert any("1.627/1.663" in p for p in paragraphs)
    appendix = tables(doc)[-1]
    criteria = [r for r in appendix[1:] if r[0].isdigit()]
    status = appendix[0].index("Tình trạng")
    assert appendix[0] == ["TT", "Tiêu chí", "Thực hiện", "Điều kiện", "Tài liệu kiểm chứng", "Điểm", "Kết quả",
                           "Tình trạng"]
    assert len(criteria) == 53
    assert sum(r[status].split(" (")[0] == "Đạt" for r in criteria) == 20
    assert sum(r[status].split(" (")[0] == "Chưa thực hiện" for r in criteria) == 5
    # the seed's own "Đạt" beside fewer points is printed with its mark, never silently
    marked = [r for r in criteria if "mâu thuẫn với điểm" in r[status]]
    assert len(marked) == 7
    access = next(r for r in criteria if r[1].startswith("Tiếp cận thông tin của người d"))
    assert access[status] == "Đạt (mâu thuẫn với điểm 0/20)"
