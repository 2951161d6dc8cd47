"""Nam Đông on the demo round, in Debian Chromium: replace and remove an evidence file, and copy the
year's facts from the previous quarter (one criterion, then a whole group); screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from dti.web.demo import DEMO_PASSWORD, demo_load
from dti.web.entries.models import Entry, EntryStatus, Evidence
from dti.web.entries.services import entry_save
from dti.web.rounds import services as rounds
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit
from tests.helpers import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROUND = "thua-thien-hue-2024-q2"


@pytest.fixture
def demo_live(transactional_db) -> None:
    demo_load()


def _login(page, base: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "nam-dong")
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))


def test_nam_dong_replaces_and_removes_a_file(browser, live_server, demo_live, artifacts, tmp_path) -> None:
    url = f"{live_server.url}/ky/{ROUND}/don-vi/483/"
    wrong, right = tmp_path / "ke-hoach-nham.pdf", tmp_path / "ke-hoach-13-KH-UBND.pdf"
    wrong.write_bytes(minimal_pdf())
    right.write_bytes(minimal_pdf() + b"\n")  # another file (another SHA-256), still a valid PDF
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page.on("dialog", lambda d: d.accept())  # "Gỡ tệp …?" is confirmed
    _login(page, live_server.url)
    page.goto(url + "#c-II.1")
    card = page.locator("#c-II\\.1")
    card.locator("#ev-II\\.1").set_input_files(str(wrong))
    card.locator("#evn-II\\.1").fill("Trang 1")
    card.get_by_role("button", name="Tải lên").click()
    expect(page.locator("body")).to_contain_text("Đã đính kèm 'ke-hoach-nham.pdf' cho tiêu chí II.1")
    card = page.locator("#c-II\\.1")
    expect(card.locator(".evnote")).to_have_text("Vị trí minh chứng: Trang 1")

    card.get_by_text("Sửa vị trí, thay hoặc gỡ tệp").click()
    card.locator("input[id^='evrep-']").set_input_files(str(right))
    card.get_by_role("button", name="Thay tệp").click()
    expect(page.locator("body")).to_contain_text("Đã thay 'ke-hoach-nham.pdf' bằng 'ke-hoach-13-KH-UBND.pdf'")
    card = page.locator("#c-II\\.1")
    expect(card.locator("ul.files")).to_contain_text("ke-hoach-13-KH-UBND.pdf")
    expect(card.locator("ul.files")).not_to_contain_text("ke-hoach-nham.pdf")
    expect(card.locator("details.removed summary")).to_contain_text("Tệp đã gỡ hoặc đã thay (1)")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "evidence-01-replaced-1366.png"))

    card.get_by_text("Sửa vị trí, thay hoặc gỡ tệp").click()
    card.get_by_role("button", name="Gỡ tệp").click()
    expect(page.locator("body")).to_contain_text("Đã gỡ tệp 'ke-hoach-13-KH-UBND.pdf' khỏi tiêu chí II.1")
    expect(page.locator("#c-II\\.1 details.removed summary")).to_contain_text("(2)")
    rows = Evidence.objects.filter(entry__round__slug=ROUND, entry__unit__code="483", entry__criterion_code="II.1")
    assert rows.count() == 2 and not rows.filter(removed_at__isnull=True).exists()
    page.close()


def test_nam_dong_copies_the_years_facts_from_the_previous_quarter(browser, live_server, demo_live,
                                                                   artifacts) -> None:
    q2 = Round.objects.get(slug=ROUND)
    nam_dong = OrgUnit.objects.get(code="483", rounds=q2)
    q1 = rounds.round_create(slug="thua-thien-hue-2024-q1", name="Quý I/2024 – Thừa Thiên Huế",
                             framework=q2.framework, owner_unit=q2.owner_unit, period_kind="quarter", year=2024,
                             period_number=1, units=[nam_dong])
    rounds.round_open(round=q1, actor=None)
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="nam-dong")
    entry_save(round=q1, unit=nam_dong, criterion_code="II.1", expected_version=0, actor=editor,
               values={"date": dt.date(2024, 1, 8), "status": int(EntryStatus.DAT),
                       "explanation": "Kế hoạch số 13/KH-UBND ngày 08/01/2024"})
    entry_save(round=q1, unit=nam_dong, criterion_code="I.1", expected_version=0, actor=editor,
               values={"done": True, "status": int(EntryStatus.DAT), "explanation": "QĐ thành lập Ban chỉ đạo"})
    # Q2 as if nothing of groups I and II had been entered yet
    Entry.objects.filter(round=q2, unit=nam_dong, criterion_code__regex=r"^(I|II)\.").delete()

    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/ky/{ROUND}/don-vi/483/#c-II.1")
    ii1 = page.locator("#c-II\\.1")
    expect(ii1.locator(".copyprev")).to_contain_text("Kỳ trước (Quý I năm 2024): Đạt")
    ii1.get_by_role("button", name="Sao chép từ kỳ trước").click()
    expect(page.locator("body")).to_contain_text("Đã sao chép tiêu chí II.1 từ kỳ trước")
    ii1 = page.locator("#c-II\\.1")
    expect(ii1.locator("input[name='c-II.1-date']")).to_have_value("08/01/2024")
    expect(ii1.locator(".critscore .pts")).to_have_text("10")
    badge = ii1.locator(".badge.copied")
    expect(badge).to_be_visible()
    ii1.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "carry-01-copied-1366.png"))
    ii1.get_by_role("button", name="Lưu II.1").click()  # the user's save confirms the copy
    expect(page.locator("#status-line")).to_contain_text("Đã lưu tiêu chí II.1")
    expect(badge).to_be_hidden()
    assert Entry.objects.get(round=q2, unit=nam_dong, criterion_code="II.1").copied_from is None

    page.get_by_role("tab", name=re.compile(r"^I\b")).click()
    page.get_by_role("button", name="Sao chép từ kỳ trước cả nhóm I").click()
    expect(page.locator("body")).to_contain_text("Nhóm I: đã sao chép 1 tiêu chí từ kỳ trước (I.1)")
    expect(page.locator("#c-I\\.1 .badge.copied")).to_be_visible()
    page.close()

    narrow = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    _login(narrow, live_server.url)
    narrow.goto(f"{live_server.url}/ky/{ROUND}/don-vi/483/#c-I.1")
    expect(narrow.locator("#c-I\\.1 .badge.copied")).to_be_visible()
    narrow.screenshot(path=str(artifacts / "carry-02-phone-390.png"))
    narrow.screenshot(path=str(artifacts / "carry-03-phone-390-full.png"), full_page=True)
    narrow.close()
