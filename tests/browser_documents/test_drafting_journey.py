"""The drafter's journey in Chromium on the demo data: Nam Đông's editor adds an issued document to
the register, rewrites the opening paragraph, reads the pre-issue check (the seed's 97,36 % against
the computed 95,14 %), previews the PDF pages and keeps a version."""

from __future__ import annotations

import pytest

from dti.reports.pdf import soffice_path
from dti.web.demo import DEMO_PASSWORD, demo_load, examples_dir
from dti.web.documents.models import DocumentEdit, IssuedDirective, IssuedDocument

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_drafter_registers_edits_checks_previews_and_issues(page, live_server, artifacts):
    if not (examples_dir() / "nam-dong-2024-q2.csv").exists():
        pytest.skip("thiếu tệp examples/")
    if soffice_path() is None:
        pytest.skip("chưa cài LibreOffice")
    demo_load()
    base = live_server.url
    _login(page, base, "nam-dong")
    docs = f"{base}/ky/thua-thien-hue-2024-q2/van-ban/483"
    page.goto(f"{docs}/so-van-ban/")
    page.fill("input[name=number]", "125/KH-UBND")
    page.fill("input[name=issued_on]", "02/4/2024")
    page.fill("textarea[name=summary]", "Về tuyên truyền nâng cao nhận thức về an toàn thông tin năm 2024")
    page.fill("input[name=criteria]", "V.1")
    page.click("text=Thêm vào sổ")
    page.wait_for_load_state()
    assert page.locator("table.grid td", has_text="125/KH-UBND").count() == 1
    assert IssuedDirective.objects.get().criteria == "V.1"

    page.goto(f"{docs}/soan/bao-cao/")
    panel = page.locator("#kiem-tra").inner_text()
    assert "97,36%" in panel and "95,14%" in panel
    page.fill("textarea[name=p-intro]", "Thực hiện chương trình hoạt động năm 2024, Ban chỉ đạo chuyển đổi số "
                                        "huyện báo cáo kết quả Quý II năm 2024 như sau:")
    page.click("text=Lưu lời văn")
    page.wait_for_load_state()
    assert DocumentEdit.objects.get(key="intro").text.startswith("Thực hiện chương trình hoạt động năm 2024")
    page.screenshot(path=str(artifacts / "van-ban-soan.png"), full_page=False)

    page.click("text=Xem trước các trang (PDF)")
    page.wait_for_selector("figure.page img", timeout=120_000)
    assert page.locator("figure.page").count() >= 5
    page.screenshot(path=str(artifacts / "van-ban-xem-truoc.png"), full_page=False)

    page.goto(f"{docs}/soan/bao-cao/")
    page.click("text=Lưu phiên bản ban hành")
    page.wait_for_load_state()
    issued = IssuedDocument.objects.get()
    assert issued.version == 1 and len(issued.data_hash) == 64
    assert "Phiên bản đã ban hành" in page.content() and issued.data_hash[:12] in page.content()
