"""The results pages as a person sees them: scorecard, explanation, what-if, dashboard, public page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _page(browser, live_server, user=None):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    if user is not None:
        c = Client()
        c.force_login(user)
        cookie = c.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors


def test_scorecard_explain_and_whatif(browser, live_server, live_ninh_thuan, artifacts):
    page, errors = _page(browser, live_server, live_ninh_thuan[1]["owner"])
    page.goto(f"{live_server.url}/ky/ninh-thuan-2022/ket-qua/585/")
    box = page.locator("#tong-diem")
    assert "698,8" in box.inner_text() and "880" in box.inner_text()
    assert "3/7" in box.inner_text()
    page.wait_for_function("document.querySelector('#bieu-do-nhom').width > 0")
    page.screenshot(path=str(artifacts / "results-scorecard.png"), full_page=False)

    page.locator("#bang-mat-diem button", has_text="0/20").first.click()
    dialog = page.locator("#giai-thich")
    dialog.wait_for(state="visible")
    assert "Quy tắc" in dialog.inner_text() and "Cách tính" in dialog.inner_text()
    page.screenshot(path=str(artifacts / "results-explain.png"))
    page.keyboard.press("Escape")

    page.locator("#con-duong button[data-full='3.5']").click()
    result = page.locator("#mp-ket-qua")
    result.get_by_text("718,8").wait_for()
    assert "2/7" in result.inner_text()
    page.locator("#mo-phong").scroll_into_view_if_needed()
    page.locator("#mo-phong").screenshot(path=str(artifacts / "results-whatif.png"))
    assert errors == []


def test_dashboard(browser, live_server, live_ninh_thuan, artifacts):
    page, errors = _page(browser, live_server, live_ninh_thuan[1]["owner"])
    page.goto(f"{live_server.url}/ky/ninh-thuan-2022/ket-qua/")
    assert "7/7" in page.locator("#tien-do").inner_text()
    page.wait_for_function("document.querySelector('#ban-do').width > 0")
    rows = page.locator("#bang-xep-hang tbody tr")
    assert rows.count() == 7
    page.screenshot(path=str(artifacts / "results-dashboard.png"), full_page=True)
    assert errors == []


def test_public_page_without_login(browser, live_server, live_ninh_thuan, artifacts):
    page, errors = _page(browser, live_server)
    page.goto(f"{live_server.url}/cong-khai/ninh-thuan-2022/")
    assert page.locator("#bang-xep-hang tbody tr").count() == 7
    page.get_by_role("link", name="Huyện Ninh Sơn").click()
    assert "698,8" in page.locator("#tong-diem").inner_text()
    assert page.locator("#mo-phong").count() == 0
    page.screenshot(path=str(artifacts / "results-public-scorecard.png"))
    assert errors == []
