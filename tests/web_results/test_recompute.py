"""Persisted results: one batch engine call, bulk writes, frozen once published, reproducible."""

from __future__ import annotations

import pytest

from dti.web.entries.models import Entry
from dti.web.results.models import ResultBatch, UnitResult
from dti.web.results.scoring import score_round_db
from dti.web.results.services import ResultsFrozen, results_enqueue, results_recompute, results_verify
from dti.web.rounds import services as rounds


def test_ninh_son_persisted(ninh_thuan):
    res = UnitResult.objects.get(round=ninh_thuan, unit__code="585")
    assert (res.total, res.max_points, res.klass, res.rank, res.rank_of) == (698.8, 880.0, "Khá", 3, 7)
    assert (res.n_dat, res.n_dang, res.n_chua) == (62, 8, 13)
    assert res.data["unit_name"] == "Huyện Ninh Sơn"
    groups = {g["code"]: g for g in res.data["groups"]}
    assert groups["3"]["max_points"] == 100 and groups["3"]["score"] == pytest.approx(59.7)
    assert res.group_scores["3"] == [groups["3"]["score"], 100]
    ranks = sorted(UnitResult.objects.filter(round=ninh_thuan).values_list("rank", flat=True))
    assert ranks == [1, 2, 3, 4, 5, 6, 7]


def test_recompute_is_one_batch_not_a_query_per_unit(world, django_assert_max_num_queries):
    for unit in (world.unit_a, world.unit_b):
        Entry.objects.create(round=world.round, unit=unit, criterion_code="I.1", done=True)
    results_recompute(round=world.round)
    # the same bounded number of queries whatever the number of units or criteria
    with django_assert_max_num_queries(18):  # summary row and period parents included
        results_recompute(round=world.round)
    assert UnitResult.objects.filter(round=world.round).count() == 2


def test_recompute_follows_changed_entries_and_units(world):
    results_recompute(round=world.round)
    assert UnitResult.objects.get(unit=world.unit_a).total == 0
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    results_recompute(round=world.round)
    a = UnitResult.objects.get(unit=world.unit_a)
    assert a.total == 10 and a.rank == 1 and UnitResult.objects.get(unit=world.unit_b).rank == 2
    world.round.units.remove(world.unit_b)
    results_recompute(round=world.round)
    assert list(UnitResult.objects.filter(round=world.round).values_list("unit__code", flat=True)) == ["901"]


def test_published_results_are_frozen(ninh_thuan):
    with pytest.raises(ResultsFrozen, match="đã công bố"):
        results_recompute(round=ninh_thuan)
    rounds.round_close(round=ninh_thuan, actor=None)
    with pytest.raises(ResultsFrozen):
        results_recompute(round=ninh_thuan)


def test_reproducible_from_stored_inputs_and_framework_version(ninh_thuan):
    assert results_verify(round=ninh_thuan) == []
    fresh = score_round_db(ninh_thuan)
    for row in UnitResult.objects.filter(round=ninh_thuan).select_related("unit"):
        again = fresh.unit_result(row.unit.code)
        assert (again["total"], again["rank"], again["class"]) == (row.total, row.rank, row.klass)
    batch = ResultBatch.objects.get(round=ninh_thuan)
    assert batch.framework_sha256 == ninh_thuan.framework.sha256 and len(batch.inputs_sha256) == 64


def test_verify_notices_changed_inputs(ninh_thuan):
    Entry.objects.filter(round=ninh_thuan, unit__code="585", criterion_code="3.5").update(done=True)
    problems = results_verify(round=ninh_thuan)
    assert "Số liệu đã thay đổi sau lần tính gần nhất" in problems
    assert any("Huyện Ninh Sơn" in p for p in problems)


def test_job_queue_runs_recompute(world, settings):
    assert settings.Q_CLUSTER["sync"] is True
    Entry.objects.create(round=world.round, unit=world.unit_b, criterion_code="I.2", numerator=1, denominator=2)
    results_enqueue(round=world.round)
    assert UnitResult.objects.get(unit=world.unit_b).total == 10


def test_round_without_units_writes_an_empty_batch(world):
    world.round.units.clear()
    batch = results_recompute(round=world.round)
    assert batch.n_units == 0 and not UnitResult.objects.filter(round=world.round).exists()


def test_recompute_is_audited(world):
    from dti.web.audit.models import AuditEvent

    results_recompute(round=world.round, acting_user=world.users["owner"])
    ev = AuditEvent.objects.filter(action="results.recompute").latest("pk")
    assert ev.actor == world.users["owner"] and ev.new["units"] == 2



def test_entry_writes_refresh_results_after_commit(world, django_capture_on_commit_callbacks):
    from dti.web.entries.services import entry_save

    results_recompute(round=world.round)
    assert UnitResult.objects.get(unit=world.unit_a).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1", values={"done": True},
                   expected_version=0, actor=world.users["owner"])
    assert UnitResult.objects.get(unit=world.unit_a).total == 10
