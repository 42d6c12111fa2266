"""How long a job has been in its console group, and whether that is over the vendor's expectation.

The vendor's times are per stage, not per state: "manual review takes at most 1 working day, algorithm
training at most 3 working days" (:data:`lifecycle.spec.expectations.FAQ_TIMINGS`), and training passes
through many states. So the *stage* of a job is the console group of its reported state, and it started at
the first log of the trailing run of logs after each of which the job may have been in that group. Which
states the job may have been in after each log comes from the one replay (the trace of
:meth:`lifecycle.engine.table.Table.replay`, resynchronising after an illegal or unknown log as the validator
does), narrowed by a backward pass to the states from which the rest of the history reaches the reported
state.

``lifecycle status`` and ``lifecycle validate --now`` (code ``overdue``) both measure with :func:`stage_of`,
so they name the same jobs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lifecycle.engine.compiled import Lifecycle
from lifecycle.payload.timestamps import lenient_time
from lifecycle.spec.expectations import Clock, Expectation, elapsed
from lifecycle.validation.facts import JobFacts

__all__ = ["Stage", "stage_of", "stage_start"]


@dataclass(frozen=True, slots=True)
class Stage:
    """Where one job stands against the clock. Times are aware datetimes; ``None`` when no log time reads."""

    start: datetime | None
    """When the job last entered the console group of its reported state (a log's ``operate_time``)."""
    last: datetime | None
    """The ``operate_time`` of the job's last log (array order): when it entered its current state."""
    over: Expectation | None = None
    """The expectation the job is over, if any (the first of the clock's rules, in their order)."""
    spent: float | None = None
    """How much of ``over.unit`` has passed since ``start`` (compare with ``over.limit``)."""


def _refined(
    lc: Lifecycle, log_types: Sequence[str | None], after: Sequence[frozenset[str]], state: str
) -> list[frozenset[str]]:
    """Each set narrowed to the states from which the rest of the history reaches ``state`` (a spec with
    several targets per log leaves the forward sets ambiguous). A log that no state explains keeps the set."""
    refined = list(after)
    if refined and state in refined[-1]:
        refined[-1] = frozenset({state})
    for i in range(len(refined) - 2, -1, -1):
        log_type = log_types[i + 1]
        if log_type is None:
            continue
        keep = frozenset(s for s in refined[i] if lc.step(lc.closure(s), log_type) & refined[i + 1])
        refined[i] = keep or refined[i]
    return refined


def stage_start(
    lc: Lifecycle, log_types: Sequence[str | None], after: Sequence[frozenset[str]], state: str
) -> int | None:
    """The index of the log that started the job's stage: the first of the trailing run of logs after each
    of which the job may have been in the console group of ``state`` (the last log always counts).
    ``after[n]`` holds the possible states after log ``n``; ``None`` for a history with no log."""
    if not log_types:
        return None
    group = lc.group(state)
    refined = _refined(lc, log_types, after, state)
    first = len(log_types) - 1
    while first > 0 and any(lc.group(s) == group for s in refined[first - 1]):
        first -= 1
    return first


def stage_of(lc: Lifecycle, facts: JobFacts, after: Sequence[frozenset[str]], clock: Clock) -> Stage:
    """Measure one job (its facts, the possible states after each log) against ``clock``.

    A rule applies when the reported state is in the rule's console group and of one of its kinds, and the
    job's variant matches the rule's (``is_flexus`` true for Flexus rules). A job whose state is unknown, or
    whose logs carry no readable time, is over nothing.
    """
    state = facts.state
    last = lenient_time(facts.times[-1]) if facts.times else None
    if type(state) is not str:
        return Stage(None, last)
    index = stage_start(lc, facts.log_types, after, state)
    start = None if index is None else lenient_time(facts.times[index])
    info = lc.state_info(state)
    if info is None or start is None:
        return Stage(start, last)
    flexus = facts.is_flexus is True
    for rule in clock.rules:
        if rule.group != info.group or info.kind not in rule.kinds:
            continue
        if rule.flexus is not None and rule.flexus != flexus:
            continue
        spent = elapsed(rule, start, clock.now)
        if spent > rule.limit:
            return Stage(start, last, rule, spent)
    return Stage(start, last)
