"""What a walk may do in one edition and job variant, computed once: the plan the testing kit draws from.

A :class:`Plan` holds the lookup tables of one variant of one edition (the logs each state allows,
once-only logs apart, silent transitions, the reachable states) and the tables computed backwards from
a goal: from which states the goal is reachable with exactly ``k`` logs. The argument checks every
strategy shares live here too (they raise :class:`hypothesis.errors.InvalidArgument` at call time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from lifecycle import compile_edition
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.vocabulary import Edition
from lifecycle.testing.hypothesis_api import InvalidArgument

LogEntry = dict[str, str]
"""One ``operation_logs`` entry as the API sends it: ``operate_time``, ``log_type``, ``operate_user``."""

Waypoint = tuple[str, str | None, str]
"""An edge a walk is routed through: ``(source, log type, target)``; ``None`` for a silent move."""

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
EPOCH = datetime(2023, 1, 1, tzinfo=UTC)
LAST_START = 3 * 365 * 24 * 3600  # jobs created 2023-01-01 .. 2025-12-31
DEFAULT_MAX_SIZE = 40  # the longest histories the anchor corpus of issue 7 has (5–40 events)


@dataclass(frozen=True)
class Plan:
    """The lookup tables of one variant (``flexus``, ``na``) of one edition; backward tables filled on demand."""

    lc: Lifecycle
    edges: dict[str, tuple[tuple[str, str, bool], ...]]
    """state -> (log type, target, is side event), sorted; once-only logs excluded."""
    once: dict[str, tuple[tuple[str, str, bool], ...]]
    """state -> the once-only logs it allows (kept apart: a walk takes each at most once)."""
    silent: dict[str, tuple[str, ...]]
    reachable: tuple[str, ...]
    edition: str
    flexus: bool
    na: bool
    back: dict[tuple[str, bool], list[frozenset[str]]] = field(default_factory=dict)
    reverse: dict[bool | None, dict[str, list[str]]] = field(default_factory=dict)
    parts: dict[bool, list[list[Waypoint]]] = field(default_factory=dict)
    ends: dict[tuple[tuple[str, ...], bool, int], dict[str, list[tuple[int, str]]]] = field(default_factory=dict)
    forward: dict[str, frozenset[str]] = field(default_factory=dict)

    def _reverse_silent_closure(self, states: Iterable[str]) -> frozenset[str]:
        found = set(states)
        todo = list(found)
        rev = self._rev_silent
        while todo:
            for s in rev.get(todo.pop(), ()):
                if s not in found:
                    found.add(s)
                    todo.append(s)
        return frozenset(found)

    @property
    def _rev_silent(self) -> dict[str, list[str]]:
        return self._reverse(None)

    def _reverse(self, side_events: bool | None) -> dict[str, list[str]]:
        """target -> sources: of silent transitions (``None``) or of log edges."""
        found = self.reverse.get(side_events)
        if found is None:
            found = {}
            if side_events is None:
                pairs = [(s, t) for s, targets in self.silent.items() for t in targets]
            else:
                pairs = [(s, t) for s, edges in self.edges.items() for _, t, side in edges if side_events or not side]
            for s, t in pairs:
                found.setdefault(t, []).append(s)
            self.reverse[side_events] = found
        return found

    def can_reach(self, goal: str, side_events: bool, length: int) -> list[frozenset[str]]:
        """``[k]``: the states from which ``goal`` is reachable with exactly ``k`` logs (k ≤ length)."""
        layers = self.back.setdefault((goal, side_events), [])
        if not layers:
            layers.append(self._reverse_silent_closure([goal]))
        rev = self._reverse(side_events)
        while len(layers) <= length:
            previous = layers[-1]
            layers.append(self._reverse_silent_closure({s for t in previous for s in rev.get(t, ())}))
        return layers

    def elements(self, side_events: bool) -> list[list[Waypoint]]:
        """The edges of each rule, silent transition and side event of this variant, from reachable states."""
        found = self.parts.get(side_events)
        if found is None:
            spec, lc = self.lc.spec, self.lc
            seen = set(self.reachable)
            found = []
            for r in spec.rules:
                found.append(
                    [
                        (s, r.log_type, t)
                        for s in r.sources
                        if s in seen
                        for t in r.targets
                        if t in lc.moves(s, r.log_type)
                    ]
                )
            for m in spec.silent:
                found.append(
                    [(s, None, t) for s in m.sources if s in seen for t in m.targets if t in lc.silent_targets(s)]
                )
            if side_events:
                for e in spec.side:
                    found.append([(s, e.log_type, s) for s in e.states if s in seen])
            found = [edges for edges in found if edges]
            self.parts[side_events] = found
        return found

    def finals(self, goals: tuple[str, ...], side_events: bool, max_size: int) -> dict[str, list[tuple[int, str]]]:
        """state -> every (logs, goal) such that the goal is reachable from the state with exactly that many logs."""
        key = (goals, side_events, max_size)
        found = self.ends.get(key)
        if found is None:
            found = {}
            for goal in goals:
                for k, layer in enumerate(self.can_reach(goal, side_events, max_size)[: max_size + 1]):
                    for state in layer:
                        found.setdefault(state, []).append((k, goal))
            for pairs in found.values():
                pairs.sort()
            self.ends[key] = found
        return found

    def ahead(self, state: str) -> frozenset[str]:
        """Every state reachable from ``state`` (itself included), whatever the number of logs."""
        found = self.forward.get(state)
        if found is None:
            seen = {state}
            todo = [state]
            while todo:
                s = todo.pop()
                for t in [t for _, t, _ in self.edges.get(s, ()) + self.once.get(s, ())] + list(self.silent.get(s, ())):
                    if t not in seen:
                        seen.add(t)
                        todo.append(t)
            found = self.forward[state] = frozenset(seen)
        return found

    def lengths(self, goal: str, side_events: bool, min_size: int, max_size: int) -> list[int]:
        layers = self.can_reach(goal, side_events, max_size)
        return [k for k in range(max(min_size, 1), max_size + 1) if BEFORE_CREATION in layers[k]]


@cache
def plan_for(edition: str, flexus: bool, na: bool) -> Plan:
    lc = compile_edition(edition).restrict(flexus=flexus, na=na)
    edges: dict[str, tuple[tuple[str, str, bool], ...]] = {}
    once: dict[str, tuple[tuple[str, str, bool], ...]] = {}
    for state, row in lc.table.items():
        regular: list[tuple[str, str, bool]] = []
        single: list[tuple[str, str, bool]] = []
        for log, targets in sorted(row.items()):
            info = lc.log_type_info(log)
            for target in sorted(targets):
                item = (log, target, not lc.moves(state, log))
                (single if info is not None and info.once else regular).append(item)
        edges[state] = tuple(regular)
        once[state] = tuple(single)
    silent = {s: tuple(sorted(lc.silent_targets(s))) for s in lc.table}
    seen = {BEFORE_CREATION}
    todo = [BEFORE_CREATION]
    while todo:
        s = todo.pop()
        for t in [t for _, t, _ in edges.get(s, ())] + list(silent.get(s, ())):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    reachable = tuple(s for s in lc.states if s in seen)
    return Plan(lc, edges, once, silent, reachable, edition, flexus, na)


def check_edition(edition: str | Edition) -> str:
    try:
        return str(compile_edition(edition).edition)
    except Exception as exc:
        raise InvalidArgument(f"edition={edition!r}: {exc}") from None


def variants(flexus: bool | None, na: bool | None) -> list[tuple[bool, bool]]:
    for name, value in (("flexus", flexus), ("na_whitelist", na)):
        if value is not None and not isinstance(value, bool):
            raise InvalidArgument(f"{name}={value!r} must be True, False or None")
    return [
        (f, n)
        for f in ((flexus,) if flexus is not None else (False, True))
        for n in ((na,) if na is not None else (False, True))
    ]


def check_sizes(min_size: int, max_size: int) -> None:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidArgument(f"{name}={value!r} must be a non-negative integer")
    if max_size < 1:
        raise InvalidArgument(f"max_size={max_size}: a history holds at least its creation log")
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is larger than max_size={max_size}")


def stamp(moment: datetime) -> str:
    return moment.strftime(TIME_FORMAT)
