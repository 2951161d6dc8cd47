"""Entries files in XLSX read the same whatever wrote them (issue 11, class 1)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from dti.engine import parse_framework, score_round
from dti.importers.entries_file import read_entries

FW = parse_framework({"code": "t", "name": "Thử", "kind": "points", "level": "huyen", "nodes": [
    {"code": "G", "name": "Nhóm", "kind": "group", "children": [
        {"code": "A", "name": "A", "kind": "criterion", "max_points": 10, "rule": {"type": "boolean"}},
        {"code": "B", "name": "B", "kind": "criterion", "max_points": 10, "rule": {"type": "ratio"}},
    ]}]})
HEADER = ["unit", "criterion", "done", "numerator", "denominator"]
ROWS = [["U1", "A", "có", None, None], ["U1", "B", None, 5, 5]]


def _xlsx(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _without_dimension(data: bytes) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"<dimension[^>]*/>", b"", body)
            dst.writestr(item, body)
    return out.getvalue()


def _total(data: bytes) -> float:
    parsed = read_entries(Path("so-lieu.xlsx"), FW, data=data)
    return float(score_round(FW, parsed.units, parsed.entries).unit_result(0)["total"])


def test_a_sheet_without_dimension_keeps_every_column() -> None:
    data = _without_dimension(_xlsx([HEADER, *ROWS]))
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert _total(data) == 20


def test_empty_first_cells_and_a_header_that_does_not_start_in_a1() -> None:
    rows = [[None, *HEADER], *[[None, *r] for r in ROWS]]
    assert _total(_without_dimension(_xlsx(rows))) == 20


def test_merged_caption_above_the_header() -> None:
    rows = [["Số liệu đánh giá năm 2024", None, None, None, None], HEADER, *ROWS]
    assert _total(_xlsx(rows, merge="A1:E1")) == 20


def test_vietnamese_headers_are_found_too() -> None:
    rows = [["Đơn vị", "Mã tiêu chí", "Hoàn thành", "Tử số", "Mẫu số"], *ROWS]
    assert _total(_without_dimension(_xlsx(rows))) == 20


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_file_written_by_libreoffice(tmp_path: Path) -> None:
    csv_path = tmp_path / "so-lieu.csv"
    csv_path.write_text("\n".join(",".join("" if v is None else str(v) for v in r) for r in [HEADER, *ROWS]),
                        encoding="utf-8")
    soffice = shutil.which("soffice") or "soffice"
    subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--infilter=CSV:44,34,76",
         "--convert-to", "xlsx", "--outdir", str(tmp_path), str(csv_path)],
        check=True, capture_output=True, timeout=120,
    )
    assert _total((tmp_path / "so-lieu.xlsx").read_bytes()) == 20
