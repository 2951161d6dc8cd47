"""Writes of results: recompute a round in one engine call and bulk-write it; queue it as a job.

``results_recompute`` is the only writer of ``ResultBatch``/``UnitResult``. Callers (entry and round
services, ``dti`` commands, the job queue) call it explicitly — never from a signal.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from dti.engine.gains import cheapest_paths
from dti.engine.scoring import RoundResult
from dti.web.audit.services import audit_record
from dti.web.core.bulk import analyze, bulk_insert
from dti.web.entries.models import Entry, Workflow
from dti.web.results import compute
from dti.web.results.arrays import FLAG_ROWS, pack_round
from dti.web.results.models import ResultBatch, RoundSummary, UnitResult
from dti.web.rounds.models import Round, RoundState
from dti.web.units.models import OrgUnit
from dti.web.units.selectors import parents_on

PUBLIC_STATES = frozenset({RoundState.PUBLISHED, RoundState.CLOSED})
CHEAPEST_LIMIT = 5
# the analyser runs after loads of at least this many rows (smaller writes leave statistics valid)
ANALYZE_ROWS = 1000
_ROW_FIELDS = ("round_id", "unit_id", "parent_id", "total", "max_points", "percent", "klass", "rank", "rank_of",
               "n_dat", "n_dang", "n_chua", "n_kad", "n_criteria", "total_unrounded", "group_scores",
               "node_values", "node_flags", "slips", "cheapest", "inputs_sha256", "self_total",
               "self_total_unrounded", "self_percent", "n_appraised", "group_self_scores")
_OPEN_WORKFLOWS = frozenset({Workflow.DRAFT, Workflow.RETURNED})


class ResultsFrozen(Exception):
    """Kết quả của kỳ đã công bố/khóa không được tính lại."""


def inputs_digest(rnd: Round) -> str:
    """SHA-256 of every scored input of the round (what the results came from), read afresh."""
    units = compute.round_unit_rows(rnd)
    digests = compute.read_digests(rnd, units)
    return compute.combine_digests([(u.code, digests[u.id]) for u in units])


def _rows(rnd: Round, inputs: compute.RoundInputs, result: RoundResult | None,
          own: RoundResult | None = None, *, groups_out: list[dict[str, Any]] | None = None) -> list[tuple[Any, ...]]:
    """One tuple per unit in ``_ROW_FIELDS`` order, from the results' arrays (no per-unit tree):
    ``result`` the appraised scoring, ``own`` the self-assessed one. ``groups_out`` receives each
    row's group scores as the dict its JSON column holds (the summary reads them, not the text)."""
    units = inputs.units
    if result is None:
        return []
    if own is None:
        own = compute.score_self(rnd, inputs)
    fwk = result.framework
    scored = result.scored
    rank, peers = result.ranks
    counts = result._status_totals[None]  # (4 statuses, units)
    values, flags = pack_round(result, own, inputs.appraised)
    crit_rows = [result.index[n.code] for n in fwk.top_criteria()]
    paths = cheapest_paths(result, limit=CHEAPEST_LIMIT) if scored else [[] for _ in units]
    top = [(n.code, result.index[n.code]) for n in fwk.nodes]
    group_precision = max(fwk.precision, 2)
    slip_units = result.stated_entries
    parent_then = _parents_then(rnd, units)
    from dti.engine.explain import slips_for_unit

    out = []
    for j, u in enumerate(units):
        if scored:
            total = float(result.total[j])
            pct = None if np.isnan(result.percent[j]) else round(float(result.percent[j]), 2)
            summary: tuple[Any, ...] = (
                float(result.printed_total[j]), float(result.total_max[j]), pct,
                (fwk.classify(pct) or "") if pct is not None else "", int(rank[-1, j]), int(peers[j]))
            groups = {code: ([None, None] if result.unscored[k] else
                             [round(float(result.score[k, j]), group_precision), float(result.eff_max[k, j])])
                      for code, k in top}
            unrounded: float | None = round(total, 6)
            own_total = float(own.total[j])
            own_pct = None if np.isnan(own.percent[j]) else round(float(own.percent[j]), 2)
            selfs: tuple[Any, ...] = (round(own_total, fwk.display_precision), round(own_total, 6), own_pct)
            group_self = {code: None if result.unscored[k] else round(float(own.score[k, j]), group_precision)
                          for code, k in top}
        else:
            summary = (None, None, None, "", None, None)
            groups = {code: [None, None] for code, _ in top}
            unrounded = None
            selfs = (None, None, None)
            group_self = {code: None for code, _ in top}
        n_appraised = int(sum(np.frombuffer(flags[j], dtype=np.int16).reshape(len(FLAG_ROWS), -1)[4, crit_rows]))
        c = counts[:, j]
        slips = [s.as_dict() for s in slips_for_unit(result, j)] if j in slip_units else []
        if groups_out is not None:
            groups_out.append(groups)
        out.append((rnd.pk, u.id, parent_then.get(u.parent_id), *summary, int(c[0]), int(c[1]), int(c[2]), int(c[3]), int(c.sum()),
                    unrounded, json.dumps(groups), values[j], flags[j], json.dumps(slips, ensure_ascii=False),
                    json.dumps(paths[j]), inputs.unit_digests[u.id], *selfs, n_appraised, json.dumps(group_self)))
    return out


def _parents_then(rnd: Round, units: list[compute.UnitRow]) -> dict[int | None, int | None]:
    """parent id → id of the parent as it was in the round's period (``parent_on``), in two queries."""
    out: dict[int | None, int | None] = {None: None}
    for pid, then in parents_on({u.parent_id for u in units if u.parent_id is not None}, rnd.end).items():
        out[pid] = then.pk
    return out


def _frozen_check(rnd: Round, batch: ResultBatch | None) -> None:
    if rnd.state in PUBLIC_STATES and batch is not None and batch.round_state in PUBLIC_STATES:
        raise ResultsFrozen(
            f"Kết quả kỳ '{rnd.name}' đã công bố ngày {timezone.localtime(batch.computed_at):%d/%m/%Y}; "
            "không tính lại kết quả đã công bố"
        )


@transaction.atomic
def results_recompute(*, round: Round, acting_user: AbstractBaseUser | None = None,
                      changed_units: Iterable[OrgUnit] | None = None) -> ResultBatch:
    """Score the round with one engine call and write one row per unit in one transaction.

    With ``changed_units`` (and results already computed) only those units' peer groups are read,
    re-scored and rewritten: ranks and ``relative`` rules compare within a peer group, so the other
    groups' rows stay exact. Refused (``ResultsFrozen``) when the round is published/closed and its
    results were already computed in such a state: published numbers never move. Entering a new
    public state from a non-public one (publishing) is what allows the one final compute.
    """
    rnd = Round.objects.select_for_update().select_related("framework").get(pk=round.pk)
    batch = ResultBatch.objects.filter(round=rnd).first()
    _frozen_check(rnd, batch)
    started = time.perf_counter()
    partial = changed_units is not None and batch is not None
    if changed_units is not None and batch is not None:
        parents = {u.parent.code if u.parent_id and u.parent else None for u in changed_units}
        units = compute.round_unit_rows(rnd, parent_codes=parents)
    else:
        units = compute.round_unit_rows(rnd)
    inputs = compute.read_inputs(rnd, units, whole_round=not partial)
    result = compute.score_inputs(rnd, inputs) if units else None
    groups: list[dict[str, Any]] = []
    rows = _rows(rnd, inputs, result, groups_out=groups)
    stale = UnitResult.objects.filter(round=rnd)
    if partial:
        stale = stale.filter(unit_id__in=[u.id for u in units])
    stale.delete()
    bulk_insert(UnitResult, _ROW_FIELDS, rows)
    if len(rows) >= ANALYZE_ROWS:
        analyze(UnitResult)
    if partial:
        pairs = list(UnitResult.objects.filter(round=rnd).values_list("unit__code", "inputs_sha256"))
    else:
        pairs = [(u.code, inputs.unit_digests[u.id]) for u in units]
    n_units = len(pairs)
    values = {
        "computed_at": timezone.now(), "round_state": rnd.state, "framework_sha256": rnd.framework.sha256,
        "inputs_sha256": compute.combine_digests(pairs), "n_units": n_units, "seconds": time.perf_counter() - started,
        "computed_by": acting_user if acting_user is not None and acting_user.is_authenticated else None,
    }
    batch, _ = ResultBatch.objects.update_or_create(round=rnd, defaults=values)
    summary_refresh(rnd=rnd, inputs=None if partial else inputs, rows=None if partial else rows,
                    groups=None if partial else groups)
    audit_record(actor=acting_user, action="results.recompute", obj=rnd,
                 new={"units": n_units, "state": rnd.state, "inputs_sha256": values["inputs_sha256"],
                      **({"rescored": len(units)} if partial else {})})
    return batch


def summary_refresh(*, rnd: Round, inputs: compute.RoundInputs | None = None,
                    rows: list[tuple[Any, ...]] | None = None,
                    groups: list[dict[str, Any]] | None = None) -> RoundSummary:
    """Rewrite the round's summary row: submission progress and the dashboard's aggregates.

    From the recompute's inputs and rows when given (no extra read), else from the database."""
    from dti.web.results.selectors import group_averages_of, histogram_of, histogram_values

    if inputs is not None:
        units = [(u.id, u.code, u.name) for u in inputs.units]
        submitted = {uid for uid, states in inputs.workflows.items() if states and not states & _OPEN_WORKFLOWS}
    else:
        units = list(rnd.units.order_by("code").values_list("id", "code", "name"))
        entries = Entry.objects.filter(round=rnd)
        with_entries = set(entries.values_list("unit_id", flat=True).distinct())
        still_open = set(entries.filter(workflow__in=_OPEN_WORKFLOWS).values_list("unit_id", flat=True).distinct())
        submitted = with_entries - still_open
    results = UnitResult.objects.filter(round=rnd)
    if rows is not None:
        pct, at = _ROW_FIELDS.index("percent"), _ROW_FIELDS.index("group_scores")
        groups_of = groups
        histogram = histogram_values([r[pct] for r in rows if r[pct] is not None])
        averages = group_averages_of(rnd, groups_of if groups_of is not None else [json.loads(r[at]) for r in rows])
    else:
        histogram = histogram_of(results)
        averages = group_averages_of(rnd, results.values_list("group_scores", flat=True).iterator(chunk_size=2000))
    summary, _ = RoundSummary.objects.update_or_create(round=rnd, defaults={
        "n_units": len(units), "n_submitted": sum(1 for u in units if u[0] in submitted),
        "pending": [[code, name] for uid, code, name in units if uid not in submitted],
        "histogram": histogram, "group_averages": averages,
    })
    return summary


def results_verify(*, round: Round) -> list[str]:
    """Problems found when re-scoring the stored inputs with the stored framework version (empty = identical)."""
    batch = ResultBatch.objects.filter(round=round).first()
    if batch is None:
        return [f"Kỳ '{round.name}' chưa có kết quả"]
    problems = []
    if batch.framework_sha256 != round.framework.sha256:
        problems.append("Bộ chỉ số của kỳ đã khác phiên bản dùng để tính")
    units = compute.round_unit_rows(round)
    inputs = compute.read_inputs(round, units, whole_round=True)
    if batch.inputs_sha256 != compute.combine_digests([(u.code, inputs.unit_digests[u.id]) for u in units]):
        problems.append("Số liệu đã thay đổi sau lần tính gần nhất")
    fresh = {row[1]: row for row in _rows(round, inputs, compute.score_inputs(round, inputs) if units else None)}
    stored = {r[1]: r for r in UnitResult.objects.filter(round=round).values_list(*_ROW_FIELDS)}
    names = {u.id: u.name for u in units}
    for uid, row in fresh.items():
        if not _same_row(stored.get(uid), row):
            problems.append(f"Kết quả của {names[uid]} khác khi tính lại")
    return problems


def _same_row(stored: tuple[Any, ...] | None, fresh: tuple[Any, ...]) -> bool:
    """Figures equal, the stored arrays byte-identical (hashes left to the batch comparison)."""
    if stored is None:
        return False
    for name, a, b in zip(_ROW_FIELDS, stored, fresh, strict=True):
        if name == "inputs_sha256":
            continue
        if name in ("node_values", "node_flags"):
            a = bytes(a)
        elif name in ("group_scores", "slips", "cheapest", "group_self_scores"):
            a = a if isinstance(a, list | dict) else json.loads(a)
            b = json.loads(b)
        if a != b:
            return False
    return True


def results_recompute_task(round_id: int, user_id: int | None = None) -> int:
    """Job-queue entry point (django-q2 pickles only these ids)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    batch = results_recompute(round=Round.objects.get(pk=round_id), acting_user=user)
    return batch.n_units


def results_schedule(*, round: Round, acting_user: AbstractBaseUser | None = None,
                     changed_units: list[OrgUnit] | None = None) -> None:
    """After an entry or round change: refresh the round's results once the transaction commits.

    A change of some units' entries (``changed_units``) rescores their peer groups inline, so the
    next page shows the new numbers; a whole-round refresh runs inline for small rounds (a
    province's districts) and goes to the job queue at national size. Published rounds are frozen.
    """
    if round.state in PUBLIC_STATES:
        return
    inline_limit = int(getattr(settings, "DTI_INLINE_RECOMPUTE_UNITS", 300))

    def run() -> None:
        # the round may have been published in the same transaction: its results are then final
        if Round.objects.filter(pk=round.pk, state__in=PUBLIC_STATES).exists():
            return
        if changed_units is not None or round.units.count() <= inline_limit:
            # one changed unit rescored with its peer group only: inline whatever the round's size
            try:
                results_recompute(round=round, acting_user=acting_user, changed_units=changed_units)
            except ResultsFrozen:
                return  # published between our commit and this refresh: the publication computed them
        else:
            results_enqueue(round=round, acting_user=acting_user)

    # robust: the write has committed; a failing recompute is logged (and the next write or the
    # job queue refreshes the results) instead of turning a saved entry into a server error
    transaction.on_commit(run, robust=True)


def results_enqueue(*, round: Round, acting_user: AbstractBaseUser | None = None) -> str:
    """Queue a recompute (ORM broker, or Redis when REDIS_URL is set); runs inline when Q_CLUSTER sync."""
    from django_q.tasks import async_task

    user_id = acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
    sync = bool(getattr(settings, "Q_CLUSTER", {}).get("sync", False))
    return str(async_task(results_recompute_task, round.pk, user_id, sync=sync,
                          task_name=f"tinh-ket-qua-{round.slug}"[:100]))
