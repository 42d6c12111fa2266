"""The bounds of mining: what a report lists and what the miner keeps, whatever the corpus."""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_TOP", "MAX_EXAMPLES", "MAX_NAMES", "MAX_VARIANTS"]

DEFAULT_TOP: Final = 10
"""How many variants a report lists by default (``lifecycle mine --top``)."""

MAX_EXAMPLES: Final = 3
"""Example job ids kept per forbidden step: enough to look a few up, few enough to stay bounded."""

MAX_VARIANTS: Final = 10_000
"""Capacity of the variant summary. Real histories carry side events at any moment, so nearly
every long job may be a variant of its own: the table must not grow with the corpus."""

MAX_NAMES: Final = 1_000
"""Capacity of the unknown-state and unknown-log-type counters (a newer API adds a handful of
names; a corrupt export could add one per job)."""
