"""Legal histories drawn from the spec: :func:`walks` (with the exact path) and :func:`histories`.

How a walk is drawn. Choosing uniformly among the logs a state allows starves the deep states: most
walks end in early failures and retries. So a walk first draws its *goal*, the end state, then moves
at random among the steps from which the goal is still reachable in exactly the remaining number of
logs (a table computed backwards from the goal, silent transitions included).

The distribution, as :func:`walks` and :func:`job_payloads <lifecycle.testing.payloads.job_payloads>`
promise it: the end state is uniform over the states some requested variant can end in (within the
sizes asked for); the variant is then uniform over the requested variants that can end there. With
both variants left open in edition 2025-11, a standard state (57 of 61) comes with any of the four
variants and an NA-only state with the two NA-whitelist ones. On the way, a walk is routed through up
to eight waypoints (a rule, silent transition or side event drawn uniformly) that still lead to its
goal, so retries, stops and side events come up too.

Shrinking goes towards the first state, no waypoint, the shortest length and the first choice at
each step, so a failing example shrinks to a short, plain history.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from lifecycle import compile_edition
from lifecycle.engine.compiled import BEFORE_CREATION
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition
from lifecycle.testing.coverage import Move
from lifecycle.testing.hypothesis_api import InvalidArgument, st
from lifecycle.testing.plan import (
    DEFAULT_MAX_SIZE,
    EPOCH,
    LAST_START,
    LogEntry,
    Plan,
    Waypoint,
    check_edition,
    check_sizes,
    plan_for,
    stamp,
    variants,
)

Ex = TypeVar("Ex")


class Draw(Protocol):
    """What draws an example: the ``draw`` of :func:`~hypothesis.strategies.composite` or of
    :func:`~hypothesis.strategies.data` (the stateful machine draws its start with the latter)."""

    def __call__(self, strategy: st.SearchStrategy[Ex], label: object = None, /) -> Ex: ...


@dataclass(frozen=True)
class Walk:
    """A legal history with the exact path that produced it."""

    edition: str
    flexus: bool
    na: bool
    logs: tuple[LogEntry, ...]
    moves: tuple[Move, ...]
    end_state: str

    @property
    def log_types(self) -> list[str]:
        return [entry["log_type"] for entry in self.logs]


@dataclass(frozen=True)
class Aims:
    """What a walk may be asked to end in: the end states, and for each the variants that can end there."""

    edition: str
    states: tuple[str, ...]
    """In the edition's order, so that shrinking goes to the first state of the lifecycle."""
    variants: dict[str, tuple[tuple[bool, bool], ...]]
    """end state -> the ``(flexus, na)`` variants that can end in it."""


@dataclass(frozen=True)
class Sizes:
    """The options of one walk strategy: the number of logs and whether side events may appear."""

    min_size: int
    max_size: int
    side_events: bool
    waypoints: int = 8
    """The most waypoints a walk is routed through before it heads for its goal."""
    lengths: int | None = None
    """Draw the length of the last leg among this many shortest feasible ones (``None``: any)."""


def aims(
    edition: str, wanted: Sequence[tuple[bool, bool]], end_state: str | None, sizes: Sizes, *, na_only_ends: bool
) -> Aims:
    """Every end state a walk of the ``wanted`` variants may draw; raises when there is none.

    ``na_only_ends``: an NA-whitelist job ends only in an NA-only state and a standard job never does
    (what :func:`job_payloads <lifecycle.testing.payloads.job_payloads>` needs: no payload field marks an
    NA job, so its state is the only sign of one)."""
    found: dict[str, list[tuple[bool, bool]]] = {}
    for flexus, na in wanted:
        plan = plan_for(edition, flexus, na)
        for goal in plan.reachable if end_state is None else [end_state]:
            info = plan.lc.state_info(goal)
            if info is None or goal not in plan.reachable or (na_only_ends and info.na_only != na):
                continue
            if plan.lengths(goal, sizes.side_events, sizes.min_size, sizes.max_size):
                found.setdefault(goal, []).append((flexus, na))
    if not found:
        what = f"end_state={end_state!r}" if end_state is not None else "any end state"
        raise InvalidArgument(
            f"no {what} is reachable in edition {edition} with min_size={sizes.min_size}, "
            f"max_size={sizes.max_size}, side_events={sizes.side_events} and the requested variants"
        )
    order = compile_edition(edition).states
    return Aims(edition, tuple(s for s in order if s in found), {s: tuple(v) for s, v in found.items()})


@st.composite
def drawn_walks(draw: st.DrawFn, goals: Aims, sizes: Sizes) -> Walk:
    """One walk: its end state (uniform), its variant (uniform among those that end there), its route."""
    goal = draw(st.sampled_from(goals.states))
    flexus, na = draw(st.sampled_from(goals.variants[goal]))
    return route(draw, plan_for(goals.edition, flexus, na), goal, sizes)


def route(draw: Draw, plan: Plan, goal: str, sizes: Sizes) -> Walk:
    """A walk of ``plan``'s variant from before creation to ``goal``, within ``sizes`` (the goal must be
    reachable within them)."""
    side_events, min_size, max_size = sizes.side_events, sizes.min_size, sizes.max_size
    finals = plan.finals((goal,), side_events, max_size)
    walker = Walker(draw, plan, side_events, EPOCH + timedelta(seconds=draw(st.integers(0, LAST_START))))
    # Route the walk through up to `waypoints` elements of the spec drawn uniformly (a rule, a silent
    # transition or a side event): a walk aimed only at its end state takes the short way there
    # and leaves retries, stops and side events to chance. A waypoint is kept only when, after it,
    # the goal is still reachable within the sizes asked for.
    used = 0
    for _ in range(draw(st.integers(0, sizes.waypoints)) if sizes.waypoints else 0):
        ahead = plan.ahead(walker.state)
        onward = [e for e in plan.elements(side_events) if _leads(plan, ahead, goal, e)]
        if not onward:
            break
        element = draw(st.sampled_from(onward))
        source, log, target = draw(st.sampled_from([w for w in element if _leads(plan, ahead, goal, [w])]))
        cost = 0 if log is None else 1
        layers = plan.can_reach(source, side_events, max_size)
        ends = finals.get(target, ())
        firsts = [
            k
            for k in range(0 if used else 1, max_size - used - cost + 1)
            if walker.state in layers[k]
            and any(min_size <= used + k + cost + k2 <= max_size and (used + k + cost + k2) > 0 for k2, _ in ends)
        ]
        if not firsts or (log is not None and log in walker.used):
            continue
        info = plan.lc.log_type_info(log) if log is not None else None
        if log is not None and info is not None and info.once:
            walker.used.add(log)  # taken at the waypoint, so not before it (repeated-log)
        # A short leg: long ones would spend the size budget before the later waypoints.
        n1 = draw(st.sampled_from(firsts[:3]))
        walker.leg(source, n1)
        if log is None:
            walker.moves.append(("silent", source, target))
            walker.state = target
        else:
            walker.log(log, target)
        used += n1 + cost
    last = [k for k, _ in finals.get(walker.state, ()) if min_size <= used + k <= max_size and used + k > 0]
    last = last[: sizes.lengths]
    walker.leg(goal, draw(st.sampled_from(last)))
    return Walk(plan.edition, plan.flexus, plan.na, tuple(walker.logs), tuple(walker.moves), walker.state)


def _leads(plan: Plan, ahead: frozenset[str], goal: str, element: Sequence[Waypoint]) -> bool:
    """Whether some edge of ``element`` starts ahead of the walk and leads on to ``goal``."""
    return any(w[0] in ahead and goal in plan.ahead(w[2]) for w in element)


class Walker:
    """Builds one walk, leg by leg: each leg reaches its goal with exactly the logs it is given.

    ``clock`` is the time of the last log (each new log comes 0 s to a day later); ``state`` and
    ``used`` (the once-only logs already written) let a walk go on from a history already there."""

    def __init__(
        self, draw: Draw, plan: Plan, side_events: bool, clock: datetime, *, state: str = BEFORE_CREATION
    ) -> None:
        self.draw = draw
        self.plan = plan
        self.side_events = side_events
        self.clock = clock
        self.state = state
        self.used: set[str] = set()
        self.logs: list[LogEntry] = []
        self.moves: list[Move] = []

    def leg(self, goal: str, total: int) -> None:
        draw, plan = self.draw, self.plan
        layers = plan.can_reach(goal, self.side_events, total)
        assert self.state in layers[total], (self.state, goal, total)
        for remaining in range(total, -1, -1):
            # Drift silently now and then (a few times in a row at most), then take one log whose
            # target still reaches the goal with the logs left.
            for _ in range(3):
                drifts = [t for t in plan.silent.get(self.state, ()) if t in layers[remaining]]
                if not drifts or (self.state == goal and remaining == 0) or not draw(st.booleans()):
                    break
                target = draw(st.sampled_from(drifts))
                self.moves.append(("silent", self.state, target))
                self.state = target
            if remaining == 0:
                path = _silent_path(plan, self.state, lambda s: s == goal, layers[0])
                self.state = _follow(path, self.moves)
                return
            then = layers[remaining - 1]
            steps = self._steps(then)
            if not steps:
                path = _silent_path(plan, self.state, functools.partial(self._has_steps, then), layers[remaining])
                self.state = _follow(path, self.moves)
                steps = self._steps(then)
            log, target, _ = draw(st.sampled_from(steps))
            self.log(log, target)

    def _has_steps(self, then: frozenset[str], state: str) -> bool:
        return bool(self._steps(then, state))

    def _steps(self, then: frozenset[str], state: str | None = None) -> list[tuple[str, str, bool]]:
        state = self.state if state is None else state
        once = tuple(o for o in self.plan.once.get(state, ()) if o[0] not in self.used)
        return [e for e in self.plan.edges.get(state, ()) + once if e[1] in then and (self.side_events or not e[2])]

    def log(self, log: str, target: str) -> None:
        info = self.plan.lc.log_type_info(log)
        assert info is not None
        if info.once:
            self.used.add(log)
        self.clock += timedelta(seconds=self.draw(st.sampled_from([0, 1, 5, 60, 600, 3600, 86400])))
        actor = self.draw(st.sampled_from(sorted(a.value for a in info.actors)))
        self.logs.append({"operate_time": stamp(self.clock), "log_type": log, "operate_user": actor})
        self.moves.append(("log", self.state, log, target))
        self.state = target


def _silent_path(plan: Plan, start: str, accept: Callable[[str], bool], allowed: frozenset[str]) -> list[str]:
    """The shortest silent path from ``start`` to a state ``accept`` takes, within ``allowed``."""
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    for state in queue:
        if accept(state):
            path = [state]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for t in plan.silent.get(state, ()):
            if t not in parents and t in allowed:
                parents[t] = state
                queue.append(t)
    raise AssertionError(f"no silent path from {start}: the reachability table is wrong")


def _follow(path: list[str], moves: list[Move]) -> str:
    for a, b in itertools.pairwise(path):
        moves.append(("silent", a, b))
    return path[-1]


def walk_options(
    edition: str | Edition,
    end_state: str | None,
    sizes: Sizes,
    wanted: tuple[bool | None, bool | None],
    *,
    na_only_ends: bool,
) -> Aims:
    """The checked options of a walk strategy (``wanted`` = ``(flexus, na_whitelist)``); raises
    :class:`~hypothesis.errors.InvalidArgument` for a request no walk could satisfy."""
    name = check_edition(edition)
    check_sizes(sizes.min_size, sizes.max_size)
    if end_state is not None and not isinstance(end_state, str):
        raise InvalidArgument(f"end_state={end_state!r} must be a state name")
    if end_state is not None and compile_edition(name).state_info(end_state) is None:
        raise InvalidArgument(f"end_state={end_state!r} is not a state of edition {name}")
    return aims(name, variants(*wanted), end_state, sizes, na_only_ends=na_only_ends)


def walks(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = DEFAULT_MAX_SIZE,
    side_events: bool = True,
    na_whitelist: bool | None = None,
    flexus: bool | None = None,
) -> st.SearchStrategy[Walk]:
    """Legal histories with their exact paths (see :class:`Walk`); options as :func:`histories`.

    The end state is uniform over the states the requested variants can end in, and the variant
    uniform over those that can end there (see the module's docstring)."""
    sizes = Sizes(min_size, max_size, side_events)
    goals = walk_options(edition, end_state, sizes, (flexus, na_whitelist), na_only_ends=False)
    return drawn_walks(goals, sizes)


def histories(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = DEFAULT_MAX_SIZE,
    side_events: bool = True,
    na_whitelist: bool | None = None,
    flexus: bool | None = None,
) -> st.SearchStrategy[list[LogEntry]]:
    """Legal ``operation_logs`` lists: walks through the spec, silent transitions included.

    ``end_state`` — the state the job is in after the last log (and its silent moves);
    ``min_size``/``max_size`` — the number of logs; ``side_events`` — whether logs that do not move
    the state may appear; ``na_whitelist``/``flexus`` — the job variant (``None``: either).
    """
    return walks(
        edition=edition,
        end_state=end_state,
        min_size=min_size,
        max_size=max_size,
        side_events=side_events,
        na_whitelist=na_whitelist,
        flexus=flexus,
    ).map(lambda w: [dict(entry) for entry in w.logs])
