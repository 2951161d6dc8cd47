"""Signals of the rounds app, so that apps built on rounds add to its actions without rounds importing them."""

from __future__ import annotations

from django.dispatch import Signal

# sent inside round_plan's transaction when a round is created by copying another:
# kwargs source (Round), target (Round), actor (user or None)
round_copied = Signal()
