from __future__ import annotations

import pytest

from dti.importers.rule_inference import infer_rule


@pytest.mark.parametrize(("text", "rule"), [
    ("Tối thiểu 24 tin bài.", {"type": "count_target", "minimum": 24}),
    ("Tối thiểu 1 năm tổ chức 1 hội nghị tập huấn", {"type": "count_target", "minimum": 1}),
    ("Tỷ lệ công chức đã đọc tin", {"type": "ratio"}),
    ("Văn bản điện tử được ban hành trong tháng 1 hẳng năm sẽ đạt tối đa điểm, sau thời gian trên sẽ đạt 50% số điểm",
     {"type": "deadline", "by": "01-31", "late_fraction": 0.5}),
    ("Ban hành trước 30/5, sau hạn đạt 25% số điểm", {"type": "deadline", "by": "05-30", "late_fraction": 0.25}),
    ("Tối thiểu một năm triển khai 2 cuộc. Tổ chức 1 cuộc thì đạt 50% số điểm",
     {"type": "steps", "steps": [{"at_least": 1, "fraction": 0.5}, {"at_least": 2, "fraction": 1.0}]}),
    ("Số lượng bản tin tối thiểu là 5 tin trên 1 năm được xem đủ cơ sở để tính điểm. Điểm được tính trên tỷ lệ người dân đã đọc",
     {"type": "gate", "on": "count", "minimum": 5, "inner": {"type": "ratio"}}),
    ("Tỷ lệ lây nhiễm càng nhiều thì số điểm càng thấp", {"type": "inverse_ratio"}),
])
def test_it_infers_obvious_rules(text, rule):
    found = infer_rule(text)
    assert found is not None and found[0] == rule


@pytest.mark.parametrize("text", ["Người đứng đầu đơn vị làm trưởng ban chỉ đạo;", "Triển khai theo nền tảng dùng chung", "", None])
def test_it_leaves_unclear_conditions_to_a_person(text):
    assert infer_rule(text) is None


def test_it_falls_back_to_the_name_when_there_is_no_condition():
    assert infer_rule(None, "Tỷ lệ hộ gia đình có điện thoại thông minh") == ({"type": "ratio"}, "tỷ lệ ⇒ điểm tỷ lệ thuận, đủ điểm khi đạt 100%")
