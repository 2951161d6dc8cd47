"""The office's journey in Chromium, on the demo data: the Sở copies Q2 into Q3, imports its
assignment table, creates an agency editor and opens the round; that editor logs in with the
one-time password, changes it and can edit only its own criteria."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from dti.web.demo import DEMO_PASSWORD, demo_load, examples_dir
from dti.web.rounds.models import Round

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
POLICE = "Công an huyện Nam Đông"


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip("chưa cài chromium (make system-deps)")
    if not (examples_dir() / "nam-dong-2024-q2.csv").exists():
        pytest.skip("thiếu tệp examples/")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        yield pg
        browser.close()


def _table(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tiêu chí", "Cơ quan chủ trì", "Cơ quan phối hợp"])
    for code in ("VII.1", "VII.5", "VII.2"):
        ws.append([code, "", POLICE, ""])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_office_runs_a_round_and_the_new_agency_editor_enters_only_its_criteria(page, live_server, tmp_path):
    demo_load()
    base = live_server.url
    _login(page, base, "so-tttt-hue", DEMO_PASSWORD)
    page.click("text=Điều hành chỉ số")
    page.click("text=Tạo kỳ đánh giá mới")
    page.select_option("#id_framework", "thua-thien-hue-2024")
    page.select_option("#id_period_kind", "quarter")
    page.fill("#id_year", "2024")
    page.fill("#id_number", "3")
    page.select_option("#id_copy_from", "thua-thien-hue-2024-q2")
    # deadlines still ahead (copying would shift Q2's to 20/09/2024, long past): entries stay open
    ahead = dt.date.today() + dt.timedelta(days=30)  # noqa: DTZ011 - the browser's local date
    for field in ("submission_deadline", "agency_submission_deadline", "review_deadline"):
        page.fill(f"#id_{field}", ahead.isoformat())
    page.screenshot(path=str(ARTIFACTS / "office-01-tao-ky.png"), full_page=True)
    page.click("button.primary:has-text('Tạo kỳ')")
    page.wait_for_url(re.compile(r".*/so/ky/thua-thien-hue-2024-q3/$"))
    assert "Quý III năm 2024" in page.inner_text("main")
    q3 = Round.objects.get(slug="thua-thien-hue-2024-q3")
    assert q3.state == "draft" and q3.units.count() == 9 and q3.submission_deadline == ahead
    assert q3.copied_from.slug == "thua-thien-hue-2024-q2"

    page.click("text=Bảng phân công")
    page.set_input_files("#id_file", str(_table(tmp_path / "phan-cong.xlsx")))
    page.click("button:has-text('Nhập bảng phân công')")
    page.wait_for_selector(".messages")
    assert "3 dòng" in page.inner_text(".messages")
    assert page.input_value("input[name='lead-VII.2']") == POLICE
    page.screenshot(path=str(ARTIFACTS / "office-02-phan-cong.png"), full_page=False)

    page.click("nav.crumbs >> text=Tài khoản")
    page.fill("#id_username", "ca-nam-dong-q3")
    page.fill("#id_full_name", "Cán bộ Công an huyện Nam Đông")
    page.select_option("#id_role", "agency_editor")
    page.select_option("#id_agency", label=f"{POLICE} – Huyện Nam Đông")
    page.click("button:has-text('Tạo tài khoản')")
    otp = page.inner_text("#otp").strip()
    page.screenshot(path=str(ARTIFACTS / "office-03-tai-khoan.png"), full_page=False)

    page.goto(f"{base}/so/ky/thua-thien-hue-2024-q3/")
    page.click("button:has-text('Mở nhập liệu')")
    page.wait_for_selector(".messages")
    assert Round.objects.get(slug="thua-thien-hue-2024-q3").state == "open"
    page.click("header.top button.link")

    _login(page, base, "ca-nam-dong-q3", otp)
    assert "/doi-mat-khau/" in page.url
    page.screenshot(path=str(ARTIFACTS / "office-04-doi-mat-khau.png"), full_page=False)
    page.fill("#id_old_password", otp)
    page.fill("#id_new_password", "Cong-an-Nam-Dong-2024")
    page.fill("#id_new_password2", "Cong-an-Nam-Dong-2024")
    page.click("button:has-text('Đổi mật khẩu')")
    page.wait_for_selector(".messages")
    page.goto(f"{base}/ky/thua-thien-hue-2024-q3/don-vi/483/")
    assert page.locator("#c-VII\\.2 button:has-text('Lưu VII.2')").count() == 1
    assert page.locator("#c-VII\\.1 button:has-text('Lưu VII.1')").count() == 1
    assert page.locator("#c-I\\.1 button:has-text('Lưu I.1')").count() == 0
    page.locator("#c-VII\\.2").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "office-05-nhap-lieu-co-quan.png"), full_page=False)
