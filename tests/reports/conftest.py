"""Fixtures for the document tests: a small framework built here, and the seed-based rounds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dti.engine import Entry, Status, UnitRef, parse_framework, score_round
from dti.engine.framework import Framework
from dti.engine.scoring import RoundResult
from dti.importers.entries_file import read_entries
from dti.reports import settings_from_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

SMALL_FRAMEWORK: dict[str, Any] = {
    "code": "mini-2024",
    "name": "Bộ chỉ số thử nghiệm cấp huyện",
    "kind": "points",
    "level": "huyen",
    "source": "Quyết định số 1/QĐ-UBND ngày 02/01/2024 của UBND tỉnh Thử Nghiệm",
    "year": 2024,
    "precision": 2,
    "classification": [
        {"at_least_percent": 80, "label": "Tốt"},
        {"at_least_percent": 50, "label": "Khá"},
        {"at_least_percent": 0, "label": "Yếu"},
    ],
    "nodes": [
        {
            "code": "I",
            "name": "Nhận thức số",
            "kind": "group",
            "children": [
                {"code": "I.1", "name": "Ban chỉ đạo chuyển đổi số", "kind": "criterion", "max_points": 10,
                 "rule": {"type": "boolean"}, "lead": ["Văn phòng HĐND-UBND"], "coordinators": ["Phòng VH&TT"]},
                {"code": "I.2", "name": "Hồ sơ trực tuyến", "kind": "criterion", "max_points": 20, "unit": "hồ sơ",
                 "rule": {"type": "ratio"}, "target": "≥ 80%", "lead": ["Văn phòng HĐND-UBND"]},
                {"code": "I.3", "name": "Tin bài về chuyển đổi số", "kind": "criterion", "max_points": 10,
                 "unit": "tin", "rule": {"type": "count_target", "minimum": 24}, "lead": ["Phòng VH&TT"]},
            ],
        },
        {
            "code": "II",
            "name": "Thể chế số",
            "kind": "group",
            "children": [
                {"code": "II.1", "name": "Kế hoạch chuyển đổi số hằng năm", "kind": "criterion", "max_points": 10,
                 "rule": {"type": "deadline", "by": "01-31"}, "lead": ["Phòng VH&TT"],
                 "coordinators": ["Phòng Tài chính - Kế hoạch", "UBND các xã"]},
                {"code": "II.2", "name": "Sáng kiến hỗ trợ doanh nghiệp", "kind": "criterion", "max_points": 20,
                 "rule": {"type": "manual"}, "lead": ["Phòng Tài chính - Kế hoạch"]},
            ],
        },
    ],
}

UNITS = [UnitRef("A", "Huyện An Bình", "P"), UnitRef("B", "Huyện Bắc Sơn", "P"), UnitRef("C", "Thị xã Cẩm Hà", "P")]


def small_entries() -> list[Entry]:
    e = Entry
    return [
        e("A", "I.1", status=Status.DAT, done=True, explanation="Đạt. Quyết định số 5/QĐ-UBND ngày 03/01/2024."),
        e("A", "I.2", numerator=1627, denominator=1663, explanation="Đạt 97,36% — Ghi chú nhập liệu: số cũ."),
        e("A", "I.3", count=12, explanation="Đang thực hiện."),
        e("A", "II.1", date=dt.date(2024, 3, 4), explanation="Kế hoạch số 9/KH-UBND ngày 04/3/2024."),
        e("A", "II.2", expert_score=0, expert_reason="Nguyên nhân là do chưa có tài liệu kiểm chứng phù hợp."),
        e("B", "I.1", done=True),
        e("B", "I.2", numerator=900, denominator=1000),
        e("B", "I.3", count=30),
        e("B", "II.1", date=dt.date(2024, 1, 10)),
        e("B", "II.2", expert_score=20, expert_reason="Đủ tài liệu"),
        e("C", "I.1", done=False),
        e("C", "I.2", numerator=10, denominator=100),
        e("C", "I.3", count=2),
        e("C", "II.1", date=dt.date(2024, 6, 1)),
        e("C", "II.2", expert_score=5, expert_reason="Thiếu tài liệu"),
    ]


@pytest.fixture(scope="session")
def small_framework() -> Framework:
    return parse_framework(SMALL_FRAMEWORK)


@pytest.fixture(scope="session")
def small_result(small_framework: Framework) -> RoundResult:
    return score_round(small_framework, UNITS, small_entries(), year=2024)


@pytest.fixture
def small_settings():
    return settings_from_dict({
        "issuer_parent": "UBND huyện An Bình",
        "issuer_name": "Ban chỉ đạo chuyển đổi số",
        "number": "12",
        "symbol": "BC-BCĐ",
        "place": "An Bình",
        "date": "24/6/2024",
        "period": "Quý II năm 2024",
        "next_period": "Quý III năm 2024",
        "on_behalf_of": "BAN CHỈ ĐẠO",
        "deputy_of": "TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn An",
        "recipients": ["UBND tỉnh", "Sở Thông tin và Truyền thông", "Lưu: VT"],
    })


def _seed(*names: str) -> list[Path]:
    paths = [EXAMPLES / n for n in names]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"seed data not present yet: {', '.join(missing)}")
    return paths


def _builtin(code: str) -> Framework:
    from dti.engine import builtin_framework_paths, get_framework

    if code not in builtin_framework_paths():
        pytest.skip(f"framework {code} not present yet")
    return get_framework(code)


@pytest.fixture(scope="session")
def nam_dong() -> RoundResult:
    framework = _builtin("thua-thien-hue-2024")
    (path,) = _seed("nam-dong-2024-q2.csv")
    data = read_entries(path, framework)
    return score_round(framework, data.units, data.entries, year=2024)


@pytest.fixture(scope="session")
def ninh_thuan() -> RoundResult:
    framework = _builtin("ninh-thuan-2022")
    own, peers = _seed("ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv")
    a, b = read_entries(own, framework), read_entries(peers, framework)
    return score_round(framework, a.units + b.units, a.entries + b.entries, year=2022)


def texts(path_or_doc: Any) -> list[str]:
    """Every paragraph of the body (tables excluded), in order."""
    doc = Document(str(path_or_doc)) if isinstance(path_or_doc, str | Path) else path_or_doc
    return [p.text for p in doc.paragraphs]


def tables(path_or_doc: Any) -> list[list[list[str]]]:
    doc = Document(str(path_or_doc)) if isinstance(path_or_doc, str | Path) else path_or_doc
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
