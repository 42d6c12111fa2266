"""One small check per diagnostic code, registered in one table (:data:`CHECKS`).

Each check reads the job's facts and the replay's result (a :class:`Subject`) and yields
:class:`Finding` records; it never looks at the input and never raises. Adding a code is one function,
one :func:`check` line and one row in :data:`~lifecycle.validation.codes.CODES` (a test holds the two
tables to each other). ``invalid-json`` is the decoders' verdict (:class:`~lifecycle.validation.facts.NotJson`):
nothing else can be checked then, so it has no check here.

The order of :data:`CHECKS` is the order of a log's findings in a report (see :func:`rank`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import canonical_times, table
from lifecycle.engine.table import info as row_info
from lifecycle.payload.timestamps import lenient_time
from lifecycle.spec.model import Alternative
from lifecycle.spec.vocabulary import DEPRECATED_MODEL_VERSIONS, GROUP_LABELS_EN, Actor
from lifecycle.validation.grading import FINAL, placed, reached
from lifecycle.validation.messages import listing
from lifecycle.validation.stages import stage_of
from lifecycle.validation.subject import Finding, Subject

if TYPE_CHECKING:
    pass

__all__ = ["CHECKS", "Finding", "Subject", "check", "rank"]

_ACTORS: Final = frozenset(a.value for a in Actor)


Check = Callable[[Subject], Iterator[Finding]]
CHECKS: Final[dict[str, Check]] = {}
"""Code -> the check that produces it, in report order."""


def check(code: str) -> Callable[[Check], Check]:
    """Register ``fn`` as the check of ``code``."""

    def register(fn: Check) -> Check:
        CHECKS[code] = fn
        return fn

    return register


def rank(finding: Finding) -> tuple[int, int, int]:
    """Report order: a log's findings by position, then in :data:`CHECKS` order; then the job's."""
    order = _ORDER[finding.code]
    return (0, finding.index, order) if finding.index is not None else (1, order, 0)


@lru_cache(maxsize=1024)
def _allowed(lc: Lifecycle, possible: frozenset[str]) -> tuple[frozenset[str], str]:
    """The log types ``possible`` allows, and how a message lists them (side events counted, not named)."""
    allowed = lc.allowed_in(possible)
    moving = [t for t in allowed if lc.effect(t) != "side"]
    side = len(allowed) - len(moving)
    return allowed, listing(moving) + (f" (+{side} side events)" if allowed else "")


def _not_string(value: object) -> str:
    return "is missing" if value is None else "must be a string"


@check("invalid-field")
def invalid_field(s: Subject) -> Iterator[Finding]:
    """``job_id`` or ``state`` not a string, a history the decoder could not read, and the schema's findings
    (those of a field not reported already)."""
    facts = s.facts
    reported = set()
    for name, value in (("job_id", facts.job_id), ("state", facts.state)):
        if type(value) is not str:
            reported.add(name)
            yield Finding("invalid-field", field=name, params={"detail": _not_string(value)})
    for problem in facts.problems:
        reported.add(problem.field)
        yield Finding("invalid-field", index=problem.index, field=problem.field, params={"detail": problem.detail})
    for finding in s.schema or ():
        if finding.kind != "deprecated" and finding.path not in reported:
            yield Finding("invalid-field", field=finding.path or None, params={"detail": finding.message})


@check("time-regression")
def time_regression(s: Subject) -> Iterator[Finding]:
    """A log whose ``operate_time`` is earlier than the last readable one before it (equal is normal)."""
    times = s.facts.times
    if canonical_times(times):
        return
    previous: datetime | None = None
    previous_raw: object = None
    for index, raw in enumerate(times):
        moment = lenient_time(raw)
        if moment is None:
            continue
        if previous is not None and moment < previous:
            field = f"operation_logs[{index}].operate_time"
            yield Finding("time-regression", index=index, field=field, params={"time": raw, "previous": previous_raw})
        previous, previous_raw = moment, raw


@check("unknown-log-type")
def unknown_log_type(s: Subject) -> Iterator[Finding]:
    """A log type the edition does not know (skipped by the replay)."""
    types = s.facts.pairs
    for index, _ in s.steps("unknown-log-type"):
        log_type = types[index][0]
        yield Finding("unknown-log-type", index=index, log_type=log_type, params={"edition": s.lc.edition})


@check("actor-mismatch")
def actor_mismatch(s: Subject) -> Iterator[Finding]:
    """An ``operate_user`` the spec does not let write that log type (only the three known actors count)."""
    pairs = s.facts.pairs
    odd: set[tuple[str | None, object]] | None
    try:
        if s.table.pairs.issuperset(pairs):  # in C: most histories have no pair to look at
            return
        odd = set(pairs).difference(s.table.pairs)
    except TypeError:  # an unhashable actor: look at each log
        odd = None
    for index, (log_type, actor) in enumerate(pairs):
        if odd is not None and (log_type, actor) not in odd:
            continue
        info = s.lc.log_type_info(log_type) if log_type is not None else None
        if info is None or type(actor) is not str or actor not in _ACTORS or actor in info.actors:
            continue
        yield Finding(
            "actor-mismatch",
            index=index,
            field=f"operation_logs[{index}].operate_user",
            log_type=log_type,
            params={"actor": actor, "actors": "/".join(sorted(a.value for a in info.actors))},
        )


@check("repeated-log")
def repeated_log(s: Subject) -> Iterator[Finding]:
    """A second log of a type documented as once-only."""
    types = s.log_types
    for index, _ in s.steps("repeated-log"):
        log_type = types[index]
        yield Finding(
            "repeated-log", index=index, log_type=log_type, params={"first": types.index(log_type)}, confidence=FINAL
        )


@check("missing-creation")
def missing_creation(s: Subject) -> Iterator[Finding]:
    """A history that does not start with the creation log, or has no log whose type can be read."""
    creation = s.table.creation
    types = s.log_types
    confidence = s.lc.spec.creation.confidence.value
    for index, _ in s.steps("missing-creation"):
        first = types[index]
        yield Finding(
            "missing-creation", index=index, params={"first": first, "creation": creation}, confidence=confidence
        )
    # no log whose type can be read (unknown ones are warned about); any() stops at the first readable one
    if not any(types) and types.count(None) == len(types):
        yield Finding("missing-creation", params={"first": "nothing", "creation": creation})


@check("after-final")
def after_final(s: Subject) -> Iterator[Finding]:
    """A log after the job reached a final state: after every possible state was final, or after the last
    moment the replay could have been in the final state the job reports (JOB_FINISH is entered silently:
    CONFIRM_ACCEPT writes no log)."""
    types = s.log_types
    for index, before in s.steps("after-final"):
        states = row_info(before).states
        yield Finding("after-final", index=index, log_type=types[index], states=states, confidence=FINAL)
    late = after_reported_final(s)
    if late is not None:
        yield late


def after_reported_final(s: Subject) -> Finding | None:
    """The ``after-final`` that needs the reported state (what a tracker fed log types alone cannot see, and
    :class:`~lifecycle.tracking.fleet.Fleet` asks for): the job reports a final state the replay does not end
    in, and a log came after the last moment the replay could have been in it. ``None`` otherwise."""
    state, end, trace = s.facts.state, s.replay.end, s.replay.trace
    if type(state) is not str or not s.lc.is_final(state) or state in row_info(end).states or not trace:
        return None
    for index in range(len(trace) - 2, -1, -1):
        if state in row_info(trace[index]).states:
            after = index + 1
            return Finding(
                "after-final",
                after,
                None,
                s.log_types[after],
                row_info(end).states,
                params={"states": state},
                confidence=FINAL,
            )
    return None


@check("illegal-transition")
def illegal_transition(s: Subject) -> Iterator[Finding]:
    """A log that no possible state allows; the replay resynchronises on both readings of it."""
    types = s.log_types
    for index, before in s.steps("illegal-transition"):
        states = row_info(before).states
        allowed, listed = _allowed(s.lc, states)
        log_type = types[index]
        yield Finding(
            "illegal-transition",
            index=index,
            log_type=log_type,
            states=states,
            allowed=allowed,
            params={"allowed": listed},
            confidence=placed(s.lc, log_type) if log_type is not None else None,
        )


@check("unconfirmed-transition")
def unconfirmed_transition(s: Subject) -> Iterator[Finding]:
    """A log, or the reported state, that the spec's reading does not allow but an alternative reading of the
    sources does: from the possible states before the log (the replay's set), the alternative's rules lead
    somewhere; for the state, the alternative's replay of the whole history may end in it."""
    types = s.log_types
    for index, before in s.steps("unconfirmed-transition"):
        states, log_type = row_info(before).states, types[index]
        assert log_type is not None  # the replay raises codes for known log types only
        yield _unconfirmed(_allowing(s.lc, states, log_type), index=index, log_type=log_type, states=states)
    explained = _explaining(s)
    if explained is not None:
        state = s.facts.state
        yield _unconfirmed(explained, field="state", log_type=None, states=row_info(s.replay.end).states, state=state)


@lru_cache(maxsize=4096)
def _allowing(lc: Lifecycle, states: frozenset[str], log_type: str) -> Alternative:
    """The first alternative reading that allows ``log_type`` from ``states`` (the replay raised
    ``unconfirmed-transition`` there, so one does). The same few steps come back in every batch."""
    return next(alt for alt, alt_lc in lc.alternatives if alt_lc.step(alt_lc.closure_of(states), log_type))


_readings: dict[int, tuple[Alternative, str, str]] = {}


def _reading(alternative: Alternative) -> tuple[str, str]:
    """How a finding cites an alternative reading: its first evidence, and its confidence (made once per
    reading; an Alternative holds its overlay document, a dict, so it is kept by identity)."""
    found = _readings.get(id(alternative))
    if found is None or found[0] is not alternative:
        evidence = "; ".join(str(e) for e in alternative.evidence[:1])
        found = _readings[id(alternative)] = (alternative, evidence, alternative.confidence.value)
    return found[1], found[2]


def _unconfirmed(
    alternative: Alternative,
    *,
    log_type: str | None,
    states: frozenset[str],
    index: int | None = None,
    field: str | None = None,
    state: object = None,
) -> Finding:
    evidence, confidence = _reading(alternative)
    what = log_type if log_type is not None else f"state {state}"
    return Finding(
        "unconfirmed-transition",
        index=index,
        field=field,
        log_type=log_type,
        states=states,
        params={
            "log_type": what,
            "reading": alternative.name,
            "confidence": confidence,
            "evidence": evidence,
        },
        confidence=confidence,
        reading=alternative.name,
    )


def _explaining(s: Subject) -> Alternative | None:
    """The first alternative reading whose replay of the history may end in the reported state, when the
    spec's own replay cannot (a known state, after a history that moved the job)."""
    if not s.explained:  # asked by two checks: the alternatives' replays run once
        s.explained.append(_first_explaining(s))
    return s.explained[0]


def _first_explaining(s: Subject) -> Alternative | None:
    state, end = s.facts.state, s.replay.end
    if type(state) is not str or s.lc.state_info(state) is None or end is s.table.start:
        return None
    if state in row_info(end).states or any(True for _ in after_final(s)):
        return None
    types = s.log_types
    for alternative, lc in s.lc.alternatives:
        if state in row_info(table(lc).replay(types).end).states:
            return alternative
    return None


@check("unknown-state")
def unknown_state(s: Subject) -> Iterator[Finding]:
    """A reported state the edition does not know."""
    state = s.facts.state
    if type(state) is str and s.lc.state_info(state) is None:
        yield Finding("unknown-state", field="state", params={"state": state, "edition": s.lc.edition})


@check("state-mismatch")
def state_mismatch(s: Subject) -> Iterator[Finding]:
    """A known reported state the replay cannot end in (unless a log after a final state explains it)."""
    state, end = s.facts.state, s.replay.end
    if (
        type(state) is not str
        or s.lc.state_info(state) is None
        or end is s.table.start
        or state in row_info(end).states
    ):
        return
    if any(True for _ in after_final(s)) or _explaining(s) is not None:
        return
    yield Finding(
        "state-mismatch",
        field="state",
        states=row_info(end).states,
        params={"state": state},
        confidence=reached(s.lc, state),
    )


@check("deprecated-value")
def deprecated_value(s: Subject) -> Iterator[Finding]:
    """``model_version`` V2 or V3 (the seed: "V3和V2版本已不再使用"), and values the schema marks deprecated."""
    version = s.facts.model_version
    if type(version) is str and version in DEPRECATED_MODEL_VERSIONS:
        yield Finding("deprecated-value", field="model_version", params={"value": version})
    for finding in s.schema or ():
        if finding.kind == "deprecated" and finding.path != "model_version":
            yield Finding("deprecated-value", field=finding.path, params={"value": ""})


@check("inconsistent-time")
def inconsistent_time(s: Subject) -> Iterator[Finding]:
    """``create_time`` after the first readable log time, or ``last_update_time`` before ``create_time``."""
    facts = s.facts
    created_raw, updated_raw = facts.create_time, facts.last_update_time
    created = lenient_time(created_raw)
    if created is None:
        return
    first = next((t for t in facts.times if lenient_time(t) is not None), None)
    first_time = lenient_time(first)
    if first_time is not None and created > first_time:
        detail = f"create_time {created_raw} is after the first log ({first})"
        yield Finding("inconsistent-time", field="create_time", params={"detail": detail})
    updated = lenient_time(updated_raw)
    if updated is not None and updated < created:
        detail = f"last_update_time {updated_raw} is before create_time {created_raw}"
        yield Finding("inconsistent-time", field="last_update_time", params={"detail": detail})


@check("overdue")
def overdue(s: Subject) -> Iterator[Finding]:
    """With a clock (``validate --now``): the job has been in its console group longer than the vendor
    documents for that stage (:mod:`lifecycle.validation.stages`; the rules cite their FAQ page)."""
    if s.clock is None or s.replay.trace is None:
        return
    stage = stage_of(s.lc, s.facts, [row_info(row).states for row in s.replay.trace], s.clock)
    rule, start = stage.over, stage.start
    if rule is None or start is None:
        return
    params = {
        "group_en": GROUP_LABELS_EN[rule.group],
        "group_zh": rule.group.value,
        "since": start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "spent": stage.spent,
        "limit": rule.limit,
        "unit_en": rule.unit_words("en"),
        "limit_en": rule.describe_limit("en"),
        "unit_zh": rule.unit_words("zh"),
        "source": rule.source,
    }
    yield Finding("overdue", params=params, confidence="documented")


_ORDER: Final = {code: n for n, code in enumerate(CHECKS)}
