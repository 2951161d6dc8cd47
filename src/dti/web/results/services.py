"""Writes of results: recompute a round in one engine call and bulk-write it; queue it as a job.

``results_recompute`` is the only writer of ``ResultBatch``/``UnitResult``. Callers (entry and round
services, ``dti`` commands, the job queue) call it explicitly — never from a signal.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry
from dti.web.results.models import ResultBatch, UnitResult
from dti.web.rounds.models import Round, RoundState
from dti.web.rounds.scoring import round_units, score_round_pair
from dti.web.units.selectors import parent_on

PUBLIC_STATES = frozenset({RoundState.PUBLISHED, RoundState.CLOSED})
_HASHED_FIELDS = ("unit__code", "criterion_code", *Entry.INPUT_FIELDS, "stated", "expert_score", "expert_reason",
                  "workflow", "appraised_values")


class ResultsFrozen(Exception):
    """Kết quả của kỳ đã công bố/khóa không được tính lại."""


def inputs_digest(rnd: Round) -> str:
    """SHA-256 of every scored input of the round, in a stable order (what the results came from)."""
    rows = Entry.objects.filter(round=rnd).order_by("unit__code", "criterion_code").values_list(*_HASHED_FIELDS)
    h = hashlib.sha256()
    for row in rows.iterator(chunk_size=5000):
        h.update(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False).encode())
    return h.hexdigest()


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    counts = data.get("status_counts") or {}
    return {
        "total": data.get("total"), "max_points": data.get("max_points"), "percent": data.get("percent"),
        "self_total": data.get("self_total"), "n_appraised": data.get("n_appraised", 0),
        "group_self_scores": {g["code"]: g.get("self_score") for g in data.get("groups", [])},
        "klass": data.get("class") or "", "rank": data.get("rank"), "rank_of": data.get("rank_of"),
        "n_dat": counts.get("dat", 0), "n_dang": counts.get("dang_thuc_hien", 0),
        "n_chua": counts.get("chua_thuc_hien", 0), "n_kad": counts.get("khong_ap_dung", 0),
        "n_criteria": counts.get("total", 0),
        "group_scores": {g["code"]: [g.get("score"), g.get("max_points")] for g in data.get("groups", [])},
        "data": data,
    }


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # what a JSONField gives back on read, so fresh and stored results compare equal
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def results_recompute(*, round: Round, acting_user: AbstractBaseUser | None = None) -> ResultBatch:
    """Score the whole round with one ``score_round_pair`` call (appraised and self-assessed readings) and bulk-write one row per unit.

    Refused (``ResultsFrozen``) when the round is published/closed and its results were already
    computed in such a state: published numbers never move. Entering a new public state from a
    non-public one (publishing) is what allows the one final compute.
    """
    rnd = Round.objects.select_for_update().select_related("framework").get(pk=round.pk)
    batch = ResultBatch.objects.filter(round=rnd).first()
    if rnd.state in PUBLIC_STATES and batch is not None and batch.round_state in PUBLIC_STATES:
        raise ResultsFrozen(
            f"Kết quả kỳ '{rnd.name}' đã công bố ngày {timezone.localtime(batch.computed_at):%d/%m/%Y}; "
            "không tính lại kết quả đã công bố"
        )
    started = time.perf_counter()
    units = round_units(rnd)
    result = score_round_pair(rnd, units=units) if units else None
    rows = []
    parents: dict[int | None, int | None] = {}  # the parent as it was in the round's period
    for unit in units:
        fields = _summary(_plain(result.unit_result(unit.code))) if result else {}
        if unit.parent_id not in parents:
            then = parent_on(unit, rnd.end)
            parents[unit.parent_id] = then.pk if then is not None else None
        rows.append(UnitResult(round=rnd, unit=unit, parent_id=parents[unit.parent_id], **fields))
    # derived rows, referenced by nothing: replacing them is one DELETE plus batched INSERTs,
    # much cheaper than a 3,321-row bulk UPDATE of large JSON values
    UnitResult.objects.filter(round=rnd).delete()
    UnitResult.objects.bulk_create(rows, batch_size=500)
    values = {
        "computed_at": timezone.now(), "round_state": rnd.state, "framework_sha256": rnd.framework.sha256,
        "inputs_sha256": inputs_digest(rnd), "n_units": len(units), "seconds": time.perf_counter() - started,
        "computed_by": acting_user if acting_user is not None and acting_user.is_authenticated else None,
    }
    batch, _ = ResultBatch.objects.update_or_create(round=rnd, defaults=values)
    audit_record(actor=acting_user, action="results.recompute", obj=rnd,
                 new={"units": len(units), "state": rnd.state, "inputs_sha256": values["inputs_sha256"]})
    return batch


def results_verify(*, round: Round) -> list[str]:
    """Problems found when re-scoring the stored inputs with the stored framework version (empty = identical)."""
    batch = ResultBatch.objects.filter(round=round).first()
    if batch is None:
        return [f"Kỳ '{round.name}' chưa có kết quả"]
    problems = []
    if batch.framework_sha256 != round.framework.sha256:
        problems.append("Bộ chỉ số của kỳ đã khác phiên bản dùng để tính")
    if batch.inputs_sha256 != inputs_digest(round):
        problems.append("Số liệu đã thay đổi sau lần tính gần nhất")
    units = round_units(round)
    fresh = score_round_pair(round, units=units) if units else None
    stored = {r.unit_id: r.data for r in UnitResult.objects.filter(round=round).only("unit_id", "data")}
    for unit in units:
        if fresh is None or stored.get(unit.pk) != _plain(fresh.unit_result(unit.code)):
            problems.append(f"Kết quả của {unit.name} khác khi tính lại")
    return problems


def results_recompute_task(round_id: int, user_id: int | None = None) -> int:
    """Job-queue entry point (django-q2 pickles only these ids)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    batch = results_recompute(round=Round.objects.get(pk=round_id), acting_user=user)
    return batch.n_units


def results_schedule(*, round: Round, acting_user: AbstractBaseUser | None = None) -> None:
    """After an entry or round change: refresh the round's results once the transaction commits.

    Small rounds (a province's districts) are recomputed inline so the next page shows the new
    numbers; national-size rounds go to the job queue. Published rounds are frozen: nothing runs.
    """
    if round.state in PUBLIC_STATES:
        return
    inline_limit = int(getattr(settings, "DTI_INLINE_RECOMPUTE_UNITS", 300))

    def run() -> None:
        # the round may have been published in the same transaction: its results are then final
        if Round.objects.filter(pk=round.pk, state__in=PUBLIC_STATES).exists():
            return
        if round.units.count() <= inline_limit:
            results_recompute(round=round, acting_user=acting_user)
        else:
            results_enqueue(round=round, acting_user=acting_user)

    transaction.on_commit(run)


def results_enqueue(*, round: Round, acting_user: AbstractBaseUser | None = None) -> str:
    """Queue a recompute (ORM broker, or Redis when REDIS_URL is set); runs inline when Q_CLUSTER sync."""
    from django_q.tasks import async_task

    user_id = acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
    sync = bool(getattr(settings, "Q_CLUSTER", {}).get("sync", False))
    return str(async_task(results_recompute_task, round.pk, user_id, sync=sync,
                          task_name=f"tinh-ket-qua-{round.slug}"[:100]))
