"""In Debian Chromium: download the template from the data-entry page, upload it with errors, see them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dti.web.entries.models import Entry
from tests.factories import PASSWORD, World

from .template import fill

pytestmark = [pytest.mark.browser, pytest.mark.slow]



@pytest.mark.django_db(transaction=True)
def test_editor_downloads_fills_and_sees_every_problem(page, live_server, live_world: World, artifacts: Path, tmp_path: Path) -> None:
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "editor_a")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/ky/{live_world.round.slug}/don-vi/{live_world.unit_a.code}/")
    with page.expect_download() as info:
        page.click("text=Tải mẫu Excel")
    blank = Path(info.value.path()).read_bytes()
    a = live_world.unit_a.code
    bad, _ = fill(blank, {
        (a, "I.1"): {"done": "chắc chắn"},
        (a, "I.2"): {"numerator": 2000, "denominator": 10},
        (a, "I.3"): {"count": "năm"},
        (a, "II.1"): {"date": "31/02/2024"},
        (a, "II.2"): {"status": "Xong", "explanation": '=HYPERLINK("http://vi-du.vn","Minh chứng")'},
    })
    (tmp_path / "mau-loi.xlsx").write_bytes(bad)
    page.click("text=Nhập từ Excel")
    page.set_input_files("input[type=file]", str(tmp_path / "mau-loi.xlsx"))
    page.click("button:has-text('Kiểm tra và nhập')")
    table = page.locator("section.problems table tbody tr")
    table.first.wait_for()
    assert table.count() == 5
    assert "Tệp chưa được nhập: 5 lỗi" in page.inner_text("section.problems h2")
    page.screenshot(path=str(artifacts / "imports-problems.png"), full_page=True)
    assert Entry.objects.count() == 0

    good, _ = fill(blank, {(a, "I.3"): {"count": 5},
                           (a, "II.2"): {"status": "Đạt", "explanation": '=HYPERLINK("http://vi-du.vn","Minh chứng")'}})
    (tmp_path / "mau-dung.xlsx").write_bytes(good)
    page.set_input_files("input[type=file]", str(tmp_path / "mau-dung.xlsx"))
    page.click("button:has-text('Kiểm tra và nhập')")
    page.wait_for_selector("text=Đã nhập 2 tiêu chí")
    page.screenshot(path=str(artifacts / "imports-applied.png"), full_page=True)
    assert Entry.objects.get(criterion_code="II.2").explanation.startswith("=HYPERLINK(")
