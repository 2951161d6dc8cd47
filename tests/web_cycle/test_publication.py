"""Publication safeguards: checklist, refusal without a reason, override audited, reopen with a reason."""

from __future__ import annotations

import pytest

from dti.web.audit.models import AuditEvent
from dti.web.entries import services as entries
from dti.web.entries.models import Entry
from dti.web.rounds.models import Round
from tests.factories import World
from tests.web_cycle.conftest import save


def _transition(w: World, who: str, action: str, reason: str = ""):  # type: ignore[no-untyped-def]
    return w.client(who).post(f"/api/rounds/{w.round.slug}/transition/", {"action": action, "reason": reason},
                              format="json")


@pytest.mark.django_db
def test_publish_refused_with_the_checklist_then_accepted_with_a_reason(cycle: World) -> None:
    save(cycle, "editor_a", "I.1", done=True)
    r = _transition(cycle, "owner", "publish")
    assert r.status_code == 409
    body = r.json()["error"]
    assert body["code"] == "checklist"
    codes = {i["code"] for i in body["items"]}
    assert "units" in codes and all(not i["ok"] for i in body["items"])
    assert Round.objects.get(pk=cycle.round.pk).state == "open"
    r = _transition(cycle, "owner", "publish", "Chủ tịch UBND tỉnh chỉ đạo công bố đúng hạn")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "published"
    ev = AuditEvent.objects.filter(action="round.publish").latest("pk")
    assert ev.actor == cycle.users["owner"]
    assert ev.new["reason"] == "Chủ tịch UBND tỉnh chỉ đạo công bố đúng hạn"
    assert {i["code"] for i in ev.new["override"]} == codes


@pytest.mark.parametrize("who", ["assessor", "editor_a", "viewer", "machine"])
@pytest.mark.django_db
def test_only_owners_change_the_round_state(cycle: World, who: str) -> None:
    r = _transition(cycle, who, "review")
    assert r.status_code == 403
    assert Round.objects.get(pk=cycle.round.pk).state == "open"


@pytest.mark.django_db
def test_clear_checklist_publishes_without_a_reason(cycle: World) -> None:
    framework = cycle.round.framework.parsed()
    for unit in (cycle.unit_a, cycle.unit_b):
        for leaf in framework.criteria():
            Entry.objects.create(round=cycle.round, unit=unit, criterion_code=leaf.code, workflow="approved",
                                 expert_score=1 if leaf.code == "II.2" else None,
                                 expert_reason="Hội đồng chấm" if leaf.code == "II.2" else "")
    # I.1 requires signed evidence? only when the framework says so: the small framework does not
    from dti.web.results.services import results_recompute

    results_recompute(round=cycle.round)
    assert _transition(cycle, "owner", "review").status_code == 200
    assert _transition(cycle, "owner", "preliminary").status_code == 200
    r = _transition(cycle, "owner", "publish")
    assert r.status_code == 200, r.json()
    assert "override" not in AuditEvent.objects.filter(action="round.publish").latest("pk").new


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_the_republished_page_says_adjusted(cycle: World) -> None:
    assert _transition(cycle, "owner", "publish", "Công bố thử").status_code == 200
    r = _transition(cycle, "owner", "reopen")
    assert r.status_code == 409 and "lý do" in r.json()["error"]["message"]
    r = _transition(cycle, "owner", "reopen", "Sai số liệu của huyện An Đông")
    assert r.status_code == 200 and r.json()["state"] == "review"
    assert AuditEvent.objects.filter(action="round.reopen", new__reason="Sai số liệu của huyện An Đông").exists()
    assert cycle.client(None).get(f"/cong-khai/{cycle.round.slug}/").status_code == 404
    assert _transition(cycle, "owner", "publish", "Công bố lại sau điều chỉnh").status_code == 200
    page = cycle.client(None).get(f"/cong-khai/{cycle.round.slug}/").content.decode()
    assert "Kết quả đã điều chỉnh ngày" in page


@pytest.mark.django_db
def test_reopen_one_unit_of_a_published_round(cycle: World) -> None:
    from dti.web.rounds.extensions import round_unit_reopen

    save(cycle, "editor_a", "I.1", done=True)
    save(cycle, "editor_a", "I.1", unit=cycle.unit_b, done=True)
    entries.entry_submit(round=cycle.round, unit=cycle.unit_b, actor=cycle.users["admin"])
    assert _transition(cycle, "owner", "publish", "Đúng hạn").status_code == 200
    with pytest.raises(Exception, match="lý do"):
        round_unit_reopen(round=cycle.round, unit=cycle.unit_a, reason=" ", actor=cycle.users["owner"])
    round_unit_reopen(round=cycle.round, unit=cycle.unit_a, reason="Bổ sung minh chứng", actor=cycle.users["owner"])
    assert Round.objects.get(pk=cycle.round.pk).state == "review"
    # A may enter again; B stays locked
    save(cycle, "editor_a", "I.2", numerator=1, denominator=2)
    with pytest.raises(entries.EntryLocked):
        save(cycle, "admin", "I.2", unit=cycle.unit_b, numerator=1, denominator=2)
    assert Entry.objects.get(round=cycle.round, unit=cycle.unit_b, criterion_code="I.1").workflow == "submitted"
    assert AuditEvent.objects.filter(action="round.unit_reopen", new__reason="Bổ sung minh chứng").exists()


@pytest.mark.django_db
def test_publication_page_needs_confirmation(cycle: World) -> None:
    c = cycle.client("owner")
    page = c.get(f"/ky/{cycle.round.slug}/cong-bo/")
    assert page.status_code == 200 and "Danh mục kiểm tra trước khi công bố" in page.content.decode()
    r = c.post(f"/ky/{cycle.round.slug}/cong-bo/", {"action": "publish", "reason": "Có lý do"})
    assert r.status_code == 400 and "Hãy xác nhận" in r.content.decode()
    r = c.post(f"/ky/{cycle.round.slug}/cong-bo/", {"action": "publish", "confirm": "on"})
    assert r.status_code == 400 and "danh mục kiểm tra" in r.content.decode()
    assert Round.objects.get(pk=cycle.round.pk).state == "open"
    r = c.post(f"/ky/{cycle.round.slug}/cong-bo/", {"action": "publish", "confirm": "on", "reason": "Có lý do"})
    assert r.status_code == 302
    assert Round.objects.get(pk=cycle.round.pk).state == "published"
    assert cycle.client("assessor").get(f"/ky/{cycle.round.slug}/cong-bo/").status_code == 403
