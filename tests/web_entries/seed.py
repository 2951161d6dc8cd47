"""What the seed re-save checks compare: every stored entry field, and the engine's totals of both demo rounds."""

from __future__ import annotations

from typing import Any

from dti.web.entries.models import Entry
from dti.web.results.scoring import score_round_db
from dti.web.rounds.models import Round

SLUGS = ("thua-thien-hue-2024-q2", "ninh-thuan-2022")
COMPARED = ("status", "done", "numerator", "denominator", "count", "value", "value_is_percent", "date", "explanation")


def stored_fields() -> dict[int, tuple[Any, ...]]:
    return {e.pk: tuple(getattr(e, f) for f in COMPARED) for e in Entry.objects.filter(round__slug__in=SLUGS)}


def round_totals() -> dict[str, Any]:
    return {slug: score_round_db(Round.objects.get(slug=slug)).total.tolist() for slug in SLUGS}
