"""Frameworks from users' Excel tables: seed 002's appendix, seed 003/004's assignment tables, our full export."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import Workbook

from dti.engine import builtin_framework_paths, get_framework
from dti.exports.framework_export import export_framework, framework_to_dict, framework_workbook
from dti.importers.framework_xlsx import FrameworkImportError, match_header, read_framework_xlsx


def _builtin(code):
    if code not in builtin_framework_paths():
        pytest.skip(f"bộ chỉ số {code} chưa có")
    return get_framework(code)


def test_it_reads_seed_002_appendix_as_53_criteria_with_their_points(tmp_path):
    tth = _builtin("thua-thien-hue-2024")
    path = export_framework(tth, tmp_path / "phu-luc.xlsx", layout="appendix")
    draft = read_framework_xlsx(path, code="tth-nhap")
    assert draft.layout == "appendix" and draft.header_row == 4
    f = draft.framework
    assert f is not None, draft.errors
    assert [len(g.children) for g in f.nodes] == [10, 3, 6, 8, 4, 7, 5, 4, 6]
    assert {n.code: n.max_points for n in f.top_criteria()} == {n.code: n.max_points for n in tth.top_criteria()}
    assert {n.code: n.condition for n in f.top_criteria()} == {n.code: n.condition for n in tth.top_criteria()}
    # the obvious rules are inferred as the hand-typed file has them
    for code in ("I.2", "I.4", "I.9", "II.1", "IV.5", "V.3"):
        assert f.by_code[code].rule == tth.by_code[code].rule, code
    inferred = {c for c, _ in draft.inferred}
    unclear = {i.code for i in draft.needs_review}
    assert {"I.1", "I.3"} <= unclear and not inferred & unclear
    assert len(inferred) + len(unclear) == 53
    assert all(f.by_code[c].rule.type == "manual" for c in unclear)


def test_it_reads_seed_003_appendix_1_as_83_indicators_with_agencies(tmp_path):
    nt = _builtin("ninh-thuan-2022")
    path = export_framework(nt, tmp_path / "phu-luc-1.xlsx", layout="assignment")
    draft = read_framework_xlsx(path, code="ninh-thuan-nhap", name="DTI cấp huyện Ninh Thuận")
    f = draft.framework
    assert f is not None, draft.errors
    assert draft.layout == "assignment" and f.kind == "tracking"
    assert len(f.top_criteria()) == 83
    assert Counter(n.code.split(".")[0] for n in f.top_criteria()) == Counter(n.code.split(".")[0] for n in nt.top_criteria())
    assert [i.code for i in f.by_code["5.12"].children] == [f"5.12.{i}" for i in range(1, 7)]
    for node in nt.walk():
        got = f.by_code[node.code]
        assert (got.name, got.lead, got.coordinators, got.kind) == (node.name, node.lead, node.coordinators, node.kind)


def test_it_reads_seed_004_like_three_level_codes_and_header_words(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Bảng Chỉ số chuyển đổi số UBND cấp huyện"])
    ws.append(["Số\nTT", "Chỉ số chính/Chỉ số thành phần/Tiêu chí", "Đơn vị chủ trì thực hiện", "Đơn vị\nphối hợp", "Ghi chú"])
    ws.append([1, "Chuyển đổi nhận thức"])
    ws.append([1.1, "Tuyên truyền, phổ biến"])
    ws.append(["1.1.1", "Có Chuyên mục về Chuyển đổi số", "Đài Phát thanh", "Phòng VH&TT huyện;\nVăn phòng HĐND và UBND huyện", "Triển khai\nxây dựng ngay"])
    ws.append(["1.1.2", "Có các tài liệu tuyên truyền", "Phòng VH&TT huyện", None, "Quý III/2022"])
    ws.append(["1.2", "Sự quan tâm của người đứng đầu"])
    ws.append(["1.2.1", "Người đứng đầu là trưởng ban", "Phòng VH&TT huyện", "Văn phòng HĐND và UBND huyện", "Đã thực hiện"])
    ws.append(["Số\nTT", "Chỉ số chính/Chỉ số thành phần/Tiêu chí", "Đơn vị chủ trì thực hiện", "Đơn vị\nphối hợp", "Ghi chú"])
    ws.append(["2", "Thể chế số"])
    ws.append(["2.1", "Văn bản", "Phòng Nội vụ"])
    ws.append(["2.1.1", "Nghị quyết chuyên đề", "Phòng Nội vụ"])
    wb.save(tmp_path / "tu-ky.xlsx")
    draft = read_framework_xlsx(tmp_path / "tu-ky.xlsx", code="tu-ky")
    assert draft.header_row == 2 and draft.needs_review == []
    f = draft.framework
    assert f is not None, draft.errors
    assert [(n.code, n.kind) for n in f.walk()][:4] == [("1", "group"), ("1.1", "component"), ("1.1.1", "criterion"), ("1.1.2", "criterion")]
    c = f.by_code["1.1.1"]
    assert c.lead == ["Đài Phát thanh"] and c.coordinators == ["Phòng VH&TT huyện", "Văn phòng HĐND và UBND huyện"]
    assert c.timeline == "Triển khai\nxây dựng ngay"
    assert f.by_code["2.1"].kind == "component"  # an inner row with an agency is still inner
    assert f.name == "Bảng Chỉ số chuyển đổi số UBND cấp huyện"


@pytest.mark.parametrize(("header", "field"), [
    ("TT", "code"), ("Stt", "code"), ("Số TT", "code"), ("Tiêu chí", "name"), ("Chỉ số/Chỉ số thành phần", "name"),
    ("Nội dung", "name"), ("Thực hiện", "description"), ("Điều kiện", "condition"), ("Cách tính điểm", "condition"),
    ("Tài liệu kiểm chứng", "evidence"), ("Điểm", "max_points"), ("Điểm tối đa", "max_points"),
    ("Cơ quan chủ trì", "lead"), ("Đơn vị chủ trì thực hiện", "lead"), ("co quan phoi hop", "coordinators"),
    ("Thời gian thực hiện", "timeline"), ("Ghi chú", "note"), ("Kết quả thực hiện", "result"), ("Năm", None),
])
def test_it_matches_vietnamese_headers_typed_any_way(header, field):
    assert match_header(header) == field


def test_it_lists_unreadable_rows_for_a_person(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["TT", "Tiêu chí", "Điều kiện", "Điểm"])
    ws.append(["I", "Nhóm"])
    ws.append([1, "Có ban chỉ đạo", "Người đứng đầu làm trưởng ban", 5])
    ws.append([2, "Tin bài", "Tối thiểu 12 tin", "mười"])
    ws.append([None, "dòng lạc"])
    ws.append(["II", "=HYPERLINK(\"x\")"])
    ws.append([1, "Tỷ lệ hộ có cáp quang", None, "2,5"])
    wb.save(tmp_path / "nhap.xlsx")
    draft = read_framework_xlsx(tmp_path / "nhap.xlsx", code="nhap", name="Nháp")
    review = {(i.code, i.field) for i in draft.needs_review}
    assert review == {("I.1", "rule"), ("I.2", "max_points"), (None, "code")}
    assert draft.data["nodes"][1]["name"] == '=HYPERLINK("x")'
    assert draft.data["nodes"][1]["children"][0]["max_points"] == 2.5
    assert draft.data["nodes"][0]["children"][1]["rule"] == {"type": "count_target", "minimum": 12}
    assert not draft.complete


def test_it_refuses_a_workbook_without_a_framework_table(tmp_path):
    wb = Workbook()
    wb.active.append(["Họ tên", "Tuổi"])
    wb.save(tmp_path / "khac.xlsx")
    with pytest.raises(FrameworkImportError, match="không tìm thấy dòng tiêu đề"):
        read_framework_xlsx(tmp_path / "khac.xlsx")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 hong")
    with pytest.raises(FrameworkImportError, match="không đọc được"):
        read_framework_xlsx(tmp_path / "hong.xlsx")


@pytest.mark.parametrize("code", ["thua-thien-hue-2024", "ninh-thuan-2022", "hai-duong-2022", "thanh-hoa-xa-2023", "dien-bien-2023"])
def test_it_round_trips_every_builtin_framework_through_the_full_layout(tmp_path, code):
    f = _builtin(code)
    path = tmp_path / f"{code}.xlsx"
    framework_workbook(f).save(path)
    draft = read_framework_xlsx(path)
    assert draft.complete, (draft.errors, draft.needs_review)
    assert framework_to_dict(draft.framework) == framework_to_dict(f)
    assert draft.framework.model_dump() == f.model_dump()
