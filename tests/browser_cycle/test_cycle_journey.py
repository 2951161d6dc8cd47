"""The whole cycle in Chromium: three units and one agency, from entry to publication and a reopen."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.entries import services as entries
from dti.web.entries.models import Entry
from dti.web.rounds.models import Round
from dti.web.units.models import Level
from tests.factories import PASSWORD, World, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))


def _user(w: World, name: str, role: str, unit: object, **extra: object) -> None:
    u = user_ensure(username=name, password=PASSWORD, full_name=name)
    role_assign(user=u, role=role, org_unit=unit, **extra)  # type: ignore[arg-type]
    w.users[name] = u


@pytest.mark.django_db(transaction=True)
def test_the_whole_cycle(page, live_server, live_world: World, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    w, base = live_world, live_server.url
    c = make_unit("t:903", "903", "Huyện Cẩm Lộ", Level.HUYEN, w.province)
    w.round.units.add(c)
    Round.objects.filter(pk=w.round.pk).update(feedback_deadline=timezone.localdate() + dt.timedelta(days=5))
    _user(w, "leader_a", Role.UNIT_LEADER, w.unit_a)
    _user(w, "council", Role.ASSESSOR, w.province, is_council=True)
    slug, a = w.round.slug, w.unit_a.code
    # the units type their figures (the entry page has its own journey test)
    for unit in (w.unit_a, w.unit_b, c):
        who = "editor_a" if unit == w.unit_a else "admin"
        for code, values in (("I.1", {"done": True}), ("I.2", {"numerator": 50, "denominator": 100}),
                             ("II.1", {"date": dt.date(2024, 1, 10)})):
            entries.entry_save(round=w.round, unit=unit, criterion_code=code, values=values, expected_version=0,
                               actor=w.users[who])
    entries.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.3", values={"count": 5}, expected_version=0,
                       actor=w.users["agency_a"])

    # the agency submits its own criterion; the unit editor submits the rest
    _login(page, base, "agency_a")
    page.goto(f"{base}/ky/{slug}/don-vi/{a}/")
    page.get_by_role("link", name=re.compile("gửi lãnh đạo đơn vị duyệt")).click()
    page.get_by_role("button", name=re.compile(r"gửi 1 tiêu chí")).click()
    page.wait_for_load_state()
    assert Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code="I.3").workflow == "ready"
    _login(page, base, "editor_a")
    page.goto(f"{base}/ky/{slug}/don-vi/{a}/")
    page.get_by_role("link", name=re.compile(r"gửi lãnh đạo đơn vị duyệt \(3 tiêu chí\)")).click()
    page.get_by_role("button", name=re.compile(r"gửi 3 tiêu chí")).click()
    page.wait_for_load_state()

    # the unit leader approves the whole
    _login(page, base, "leader_a")
    page.goto(f"{base}/ky/{slug}/don-vi/{a}/lanh-dao-duyet/")
    page.screenshot(path=str(artifacts / "cycle-01-leader.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Duyệt và gửi thẩm định 4 tiêu chí")).click()
    page.wait_for_load_state()
    assert "Đã duyệt và gửi 4 tiêu chí" in page.content()
    for unit in (w.unit_b, c):
        entries.entry_submit(round=w.round, unit=unit, actor=w.users["admin"])

    # the appraiser returns one criterion from the queue and scores another with an expert score
    _login(page, base, "assessor")
    page.goto(f"{base}/ky/{slug}/tham-dinh/?don-vi={a}")
    page.check(f"#q-{Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code='I.2').pk} input")
    page.fill("#id_comment", "Thiếu số liệu nhà mạng")
    page.get_by_role("button", name="Trả lại các tiêu chí đã chọn").click()
    page.wait_for_load_state()
    assert Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code="I.2").workflow == "returned"
    page.goto(f"{base}/ky/{slug}/don-vi/{a}/")
    card = page.locator("#c-I\\.1")
    card.locator("input[name='expert_score']").fill("6")
    card.locator("input[name='expert_reason']").fill("Quyết định chưa do người đứng đầu ký")
    card.get_by_role("button", name="Ghi điểm thẩm định").click()
    page.wait_for_load_state()
    # the editor corrects and resubmits; the leader approves; the appraiser approves the rest in bulk
    i2 = Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code="I.2")
    entries.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.2", values={"numerator": 60, "denominator": 100},
                       expected_version=i2.version, actor=w.users["editor_a"])
    entries.entry_submit(round=w.round, unit=w.unit_a, actor=w.users["editor_a"])
    entries.entry_unit_approve(round=w.round, unit=w.unit_a, actor=w.users["leader_a"])
    page.goto(f"{base}/ky/{slug}/tham-dinh/?tab=thay-doi")
    assert "Tử số" in page.locator("#bulk").inner_text()  # the diff since the last submission
    page.screenshot(path=str(artifacts / "cycle-02-queue-changed.png"), full_page=True)
    page.goto(f"{base}/ky/{slug}/tham-dinh/")
    for box in page.locator("input[name=entries]").all():
        box.check()
    page.get_by_role("button", name="Xem trước và duyệt các tiêu chí đã chọn").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile("Xác nhận duyệt")).click()
    page.wait_for_load_state()

    # preliminary results: the unit sees them, the public does not
    _login(page, base, "owner")
    page.goto(f"{base}/ky/{slug}/cong-bo/")
    page.get_by_role("button", name="Gửi kết quả sơ bộ").click()
    page.wait_for_load_state()
    assert Round.objects.get(pk=w.round.pk).state == "preliminary"
    page.context.clear_cookies()
    assert page.goto(f"{base}/cong-khai/{slug}/").status == 404
    _login(page, base, "editor_a")
    page.goto(f"{base}/ky/{slug}/don-vi/{a}/y-kien/")
    totals = page.locator("#totals").inner_text()
    assert "Điểm tự đánh giá" in totals and "Điểm thẩm định" in totals
    row = page.locator("#f-I\\.1")
    row.locator("summary").click()
    row.locator("textarea[name=text]").fill("Quyết định do Chủ tịch UBND huyện ký, gửi kèm bản ký số")
    row.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "cycle-03-unit-feedback.png"), full_page=True)

    # the council accepts it with an adjusted score, then the owner publishes
    _login(page, base, "council")
    page.goto(f"{base}/ky/{slug}/y-kien/")
    form = page.locator("#open-feedback form").first
    form.locator("input[value=accept]").check()
    form.locator("textarea[name=answer]").fill("Minh chứng hợp lệ")
    form.locator("input[name=score]").fill("10")
    form.get_by_role("button", name="Ghi kết luận").click()
    page.wait_for_load_state()
    assert Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code="I.1").expert_score == 10
    _login(page, base, "owner")
    page.goto(f"{base}/ky/{slug}/cong-bo/")
    page.check("input[name=confirm]")
    page.fill("#id_reason", "Tiêu chí quản lý chưa chấm hết; công bố theo kế hoạch")
    page.screenshot(path=str(artifacts / "cycle-04-checklist.png"), full_page=True)
    page.get_by_role("button", name="Công bố kết quả").click()
    page.wait_for_load_state()
    assert Round.objects.get(pk=w.round.pk).state == "published"

    # reopen one unit with a reason
    page.goto(f"{base}/ky/{slug}/gia-han/")
    page.select_option("select[name=unit]", c.code)
    page.fill("input[name=until]", (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y"))
    page.fill("textarea[name=reason]", "Huyện Cẩm Lộ bổ sung minh chứng")
    page.check("input[name=reopen]")
    page.get_by_role("button", name="Ghi gia hạn").click()
    page.wait_for_load_state()
    assert "Đã mở lại nhập liệu của Huyện Cẩm Lộ" in page.content()
    page.screenshot(path=str(artifacts / "cycle-05-reopen.png"), full_page=True)
    assert Entry.objects.get(round=w.round, unit=c, criterion_code="I.1").workflow == "returned"
    assert Entry.objects.get(round=w.round, unit=w.unit_b, criterion_code="I.1").workflow == "approved"
