"""The round's date policy and whole counts: the same answer for the form, the API and the Excel template."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dti.engine import framework as fw
from dti.web.entries.models import Entry
from dti.web.entries.policy import date_problem, date_window, policy_problems
from dti.web.entries.selectors import status_contradiction
from tests.factories import World, entry_post

DEADLINE = fw.Node.model_validate({"code": "II.1", "name": "Kế hoạch", "kind": "criterion", "max_points": 10,
                                   "rule": {"type": "deadline", "by": "01-31"}})


def _round(year: int = 2024, deadline: dt.date | None = dt.date(2024, 6, 20)) -> SimpleNamespace:
    return SimpleNamespace(year=year, submission_deadline=deadline)


def test_the_window_is_the_assessment_year_up_to_the_submission_day() -> None:
    assert date_window(_round()) == (dt.date(2024, 1, 1), dt.date(2024, 6, 20))
    assert date_window(_round(deadline=None)) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    # a Q4 round submitted in January of the next year still accepts the whole year
    assert date_window(_round(deadline=dt.date(2025, 1, 10))) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_a_january_plan_counts_in_the_second_quarter() -> None:
    assert date_problem(_round(), DEADLINE, dt.date(2024, 1, 8)) is None


def test_refusals_name_the_criterion_the_field_and_the_window() -> None:
    late = date_problem(_round(), DEADLINE, dt.date(2024, 6, 21))
    assert late is not None and late.startswith("Tiêu chí II.1 – Ngày ban hành: ngày 21/06/2024 sau hạn nộp")
    assert "từ 01/01/2024 đến 20/06/2024" in late and "ban hành đến 31/01/2024 được tối đa điểm" in late
    old = date_problem(_round(), DEADLINE, dt.date(2023, 12, 31))
    assert old is not None and "không thuộc năm đánh giá 2024" in old


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2028, 12, 31)),
       st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 3, 31)))
def test_a_date_is_accepted_exactly_inside_the_window(day: dt.date, deadline: dt.date) -> None:
    rnd = _round(deadline=deadline)
    start, end = date_window(rnd)
    assert (date_problem(rnd, DEADLINE, day) is None) == (start <= day <= end)
    assert start.year == end.year == 2024


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_counts_must_be_whole(count: float) -> None:
    found = policy_problems(_round(), DEADLINE, {"count": count})
    assert bool(found) == (not count.is_integer())


@pytest.mark.parametrize(("status", "score", "contradicts"), [
    (1, 0.0, True), (1, 5.0, True), (1, 10.0, False),
    (3, 10.0, True), (3, 0.5, True), (3, 0.0, False),
    (2, 10.0, True), (2, 5.0, False), (2, 0.0, False),
    (4, 10.0, False), (None, 0.0, False),
])
def test_a_set_status_contradicting_the_score_is_named(status: int | None, score: float, contradicts: bool) -> None:
    found = status_contradiction(status, score, 10.0)
    assert bool(found) == contradicts
    if found:
        assert "/10 điểm" in found


def test_a_criterion_without_points_never_contradicts() -> None:
    assert status_contradiction(1, 0.0, None) is None and status_contradiction(1, 0.0, 0.0) is None


@pytest.mark.django_db
def test_the_form_refuses_fractional_counts_and_dates_of_another_year(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/"
    client = world.client_for("admin")
    resp = client.post(base, entry_post("I.3", count="2,5"))
    assert resp.status_code == 400 and "2,5 không phải số nguyên" in resp.content.decode()
    resp = client.post(base, entry_post("II.1", date="08/01/2025"))
    assert resp.status_code == 400 and "không thuộc năm đánh giá 2024" in resp.content.decode()
    assert not Entry.objects.exists()
    assert client.post(base, entry_post("II.1", date="08/01/2024")).status_code == 302


@pytest.mark.django_db
def test_the_api_refuses_the_same_fractional_count(world: World) -> None:
    client = world.client_for("admin")
    resp = client.post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code, "criterion": "I.3",
                                         "count": 2.5}, content_type="application/json")
    assert resp.status_code == 400
    assert "không phải số nguyên" in str(resp.json()["error"])
