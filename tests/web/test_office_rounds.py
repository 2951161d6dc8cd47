"""The office's rounds: period rules, create/copy through services, API and CLI, draft vs open edits."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from dti.cli.main import cli
from dti.web.audit.models import AuditEvent
from dti.web.rounds import planning
from dti.web.rounds.models import Assignment, Round, period_title
from dti.web.rounds.services import round_open


@given(kind=st.sampled_from(["quarter", "half", "year"]), number=st.integers(-3, 8), year=st.integers(1990, 2110))
def test_period_numbers_are_validated_by_kind(kind: str, number: int, year: int) -> None:
    limit = {"quarter": 4, "half": 2, "year": None}[kind]
    ok_year = 2000 <= year <= 2100
    try:
        got = planning.period_validate(kind, year, number)
    except ValidationError as exc:
        assert not ok_year or (limit is not None and not 1 <= number <= limit)
        assert set(exc.message_dict) <= {"year", "number"}
    else:
        assert ok_year and (got is None if limit is None else got == number)


def test_period_titles_are_written_as_documents_write_them() -> None:
    assert period_title("quarter", 2024, 2) == "Quý II năm 2024"
    assert period_title("half", 2024, 1) == "6 tháng đầu năm 2024"
    assert period_title("year", 2022, None) == "Năm 2022"


def test_shift_keeps_the_day_or_takes_the_month_end() -> None:
    assert planning.shift_months(dt.date(2024, 6, 20), 3) == dt.date(2024, 9, 20)
    assert planning.shift_months(dt.date(2024, 5, 31), 1) == dt.date(2024, 6, 30)
    assert planning.shift_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)


def _q2(world) -> Round:
    Round.objects.filter(pk=world.round.pk).update(period_kind="quarter", period_number=2, start=dt.date(2024, 4, 1),
                                                   end=dt.date(2024, 6, 30), submission_deadline=dt.date(2024, 6, 20),
                                                   review_deadline=dt.date(2024, 7, 10))
    world.round.refresh_from_db()
    return world.round


def test_copy_carries_units_shifted_deadlines_and_assignments(world) -> None:
    src = _q2(world)
    new = planning.round_plan(owner_unit=world.province, framework=src.framework, period_kind="quarter", year=2024,
                              number=3, copy_from=src, actor=world.users["owner"])
    assert new.state == "draft" and new.copied_from == src and new.slug == "thu-nghiem-2024-q3"
    assert new.name == "Chỉ số chuyển đổi số Quý III năm 2024 – Tỉnh Thử Nghiệm"
    assert (new.submission_deadline, new.review_deadline) == (dt.date(2024, 9, 20), dt.date(2024, 10, 10))
    assert sorted(u.code for u in new.units.all()) == ["901", "902"]
    assert list(new.assignments.values_list("criterion_code", "agency__name", "role")) == [
        ("I.3", "Công an huyện An Đông", "lead")]
    assert AuditEvent.objects.filter(action="round.plan", object_id=str(new.pk)).exists()


def test_bad_input_names_the_field_in_vietnamese(world) -> None:
    with pytest.raises(ValidationError) as exc:
        planning.round_plan(owner_unit=world.province, framework=world.round.framework, period_kind="half",
                            year=2024, number=3, units=[world.unit_a], actor=None)
    assert "number" in exc.value.message_dict and "6 tháng" in exc.value.message_dict["number"][0]
    with pytest.raises(ValidationError) as exc:
        planning.round_plan(owner_unit=world.province, framework=world.round.framework, period_kind="year",
                            year=2025, number=None, units=[], actor=None)
    assert exc.value.message_dict["units"] == ["Chọn ít nhất một đơn vị tham gia"]


def test_draft_is_editable_but_an_open_round_needs_a_reason(world) -> None:
    draft = planning.round_plan(owner_unit=world.province, framework=world.round.framework, period_kind="year",
                                year=2025, number=None, units=[world.unit_a], actor=None)
    planning.round_update(round=draft, units=[world.unit_a, world.unit_b],
                          deadlines={"submission_deadline": dt.date(2025, 11, 1)}, actor=world.users["owner"])
    assert draft.units.count() == 2
    round_open(round=draft, actor=None)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        planning.round_update(round=draft, units=[world.unit_a], actor=None)
    with pytest.raises(ValidationError) as exc:
        planning.round_amend(round=draft, reason="", units=[world.unit_a], actor=None)
    assert "reason" in exc.value.message_dict and draft.units.count() == 2
    planning.round_amend(round=draft, reason="Huyện Đa Lộc xin lùi sang kỳ sau", units=[world.unit_a],
                         deadlines={"submission_deadline": dt.date(2025, 11, 20)}, actor=world.users["owner"])
    event = AuditEvent.objects.get(action="round.amend")
    assert event.old["units"] == ["901", "902"] and event.new["units"] == ["901"]
    assert event.new["reason"] == "Huyện Đa Lộc xin lùi sang kỳ sau"


def test_api_creates_rounds_for_owners_within_their_province(world) -> None:
    body = {"framework": "thu-nghiem", "period_kind": "quarter", "year": 2024, "number": 3, "units": ["901"],
            "submission_deadline": "2024-09-20"}
    resp = world.client_for("owner").post("/api/rounds/", body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    got = resp.json()
    assert (got["slug"], got["state"], got["units"], got["submission_deadline"]) == (
        "thu-nghiem-2024-q3", "draft", 1, "2024-09-20")
    for who in ("editor_a", "outsider", "assessor"):
        assert world.client_for(who).post("/api/rounds/", body, content_type="application/json").status_code == 403
    bad = world.client_for("owner").post("/api/rounds/", {**body, "period_kind": "half", "number": 3, "slug": "x"},
                                         content_type="application/json")
    assert bad.status_code == 400 and "number" in bad.json()["error"]["fields"]
    outside = world.client_for("owner").post("/api/rounds/", {**body, "units": ["911"], "slug": "y"},
                                             content_type="application/json")
    assert outside.status_code == 400 and "units" in outside.json()["error"]["fields"]


def test_api_copy_needs_no_units(world) -> None:
    _q2(world)
    body = {"framework": "thu-nghiem", "period_kind": "quarter", "year": 2024, "number": 3,
            "copy_from": world.round.slug}
    resp = world.client_for("owner").post("/api/rounds/", body, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["units"] == 2
    assert resp.json()["submission_deadline"] == "2024-09-20"


def test_cli_round_create_copies(world) -> None:
    _q2(world)
    res = CliRunner().invoke(cli, ["round", "create", "--framework", "thu-nghiem", "--owner", "t:90",
                                   "--period", "quarter", "--year", "2024", "--number", "3",
                                   "--copy-from", world.round.slug, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert (out["slug"], out["state"], out["units"], out["assignments"]) == ("thu-nghiem-2024-q3", "draft", 2, 1)
    res = CliRunner().invoke(cli, ["round", "create", "--framework", "thu-nghiem", "--owner", "t:90",
                                   "--period", "quarter", "--year", "2024", "--number", "5", "--units", "901"])
    assert res.exit_code != 0 and "Kỳ số" in res.output
    assert Assignment.objects.filter(round__slug="thu-nghiem-2024-q3").count() == 1


def test_new_round_page_offers_the_next_period_and_labels_units_unambiguously(world) -> None:
    page = world.client_for("owner").get("/so/ky/moi/").content.decode()
    assert 'value="2025"' in page and f'value="{world.round.slug}" selected' in page
    assert "901 · Huyện An Đông (Huyện) – thuộc Tỉnh Thử Nghiệm" in page
    assert "911" not in page  # another province's district
    assert world.client_for("editor_a").get("/so/ky/moi/").status_code == 403
