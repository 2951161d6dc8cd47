"""Kế hoạch nâng cao Chỉ số DTI: Part I from the scores, Part II pre-filled, assignment appendix."""

from __future__ import annotations

import pytest

from dti.reports import ReportError, build_document, settings_from_dict, unit_document_data

from .conftest import tables, texts


def _plan(result, unit, settings=None):
    return build_document("ke-hoach", unit_document_data(result, unit), settings)


def test_part_one_states_total_class_and_rank(small_result):
    paragraphs = texts(_plan(small_result, "A"))
    overall = next(p for p in paragraphs if p.startswith("Kết quả đánh giá tổng thể"))
    assert "đạt 39,6/70 điểm" in overall and "xếp loại khá" in overall
    assert "xếp hạng 2/3" in overall and "(sau Huyện Bắc Sơn)" in overall


def test_every_lost_criterion_is_listed_with_its_reason(small_result):
    paragraphs = texts(_plan(small_result, "A"))
    assert "Kết quả đạt 5/30 điểm tối đa, xếp hạng 03/03, trong đó còn 02 tiêu chí thành phần chưa đạt " \
           "điểm tối đa (01 tiêu chí không đạt điểm), cụ thể:" in paragraphs
    assert ("- Tiêu chí “Sáng kiến hỗ trợ doanh nghiệp” không đạt điểm (0/20 điểm tối đa). "
            "Nguyên nhân là do chưa có tài liệu kiểm chứng phù hợp.") in paragraphs
    lost_ratio = next(p for p in paragraphs if "“Hồ sơ trực tuyến”" in p and p.startswith("- Tiêu chí"))
    assert "chưa đạt điểm tối đa (đạt 19,57/20 điểm tối đa)" in lost_ratio
    assert "1.627/1.663 hồ sơ, đạt 97,84%" in lost_ratio
    assert not any("Ban chỉ đạo chuyển đổi số”" in p for p in paragraphs if p.startswith("- Tiêu chí"))


def test_a_unit_with_full_marks_is_told_so(small_result):
    paragraphs = texts(_plan(small_result, "B"))
    assert any(p.endswith("tất cả các tiêu chí thành phần đều đạt điểm tối đa.") for p in paragraphs)


def test_group_table_and_assignment_appendix(small_result):
    doc = _plan(small_result, "A")
    group_table, assignments = tables(doc)[1], tables(doc)[-1]
    assert group_table[1] == ["1", "Nhận thức số", "3", "40", "34,6", "86,43%", "02/03"]
    assert group_table[-1][1] == "Tổng cộng" and group_table[-1][-1] == "02/03"
    assert assignments[0] == ["Stt", "Chỉ số/Chỉ số thành phần", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert ["II.1", "Kế hoạch chuyển đổi số hằng năm", "Phòng VH&TT",
            "Phòng Tài chính - Kế hoạch; UBND các xã"] in assignments


def test_tasks_are_prefilled_with_the_gaps_and_editable(small_result):
    paragraphs = texts(_plan(small_result, "A"))
    assert any(p.startswith("- Khắc phục tiêu chí “Sáng kiến hỗ trợ doanh nghiệp”") for p in paragraphs)
    settings = settings_from_dict({"texts": {"group_tasks": {"II": ["Ban hành chính sách hỗ trợ"]}}})
    paragraphs = texts(_plan(small_result, "A", settings))
    assert "- Ban hành chính sách hỗ trợ." in paragraphs
    assert not any(p.startswith("- Khắc phục tiêu chí “Sáng kiến") for p in paragraphs)


def test_a_plan_needs_a_scored_framework(small_result):
    data = unit_document_data(small_result, "A")
    data["total"] = None
    with pytest.raises(ReportError, match="có tính điểm"):
        build_document("ke-hoach", data)


def test_ninh_son_plan_reproduces_seed_003(ninh_thuan):
    doc = _plan(ninh_thuan, "585", settings_from_dict({"deadlines": ["30/5", "15/11"]}))
    body = "\n".join(texts(doc))
    assert "698,8" in body and "xếp loại khá" in body and "3/7" in body
    assert "(sau Thành phố Phan Rang - Tháp Chàm, Huyện Ninh Hải)" in body
    assert "Kết quả đạt 58,8/60 điểm tối đa, xếp hạng 05/07" in body
    assert "Kết quả đạt 55,01/60 điểm tối đa, xếp hạng 04/07" in body
    assert "(đạt 8,8/10 điểm tối đa). Nguyên nhân là do có một số văn bản chỉ đạo" in body
    assert body.count("không đạt điểm (0/20 điểm tối đa)") >= 4  # 3.5, 3.7, 8.6, 8.7
    assert "định kỳ 06 tháng (trước ngày 30/5) và hằng năm (trước ngày 15/11)" in body
    group_table = tables(doc)[1]
    assert [r[4] for r in group_table[1:9]] == ["58,8", "80", "59,7", "55,01", "70", "147,8", "135", "92,5"]
    assert group_table[9][3] == "Không tính điểm"
    assert group_table[-1][4] == "698,8"
    assignments = tables(doc)[-1]
    assert len([r for r in assignments[1:] if r[0].count(".") == 1]) == 83
    assert ["3.5", "Huyện có các ứng dụng chuyên ngành triển khai trên Trung tâm dữ liệu của tỉnh",
            "Phòng Văn hóa và Thông tin", "Văn phòng HĐND-UBND huyện"] in assignments
