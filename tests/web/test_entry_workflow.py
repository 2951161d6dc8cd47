"""Submit, return with a comment, approve, expert score with a mandatory reason — each audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dti.web.audit.models import AuditEvent
from dti.web.entries import services
from dti.web.entries.models import Entry, Workflow
from dti.web.results.scoring import score_round_db
from tests.factories import World, entry_post


def _save(w: World, code: str, **values: object) -> Entry:
    return services.entry_save(round=w.round, unit=w.unit_a, criterion_code=code, values=values,
                               expected_version=0, actor=w.users["editor_a"])


@pytest.mark.django_db
def test_it_runs_submit_return_approve_through_the_pages(world: World) -> None:
    editor, assessor = world.client_for("editor_a"), world.client_for("assessor")
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}"
    assert editor.post(f"{base}/", entry_post("I.2", numerator="4.021", denominator="7.258")).status_code == 302
    entry = Entry.objects.get(criterion_code="I.2")
    assert (entry.numerator, entry.denominator, entry.version) == (4021, 7258, 1)
    assert editor.post(f"{base}/gui/", {"xac_nhan": "1"}).status_code == 302
    entry.refresh_from_db()
    assert entry.workflow == Workflow.SUBMITTED
    # a submitted entry is frozen for the editor
    resp = editor.post(f"{base}/", entry_post("I.2", version=entry.version, numerator="1", denominator="2"))
    assert resp.status_code == 400
    assert "Đã gửi" in resp.content.decode()

    assessor.post(f"{base}/tieu-chi/I.2/tham-dinh/", {"action": "return", "comment": ""})
    entry.refresh_from_db()
    assert entry.workflow == Workflow.SUBMITTED, "returning without a comment must be refused"
    assessor.post(f"{base}/tieu-chi/I.2/tham-dinh/", {"action": "return", "comment": "Thiếu minh chứng"})
    entry.refresh_from_db()
    assert (entry.workflow, entry.review_comment) == (Workflow.RETURNED, "Thiếu minh chứng")
    assert "Thiếu minh chứng" in editor.get(f"{base}/").content.decode()

    assert editor.post(f"{base}/", entry_post("I.2", version=entry.version, numerator="5.000",
                                              denominator="7.258")).status_code == 302
    editor.post(f"{base}/gui/", {"xac_nhan": "1"})
    assessor.post(f"{base}/tieu-chi/I.2/tham-dinh/", {"action": "approve"})
    entry.refresh_from_db()
    assert entry.workflow == Workflow.APPROVED
    actions = list(AuditEvent.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True))
    assert {"entry.save", "entry.submit", "entry.return", "entry.approve"} <= set(actions)
    assert AuditEvent.objects.filter(action="entry.approve", actor=world.users["assessor"]).exists()


@pytest.mark.django_db
def test_it_requires_a_reason_with_an_expert_score(world: World) -> None:
    entry = _save(world, "II.2", text="Báo cáo đánh giá")
    services.entry_submit(round=world.round, unit=world.unit_a, actor=world.users["editor_a"])
    with pytest.raises(ValidationError) as exc:
        services.entry_set_expert_score(entry=entry, actor=world.users["assessor"], score=4, reason="  ")
    assert "lý do" in str(exc.value)
    with pytest.raises(ValidationError, match="ngoài khoảng"):
        services.entry_set_expert_score(entry=entry, actor=world.users["assessor"], score=12, reason="quá điểm")
    services.entry_set_expert_score(entry=entry, actor=world.users["assessor"], score=4,
                                    reason="Thiếu tài liệu kiểm chứng")
    result = score_round_db(world.round)
    assert result.unit_result(world.unit_a.code)["total"] == 4.0
    event = AuditEvent.objects.filter(action="entry.expert_score").get()
    assert event.new["expert_reason"] == "Thiếu tài liệu kiểm chứng" and event.old["expert_score"] is None


@pytest.mark.django_db
def test_it_shows_vietnamese_validation_messages(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}"
    resp = world.client_for("editor_a").post(f"{base}/", entry_post("I.2", numerator="1.200", denominator="968"))
    assert resp.status_code == 400
    assert "tử số (1.200) lớn hơn mẫu số (968)" in resp.content.decode()
    resp = world.client_for("editor_a").post(f"{base}/", entry_post("II.1", date="15/02/2023"))
    assert "Tiêu chí II.1 – Ngày ban hành: ngày 15/02/2023 không thuộc năm đánh giá 2024" in resp.content.decode()
    resp = world.client_for("editor_a").post(f"{base}/", entry_post("I.3", count="mười"))
    assert "không phải là số" in resp.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_it_refuses_edits_in_a_closed_round(world: World) -> None:
    from dti.web.rounds import services as rounds

    _save(world, "I.1", done=True)
    rounds.round_publish(round=world.round, actor=world.users["owner"])
    rounds.round_close(round=world.round, actor=world.users["owner"])
    with pytest.raises(ValidationError, match="không nhận số liệu"):
        services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1", values={"done": False},
                            expected_version=1, actor=world.users["editor_a"])
    with pytest.raises(ValidationError, match="không nhận số liệu"):
        services.entry_submit(round=world.round, unit=world.unit_a, actor=world.users["editor_a"])
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}"
    assert world.client_for("editor_a").post(f"{base}/", entry_post("I.1", version=1, done="0")).status_code == 403
    assert Entry.objects.get().done is True


@pytest.mark.django_db
def test_it_previews_a_score_without_saving(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}"
    c = world.client_for("editor_a")
    data = c.post(f"{base}/xem-truoc/", entry_post("I.2", numerator="921", denominator="968")).json()
    assert data["ok"] and data["score"] == 19.03 and data["max_points"] == 20
    assert "95,14%" in data["formula"]
    bad = c.post(f"{base}/xem-truoc/", entry_post("I.2", numerator="1000", denominator="968")).json()
    assert not bad["ok"] and bad["problems"][0][0] == "numerator"
    assert not Entry.objects.exists()
