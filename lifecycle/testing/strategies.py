"""Hypothesis strategies derived from the spec: legal histories, valid jobs, near misses, hostile input.

Install the ``testing`` extra (``pip install 'lifecycle[testing]'``); ``import lifecycle`` alone
never imports Hypothesis. In Hypothesis's house style every function returns a strategy, takes
keyword-only options and raises :class:`hypothesis.errors.InvalidArgument` at call time for a
request no example could satisfy.

How a history is drawn (:func:`walks`). Choosing uniformly among the logs a state allows starves
the deep states: most walks end in early failures and retries. So a walk first draws its *goal*
(the end state, uniformly among the states its variant can reach) and its length, then moves at
random among the steps from which the goal is still reachable in exactly the remaining number of
logs (a table computed backwards from the goal, silent transitions included). Every state is then
an end state as often as any other and every rule lies on some route; shrinking goes towards the
first goal, the shortest length and the first choice at each step, so a failing example shrinks
to a short, plain history.

>>> from hypothesis import given
>>> from lifecycle.validation.validator import validate
>>> @given(job_payloads(edition="2025-11"))
... def test_valid_jobs_validate(job):
...     assert validate(job).ok
>>> test_valid_jobs_validate()
"""

from __future__ import annotations

import functools
import itertools
import json
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Generic, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from lifecycle import compile_edition
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.vocabulary import DEFAULT_EDITION, DEPRECATED_MODEL_VERSIONS, Edition
from lifecycle.testing.coverage import Coverage, Move
from lifecycle.validation.report import CODES

__all__ = [
    "Event",
    "Walk",
    "coverage_of",
    "histories",
    "hostile_payloads",
    "job_payloads",
    "lifecycle_machine",
    "near_miss_payloads",
    "walks",
]

LogEntry = dict[str, str]
"""One ``operation_logs`` entry as the API sends it: ``operate_time``, ``log_type``, ``operate_user``."""

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_EPOCH = datetime(2023, 1, 1, tzinfo=UTC)
_LAST_START = 3 * 365 * 24 * 3600  # jobs created 2023-01-01 .. 2025-12-31
_DEFAULT_MAX = 40  # the longest histories the anchor corpus of issue 7 has (5–40 events)


# -- the plan: what a walk may do, computed once per edition and variant ------------------------------


@dataclass(frozen=True)
class _Plan:
    lc: Lifecycle
    edges: dict[str, tuple[tuple[str, str, bool], ...]]
    """state -> (log type, target, is side event), sorted; once-only logs excluded."""
    once: dict[str, tuple[tuple[str, str, bool], ...]]
    """state -> the once-only logs it allows (kept apart: a walk takes each at most once)."""
    silent: dict[str, tuple[str, ...]]
    reachable: tuple[str, ...]
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
def _plan(edition: str, flexus: bool, na: bool) -> _Plan:
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
    return _Plan(lc, edges, once, silent, reachable)


# -- walks and histories ---------------------------------------------------------------------------


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


def _check_edition(edition: str | Edition) -> str:
    try:
        return str(compile_edition(edition).edition)
    except Exception as exc:
        raise InvalidArgument(f"edition={edition!r}: {exc}") from None


def _variants(flexus: bool | None, na: bool | None) -> list[tuple[bool, bool]]:
    for name, value in (("flexus", flexus), ("na_whitelist", na)):
        if value is not None and not isinstance(value, bool):
            raise InvalidArgument(f"{name}={value!r} must be True, False or None")
    return [
        (f, n)
        for f in ((flexus,) if flexus is not None else (False, True))
        for n in ((na,) if na is not None else (False, True))
    ]


def _goals(
    edition: str,
    variants: Sequence[tuple[bool, bool]],
    end_state: str | None,
    min_size: int,
    max_size: int,
    side_events: bool,
    na_only_ends: bool,
) -> Goals:
    """Every goal a walk of each variant may draw, with its feasible lengths; raises when there is none."""
    goals: Goals = {}
    for flexus, na in variants:
        plan = _plan(edition, flexus, na)
        for goal in plan.reachable if end_state is None else [end_state]:
            info = plan.lc.state_info(goal)
            if info is None or goal not in plan.reachable or (na_only_ends and info.na_only != na):
                continue
            lengths = plan.lengths(goal, side_events, min_size, max_size)
            if lengths:
                goals.setdefault((flexus, na), []).append((goal, lengths))
    if not goals:
        what = f"end_state={end_state!r}" if end_state is not None else "any end state"
        raise InvalidArgument(
            f"no {what} is reachable in edition {edition} with min_size={min_size}, max_size={max_size}, "
            f"side_events={side_events} and the requested variants"
        )
    return goals


def _check_sizes(min_size: int, max_size: int) -> None:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidArgument(f"{name}={value!r} must be a non-negative integer")
    if max_size < 1:
        raise InvalidArgument(f"max_size={max_size}: a history holds at least its creation log")
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is larger than max_size={max_size}")


def _stamp(moment: datetime) -> str:
    return moment.strftime(_TIME_FORMAT)


Waypoint = tuple[str, str | None, str]
"""An edge a walk is routed through: ``(source, log type, target)``; ``None`` for a silent move."""

Goals = dict[tuple[bool, bool], list[tuple[str, list[int]]]]
"""(flexus, na) -> the goals a walk of that variant may draw, with their feasible lengths."""


@st.composite
def _walk(draw: st.DrawFn, edition: str, goals: Goals, side_events: bool, min_size: int, max_size: int) -> Walk:
    flexus, na = draw(st.sampled_from(sorted(goals)))
    plan = _plan(edition, flexus, na)
    choices = goals[(flexus, na)]
    finals = plan.finals(tuple(goal for goal, _ in choices), side_events, max_size)
    walker = _Walker(draw, plan, side_events)
    # Route the walk through up to eight elements of the spec drawn uniformly (a rule, a silent
    # transition or a side event): a walk aimed only at its end state takes the short way there
    # and leaves retries, stops and side events to chance. A waypoint is kept only when, after it,
    # some goal is still reachable within the sizes asked for.
    used = 0
    for _ in range(draw(st.integers(0, 8))):
        ahead = plan.ahead(walker.state)
        element = draw(st.sampled_from(plan.elements(side_events)).filter(functools.partial(_enters, ahead)))
        source, log, target = draw(st.sampled_from([w for w in element if w[0] in ahead]))
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
    last = [(goal, k) for k, goal in finals.get(walker.state, ()) if min_size <= used + k <= max_size and used + k > 0]
    goal, k = draw(st.sampled_from(last))
    walker.leg(goal, k)
    return Walk(edition, flexus, na, tuple(walker.logs), tuple(walker.moves), walker.state)


def _enters(ahead: frozenset[str], element: list[Waypoint]) -> bool:
    return any(w[0] in ahead for w in element)


class _Walker:
    """Builds one walk, leg by leg: each leg reaches its goal with exactly the logs it is given."""

    def __init__(self, draw: st.DrawFn, plan: _Plan, side_events: bool) -> None:
        self.draw = draw
        self.plan = plan
        self.side_events = side_events
        self.clock = _EPOCH + timedelta(seconds=draw(st.integers(0, _LAST_START)))
        self.state = BEFORE_CREATION
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
        self.logs.append({"operate_time": _stamp(self.clock), "log_type": log, "operate_user": actor})
        self.moves.append(("log", self.state, log, target))
        self.state = target


def _silent_path(plan: _Plan, start: str, accept: Callable[[str], bool], allowed: frozenset[str]) -> list[str]:
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


def walks(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = _DEFAULT_MAX,
    side_events: bool = True,
    na_whitelist: bool | None = None,
    flexus: bool | None = None,
) -> st.SearchStrategy[Walk]:
    """Legal histories with their exact paths (see :class:`Walk`); options as :func:`histories`."""
    name = _check_edition(edition)
    _check_sizes(min_size, max_size)
    if end_state is not None and not isinstance(end_state, str):
        raise InvalidArgument(f"end_state={end_state!r} must be a state name")
    if end_state is not None and compile_edition(name).state_info(end_state) is None:
        raise InvalidArgument(f"end_state={end_state!r} is not a state of edition {name}")
    options = _goals(name, _variants(flexus, na_whitelist), end_state, min_size, max_size, side_events, False)
    return _walk(name, options, side_events, min_size, max_size)


def histories(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = _DEFAULT_MAX,
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


# -- whole payloads --------------------------------------------------------------------------------

_HEX = "0123456789abcdef"
_ids = st.text(_HEX, min_size=32, max_size=32)
_names = st.text(
    st.characters(codec="utf-8", categories=["L", "N"], include_characters="_- "), min_size=1, max_size=32
).filter(lambda s: s.strip() != "")


@st.composite
def _signed_url(draw: st.DrawFn, job_id: str, what: str) -> str:
    # Real download URLs are OBS signed URLs; the signature makes payloads large (issue 7: ~8.8 kB).
    signature = draw(st.text(string.ascii_letters + string.digits, min_size=16, max_size=64))
    expires = draw(st.integers(1_700_000_000, 1_800_000_000))
    return (
        f"https://metastudio-assets.obs.cn-north-4.myhuaweicloud.com/{job_id}/{what}"
        f"?AccessKeyId=HPUA{signature[:12].upper()}&Expires={expires}&Signature={signature}"
    )


def _payload_from(draw: st.DrawFn, walk: Walk) -> dict[str, Any]:
    job_id = draw(_ids)
    first = datetime.strptime(walk.logs[0]["operate_time"], _TIME_FORMAT).replace(tzinfo=UTC)
    last = datetime.strptime(walk.logs[-1]["operate_time"], _TIME_FORMAT).replace(tzinfo=UTC)
    created = first - timedelta(seconds=draw(st.sampled_from([0, 0, 1, 30])))
    updated = last + timedelta(seconds=draw(st.sampled_from([0, 1, 120])))
    versions = ["V3.2", "V3.3"] if walk.edition != "2024-12" else ["V3.2"]
    assert not DEPRECATED_MODEL_VERSIONS & set(versions)
    payload: dict[str, Any] = {
        "job_id": job_id,
        "name": draw(_names),
        "state": walk.end_state,
        "project_id": draw(_ids),
        "create_time": _stamp(created),
        "last_update_time": _stamp(updated),
        "contact": "1**********",  # the API masks it (seed example); never generate a real number
        "model_version": draw(st.sampled_from(versions)),
        "matting_type": draw(st.sampled_from(["AI", "MANUAL"])),
        "model_resolution": draw(st.sampled_from(["1080P", "4K"])),
        "is_background_replacement": draw(st.booleans()),
        "is_mask_file_uploaded": draw(st.booleans()),
        "operation_logs": [dict(entry) for entry in walk.logs],
        "comment_logs": [],
    }
    if walk.flexus or draw(st.booleans()):
        payload["is_flexus"] = walk.flexus
    for what in draw(st.lists(st.sampled_from(_URL_FIELDS), unique=True, max_size=len(_URL_FIELDS))):
        payload[what] = draw(_signed_url(job_id, what.removesuffix("_download_url")))
    return payload


_URL_FIELDS = [
    "cover_download_url",
    "training_video_download_url",
    "id_card_image1_download_url",
    "id_card_image2_download_url",
    "grant_file_download_url",
    "verify_video_download_url",
    "markable_video_download_url",
]


@st.composite
def _jobs(draw: st.DrawFn, walk_strategy: st.SearchStrategy[Walk]) -> dict[str, Any]:
    return _payload_from(draw, draw(walk_strategy))


def job_payloads(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = _DEFAULT_MAX,
    side_events: bool = True,
    na_whitelist: bool | None = None,
    flexus: bool | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Whole job-detail payloads that validate with no diagnostic at all.

    Fields are plausible (ids, masked contact, signed URLs, non-deprecated ``model_version``),
    ``create_time`` ≤ every log time ≤ ``last_update_time``, and ``state`` is where the history
    leads. No payload field marks an NA-whitelist job, so an NA job here always reports an
    NA-only state — the only way a reader (and the validator) can tell it is one.
    """
    name = _check_edition(edition)
    _check_sizes(min_size, max_size)
    if end_state is not None and compile_edition(name).state_info(end_state) is None:
        raise InvalidArgument(f"end_state={end_state!r} is not a state of edition {name}")
    options = _goals(name, _variants(flexus, na_whitelist), end_state, min_size, max_size, side_events, True)
    return _jobs(_walk(name, options, side_events, min_size, max_size))


# -- near misses -----------------------------------------------------------------------------------


def _shift(stamp: str, seconds: int) -> str:
    moment = datetime.strptime(stamp, _TIME_FORMAT).replace(tzinfo=UTC)
    return _stamp(moment + timedelta(seconds=seconds))


def _actor_for(lc: Lifecycle, log: str) -> str:
    info = lc.log_type_info(log)
    assert info is not None
    return sorted(a.value for a in info.actors)[0]


def _lifecycle_of(payload: dict[str, Any], edition: str) -> Lifecycle:
    info = compile_edition(edition).state_info(payload["state"])
    return compile_edition(edition).restrict(flexus=payload.get("is_flexus") is True, na=info is None or info.na_only)


def _possible_before(lc: Lifecycle, logs: Sequence[LogEntry], position: int) -> frozenset[str]:
    return lc.replay(entry["log_type"] for entry in logs[:position])


@st.composite
def _near_miss(draw: st.DrawFn, edition: str, code: str) -> tuple[object, str]:
    base = _NEEDS.get(code, {})
    job = draw(job_payloads(edition=edition, **base))
    logs: list[LogEntry] = job["operation_logs"]
    lc = _lifecycle_of(job, edition)
    if code == "invalid-json":
        text = json.dumps(job, ensure_ascii=False).encode()
        return text[: draw(st.integers(0, len(text) - 1))], code
    if code == "invalid-field":
        field_name, value = draw(st.sampled_from(_BAD_FIELDS))
        job[field_name] = value
    elif code == "unknown-state":
        job["state"] = "FUTURE_" + draw(st.text(string.ascii_uppercase, min_size=3, max_size=12))
    elif code == "unknown-log-type":
        position = draw(st.integers(1, len(logs)))
        unknown = "SYSTEM_FUTURE_" + draw(st.text(string.ascii_uppercase, min_size=3, max_size=12))
        logs.insert(
            position,
            {"operate_time": logs[position - 1]["operate_time"], "log_type": unknown, "operate_user": "SYSTEM"},
        )
    elif code == "illegal-transition":
        position = draw(st.integers(1, len(logs)))
        before = _possible_before(lc, logs, position)
        illegal = [t for t in lc.log_types if not lc.step(before, t) and not _repeats(lc, t, logs)]
        log = draw(st.sampled_from(illegal))
        logs.insert(
            position,
            {"operate_time": logs[position - 1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)},
        )
    elif code == "actor-mismatch":
        candidates = [
            (i, actor)
            for i, entry in enumerate(logs)
            for actor in ("USER", "ADMIN", "SYSTEM")
            if actor not in _actors(lc, entry["log_type"])
        ]
        i, actor = draw(st.sampled_from(candidates))
        logs[i]["operate_user"] = actor
    elif code == "time-regression":
        i = draw(st.integers(1, len(logs) - 1))
        earlier = _shift(logs[i - 1]["operate_time"], -draw(st.integers(1, 3600)))
        logs[i]["operate_time"] = earlier
        job["create_time"] = min(job["create_time"], earlier)
    elif code == "missing-creation":
        del logs[0]
    elif code == "state-mismatch":
        final = lc.replay(entry["log_type"] for entry in logs)
        na_only = _na_only(lc, job["state"])
        others = [s for s in lc.states if s not in final and not lc.is_final(s) and _na_only(lc, s) == na_only]
        job["state"] = draw(st.sampled_from(others))
    elif code == "after-final":
        possible = lc.replay(entry["log_type"] for entry in logs)
        later = [
            t
            for t in sorted(lc.allowed_in(possible))
            if not any(lc.is_final(s) for s in lc.step(possible, t)) and not _repeats(lc, t, logs)
        ]
        log = draw(st.sampled_from(later))
        logs.append({"operate_time": logs[-1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)})
    elif code == "repeated-log":
        repair = [t for t in lc.log_types if (info := lc.log_type_info(t)) is not None and info.once]
        log = draw(st.sampled_from(repair))
        times = 1 if any(entry["log_type"] == log for entry in logs) else 2
        for _ in range(times):
            logs.append(
                {"operate_time": logs[-1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)}
            )
    elif code == "deprecated-value":
        job["model_version"] = draw(st.sampled_from(sorted(DEPRECATED_MODEL_VERSIONS)))
    elif code == "inconsistent-time":
        if draw(st.booleans()):
            job["create_time"] = _shift(logs[0]["operate_time"], draw(st.integers(1, 86400)))
            job["last_update_time"] = max(job["last_update_time"], job["create_time"])
        else:
            job["last_update_time"] = _shift(job["create_time"], -draw(st.integers(1, 86400)))
    else:  # pragma: no cover - guarded by near_miss_payloads
        raise AssertionError(code)
    if logs and code != "inconsistent-time":
        job["last_update_time"] = max(job["last_update_time"], logs[-1]["operate_time"])
    return job, code


def _repeats(lc: Lifecycle, log: str, logs: Sequence[LogEntry]) -> bool:
    """Whether adding ``log`` would repeat a once-only log (a second defect: repeated-log)."""
    info = lc.log_type_info(log)
    return info is not None and info.once and any(entry["log_type"] == log for entry in logs)


def _actors(lc: Lifecycle, log: str) -> set[str]:
    info = lc.log_type_info(log)
    return {a.value for a in info.actors} if info is not None else set()


def _na_only(lc: Lifecycle, state: str) -> bool:
    info = lc.state_info(state)
    return info is not None and info.na_only


# The base job each defect needs: a history long enough to break, or one that reaches the state
# the defect is about (after-final needs a finished NA job, repeated-log the state USER_REPAIR is
# written in).
_NEEDS: dict[str, dict[str, Any]] = {
    "time-regression": {"min_size": 2},
    # An NA job in JOB_FINISH may be in any NA-only state as far as its logs tell: use a standard one.
    "state-mismatch": {"na_whitelist": False},
    "after-final": {"end_state": "JOB_FINISH"},
    "repeated-log": {"end_state": "JOB_SUCCESS", "flexus": False, "na_whitelist": False},
}

# Fields whose bad value the schema reports and the lifecycle replay never reads.
_BAD_FIELDS: list[tuple[str, object]] = [
    ("matting_type", "PAINTED"),
    ("model_resolution", "8K"),
    ("flexus_retry_count", 11),
    ("is_background_replacement", "sometimes"),
    ("comment_logs", "none"),
    ("model_version", "V" * 65),
]


def near_miss_payloads(
    *, edition: str | Edition = DEFAULT_EDITION, codes: Iterable[str] | None = None
) -> st.SearchStrategy[tuple[object, str]]:
    """``(payload, code)``: a valid job with exactly one defect, for which the validator reports
    exactly ``code`` (and nothing else). Every diagnostic code can be asked for.

    The payload is a dict, except for ``invalid-json``, where it is the JSON text of a valid job
    cut short (bytes).
    """
    name = _check_edition(edition)
    wanted = sorted(CODES) if codes is None else list(codes)
    if isinstance(codes, str):
        raise InvalidArgument(f"codes={codes!r} must be a collection of codes, not one string")
    unknown = [c for c in wanted if c not in CODES]
    if unknown:
        raise InvalidArgument(f"unknown codes {unknown}; known: {sorted(CODES)}")
    if not wanted:
        raise InvalidArgument("codes is empty: there is nothing to draw")
    return st.sampled_from(wanted).flatmap(lambda code: _near_miss(name, code))


# -- hostile input ---------------------------------------------------------------------------------

_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
_keys = st.sampled_from(
    ["job_id", "state", "operation_logs", "create_time", "last_update_time", "is_flexus", "model_version", "name"]
)


@st.composite
def _mutated(draw: st.DrawFn, edition: str) -> object:
    job: dict[str, Any] = draw(job_payloads(edition=edition, max_size=12))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["drop", "replace", "log", "shuffle", "truncate"]))
        logs = job.get("operation_logs")
        if how == "drop":
            job.pop(draw(_keys), None)
        elif how == "replace":
            job[draw(_keys)] = draw(_json)
        elif how == "log" and isinstance(logs, list) and logs:
            i = draw(st.integers(0, len(logs) - 1))
            entry = logs[i]
            if isinstance(entry, dict) and draw(st.booleans()):
                entry[draw(st.sampled_from(["log_type", "operate_time", "operate_user"]))] = draw(_json)
            else:
                logs[i] = draw(_json)
        elif how == "shuffle" and isinstance(logs, list):
            job["operation_logs"] = draw(st.permutations(logs))
        elif how == "truncate":
            text = json.dumps(job, ensure_ascii=False)
            return text[: draw(st.integers(0, len(text)))]
    return job


def hostile_payloads(*, edition: str | Edition = DEFAULT_EDITION) -> st.SearchStrategy[object]:
    """Anything a broken upstream might send: arbitrary JSON values, JSON text and raw bytes, and
    valid jobs with fields dropped, retyped, shuffled or cut short. The validator must never raise."""
    name = _check_edition(edition)
    return st.one_of(
        _json,
        _json.map(json.dumps),
        st.binary(max_size=64),
        st.text(max_size=64),
        _mutated(name),
    )


# -- the stateful machine --------------------------------------------------------------------------

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

    Its rules are the log types (each guarded by the states that allow it), one rule for silent
    transitions and one that just polls. Each run calls ``setup()`` for a fresh system under test;
    every step calls ``apply(event)`` and then ``check(event)`` (the invariant hook) — plain
    callbacks, so nothing of this library is subclassed. A failing run shrinks to a minimal history.

    Run it with ``lifecycle_machine(...).TestCase`` (pytest/unittest) or
    :func:`hypothesis.stateful.run_state_machine_as_test`.
    """
    name = _check_edition(edition)
    for option, value in (("flexus", flexus), ("na_whitelist", na_whitelist), ("side_events", side_events)):
        if not isinstance(value, bool):
            raise InvalidArgument(f"{option}={value!r} must be True or False")
    if not callable(setup) or not callable(apply) or (check is not None and not callable(check)):
        raise InvalidArgument("setup, apply and check must be callables")
    plan = _plan(name, flexus, na_whitelist)
    lc = plan.lc
    allowed = {s: frozenset(e[0] for e in edges if side_events or not e[2]) for s, edges in plan.edges.items()}
    once = {s: frozenset(e[0] for e in edges) for s, edges in plan.once.items()}

    class LifecycleMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.system = setup()
            self.state = BEFORE_CREATION
            self.logs: list[LogEntry] = []
            self.done: set[str] = set()
            self.moves: list[Move] = []
            self.clock = _EPOCH
            self.last: Event[T] | None = None

        def _event(self, log: LogEntry | None) -> Event[T]:
            job: dict[str, Any] = {
                "job_id": "0" * 32,
                "name": "lifecycle-machine",
                "state": self.state,
                "create_time": _stamp(_EPOCH),
                "last_update_time": _stamp(self.clock),
                "operation_logs": [dict(e) for e in self.logs],
            }
            if flexus:
                job["is_flexus"] = True
            return Event(self.system, log, self.state, job, tuple(self.moves))

        def _emit(self, log: LogEntry | None) -> None:
            self.last = self._event(log)
            apply(self.last)

        def _allows(self, log: str) -> bool:
            # Called for every rule at every step: two set lookups.
            return log in allowed[self.state] or (log in once[self.state] and log not in self.done)

        def _take(self, log: str, data: st.DataObject) -> None:
            targets = sorted(lc.targets(self.state, log))
            target = data.draw(st.sampled_from(targets), label="target") if len(targets) > 1 else targets[0]
            info = lc.log_type_info(log)
            assert info is not None
            self.clock += timedelta(seconds=data.draw(st.sampled_from([0, 1, 60, 3600]), label="delay"))
            actor = data.draw(st.sampled_from(sorted(a.value for a in info.actors)), label="actor")
            entry = {"operate_time": _stamp(self.clock), "log_type": log, "operate_user": actor}
            self.logs.append(entry)
            self.done.add(log)
            self.moves.append(("log", self.state, log, target))
            self.state = target
            self._emit(entry)

        @initialize(data=st.data())
        def create(self, data: st.DataObject) -> None:
            # A job exists from its creation log on: the system under test never sees it before.
            self._take(lc.spec.creation.log_type, data)

        @precondition(lambda self: bool(plan.silent.get(self.state)))
        @rule(data=st.data())
        def silent(self, data: st.DataObject) -> None:
            target = data.draw(st.sampled_from(plan.silent[self.state]), label="silent target")
            self.moves.append(("silent", self.state, target))
            self.state = target
            self._emit(None)

        @rule()
        def poll(self) -> None:
            # Reading the job again changes nothing; it also keeps a run going in a final state.
            self._emit(None)

        @invariant()
        def checked(self) -> None:
            if check is not None and self.last is not None:
                check(self.last)

    def make(log: str) -> Callable[..., None]:
        @precondition(lambda self: self._allows(log))
        @rule(data=st.data())
        def step(self: LifecycleMachine, data: st.DataObject) -> None:
            self._take(log, data)

        step.__name__ = log
        return step

    for log in lc.log_types:
        if log == lc.spec.creation.log_type and not any(log in lc.allowed(s) for s in lc.states):
            continue  # written once, by `create`
        setattr(LifecycleMachine, log, make(log))
    LifecycleMachine.__name__ = LifecycleMachine.__qualname__ = f"LifecycleMachine_{name.replace('-', '_')}"
    return LifecycleMachine


# -- coverage --------------------------------------------------------------------------------------


def coverage_of(
    items: Iterable[Walk | Sequence[LogEntry] | dict[str, Any]], *, edition: str | Edition = DEFAULT_EDITION
) -> Coverage:
    """The :class:`~lifecycle.testing.coverage.Coverage` of walks (exact), histories or job payloads (inferred)."""
    cov = Coverage(compile_edition(edition))
    for item in items:
        if isinstance(item, Walk):
            cov.add_path(item.moves)
        elif isinstance(item, dict):
            state = item.get("state")
            info = cov.lifecycle.state_info(state) if isinstance(state, str) else None
            cov.add_history(
                [e["log_type"] for e in item.get("operation_logs") or []],
                end_state=state if info else None,
                flexus=item.get("is_flexus") is True,
                na=info is None or info.na_only,
            )
        else:
            cov.add_history([e["log_type"] for e in item], flexus=True, na=True)
    return cov
