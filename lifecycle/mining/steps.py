"""Where a job went on after a forbidden step: each state the replay's resynchronisation allows, replayed on
its own over the logs that follow (what a suggested overlay's targets come from)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lifecycle.engine.compiled import Lifecycle

__all__ = ["Key", "StepStats", "Window", "roots"]

Key = tuple[frozenset[str], str]
"""A forbidden step: (possible states before the log, log type)."""


@dataclass(slots=True)
class StepStats:
    count: int = 0
    jobs: int = 0
    flexus: int = 0
    examples: list[str] = field(default_factory=list)
    landed: set[str] = field(default_factory=set)


class Window:
    """The states a job may have landed in after a forbidden step, each replayed on its own.

    After an illegal log the replay goes on from every state it may have led to (the validator's
    resynchronisation: the states before it, and every state the log can lead to). Replaying each
    of those candidates separately over the following logs tells which of them the rest of the
    history fits. The window closes at the next forbidden step or at the end of the history, where
    the reported state narrows it further. Some candidate always survives: the global replay is the
    union of theirs, and it accepted every log in the window.
    """

    __slots__ = ("candidates", "key")

    def __init__(self, key: Key, lc: Lifecycle, states: frozenset[str]) -> None:
        self.key = key
        self.candidates = {x: lc.closure(x) for x in states}

    def advance(self, lc: Lifecycle, log_type: str) -> None:
        moved = {x: lc.step(p, log_type) for x, p in self.candidates.items()}
        self.candidates = {x: p for x, p in moved.items() if p}

    def landed(self, lc: Lifecycle, reported: str | None) -> set[str]:
        """The surviving candidates, read the way the log reads where both readings fit: a log the
        spec only knows as a side event stayed where it was, any other log moved the job."""
        alive = set(self.candidates)
        if reported is not None:
            alive = {x for x, p in self.candidates.items() if reported in p} or alive
        before, log_type = self.key
        stayed = alive & before
        preferred = stayed if lc.effect(log_type) == "side" else alive - stayed
        return preferred or alive


def roots(lc: Lifecycle, states: Iterable[str]) -> set[str]:
    """The fewest of ``states`` whose silent closure covers them all: a state another one drifts
    to is left out (of states drifting to each other, the first by name stays)."""
    pool = set(states)
    return {
        x for x in pool if not any(y != x and x in lc.closure(y) and (y not in lc.closure(x) or y < x) for y in pool)
    }
