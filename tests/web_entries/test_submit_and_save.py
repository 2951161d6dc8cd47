"""In-place save (JSON from the page's own view), the pre-submit check, and who submits what."""

from __future__ import annotations

import pytest

from dti.web.entries import services
from dti.web.entries.models import Entry, Workflow
from tests.factories import World, entry_post

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def _base(world: World) -> str:
    return f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/"


@pytest.mark.django_db
def test_a_fetch_save_answers_json_with_the_new_version_and_score(world: World) -> None:
    client = world.client_for("editor_a")
    resp = client.post(_base(world), entry_post("II.1", date="08/01/2024"), **FETCH)
    body = resp.json()
    assert resp.status_code == 200 and body["ok"] and body["version"] == 1
    assert body["score"] == 10 and body["max_points"] == 10 and "Đã lưu tiêu chí II.1" in body["message"]
    stale = client.post(_base(world), entry_post("II.1", version=0, date="09/01/2024"), **FETCH)
    assert stale.status_code == 409 and not stale.json()["ok"] and "phiên bản" in stale.json()["message"]


@pytest.mark.django_db
def test_a_refused_fetch_save_names_the_field(world: World) -> None:
    resp = world.client_for("editor_a").post(_base(world), entry_post("I.2", numerator="30", denominator="20"),
                                             **FETCH)
    body = resp.json()
    assert resp.status_code == 400 and not body["ok"]
    assert "tử số (30) lớn hơn mẫu số (20)" in body["errors"]["numerator"][0]
    assert body["message"].startswith("Chưa lưu tiêu chí I.2: Tử số:")
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_the_preview_refuses_to_score_invalid_input(world: World) -> None:
    resp = world.client_for("editor_a").post(f"{_base(world)}xem-truoc/",
                                             entry_post("I.2", numerator="30", denominator="20"))
    body = resp.json()
    assert body["ok"] is False and body["score"] is None and "total" not in body


@pytest.mark.django_db
def test_the_preview_names_a_contradiction(world: World) -> None:
    resp = world.client_for("editor_a").post(f"{_base(world)}xem-truoc/", entry_post("I.1", done="1", status="3"))
    assert "Tình trạng 'Chưa thực hiện' nhưng đã được 10/10 điểm" in resp.json()["contradiction"]


@pytest.mark.django_db
def test_the_check_lists_what_is_missing_and_submit_leaves_the_agency_criteria(world: World) -> None:
    editor, agency = world.users["editor_a"], world.users["agency_a"]
    services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1",
                        values={"done": True, "status": 3}, expected_version=0, actor=editor)
    services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.3", values={"count": 5},
                        expected_version=0, actor=agency)
    client = world.client_for("editor_a")
    html = client.get(f"{_base(world)}gui/").content.decode()
    assert "Tình trạng mâu thuẫn với điểm (1)" in html and f'href="{_base(world)}#c-I.1"' in html
    assert "Chưa nhập số liệu (3)" in html  # I.2, II.1, II.2; I.3 is the agency's
    assert "I.3 – tiêu chí được phân công cho cơ quan" in html
    page = client.get(_base(world)).content.decode()
    assert "Mâu thuẫn: <span class=\"contra-text\">Tình trạng &#x27;Chưa thực hiện&#x27;" in page

    # a post without the confirmation only shows the check again
    assert client.post(f"{_base(world)}gui/").status_code == 200
    assert Entry.objects.get(criterion_code="I.1").workflow == Workflow.DRAFT
    assert client.post(f"{_base(world)}gui/", {"xac_nhan": "1"}).status_code == 302
    states = dict(Entry.objects.values_list("criterion_code", "workflow"))
    assert states == {"I.1": Workflow.SUBMITTED, "I.3": Workflow.DRAFT}

    # the agency submits its own criterion
    agency_client = world.client_for("agency_a")
    assert "Tình trạng mâu thuẫn" not in agency_client.get(f"{_base(world)}gui/").content.decode()
    assert agency_client.post(f"{_base(world)}gui/", {"xac_nhan": "1"}).status_code == 302
    assert Entry.objects.get(criterion_code="I.3").workflow == Workflow.SUBMITTED


@pytest.mark.django_db
def test_an_agency_editor_lands_on_their_criteria_and_returned_ones_come_first(world: World) -> None:
    html = world.client_for("agency_a").get(_base(world)).content.decode()
    assert 'id="c-I.3"' in html and 'id="c-I.1"' not in html and "Xem tất cả tiêu chí" in html
    html = world.client_for("agency_a").get(_base(world), {"tat-ca": "1"}).content.decode()
    assert 'id="c-I.1"' in html and "Chỉ tiêu chí của tôi" in html
    editor = world.users["editor_a"]
    services.entry_save(round=world.round, unit=world.unit_a, criterion_code="II.1",
                        values={"date": __import__("datetime").date(2024, 1, 8)}, expected_version=0, actor=editor)
    services.entry_submit(round=world.round, unit=world.unit_a, actor=editor, criteria=frozenset({"II.1"}))
    services.entry_return(entry=Entry.objects.get(criterion_code="II.1"), actor=world.users["assessor"],
                          comment="Thiếu kế hoạch có ký số")
    html = world.client_for("editor_a").get(_base(world)).content.decode()
    returned = html.split('id="bi-tra-lai"')[1].split("</section>")[0]
    assert "II.1 Kế hoạch năm" in returned and "Thiếu kế hoạch có ký số" in returned
    assert html.index('id="bi-tra-lai"') < html.index('id="g-I"')
    assert "trả lại 1" in html.split('data-tab="II"')[1].split("</a>")[0]
