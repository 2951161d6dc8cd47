"""Stored arrays: the tree rebuilt on view equals the engine's unit_result for every unit, the stored
cheapest path equals the engine's, and a peer-group recompute writes what a whole one writes."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from dti.engine.analysis import cheapest_path
from dti.web.entries.models import Entry
from dti.web.results.arrays import arrays_from_tree
from dti.web.results.models import UnitResult
from dti.web.results.scoring import peer_units, score_round_db, score_round_pair
from dti.web.results.services import _ROW_FIELDS, results_recompute, results_verify
from dti.web.results.tree import stored_unit
from dti.web.rounds.models import Round


def _plain(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _check_round(rnd: Round) -> None:
    fresh = score_round_pair(rnd)  # appraised and self-assessed, as the cycle pages show them
    rows = list(UnitResult.objects.filter(round=rnd).select_related("unit", "parent", "round__framework"))
    assert len(rows) == len(fresh.appraised.units)
    for res in rows:
        assert res.data == _plain(fresh.unit_result(res.unit.code)), res.unit.code
        peers = score_round_db(rnd, units=peer_units(rnd, res.unit))
        want = [{k: r[k] for k in ("code", "lost", "total_after", "rank_after")}
                for r in cheapest_path(peers, res.unit.code, limit=5)]
        assert res.cheapest == want, res.unit.code


def test_ninh_thuan_trees_and_paths_equal_the_engine(ninh_thuan):
    _check_round(ninh_thuan)
    assert results_verify(round=ninh_thuan) == []


@pytest.mark.django_db
def test_demo_rounds_trees_and_paths_equal_the_engine():
    from dti.web.demo import demo_load

    demo_load()
    for slug in ("thua-thien-hue-2024-q2", "ninh-thuan-2022"):
        rnd = Round.objects.get(slug=slug)
        if not UnitResult.objects.filter(round=rnd).exists():
            results_recompute(round=rnd)
        _check_round(rnd)


def test_old_json_trees_convert_to_the_same_arrays(ninh_thuan):
    framework = ninh_thuan.framework.parsed()
    for res in UnitResult.objects.filter(round=ninh_thuan).select_related("unit", "parent"):
        values, flags = arrays_from_tree(framework, res.data)
        res.node_values, res.node_flags = values, flags
        explanations = {e.criterion_code: e.explanation for e in Entry.objects.filter(round=ninh_thuan, unit=res.unit)
                        if e.explanation}
        assert stored_unit(res, framework, explanations).tree() == res.data


def _stored_rows() -> dict[int, tuple]:
    return {r[1]: tuple(bytes(x) if isinstance(x, memoryview) else x for x in r)
            for r in UnitResult.objects.values_list(*_ROW_FIELDS)}


def test_peer_group_recompute_writes_what_a_whole_recompute_writes(world):
    for unit in (world.unit_a, world.unit_b):
        Entry.objects.create(round=world.round, unit=unit, criterion_code="I.1", done=unit == world.unit_a)
    results_recompute(round=world.round)
    Entry.objects.filter(round=world.round, unit=world.unit_b, criterion_code="I.1").update(done=True)
    partial_batch = results_recompute(round=world.round, changed_units=[world.unit_b])
    partial = _stored_rows()
    assert partial[world.unit_b.pk][3] == 10  # total moved
    whole_batch = results_recompute(round=world.round)
    assert partial == _stored_rows()
    assert partial_batch.inputs_sha256 == whole_batch.inputs_sha256
    assert results_verify(round=world.round) == []
