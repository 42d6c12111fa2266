"""The stateful machine: :func:`lifecycle_machine` drives a system under test through legal histories.

Why it starts deep. A rule-based machine that starts every run at creation and picks its rules at
random almost never reaches the late states: in edition 2025-11, a run at Hypothesis's default
settings visited 10 of the 61 states, and a system that failed in ``TRAINING`` passed (issue 17; rule
choice is a known weak spot of state machines, see HypothesisWorks/hypothesis#3482). So:

* each run first draws a *start*: a reachable state, uniformly, as
  :func:`~lifecycle.testing.walks.walks` draws its goal, and a legal walk there. The system is fed
  that walk log by log (``apply`` and ``check`` see every step of it, as a real job's history would
  show them);
* a rule ``walk_on`` takes a leg (1 to :data:`LEG` logs) to a state drawn among those still ahead, so
  late and final states come up within a run too;
* the side events of a state share one rule: one rule each would outnumber the moves about 35 to 3
  in most states, and a run would spend its steps standing still.

``python -m bench.planted`` measures the result: a system failing in any single state, of either
edition, is caught at Hypothesis's default settings.

Shrinking goes to the first state (the creation log alone), the shortest walk and the fewest rules,
so a failure still shrinks to a short, plain history.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from lifecycle.engine.compiled import BEFORE_CREATION
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition
from lifecycle.testing.coverage import Move
from lifecycle.testing.hypothesis_api import (
    InvalidArgument,
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    st,
)
from lifecycle.testing.plan import DEFAULT_MAX_SIZE, EPOCH, TIME_FORMAT, LogEntry, Plan, check_edition, plan_for, stamp
from lifecycle.testing.walks import Sizes, Walker, route

T = TypeVar("T")


@dataclass(frozen=True)
class Event(Generic[T]):
    """What happened in one step of the stateful machine, as the system under test sees it."""

    system: T
    """The object ``setup()`` returned for this run."""
    log: LogEntry | None
    """The new ``operation_logs`` entry, or ``None`` when the state moved silently (or nothing moved)."""
    state: str
    """The job's state now (what the job-detail API would report)."""
    job: dict[str, Any]
    """The job-detail payload as the API would return it now (a fresh copy)."""
    moves: tuple[Move, ...]
    """The exact path so far."""


@dataclass(frozen=True)
class _Options:
    """What :func:`lifecycle_machine` was asked for, checked."""

    edition: str
    flexus: bool
    na_whitelist: bool
    side_events: bool


def lifecycle_machine(
    *,
    setup: Callable[[], T],
    apply: Callable[[Event[T]], object],
    check: Callable[[Event[T]], object] | None = None,
    edition: str | Edition = DEFAULT_EDITION,
    flexus: bool = False,
    na_whitelist: bool = False,
    side_events: bool = True,
) -> type[RuleBasedStateMachine]:
    """A :class:`~hypothesis.stateful.RuleBasedStateMachine` generated from the spec.

    Each run calls ``setup()`` for a fresh system under test, then starts: it draws a reachable
    state (uniformly) and a legal walk to it, and feeds the system that walk step by step. Its rules
    then go on: the log types that move the state (each guarded by the states it moves from), one
    rule for the side events of the current state (when ``side_events``), one for silent
    transitions, ``walk_on`` (a leg to a state still ahead) and one that just polls. Every step
    calls ``apply(event)`` and then ``check(event)`` (the invariant hook) — plain callbacks, so
    nothing of this library is subclassed. A failing run shrinks to a short history (towards the
    creation log alone and the shortest walk).

    Run it with ``lifecycle_machine(...).TestCase`` (pytest/unittest) or
    :func:`hypothesis.stateful.run_state_machine_as_test`. Raises
    :class:`~hypothesis.errors.InvalidArgument` for an unknown edition, a non-boolean option or a
    callback that is not callable.
    """
    options = _Options(check_edition(edition), flexus, na_whitelist, side_events)
    for option, value in (("flexus", flexus), ("na_whitelist", na_whitelist), ("side_events", side_events)):
        if not isinstance(value, bool):
            raise InvalidArgument(f"{option}={value!r} must be True or False")
    if not callable(setup) or not callable(apply) or (check is not None and not callable(check)):
        raise InvalidArgument("setup, apply and check must be callables")
    return _machine_class(options, setup, apply, check)


def _machine_class(
    options: _Options,
    setup: Callable[[], T],
    apply: Callable[[Event[T]], object],
    check: Callable[[Event[T]], object] | None,
) -> type[RuleBasedStateMachine]:
    plan = plan_for(options.edition, options.flexus, options.na_whitelist)
    lc = plan.lc
    side_events = options.side_events
    # A rule per log type that moves the state, guarded by the states it moves from; the side
    # events (logs that leave the state as it is) share one rule. One rule each would outnumber the
    # moves ~35 to 3 in most states, and a run would spend its steps standing still.
    edges = {s: plan.edges[s] + plan.once[s] for s in plan.edges}
    moving = {s: frozenset(e[0] for e in es if not e[2]) for s, es in edges.items()}
    sides = {s: tuple(sorted({e[0] for e in es if e[2] and side_events})) for s, es in edges.items()}
    once = frozenset(e[0] for es in plan.once.values() for e in es)
    # Walks routed through waypoints (their detours reach the side branches: a failed review, a
    # failed analysis), but ending in a near-shortest leg: a start of any length shrank slowly,
    # to 19 logs where 6 do.
    sizes = Sizes(1, DEFAULT_MAX_SIZE, side_events, lengths=3)
    # The starts: every reachable state some walk within the default sizes ends in, in the
    # edition's order (the first is where the creation log leads, so a start shrinks to it).
    starts = [s for s in plan.reachable if plan.lengths(s, side_events, 1, DEFAULT_MAX_SIZE)]
    onward = functools.cache(functools.partial(_onward, plan, side_events))

    class LifecycleMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.system = setup()
            self.state = BEFORE_CREATION
            self.logs: list[LogEntry] = []
            self.done: set[str] = set()
            self.moves: list[Move] = []
            self.created = EPOCH
            self.clock = EPOCH

        def _emit(self, log: LogEntry | None) -> None:
            job: dict[str, Any] = {
                "job_id": "0" * 32,
                "name": "lifecycle-machine",
                "state": self.state,
                "create_time": stamp(self.created),
                "last_update_time": stamp(self.clock),
                "operation_logs": [dict(e) for e in self.logs],
            }
            if options.flexus:
                job["is_flexus"] = True
            event = Event(self.system, log, self.state, job, tuple(self.moves))
            apply(event)
            if check is not None:
                check(event)

        def _allows(self, log: str) -> bool:
            # Called for every rule at every step: a few set lookups.
            return log in moving[self.state] and (log not in once or log not in self.done)

        def _side_events(self) -> list[str]:
            return [log for log in sides[self.state] if log not in once or log not in self.done]

        def _append(self, entry: LogEntry, target: str) -> None:
            self.logs.append(entry)
            self.done.add(entry["log_type"])
            self.moves.append(("log", self.state, entry["log_type"], target))
            self.state = target
            self._emit(entry)

        def _take(self, log: str, data: st.DataObject) -> None:
            targets = sorted(lc.targets(self.state, log))
            target = data.draw(st.sampled_from(targets), label="target") if len(targets) > 1 else targets[0]
            info = lc.log_type_info(log)
            assert info is not None
            self.clock += timedelta(seconds=data.draw(st.sampled_from([0, 1, 60, 3600]), label="delay"))
            actor = data.draw(st.sampled_from(sorted(a.value for a in info.actors)), label="actor")
            self._append({"operate_time": stamp(self.clock), "log_type": log, "operate_user": actor}, target)

        def _follow(self, moves: Iterable[Move], logs: Iterable[LogEntry]) -> None:
            """Feed the system a walk's moves, one event each."""
            entries = iter(logs)
            for move in moves:
                if move[0] == "log":
                    entry = next(entries)
                    self.clock = _moment(entry["operate_time"])
                    self._append(dict(entry), move[3])
                else:
                    self.moves.append(move)
                    self.state = move[2]
                    self._emit(None)

        @initialize(data=st.data())
        def start(self, data: st.DataObject) -> None:
            # A job exists from its creation log on: the system under test never sees it before.
            goal = data.draw(st.sampled_from(starts), label="start")
            walk = route(data.draw, plan, goal, sizes)
            self.created = _moment(walk.logs[0]["operate_time"])
            self._follow(walk.moves, walk.logs)

        @precondition(lambda self: bool(onward(self.state)))
        @rule(data=st.data())
        def walk_on(self, data: st.DataObject) -> None:
            # A leg to a state drawn uniformly among those still ahead: late and final states come
            # up within a run, not only as its start.
            goal, lengths = data.draw(st.sampled_from(onward(self.state)), label="onward goal")
            walker = Walker(data.draw, plan, side_events, self.clock, state=self.state)
            walker.used = set(self.done)
            walker.leg(goal, data.draw(st.sampled_from(lengths[:3]), label="onward logs"))
            self._follow(walker.moves, walker.logs)

        @precondition(lambda self: bool(plan.silent.get(self.state)))
        @rule(data=st.data())
        def silent(self, data: st.DataObject) -> None:
            target = data.draw(st.sampled_from(plan.silent[self.state]), label="silent target")
            self.moves.append(("silent", self.state, target))
            self.state = target
            self._emit(None)

        @precondition(lambda self: bool(self._side_events()))
        @rule(data=st.data())
        def side_event(self, data: st.DataObject) -> None:
            self._take(data.draw(st.sampled_from(self._side_events()), label="side event"), data)

        @rule()
        def poll(self) -> None:
            # Reading the job again changes nothing; it also keeps a run going in a final state.
            self._emit(None)

    def make(log: str) -> Callable[..., None]:
        @precondition(lambda self: self._allows(log))
        @rule(data=st.data())
        def step(self: LifecycleMachine, data: st.DataObject) -> None:
            self._take(log, data)

        step.__name__ = log
        return step

    for log in lc.log_types:
        if not any(log in logs for state, logs in moving.items() if state != BEFORE_CREATION):
            continue  # the creation log (written at the start) and logs that are only side events
        setattr(LifecycleMachine, log, make(log))
    name = options.edition.replace("-", "_")
    LifecycleMachine.__name__ = LifecycleMachine.__qualname__ = f"LifecycleMachine_{name}"
    return LifecycleMachine


LEG = 12
"""The most logs one ``walk_on`` step writes."""


def _onward(plan: Plan, side_events: bool, state: str) -> list[tuple[str, list[int]]]:
    """The states reachable from ``state`` with 1 to :data:`LEG` logs, each with those numbers of logs."""
    found = []
    for goal in plan.reachable:
        layers = plan.can_reach(goal, side_events, LEG)
        lengths = [k for k in range(1, LEG + 1) if state in layers[k]]
        if lengths:
            found.append((goal, lengths))
    return found


def _moment(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
