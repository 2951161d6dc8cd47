"""Reads of persisted results: ranking, dashboard aggregates, history across rounds and reorganisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from dti.web.core.vi import vi_sort_key
from dti.web.results.models import ResultBatch, RoundSummary, UnitResult
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

# columns only a single unit's page reads
HEAVY = ("node_values", "node_flags", "slips", "cheapest", "group_scores")
SORTS = {
    "hang": ("rank", "-total", "unit__name"), "-hang": ("-rank", "total", "unit__name"),
    "diem": ("total", "unit__name"), "-diem": ("-total", "unit__name"),
    "ten": ("unit__name",), "-ten": ("-unit__name",),
}


def batch_of(rnd: Round) -> ResultBatch | None:
    return ResultBatch.objects.filter(round=rnd).select_related("computed_by").first()


def unit_result_of(rnd: Round, unit: OrgUnit) -> UnitResult | None:
    return UnitResult.objects.filter(round=rnd, unit=unit).select_related("unit", "parent").first()


def ranking(rnd: Round, *, parent: str | None = None, sort: str = "hang", q: str = "") -> QuerySet[UnitResult]:
    """Ranking rows, filtered by parent unit code and a name fragment; ``data`` is deferred (large)."""
    qs = UnitResult.objects.filter(round=rnd).select_related("unit", "parent").defer(*HEAVY)
    if parent:
        qs = qs.filter(parent__code=parent)
    if q:
        qs = qs.filter(Q(unit__name__icontains=q) | Q(unit__code=q))
    return qs.order_by(*SORTS.get(sort, SORTS["hang"]))


def parents_of(rnd: Round) -> list[OrgUnit]:
    ids = UnitResult.objects.filter(round=rnd).values("parent_id").distinct()
    return sorted(OrgUnit.objects.filter(pk__in=ids), key=lambda u: vi_sort_key(u.name))


def _filtered(rnd: Round, parent: str | None) -> QuerySet[UnitResult]:
    qs = UnitResult.objects.filter(round=rnd)
    return qs.filter(parent__code=parent) if parent else qs


def summary_of(rnd: Round) -> RoundSummary | None:
    return RoundSummary.objects.filter(round=rnd).first()


def histogram_of(qs: QuerySet[UnitResult], *, width: int = 10) -> dict[str, list[Any]]:
    return histogram_values(qs.filter(percent__isnull=False).values_list("percent", flat=True).iterator(chunk_size=5000),
                            width=width)


def histogram_values(percents: Iterable[float], *, width: int = 10) -> dict[str, list[Any]]:
    """Number of units per ``width``-point band of percent (0–10 %, 10–20 %, …, 90–100 %)."""
    n_bins = 100 // width
    counts = [0] * n_bins
    for pct in percents:
        counts[min(int(pct // width), n_bins - 1)] += 1
    labels = [f"{i * width}–{(i + 1) * width}%" for i in range(n_bins)]
    return {"labels": labels, "counts": counts}


def histogram(rnd: Round, *, parent: str | None = None, summary: RoundSummary | None = None) -> dict[str, list[Any]]:
    """The round's histogram from its summary row; one parent's from its rows."""
    if not parent and summary is not None and summary.histogram:
        return summary.histogram
    return histogram_of(_filtered(rnd, parent))


def group_averages_of(rnd: Round, group_scores: Iterable[dict[str, list[Any]]]) -> list[dict[str, Any]]:
    """Average score and percent of maximum per top-level group, from units' ``group_scores``."""
    sums: dict[str, list[float]] = {}
    for scores in group_scores:
        for code, (score, mx) in scores.items():
            acc = sums.setdefault(code, [0.0, 0.0, 0])
            if score is not None and mx:
                acc[0] += score
                acc[1] += mx
                acc[2] += 1
    out = []
    for node in rnd.framework.parsed().nodes:
        score, mx, n = sums.get(node.code, [0.0, 0.0, 0])
        out.append({"code": node.code, "name": node.name, "average": score / n if n else None,
                    "max_points": mx / n if n else node.max_points, "percent": 100 * score / mx if mx else None})
    return out


def group_averages(rnd: Round, *, parent: str | None = None,
                   summary: RoundSummary | None = None) -> list[dict[str, Any]]:
    if not parent and summary is not None and summary.group_averages:
        return summary.group_averages
    return group_averages_of(rnd, _filtered(rnd, parent).values_list("group_scores", flat=True)
                             .iterator(chunk_size=2000))


def self_vs_appraised(rnd: Round, *, parent: str | None = None) -> dict[str, Any] | None:
    """Average self-assessed and appraised totals, and per group, once an appraisal changed a unit's
    total (None until then: both figures are the same). Two queries, no engine."""
    qs = _filtered(rnd, parent)
    agg = qs.aggregate(n=Count("id"), n_appraised=Count("id", filter=Q(n_appraised__gt=0)),
                       n_changed=Count("id", filter=~Q(total=F("self_total"))),
                       total=Avg("total"), self_total=Avg("self_total"))
    if not agg["n_changed"]:
        return None
    sums: dict[str, list[float]] = {}
    for appraised, own in qs.values_list("group_scores", "group_self_scores").iterator(chunk_size=2000):
        for code, (score, _mx) in appraised.items():
            acc = sums.setdefault(code, [0.0, 0.0, 0])
            if score is not None and own.get(code) is not None:
                acc[0], acc[1], acc[2] = acc[0] + own[code], acc[1] + score, acc[2] + 1
    groups = []
    for node in rnd.framework.parsed().nodes:
        own_sum, appraised_sum, n = sums.get(node.code, [0.0, 0.0, 0])
        groups.append({"code": node.code, "name": node.name, "self_average": own_sum / n if n else None,
                       "average": appraised_sum / n if n else None,
                       "difference": (appraised_sum - own_sum) / n if n else None})
    diff = agg["total"] - agg["self_total"] if agg["total"] is not None and agg["self_total"] is not None else None
    return {"n_units": agg["n"], "n_appraised": agg["n_appraised"], "self_average": agg["self_total"],
            "average": agg["total"], "difference": diff, "groups": groups}


def map_points(rnd: Round, *, parent: str | None = None) -> list[dict[str, Any]]:
    qs = _filtered(rnd, parent).filter(unit__lat__isnull=False, unit__lon__isnull=False)
    rows = qs.values_list("unit__code", "unit__name", "unit__lat", "unit__lon", "total", "percent", "rank", "rank_of")
    return [{"code": c, "name": n, "lat": la, "lon": lo, "total": t, "percent": p, "rank": r, "rank_of": ro}
            for c, n, la, lo, t, p, r, ro in rows]


OVERDUE_NAMES = 8


def submission_progress(rnd: Round, *, summary: RoundSummary | None, today: dt.date | None = None) -> dict[str, Any]:
    """Units that submitted everything (no draft or returned entry left) and those late past the
    deadline, from the round's summary row (refreshed with the results)."""
    today = today or timezone.localdate()
    late = bool(rnd.submission_deadline and today > rnd.submission_deadline)
    if summary is None:
        return {"total": rnd.units.count(), "submitted": 0, "n_pending": None, "late": late, "n_overdue": 0,
                "overdue_codes": [], "overdue_names": [], "n_hidden": 0}
    pending = summary.pending if late else []
    shown = pending[:OVERDUE_NAMES]
    return {"total": summary.n_units, "submitted": summary.n_submitted, "n_pending": len(summary.pending),
            "late": late, "n_overdue": len(pending), "overdue_codes": [code for code, _ in pending],
            "overdue_names": [name for _, name in shown], "n_hidden": len(pending) - len(shown)}


def walk(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int, dict[str, Any]]]:
    """Every node of a unit_result dict with its depth and top-level group."""

    def visit(node: dict[str, Any], depth: int, top: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int, dict[str, Any]]]:
        yield node, depth, top
        for child in node.get("children") or []:
            yield from visit(child, depth + 1, top)

    for group in data.get("groups", []):
        yield from visit(group, 0, group)


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for node, _, _ in walk(data) if node.get("target")]


def lineage(unit: OrgUnit, *, limit: int = 200) -> list[OrgUnit]:
    """The unit and every unit it succeeded, transitively (a 2025 commune → its legacy wards/districts)."""
    seen: dict[int, OrgUnit] = {unit.pk: unit}
    frontier = [unit.pk]
    while frontier and len(seen) < limit:
        found = OrgUnit.objects.filter(successors__in=frontier).exclude(pk__in=seen.keys()).distinct()
        frontier = []
        for u in found:
            seen[u.pk] = u
            frontier.append(u.pk)
    return list(seen.values())


def history(unit: OrgUnit) -> list[UnitResult]:
    """Results of the unit and its predecessors in every round, oldest first."""
    ids = [u.pk for u in lineage(unit)]
    qs = UnitResult.objects.filter(unit_id__in=ids).select_related("round", "round__framework", "unit")
    return sorted(qs.defer(*HEAVY), key=lambda r: (r.round.end, r.unit_id != unit.pk, vi_sort_key(r.unit.name)))


def previous_result(rnd: Round, unit: OrgUnit) -> UnitResult | None:
    """The same unit (or, across a reorganisation, a predecessor) in the latest earlier round of the
    same framework code."""
    ids = [u.pk for u in lineage(unit)]
    return (UnitResult.objects.filter(unit_id__in=ids, round__framework__code=rnd.framework.code,
                                      round__end__lt=rnd.start)
            .select_related("round", "unit").order_by("-round__end", "unit_id").first())
