"""Replay a job's operation log against the lifecycle and report every violation. Never raises.

The replay starts before creation and keeps the *set* of states the job may be in. Each log is
applied from every possible state (silent transitions included); a side event keeps the state.
An illegal log is reported once, and the replay resynchronises on both readings of it — spurious
(the states before it) or real with its predecessors missing (every state it can lead to) — so one
injected, dropped or misplaced log gives one diagnostic, not a cascade.

The lifecycle fields (``state``, ``operation_logs[].log_type / operate_user / operate_time``, …)
are read straight from the raw payload, so indices are those of the input and the replay works
even when the rest of the payload is malformed; the pydantic models add ``invalid-field``
findings on top (``schema=False`` skips them, for speed).

Speed (issue 7). Most histories have nothing to report, so :func:`validate` first tries the fast path
of :mod:`lifecycle.engine.table`: a replay table whose rows point to rows, and whole-history checks of time
order and actors. The moment it meets anything to report, the reference replay below takes over — from
the first suspicious log when only the lifecycle is in question, from the start otherwise — so reports
are the same with and without the fast path (a Hypothesis property checks it).

Parsing decides the speed of a lifecycle-only check (``schema=False``): a real answer is mostly signed
URLs. So JSON text is first decoded by msgspec into a small typed record of the lifecycle fields alone
(:func:`_lifecycle_decoder`), which scans the rest without building it; anything that record does not
fit (a missing or mistyped field, an unknown log type or actor, a syntax msgspec refuses) is parsed
again in full — by msgspec, then :mod:`json`, which has the last word (it accepts NaN, a BOM, UTF-16,
lone surrogates…) — and goes through the same checks as a dict. With the schema checked, pydantic
parses the bytes itself (``Job.model_validate_json``).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from functools import cache, lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast, overload

import msgspec

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import Row, Table, canonical_times, table
from lifecycle.payload.redaction import redact_text
from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.spec.vocabulary import DEFAULT_EDITION, DEPRECATED_MODEL_VERSIONS, Actor, Edition, Lang
from lifecycle.validation.messages import render
from lifecycle.validation.report import Diagnostic, Report

if TYPE_CHECKING:  # the payload models (and pydantic) load only when the schema is checked
    from lifecycle.payload.models import FieldFinding

__all__ = ["Findings", "replay_log_types", "validate", "validate_many", "validate_payload", "variant_of"]

_ACTORS = frozenset(a.value for a in Actor)
_MAX_LISTED = 8


def _listing(names: Iterable[str]) -> str:
    items = sorted(names)
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" (+{len(items) - _MAX_LISTED} more)" if len(items) > _MAX_LISTED else "") if items else "-"


# Diagnostics repeat (the same log where it does not belong, the same states): what makes one is
# cached — pure functions of hashable values, so a cached result is the result.


@lru_cache(maxsize=4096)
def _sorted(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(names))


@lru_cache(maxsize=4096)
def _listed(names: frozenset[str]) -> str:
    return _listing(names)


@lru_cache(maxsize=1024)
def _allowed(lc: Lifecycle, possible: frozenset[str]) -> tuple[frozenset[str], str]:
    """The log types ``possible`` allows, and how an illegal-transition message lists them."""
    allowed = lc.allowed_in(possible)
    moving = [t for t in allowed if lc.effect(t) != "side"]
    return allowed, _listing(moving) + (f" (+{len(allowed) - len(moving)} side events)" if allowed else "")


@lru_cache(maxsize=8192)
def _message(code: str, lang: Lang, field: str, params: tuple[tuple[str, object], ...]) -> str:
    # Raw values (a state, a log type, a schema finding) are echoed: strip any secret.
    return redact_text(render(code, lang, field=field, **dict(params)))


def _time(value: object) -> datetime | None:
    # The same RFC 3339 reading as the payload models, so both agree on what a valid time is.
    if not isinstance(value, str):
        return None
    try:
        return parse_rfc3339(value)
    except ValueError:
        return None


class _Log:
    """One ``operation_logs`` entry as the replay reads it."""

    __slots__ = ("actor", "index", "log_type", "raw_time", "time")

    def __init__(self, index: int, log_type: str | None, actor: object, time: datetime | None, raw_time: object):
        self.index = index
        self.log_type = log_type
        self.actor = actor
        self.time = time
        self.raw_time = raw_time


class _TypeLogs(Sequence[_Log]):
    """Log types alone, read as logs with neither actor nor time (what the replay core sees)."""

    def __init__(self, log_types: Sequence[str]) -> None:
        self._types = log_types

    def __len__(self) -> int:
        return len(self._types)

    @overload
    def __getitem__(self, i: int) -> _Log: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[_Log]: ...
    def __getitem__(self, i: int | slice) -> _Log | Sequence[_Log]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return _Log(i, self._types[i], None, None, None)


class _Walk:
    """The running state of one replay."""

    __slots__ = ("anchor", "creation", "finishable_until", "possible", "previous", "previous_raw", "seen_once")

    def __init__(self, lc: Lifecycle, reported: str | None) -> None:
        self.anchor = reported if reported is not None and lc.is_final(reported) else None
        self.creation = lc.spec.creation.log_type
        self.possible = lc.closure_of(lc.start)
        self.finishable_until: int | None = None
        self.previous: datetime | None = None
        self.previous_raw: object = None
        self.seen_once: dict[str, int] = {}


# The order of a log's diagnostics in the replay (see _Replay.step): the fast path finds some of
# them separately and merges them back in this order.
_RANK: Final = {"time-regression": 0, "unknown-log-type": 1, "actor-mismatch": 2, "repeated-log": 3}


def _rank(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.index or 0, _RANK.get(diagnostic.code, 4))


class _Replay:
    """One job's replay; collects diagnostics."""

    def __init__(self, lc: Lifecycle, lang: Lang) -> None:
        self.lc = lc
        self.lang = lang
        self.out: list[Diagnostic] = []
        self.per_log: int | None = None
        """How many of ``out`` the logs gave, once :meth:`finish` has run (the rest it added)."""

    def add(self, code: str, *, index: int | None = None, field: str | None = None, **params: Any) -> None:
        log_type = params.get("log_type")
        states = params.pop("_states", frozenset())
        allowed = params.pop("_allowed", frozenset())
        try:
            message = _message(code, self.lang, field or "", tuple(params.items()))
        except TypeError:  # an unhashable value: render it uncached
            message = redact_text(render(code, self.lang, field=field or "", **params))
        self.out.append(
            Diagnostic(
                code,
                message,
                index=index,
                field=field,
                log_type=log_type if isinstance(log_type, str) else None,
                states=_sorted(states) if type(states) is frozenset else tuple(sorted(states)),
                allowed=_sorted(allowed) if type(allowed) is frozenset else tuple(sorted(allowed)),
            )
        )

    def run(self, logs: Sequence[_Log], reported: str | None = None) -> frozenset[str]:
        """Replay ``logs``; returns the possible end states.

        ``reported`` (the payload's state) anchors ``after-final``: JOB_FINISH is entered silently
        (CONFIRM_ACCEPT writes no log), so a job that reports a final state the replay could
        reach earlier, but not at the end, has logs after it reached that state.
        """
        walk = _Walk(self.lc, reported)
        if not logs:
            self.add("missing-creation", first="nothing", creation=walk.creation)
        for n, log in enumerate(logs):
            self.step(walk, n, log)
        self.finish(walk, logs)
        return walk.possible

    def step(self, walk: _Walk, n: int, log: _Log) -> None:
        """Apply the ``n``-th log: time order, then the log type, actor, once-only rule and legality."""
        lc = self.lc
        if log.time is not None:
            if walk.previous is not None and log.time < walk.previous:
                self.time_regression(log.index, log.raw_time, walk.previous_raw)
            walk.previous, walk.previous_raw = log.time, log.raw_time
        log_type = log.log_type
        if log_type is None:
            return  # reported as invalid-field when it was read
        info = lc.log_type_info(log_type)
        if info is None:
            self.add("unknown-log-type", index=log.index, log_type=log_type, edition=lc.edition)
            return
        if isinstance(log.actor, str) and log.actor in _ACTORS and log.actor not in info.actors:
            self.actor_mismatch(log.index, log_type, log.actor, info.actors)
        if info.once:
            if log_type in walk.seen_once:
                self.add("repeated-log", index=log.index, log_type=log_type, first=walk.seen_once[log_type])
            walk.seen_once.setdefault(log_type, log.index)
        possible = walk.possible
        if n == 0 and log_type != walk.creation:
            self.add("missing-creation", index=log.index, first=log_type, creation=walk.creation)
            walk.possible = lc.entry_states(log_type)
            return
        if all(lc.is_final(s) for s in possible):
            self.add("after-final", index=log.index, log_type=log_type, states=_listed(possible), _states=possible)
            return
        following = lc.step(possible, log_type)
        if not following:
            allowed, listed = _allowed(lc, possible)
            self.add(
                "illegal-transition",
                index=log.index,
                log_type=log_type,
                states=_listed(possible),
                allowed=listed,
                _states=possible,
                _allowed=allowed,
            )
            # Resynchronise on both readings: the log was spurious (keep the states before it)
            # or real, with the logs that led to it missing (every state it can lead to).
            following = possible | lc.entry_states(log_type)
        walk.possible = following
        if walk.anchor in following:
            walk.finishable_until = n

    def finish(self, walk: _Walk, logs: Sequence[_Log]) -> None:
        """The check after the last log: logs after the final state the job reports."""
        anchor, until = walk.anchor, walk.finishable_until
        self.per_log = len(self.out)
        if anchor is not None and anchor not in walk.possible and until is not None:
            after = logs[until + 1]
            self.add("after-final", index=after.index, log_type=after.log_type, states=anchor, _states=walk.possible)

    def time_regression(self, index: int, time: object, previous: object) -> None:
        self.add(
            "time-regression",
            index=index,
            field=f"operation_logs[{index}].operate_time",
            time=time,
            previous=previous,
        )

    def actor_mismatch(self, index: int, log_type: str, actor: str, actors: frozenset[Actor]) -> None:
        self.add(
            "actor-mismatch",
            index=index,
            field=f"operation_logs[{index}].operate_user",
            log_type=log_type,
            actor=actor,
            actors="/".join(sorted(a.value for a in actors)),
        )

    def run_types(
        self, tab: Table, types: list[Any], reported: str | None, *, walked: tuple[Row, int] | None = None
    ) -> frozenset[str] | None:
        """:meth:`run` over log types alone (no actor, no time), on the table between the logs that
        need a look; ``None`` when a log type is not a string (the reference reading reports it).

        The table walks every clean stretch; each log it has no clean step for goes through
        :meth:`step`, and the walk goes on from the row of the states that step leaves. ``walked`` is
        the first stretch's end, when the caller has walked it already (``tab.walk(types)``).
        """
        walk = _Walk(self.lc, reported)
        row, pos, size = tab.start, 0, len(types)
        stretches: list[tuple[Row, int, int]] = []
        while True:
            start_row, start = row, pos
            row, pos = walked or tab.walk(types, row, pos)
            walked = None
            stretches.append((start_row, start, pos))
            if pos == size:
                break
            log_type = types[pos]
            if type(log_type) is not str:
                return None
            info = tab.info(row)
            walk.possible = info.states
            for once in info.once:
                walk.seen_once.setdefault(once, types.index(once))
            self.step(walk, pos, _Log(pos, log_type, None, None, None))
            pos += 1
            nxt = tab.row(walk.possible, frozenset(walk.seen_once))
            if nxt is None:  # the table is full: the reference replay does the rest
                for n in range(pos, size):
                    self.step(walk, n, _Log(n, types[n], None, None, None))
                self.finish(walk, _TypeLogs(types))
                return walk.possible
            row = nxt
        final = tab.info(row).states
        anchor = walk.anchor
        if anchor is not None and anchor not in final:
            # Where could the job last have been in the final state it reports? Walk the clean
            # stretches again, watching for it (the steps in between watched already).
            for first_row, start, end in stretches:
                r = first_row
                for n in range(start, end):
                    r = r[types[n]]
                    if anchor in tab.info(r).states and (walk.finishable_until or -1) < n:
                        walk.finishable_until = n
            walk.possible = final
            self.finish(walk, _TypeLogs(types))
        return final


def _logs(raw: object, replay: _Replay) -> list[_Log]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        replay.add("invalid-field", field="operation_logs", detail="must be a list; treated as empty")
        return []
    logs = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            replay.add("invalid-field", index=i, field=f"operation_logs[{i}]", detail="must be an object; skipped")
            continue
        log_type = entry.get("log_type")
        if not isinstance(log_type, str):
            detail = "is missing; the log is skipped" if log_type is None else "must be a string; the log is skipped"
            replay.add("invalid-field", index=i, field=f"operation_logs[{i}].log_type", detail=detail)
            log_type = None
        raw_time = entry.get("operate_time")
        logs.append(_Log(i, log_type, entry.get("operate_user"), _time(raw_time), raw_time))
    return logs


@cache
def _lifecycle(edition: str, overlays: tuple[str, ...]) -> Lifecycle:
    return compile_edition(edition, overlays=overlays)


def _na(lc: Lifecycle, state: object) -> bool:
    """Whether a job reporting ``state`` is taken for an NA-whitelist job.

    No field says so: a job reporting an NA-only state is one, and a job whose state is unknown or
    missing gets the benefit of the doubt. (Flexus, the other variant, is the payload's ``is_flexus``;
    absent means a standard job, as in the seed example.)
    """
    info = lc.state_info(state) if isinstance(state, str) else None
    return info is None or info.na_only


def variant_of(lc: Lifecycle, payload: Mapping[str, Any]) -> Lifecycle:
    """The lifecycle a job's payload is checked against: ``lc`` restricted to the job's variant (flexus
    from ``is_flexus``, NA from the state, see :func:`_na`), as the validator chooses it. Mining uses it
    too, so both read a job the same way."""
    return lc.restrict(flexus=payload.get("is_flexus") is True, na=_na(lc, payload.get("state")))


class _Context:
    """What validating against one edition (with overlays) in one language needs, made once."""

    def __init__(self, base: Lifecycle, lang: Lang) -> None:
        self.base = base
        self.lang = lang
        self._variants: list[tuple[Lifecycle, Table] | None] = [None] * 4
        self._decoder: msgspec.json.Decoder[Any] | None = None

    @property
    def lifecycle_decoder(self) -> msgspec.json.Decoder[Any]:
        """The decoder of :func:`_lifecycle_decoder` for this edition's log types (made when first asked)."""
        if self._decoder is None:
            self._decoder = _lifecycle_decoder(self.base.log_types)
        return self._decoder

    def variant(self, state: object, flexus: bool) -> tuple[Lifecycle, Table]:
        """The lifecycle of the job's variant (see :func:`_na`) and its replay table."""
        return self.restricted(flexus, _na(self.base, state))

    def restricted(self, flexus: bool, na: bool) -> tuple[Lifecycle, Table]:
        slot = 2 * flexus + na
        found = self._variants[slot]
        if found is None:
            lc = self.base.restrict(flexus=flexus, na=na)
            found = self._variants[slot] = (lc, table(lc))
        return found


_contexts: dict[tuple[object, ...], _Context] = {}


def _context(edition: str | Edition, overlays: Sequence[str | Path], lang: Lang) -> _Context:
    key = (edition, lang, *overlays) if overlays else (edition, lang)
    try:
        return _contexts[key]
    except (KeyError, TypeError):  # TypeError: an unhashable overlay path
        pass
    ctx = _Context(_lifecycle(str(edition), tuple(str(p) for p in overlays)), lang)
    if len(_contexts) < 256:
        with suppress(TypeError):
            _contexts[key] = ctx
    return ctx


FAST_PATH = True
"""Switch for the equivalence tests: ``False`` sends every job through the reference replay."""

_TIME: Final = itemgetter("operate_time")
_PAIR: Final = itemgetter("log_type", "operate_user")
_PAIR_ATTR: Final = attrgetter("log_type", "operate_user")
_TIME_ATTR: Final = attrgetter("operate_time")
_FIRST: Final = itemgetter(0)
_SECOND: Final = itemgetter(1)
_decode_any: Final = msgspec.json.Decoder().decode


def _lifecycle_decoder(log_types: Iterable[str]) -> msgspec.json.Decoder[Any]:
    """A decoder of the lifecycle fields of a job, which only a clean job fits.

    Log types and actors are literals: an unknown one does not fit (the reference replay reports
    it), and a known one is decoded as the vocabulary's own string, so the replay table's lookups
    compare pointers. The structs hold no references to others: the GC need not track them.
    """
    literal: Any = Literal  # a Literal of values known at run time
    log = msgspec.defstruct(
        "LifecycleLog",
        [
            ("log_type", literal[tuple(log_types)]),
            ("operate_user", literal[tuple(a.value for a in Actor)]),
            ("operate_time", str),
        ],
        gc=False,
    )
    job = msgspec.defstruct(
        "LifecycleJob",
        [
            ("job_id", str),
            ("state", str),
            ("operation_logs", list[log]),  # type: ignore[valid-type]
            ("is_flexus", bool | None, None),
            ("model_version", str | None, None),
            ("create_time", str | None, None),
            ("last_update_time", str | None, None),
        ],
    )
    return msgspec.json.Decoder(job)


Findings = Callable[[], Iterable["FieldFinding"]]
"""The payload-schema findings of a job, computed only when asked (``None``: the schema is not checked)."""


def _schema_findings(findings: Iterable[FieldFinding], replay: _Replay, reported: set[str]) -> None:
    for finding in findings:
        if finding.kind == "deprecated":
            if finding.path != "model_version":  # the replay reports model_version itself
                replay.add("deprecated-value", field=finding.path, value="")
            continue
        if finding.path in reported:
            continue
        replay.add("invalid-field", field=finding.path or None, detail=finding.message)


def _times(created_raw: object, updated_raw: object, log_times: Sequence[object], replay: _Replay) -> None:
    created = _time(created_raw)
    updated = _time(updated_raw)
    first = next((t for t in log_times if _time(t) is not None), None) if created else None
    if created and first is not None and created > cast(datetime, _time(first)):
        replay.add(
            "inconsistent-time",
            field="create_time",
            detail=f"create_time {created_raw} is after the first log ({first})",
        )
    if created and updated and updated < created:
        replay.add(
            "inconsistent-time",
            field="last_update_time",
            detail=f"last_update_time {updated_raw} is before create_time {created_raw}",
        )


@lru_cache(maxsize=64)
def _deprecated(version: str, lang: Lang) -> Diagnostic:
    replay = _Replay(compile_edition(), lang)
    replay.add("deprecated-value", field="model_version", value=version)
    return replay.out[0]


_new_report = object.__new__


def _report(
    edition: str,
    job_id: str | None,
    state: str | None,
    source: str | None,
    final_states: tuple[str, ...],
    diagnostics: tuple[Diagnostic, ...],
) -> Report:
    """``Report(...)``, made faster: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which costs as much as replaying a short history. Same fields, same
    object (a test compares it with ``Report(...)``)."""
    report: Report = _new_report(Report)
    report.__dict__.update(
        edition=edition,
        job_id=job_id,
        state=state,
        source=source,
        final_states=final_states,
        diagnostics=diagnostics,
    )
    return report


def _check(
    ctx: _Context,
    job: tuple[object, object, bool, object, object, object, object],
    findings: Findings | None,
    source: str | None,
) -> Report:
    """Check one job given as (job_id, state, is_flexus is True, operation_logs, model_version,
    create_time, last_update_time), as sent."""
    if FAST_PATH:
        report = _fast(ctx, *job, findings, source)
        if report is not None:
            return report
    return _reference(ctx, *job, findings, source)


def _reference(
    ctx: _Context,
    job_id: object,
    state: object,
    flexus: bool,
    raw_logs: object,
    version: object,
    created: object,
    updated: object,
    findings: Findings | None,
    source: str | None,
) -> Report:
    """The reference checks of one job: every rule, one log at a time."""
    lc, _ = ctx.variant(state, flexus)
    replay = _Replay(lc, ctx.lang)
    reported = set()
    if not isinstance(job_id, str):
        replay.add("invalid-field", field="job_id", detail="is missing" if job_id is None else "must be a string")
        reported.add("job_id")
    if not isinstance(state, str):
        replay.add("invalid-field", field="state", detail="is missing" if state is None else "must be a string")
        reported.add("state")
    logs = _logs(raw_logs, replay)
    reported.update(d.field for d in replay.out if d.field)
    final = replay.run(logs, state if isinstance(state, str) else None)
    if isinstance(state, str):
        if lc.state_info(state) is None:
            replay.add("unknown-state", field="state", state=state, edition=lc.edition)
        elif logs and state not in final and "after-final" not in {d.code for d in replay.out}:
            replay.add("state-mismatch", field="state", state=state, states=_listed(final), _states=final)
    if isinstance(version, str) and version in DEPRECATED_MODEL_VERSIONS:
        replay.add("deprecated-value", field="model_version", value=version)
    _times(created, updated, [log.raw_time for log in logs], replay)
    if findings is not None:
        _schema_findings(findings(), replay, reported)
    return Report(
        edition=lc.edition,
        job_id=job_id if isinstance(job_id, str) else None,
        state=state if isinstance(state, str) else None,
        source=source,
        final_states=tuple(sorted(final)),
        diagnostics=tuple(replay.out),
    )


def _fast(
    ctx: _Context,
    job_id: object,
    state: object,
    flexus: bool,
    raw: object,
    version: object,
    created: object,
    updated: object,
    findings: Findings | None,
    source: str | None,
) -> Report | None:
    """The same checks as :func:`_reference`, in bulk where they can be; ``None`` where they cannot.

    Taken: a job with a string id and state and a non-empty list of log objects, each with all three
    fields. The history is read as (log type, actor) pairs and times; :func:`_verdict` checks them.
    """
    if type(job_id) is not str or type(state) is not str or type(raw) is not list or not raw:
        return None
    try:
        pairs = list(map(_PAIR, raw))
        times = list(map(_TIME, raw))
    except (KeyError, TypeError):  # a log that is not an object or lacks a field
        return None
    return _verdict(ctx, job_id, state, flexus, pairs, times, version, created, updated, findings, source)


def _fast_text(ctx: _Context, text: str | bytes | bytearray, source: str | None) -> Report | None:
    """:func:`_fast` from JSON text, for the lifecycle only: the lifecycle fields are decoded into a
    typed record and the rest of the payload is scanned, not built. ``None`` where the record does
    not fit the text (the caller parses it in full)."""
    if not isinstance(text, str) and not text.isascii():
        # msgspec does not check the UTF-8 of the strings it skips; json.loads refuses a text with
        # bad UTF-8 anywhere (invalid-json). An ASCII text is valid UTF-8: only others need the check.
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        job = ctx.lifecycle_decoder.decode(text)
    except (ValueError, RecursionError):  # msgspec's DecodeError and ValidationError are ValueErrors
        return None
    logs = job.operation_logs
    if not logs:
        return None
    return _verdict(
        ctx,
        job.job_id,
        job.state,
        job.is_flexus is True,
        list(map(_PAIR_ATTR, logs)),
        list(map(_TIME_ATTR, logs)),
        job.model_version,
        job.create_time,
        job.last_update_time,
        None,
        source,
    )


def _verdict(
    ctx: _Context,
    job_id: str,
    state: str,
    flexus: bool,
    pairs: list[Any],
    times: list[Any],
    version: object,
    created: object,
    updated: object,
    findings: Findings | None,
    source: str | None,
) -> Report | None:
    """The checks of :func:`_fast` on a history read into two lists: (log type, actor) pairs and times.

    First the clean case, in bulk: the pairs replay on the table (legality and actors), the job ends in
    a state the replay allows, the times are canonical and in order, and the schema found nothing.
    Anything else is looked at log by log (:func:`_general`).
    """
    lc, tab = ctx.variant(state, flexus)
    found = None if findings is None else list(findings())
    ordered: bool | None = None  # not asked yet
    row, done = tab.walk(pairs)
    if done == len(pairs) and not (found and any(f.kind != "deprecated" or f.path != "model_version" for f in found)):
        info = tab.info(row)
        if state in info.states:
            ordered = _in_order(created, updated, times)
            if ordered:
                deprecated = type(version) is str and version in DEPRECATED_MODEL_VERSIONS
                return _report(
                    lc.edition,
                    job_id,
                    state,
                    source,
                    info.final_states,
                    (_deprecated(cast(str, version), ctx.lang),) if deprecated else (),
                )
    return _general(
        ctx,
        lc,
        tab,
        job_id,
        state,
        list(map(_FIRST, pairs)),
        list(map(_SECOND, pairs)),
        times,
        version,
        created,
        updated,
        None if found is None else lambda: found,
        source,
        (row, done),
        ordered,
    )


def _in_order(created: object, updated: object, times: list[Any]) -> bool:
    """Whether create_time, every log's time and last_update_time (those that are strings) are
    canonical and in order: the usual case, asked in one go (see :func:`canonical_times`)."""
    edges = isinstance(created, str), isinstance(updated, str)
    return canonical_times(
        [created, *times, updated] if edges == (True, True) else [created, *times] if edges[0] else times
    )


def _general(
    ctx: _Context,
    lc: Lifecycle,
    tab: Table,
    job_id: str,
    state: str,
    types: list[Any],
    actors: list[Any],
    times: list[Any],
    version: object,
    created: object,
    updated: object,
    findings: Findings | None,
    source: str | None,
    paired: tuple[Row, int],
    ordered: bool | None,
) -> Report | None:
    """The checks of :func:`_fast` where something may be reported: the log types replay on the table,
    and only the logs it has no clean step for go through the reference step; time order and actors are
    checked for the whole history at once, and log by log only when that check fails.

    ``paired`` is where the walk over (log type, actor) pairs stopped: when it went to the end, every
    step was clean and every actor allowed, and the walk over log types alone would end in the same row.
    ``ordered`` is :func:`_in_order` when the caller asked it already (``None`` when not).
    """
    walked: tuple[Row, int] | None = paired if paired[1] == len(types) else None
    try:
        actors_ok = walked is not None or list(map(tab.actor_of.get, types)) == actors
        if not actors_ok:  # a log type two actors may write, or a mismatch: ask for each pair
            actors_ok = tab.pairs.issuperset(zip(types, actors, strict=True))
    except TypeError:  # an unhashable log type or actor
        return None
    # One check for the usual case: create_time, every log, last_update_time in order. When that
    # fails, the logs alone and the two job times are asked separately.
    times_ok = edges_ok = _in_order(created, updated, times) if ordered is None else ordered
    if not times_ok:
        edges = isinstance(created, str), isinstance(updated, str)
        times_ok = canonical_times(times)
        edges_ok = not edges[0] or canonical_times([created, times[0], updated] if edges[1] else [created, times[0]])
    replay: _Replay | None = None
    row, done = walked or tab.walk(types)
    info = tab.info(row)
    final = info.states
    state_info = lc.state_info(state)
    after_final = False
    if done < len(types) or (state_info is not None and state_info.final and state not in final):
        replay = _Replay(lc, ctx.lang)
        found = replay.run_types(tab, types, state, walked=(row, done))
        if found is None:
            return None
        final = found
        after_final = any(d.code == "after-final" for d in replay.out)
    if not (times_ok and actors_ok):
        replay = _merge(replay or _Replay(lc, ctx.lang), types, actors, times, times_ok, actors_ok)
    if state_info is None:
        replay = replay or _Replay(lc, ctx.lang)
        replay.add("unknown-state", field="state", state=state, edition=lc.edition)
    elif state not in final and not after_final:
        replay = replay or _Replay(lc, ctx.lang)
        replay.add("state-mismatch", field="state", state=state, states=_listed(final), _states=final)
    if type(version) is str and version in DEPRECATED_MODEL_VERSIONS:
        replay = replay or _Replay(lc, ctx.lang)
        replay.out.append(_deprecated(version, ctx.lang))
    if not edges_ok:
        replay = replay or _Replay(lc, ctx.lang)
        _times(created, updated, times, replay)
    if findings is not None:
        replay = replay or _Replay(lc, ctx.lang)
        _schema_findings(findings(), replay, set())  # nothing was reported before the replay here
    return _report(
        lc.edition,
        job_id,
        state,
        source,
        info.final_states if final is info.states else tuple(sorted(final)),
        () if replay is None else tuple(replay.out),
    )


def _merge(
    replay: _Replay, types: list[str], actors: list[object], times: list[object], times_ok: bool, actors_ok: bool
) -> _Replay:
    """The replay's diagnostics with the time-order and actor ones, each log's in the reference order."""
    lc = replay.lc
    extra = _Replay(lc, replay.lang)
    if not times_ok:
        previous: datetime | None = None
        previous_raw: object = None
        for index, raw_time in enumerate(times):
            time = _time(raw_time)
            if time is not None:
                if previous is not None and time < previous:
                    extra.time_regression(index, raw_time, previous_raw)
                previous, previous_raw = time, raw_time
    if not actors_ok:
        pairs = table(lc).pairs
        for index, pair in enumerate(zip(types, actors, strict=True)):
            if pair in pairs:
                continue
            log_type, actor = pair
            info = lc.log_type_info(log_type)
            if info is not None and isinstance(actor, str) and actor in _ACTORS and actor not in info.actors:
                extra.actor_mismatch(index, log_type, actor, info.actors)
    if extra.out:
        cut = len(replay.out) if replay.per_log is None else replay.per_log  # what finish() added stays last
        merged = heapq.merge(replay.out[:cut], sorted(extra.out, key=_rank), key=_rank)
        replay.out = [*merged, *replay.out[cut:]]
    return replay


_cores: dict[tuple[object, ...], tuple[Lifecycle, Table]] = {}
"""The replay core's lifecycle and table by (edition, flexus, na, lang): one lookup per call."""


def replay_log_types(
    log_types: Sequence[str],
    *,
    edition: str | Edition = DEFAULT_EDITION,
    flexus: bool = False,
    na: bool = False,
    lang: Lang = "en",
) -> tuple[frozenset[str], tuple[Diagnostic, ...]]:
    """The replay core: the possible end states of a history of log types, and its diagnostics.

    Legality, unknown and repeated log types, the creation log and logs after a final state are
    checked (times, actors and the reported state need the whole payload: see :func:`validate`).

    >>> final, diagnostics = replay_log_types(["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED"])
    >>> sorted(final), diagnostics
    (['AUTO_VERIFYING'], ())
    >>> [(d.code, d.index) for d in replay_log_types(["USER_CREATE_JOD", "ADMIN_VERIFY_SUCCESS"])[1]]
    [('illegal-transition', 1)]
    """
    key = (edition, flexus, na, lang)
    core = _cores.get(key)
    if core is None:
        core = _cores[key] = _context(edition, (), lang).restricted(flexus, na)
    lc, tab = core
    types: list[str] = log_types if type(log_types) is list else list(log_types)
    walked: tuple[Row, int] | None = None
    if FAST_PATH and types:
        # The table holds string log types only, so a history it walks to the end is all strings:
        # the type check is only needed for the rest (it would cost more than the walk).
        walked = tab.walk(types)
        if walked[1] == len(types):
            return tab.info(walked[0]).states, ()
    if not all(isinstance(t, str) for t in types):
        raise TypeError("log types must be strings")
    if FAST_PATH and types:
        replay = _Replay(lc, lang)
        final = replay.run_types(tab, types, None, walked=walked)
        assert final is not None  # every log type is a string
        return final, tuple(replay.out)
    replay = _Replay(lc, lang)
    return replay.run(_TypeLogs(types)), tuple(replay.out)


def validate_payload(
    payload: object,
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    source: str | None = None,
) -> Report:
    """Validate one job given as parsed JSON (a dict). Never raises on bad data."""
    ctx = _context(edition, overlays, lang)
    if not isinstance(payload, Mapping):
        return _not_an_object(ctx, payload, source)
    return _check(ctx, _fields(payload), _findings(payload) if schema else None, source)


def _fields(payload: Mapping[str, Any]) -> tuple[object, object, bool, object, object, object, object]:
    get = payload.get
    return (
        get("job_id"),
        get("state"),
        get("is_flexus") is True,
        get("operation_logs"),
        get("model_version"),
        get("create_time"),
        get("last_update_time"),
    )


def _findings(payload: Mapping[str, Any]) -> Findings:
    def findings() -> Iterable[FieldFinding]:
        from lifecycle.payload.models import parse_job

        return parse_job(payload if type(payload) is dict else dict(payload)).findings

    return findings


def _not_an_object(ctx: _Context, payload: object, source: str | None) -> Report:
    replay = _Replay(ctx.base, ctx.lang)
    kind = type(payload).__name__ if payload is not None else "null"
    replay.add("invalid-json", detail=f"the top level is {kind}")
    return Report(ctx.base.edition, source=source, diagnostics=tuple(replay.out))


def _loads(text: str | bytes | bytearray) -> object:
    if FAST_PATH:
        try:
            return _decode_any(text)
        except (ValueError, RecursionError):
            pass  # json.loads has the last word: it accepts NaN, 1e400, UTF-16, a BOM, lone surrogates…
    return json.loads(text)


def _validate_text(text: str | bytes | bytearray, ctx: _Context, schema: bool, source: str | None) -> Report:
    if not schema and FAST_PATH:
        report = _fast_text(ctx, text, source)
        if report is not None:
            return report
    findings: Findings | None = None
    if schema and FAST_PATH:
        from lifecycle.payload.models import parse_job_json

        parsed = parse_job_json(bytes(text) if isinstance(text, bytearray) else text)
        model = parsed.job
        findings = lambda: parsed.findings  # noqa: E731 - what the lenient parse found, whatever the path
        # With no value dropped the model holds the payload as sent, and pydantic parsed the bytes itself.
        if model is not None and not any(f.kind == "invalid" for f in parsed.findings):
            report = _fast_model(ctx, model, findings, source)
            if report is not None:
                return report
    try:
        payload = _loads(text)
    except (ValueError, RecursionError) as exc:
        replay = _Replay(ctx.base, ctx.lang)
        replay.add("invalid-json", detail=str(exc)[:200])
        return Report(ctx.base.edition, source=source, diagnostics=tuple(replay.out))
    if not isinstance(payload, Mapping):
        return _not_an_object(ctx, payload, source)
    if schema and findings is None:
        findings = _findings(payload)
    return _check(ctx, _fields(payload), findings, source)


def _fast_model(ctx: _Context, model: Any, findings: Findings, source: str | None) -> Report | None:
    """:func:`_fast` on a payload model that holds the payload as sent (pydantic dropped nothing)."""
    fields = model.__dict__
    job_id, state, logs = fields["job_id"], fields["state"], fields["operation_logs"]
    if type(job_id) is not str or type(state) is not str or not logs:
        return None
    return _verdict(
        ctx,
        job_id,
        state,
        fields["is_flexus"] is True,
        list(map(_PAIR_ATTR, logs)),
        list(map(_TIME_ATTR, logs)),
        fields["model_version"],
        fields["create_time"],
        fields["last_update_time"],
        findings,
        source,
    )


_TEXT: Final = (str, bytes, bytearray)
"""What :func:`validate` reads as JSON text (a tuple: ``str | bytes | bytearray`` in the call would build
a union object on every call)."""


def validate(
    job: object,
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    source: str | None = None,
) -> Report:
    """Validate one job: a dict, JSON text or bytes, a pydantic ``Job``, or an SDK response.

    >>> from pathlib import Path
    >>> report = validate(Path("examples/seed_job.json").read_bytes())
    >>> report.ok, report.codes(), report.final_states
    (True, ['deprecated-value'], ('MANUAL_VERIFYING',))
    """
    if isinstance(job, _TEXT):
        return _validate_text(job, _context(edition, overlays, lang), schema, source)
    payload: object = job
    if hasattr(job, "model_dump"):
        payload = job.model_dump(by_alias=True, exclude_none=True)
    elif hasattr(job, "to_dict"):
        payload = job.to_dict()
    return validate_payload(payload, edition=edition, overlays=overlays, lang=lang, schema=schema, source=source)


def validate_many(
    jobs: Iterable[object],
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    sources: Iterable[str | None] | None = None,
) -> Iterator[Report]:
    """Validate jobs one by one, lazily (memory does not grow with the input).

    ``sources``, when given, names each job in its report (``"jobs.jsonl:3"``), one per job, in order:
    a source left over or missing raises ``ValueError`` when the other iterable ends.
    """
    if sources is None:
        for job in jobs:
            yield validate(job, edition=edition, overlays=overlays, lang=lang, schema=schema)
        return
    for job, source in zip(jobs, sources, strict=True):
        yield validate(job, edition=edition, overlays=overlays, lang=lang, schema=schema, source=source)
