"""Nam Đông on the demo round, in Debian Chromium: II.1 with a January plan, a failed save in view,
unsaved edits kept, the leave warning, a contradiction shown and listed at submit, agency criteria left out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dti.web.demo import DEMO_PASSWORD, demo_load
from dti.web.entries.models import Entry, Workflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROUND = "thua-thien-hue-2024-q2"


@pytest.fixture
def demo_live(transactional_db) -> None:
    demo_load()


def _page(browser, width: int, height: int):
    return browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")


def _login(page, base: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "nam-dong")
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))


def test_nam_dong_saves_in_place_and_submits_with_a_check(browser, live_server, demo_live, artifacts) -> None:
    base, url = live_server.url, f"{live_server.url}/ky/{ROUND}/don-vi/483/"
    Entry.objects.filter(round__slug=ROUND, unit__code="483", criterion_code="II.1").update(date=None)
    page = _page(browser, 1366, 768)
    _login(page, base)
    page.goto(url)

    # II.1 with the plan of 08/01/2024 in the Q2 round: full marks, saved without reload
    page.get_by_role("tab", name=re.compile(r"^II\b")).click()
    ii1 = page.locator("#c-II\\.1")
    ii1.locator("input[name='c-II.1-date']").fill("08/01/2024")
    ii1.get_by_role("button", name="Lưu II.1").click()
    expect(page.locator("#status-line")).to_contain_text("Đã lưu tiêu chí II.1")
    expect(ii1.locator(".critscore .pts")).to_have_text("10")
    page.screenshot(path=str(artifacts / "entry-01-ii1-saved-1366.png"))

    # an unsaved edit elsewhere, then a refused save: error in view, focus on it, the other edit kept
    ii2 = page.locator("#c-II\\.2")
    ii2.locator("textarea[name='c-II.2-explanation']").fill("Giải trình chưa lưu")
    ii1.locator("input[name='c-II.1-date']").fill("08/01/2025")
    ii1.get_by_role("button", name="Lưu II.1").click()
    expect(page.locator("#status-line")).to_contain_text("Chưa lưu tiêu chí II.1")
    err = ii1.locator(".js-err[data-field='date']")
    expect(err).to_contain_text("không thuộc năm đánh giá 2024")
    expect(ii1.locator("input[name='c-II.1-date']")).to_be_focused()
    expect(ii1.locator("input[name='c-II.1-date']")).to_be_in_viewport()
    expect(ii2.locator("textarea[name='c-II.2-explanation']")).to_have_value("Giải trình chưa lưu")
    expect(ii2.locator(".badge.unsaved")).to_be_visible()
    page.screenshot(path=str(artifacts / "entry-02-failed-save-1366.png"))

    # leaving with unsaved edits asks first
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.locator("header.top a.brand").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.startswith(url)

    # a contradiction (Đạt with 0 points: I.9 of the seed) is shown and listed at submit
    page.get_by_role("tab", name=re.compile(r"^I\b")).click()
    expect(page.locator("#c-I\\.9 .contra")).to_be_visible()
    page.get_by_role("tab", name=re.compile(r"^II\b")).click()
    ii1.locator("input[name='c-II.1-date']").fill("08/01/2024")
    ii1.get_by_role("button", name="Lưu II.1").click()
    expect(page.locator("#status-line")).to_contain_text("Đã lưu tiêu chí II.1")
    ii2.get_by_role("button", name="Lưu II.2").click()
    expect(page.locator("#status-line")).to_contain_text("Đã lưu tiêu chí II.2")
    page.get_by_role("link", name=re.compile("Kiểm tra và gửi")).click()
    page.wait_for_load_state()
    check = page.locator("section.check")
    expect(check).to_contain_text("Tình trạng mâu thuẫn với điểm")
    expect(check.get_by_role("link", name=re.compile(r"^I\.9 "))).to_be_visible()
    expect(check).to_contain_text("VII.1, VII.5 – tiêu chí được phân công cho cơ quan")
    page.screenshot(path=str(artifacts / "entry-03-presubmit-1366.png"), full_page=True)
    check.get_by_role("button", name=re.compile("gửi")).click()
    page.wait_for_load_state()
    states = dict(Entry.objects.filter(round__slug=ROUND, unit__code="483").values_list("criterion_code", "workflow"))
    # Nam Đông has a unit leader: the editor's submit waits for the leader's approval
    assert states["II.1"] == Workflow.READY and states["I.9"] == Workflow.READY
    assert states["VII.1"] == Workflow.DRAFT and states["VII.5"] == Workflow.DRAFT
    page.close()

    narrow = _page(browser, 390, 844)
    _login(narrow, base)
    narrow.goto(url + "#c-II.1")
    narrow.screenshot(path=str(artifacts / "entry-04-phone-390.png"))
    narrow.close()
