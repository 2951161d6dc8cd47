"""Kiểm tra trước khi ban hành and the text cleaning that keeps internal notes off paper."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dti.reports import check_document, settings_from_dict, unit_document_data
from dti.reports.checks import check_text_counts, forbidden_text, preflight, stated_counts
from dti.reports.sentences import clean_text


def test_stated_counts_read_the_ways_the_seeds_write_them():
    assert stated_counts("Có 10/14 chỉ tiêu đã hoàn thành") == {"dat": 10, "total": 14}
    assert stated_counts("Đạt 5/10 tiêu chí, đang thực hiện 5/10 tiêu chí") == {"dat": 5, "dang_thuc_hien": 5,
                                                                              "total": 10}
    assert stated_counts("Còn 05 chỉ tiêu UBND xã đang triển khai thực hiện")["remaining"] == 5
    assert stated_counts("Không có số đếm nào") == {}


def test_a_count_slip_is_reported_with_the_right_figure():
    counts = {"dat": 4, "dang_thuc_hien": 6, "chua_thuc_hien": 1, "khong_ap_dung": 0, "total": 11}
    messages = [p.message for p in check_text_counts("Có 10/14 chỉ tiêu đã hoàn thành. Còn 05 chỉ tiêu", counts, "Nhóm X")]
    assert "Nhóm X: đã hoàn thành 10/14 nhưng ghi còn lại 5 (đúng ra còn 4)" in messages
    assert any("ghi hoàn thành 10 nhưng tính từ số liệu được 4/11" in m for m in messages)
    assert check_text_counts("Đạt 4/11 tiêu chí", counts, "Nhóm X") == []


def test_status_against_score_and_stated_figures(small_result):
    data = unit_document_data(small_result, "A")
    kinds = {p.kind for p in preflight(data)}
    assert "status_score" not in kinds
    crit = data["groups"][0]["children"][0]
    crit["status"], crit["score"] = "dat", 0.0
    problems = preflight(data)
    assert any(p.kind == "status_score" and p.criterion == "I.1" and "0/10" in p.message for p in problems)


def test_breakdowns_must_add_up(small_result):
    data = unit_document_data(small_result, "A")
    s = settings_from_dict({"breakdowns": {"I.3": [{"unit": "Xã A", "value": 5}, {"unit": "Xã B", "value": 6}]}})
    messages = [p.message for p in check_document("bao-cao", data, s)]
    assert any("tổng chi tiết theo đơn vị là 11" in m and "là 12" in m for m in messages)
    s = settings_from_dict({"breakdowns": {"I.3": [{"unit": "Xã A", "value": 5}, {"unit": "Xã B", "value": 7}]}})
    assert not [p for p in check_document("bao-cao", data, s) if p.kind == "breakdown"]


def test_forbidden_text_is_found():
    assert forbidden_text(["Đạt 81%", "Số 12/BC-UBND"]) == []
    for bad in ("(Ghi rõ bao nhiêu/ bao nhiêu, đạt 81%)", "xem 002_b98.txt", "assumed: tên", "Giá trị None"):
        assert forbidden_text([bad]), bad


def test_clean_text_keeps_the_figure_of_a_form_hint():
    assert clean_text("(Ghi rõ bao nhiêu/ bao nhiêu, đạt 81%)") == "đạt 81%"
    assert clean_text("(Ghi rõ bao nhiêu/ bao nhiêu, đạt ...%) — mẫu chưa điền, không có số liệu") == ""
    assert clean_text("Ô Kết quả đạt được để trống (đơn vị báo cáo chỉ ghi Các phòng)") == ""
    assert clean_text("Đạt 97,36% — Ghi chú nhập liệu: số cũ.") == "Đạt 97,36%"


HINT = st.sampled_from(["Ghi rõ bao nhiêu/ bao nhiêu", "Ghi rõ bao nhiêu/ bao nhiêu thôn", "Ghi rõ số"])
FIGURE = st.builds(lambda a, b: f"đạt {a},{b}%", st.integers(0, 100), st.integers(0, 9))


@given(HINT, FIGURE, st.sampled_from(["", " — Ghi chú nhập liệu: nhập lại", " — mẫu chưa điền"]))
def test_cleaned_hints_never_leave_internal_text(hint, figure, tail):
    out = clean_text(f"({hint}, {figure}){tail}")
    assert forbidden_text([out]) == []
    if "mẫu chưa điền" not in tail:
        assert out == figure
    assert not re.search(r"Ghi rõ|Ghi chú|mẫu", out)
