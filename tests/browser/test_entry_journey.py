"""Browser journey in Debian Chromium: an editor enters data and submits, an assessor returns and approves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dti.web.entries.models import Entry, Workflow
from tests.factories import PASSWORD, World
from tests.helpers import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]



def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))


def _logout(page) -> None:
    page.click("header.top button.link")


@pytest.mark.django_db(transaction=True)
def test_editor_enters_previews_attaches_submits_and_assessor_reviews(page, live_server, live_world: World, artifacts: Path, tmp_path):
    base = live_server.url
    unit_url = f"{base}/ky/{live_world.round.slug}/don-vi/{live_world.unit_a.code}/"

    _login(page, base, "editor_a")
    page.goto(unit_url)
    card = page.locator("#c-I\\.2")
    pts = card.locator(".critscore .pts")
    assert pts.inner_text() == "0"
    # nothing is marked unsaved before the user types (the hidden attribute beats the badge's display)
    expect(page.locator(".badge.unsaved:visible, .unsaved-pill:visible")).to_have_count(0)
    card.locator("input[name='c-I.2-numerator']").fill("921")
    card.locator("input[name='c-I.2-denominator']").fill("968")
    expect(pts).to_have_text("19,03")  # no string evaluation: the CSP refuses eval
    assert "95,14%" in card.locator("[data-formula]").inner_text()
    assert page.locator("#total").inner_text() == "19"
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "01-editor-preview.png"))
    card.get_by_role("button", name="Lưu I.2").click()  # saved in place: no reload
    page.locator("#status-line", has_text="Đã lưu tiêu chí I.2").wait_for()

    pdf = tmp_path / "quyet-dinh-ky-so.pdf"
    pdf.write_bytes(minimal_pdf())
    page.locator("#ev-I\\.2").set_input_files(str(pdf))
    page.locator("#c-I\\.2 form.upload button").click()
    page.wait_for_load_state()
    assert "Đã đính kèm 'quyet-dinh-ky-so.pdf'" in page.content()

    i1 = page.locator("#c-I\\.1")
    i1.locator("select[name='c-I.1-done']").select_option("1")
    i1.locator("select[name='c-I.1-status']").select_option("1")
    i1.get_by_role("button", name="Lưu I.1").click()
    page.locator("#status-line", has_text="Đã lưu tiêu chí I.1").wait_for()
    page.get_by_role("link", name=re.compile("Kiểm tra và gửi thẩm định")).click()
    page.wait_for_load_state()
    assert "Kiểm tra trước khi gửi thẩm định" in page.content()
    page.get_by_role("button", name=re.compile("gửi 2 tiêu chí")).click()
    page.wait_for_load_state()
    assert "Đã gửi 2 tiêu chí" in page.content()
    page.screenshot(path=str(artifacts / "02-editor-submitted.png"), full_page=False)
    _logout(page)

    _login(page, base, "assessor")
    page.goto(unit_url)
    card = page.locator("#c-I\\.2")
    card.locator("textarea[name='comment']").fill("Thiếu quyết định có ký số")
    card.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state()
    page.locator("#c-I\\.1").get_by_role("button", name="Duyệt").click()
    page.wait_for_load_state()
    assert "Đã duyệt tiêu chí I.1" in page.content()
    page.locator("#c-I\\.2").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "03-assessor-reviewed.png"))

    entries = {e.criterion_code: e for e in Entry.objects.filter(round=live_world.round, unit=live_world.unit_a)}
    assert entries["I.2"].workflow == Workflow.RETURNED
    assert entries["I.2"].review_comment == "Thiếu quyết định có ký số"
    assert entries["I.1"].workflow == Workflow.APPROVED
    assert entries["I.2"].evidence.count() == 1
