"""The usual path of a job: the steps drawn bold, as the spine of every view.

For each kind of job (standard, Flexus, NA) it is the cheapest way from creation to the state the
API pages call its completion (``JOB_SUCCESS`` for standard and Flexus jobs, ``JOB_FINISH`` for NA
jobs, seed table 4), where a documented or implied step costs 1, an assumed one 3 (unless it is
the job's own variant rule: Flexus jobs skip the manual review, NA jobs wait for the user), and a
job never passes a failed, stopped or suspended state. Re-runs and observed steps are never usual.
Ties go to the state listed first, so the path is the same on every run.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Final

from lifecycle.diagrams.arcs import Arc, arcs
from lifecycle.diagrams.model import EdgeKind
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import JobState, StateKind

Step = tuple[str, str, EdgeKind]
"""(source, target, kind) of one step; the key of a merged edge in a view."""

_OFF_PATH: Final = frozenset({StateKind.FAILED, StateKind.STOPPED, StateKind.SUSPENDED})
_ASSUMED_COST: Final = 3

_JOBS: Final[tuple[tuple[str | None, str], ...]] = (
    (None, JobState.JOB_SUCCESS),
    ("flexus", JobState.JOB_SUCCESS),
    ("na", JobState.JOB_FINISH),
)
"""(variant, completion state) of each kind of job."""


def _cost(arc: Arc, variant: str | None) -> int:
    sure = arc.item.confidence is not Confidence.ASSUMED
    return 1 if sure or (variant is not None and arc.item.variant == variant) else _ASSUMED_COST


def _cheapest(lc: Lifecycle, steps: Iterable[tuple[Step, int]], goal: str) -> list[Step]:
    order = {s: i for i, s in enumerate((BEFORE_CREATION, *lc.states))}
    out: dict[str, list[tuple[Step, int]]] = {}
    for step, cost in steps:
        out.setdefault(step[0], []).append((step, cost))
    best: dict[str, tuple[int, int]] = {BEFORE_CREATION: (0, 0)}
    came: dict[str, Step] = {}
    queue = [(0, 0, BEFORE_CREATION)]
    while queue:
        cost, _, state = heapq.heappop(queue)
        if state == goal:
            break
        if cost > best[state][0]:
            continue
        for step, c in sorted(out.get(state, []), key=lambda x: (order.get(x[0][1], 0), x[0][2])):
            target = step[1]
            new = (cost + c, order.get(target, 0))
            if target not in best or new < best[target]:
                best[target] = new
                came[target] = step
                heapq.heappush(queue, (new[0], new[1], target))
    if goal not in came:
        return []
    path = []
    state = goal
    while state != BEFORE_CREATION:
        step = came[state]
        path.append(step)
        state = step[0]
    return path[::-1]


def usual_steps(lc: Lifecycle) -> frozenset[Step]:
    """Every step on the usual path of a standard, a Flexus or an NA job of ``lc``'s spec."""
    found: set[Step] = set()
    for variant, goal in _JOBS:
        job = lc.restrict(flexus=variant == "flexus", na=variant == "na")
        if goal not in job.states:
            continue
        steps = []
        for arc in arcs(job, "en"):
            if arc.kind == "observed" or arc.rerun:
                continue
            info = job.state_info(arc.target)
            if info is not None and info.kind in _OFF_PATH:
                continue
            steps += [((s, arc.target, arc.kind), _cost(arc, variant)) for s in arc.sources]
        found.update(_cheapest(job, steps, goal))
    return frozenset(found)


def usual_states(steps: Iterable[Step]) -> frozenset[str]:
    return frozenset(s for step in steps for s in step[:2]) - {BEFORE_CREATION}
