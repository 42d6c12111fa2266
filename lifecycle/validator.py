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
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from lifecycle import compile_edition
from lifecycle.engine import Lifecycle
from lifecycle.messages import render
from lifecycle.models import parse_rfc3339
from lifecycle.redaction import redact_text
from lifecycle.report import Diagnostic, Report
from lifecycle.vocabulary import DEFAULT_EDITION, DEPRECATED_MODEL_VERSIONS, Actor, Edition, Lang

_ACTORS = frozenset(a.value for a in Actor)
_MAX_LISTED = 8


def _listing(names: Iterable[str]) -> str:
    items = sorted(names)
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" (+{len(items) - _MAX_LISTED} more)" if len(items) > _MAX_LISTED else "") if items else "-"


def _time(value: object) -> datetime | None:
    # The same RFC 3339 reading as the payload models, so both agree on what a valid time is.
    if not isinstance(value, str):
        return None
    try:
        return parse_rfc3339(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Log:
    index: int
    log_type: str | None
    actor: object
    time: datetime | None
    raw_time: object


class _Replay:
    """One job's replay; collects diagnostics."""

    def __init__(self, lc: Lifecycle, lang: Lang) -> None:
        self.lc = lc
        self.lang = lang
        self.out: list[Diagnostic] = []

    def add(self, code: str, *, index: int | None = None, field: str | None = None, **params: Any) -> None:
        log_type = params.get("log_type")
        states = params.pop("_states", ())
        allowed = params.pop("_allowed", ())
        self.out.append(
            Diagnostic(
                code,
                # Raw values (a state, a log type, a schema finding) are echoed: strip any secret.
                redact_text(render(code, self.lang, field=field or "", **params)),
                index=index,
                field=field,
                log_type=log_type if isinstance(log_type, str) else None,
                states=tuple(sorted(states)),
                allowed=tuple(sorted(allowed)),
            )
        )

    def run(self, logs: Sequence[_Log], reported: str | None = None) -> frozenset[str]:
        """Replay ``logs``; returns the possible end states.

        ``reported`` (the payload's state) anchors ``after-final``: JOB_FINISH is entered silently
        (CONFIRM_ACCEPT writes no log), so a job that reports a final state the replay could
        reach earlier, but not at the end, has logs after it reached that state.
        """
        lc = self.lc
        anchor = reported if reported is not None and lc.is_final(reported) else None
        finishable_until: int | None = None
        creation = lc.spec.creation.log_type
        possible = lc.closure_of(lc.start)
        previous: datetime | None = None
        previous_raw: object = None
        seen_once: dict[str, int] = {}
        if not logs:
            self.add("missing-creation", first="nothing", creation=creation)
        for n, log in enumerate(logs):
            if log.time is not None:
                if previous is not None and log.time < previous:
                    self.add(
                        "time-regression",
                        index=log.index,
                        field=f"operation_logs[{log.index}].operate_time",
                        time=log.raw_time,
                        previous=previous_raw,
                    )
                previous, previous_raw = log.time, log.raw_time
            log_type = log.log_type
            if log_type is None:
                continue  # reported as invalid-field when it was read
            info = lc.log_type_info(log_type)
            if info is None:
                self.add("unknown-log-type", index=log.index, log_type=log_type, edition=lc.edition)
                continue
            if isinstance(log.actor, str) and log.actor in _ACTORS and log.actor not in info.actors:
                self.add(
                    "actor-mismatch",
                    index=log.index,
                    field=f"operation_logs[{log.index}].operate_user",
                    log_type=log_type,
                    actor=log.actor,
                    actors="/".join(sorted(a.value for a in info.actors)),
                )
            if info.once:
                if log_type in seen_once:
                    self.add("repeated-log", index=log.index, log_type=log_type, first=seen_once[log_type])
                seen_once.setdefault(log_type, log.index)
            if n == 0 and log_type != creation:
                self.add("missing-creation", index=log.index, first=log_type, creation=creation)
                possible = lc.entry_states(log_type)
                continue
            if all(lc.is_final(s) for s in possible):
                self.add("after-final", index=log.index, log_type=log_type, states=_listing(possible), _states=possible)
                continue
            following = lc.step(possible, log_type)
            if not following:
                allowed = lc.allowed_in(possible)
                moving = [t for t in allowed if lc.effect(t) != "side"]
                self.add(
                    "illegal-transition",
                    index=log.index,
                    log_type=log_type,
                    states=_listing(possible),
                    allowed=_listing(moving) + (f" (+{len(allowed) - len(moving)} side events)" if allowed else ""),
                    _states=possible,
                    _allowed=allowed,
                )
                # Resynchronise on both readings: the log was spurious (keep the states before it)
                # or real, with the logs that led to it missing (every state it can lead to).
                following = possible | lc.entry_states(log_type)
            possible = following
            if anchor in possible:
                finishable_until = n
        if anchor is not None and anchor not in possible and finishable_until is not None:
            after = logs[finishable_until + 1]
            self.add(
                "after-final",
                index=after.index,
                log_type=after.log_type,
                states=anchor,
                _states=possible,
            )
        return possible


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


def _variant(lc: Lifecycle, payload: Mapping[str, Any]) -> Lifecycle:
    # Flexus: the payload says so (is_flexus; absent = a standard job, as in the seed example).
    # NA whitelist: no field says so; a job reporting an NA-only state is one, and a job whose state
    # is unknown or missing gets the benefit of the doubt.
    state = payload.get("state")
    info = lc.state_info(state) if isinstance(state, str) else None
    return lc.restrict(flexus=payload.get("is_flexus") is True, na=info is None or info.na_only)


def _schema_findings(payload: Mapping[str, Any], replay: _Replay, reported: set[str]) -> None:
    from lifecycle.models import parse_job  # pydantic models load only when the schema is checked

    for finding in parse_job(dict(payload)).findings:
        if finding.kind == "deprecated":
            if finding.path != "model_version":  # the replay reports model_version itself
                replay.add("deprecated-value", field=finding.path, value="")
            continue
        if finding.path in reported:
            continue
        replay.add("invalid-field", field=finding.path or None, detail=finding.message)


def _times(payload: Mapping[str, Any], logs: Sequence[_Log], replay: _Replay) -> None:
    created = _time(payload.get("create_time"))
    updated = _time(payload.get("last_update_time"))
    first = next((log for log in logs if log.time is not None), None)
    if created and first and first.time and created > first.time:
        replay.add(
            "inconsistent-time",
            field="create_time",
            detail=f"create_time {payload['create_time']} is after the first log ({first.raw_time})",
        )
    if created and updated and updated < created:
        replay.add(
            "inconsistent-time",
            field="last_update_time",
            detail=f"last_update_time {payload['last_update_time']} is before create_time {payload['create_time']}",
        )


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
    base = _lifecycle(str(edition), tuple(str(p) for p in overlays))
    replay = _Replay(base, lang)
    if not isinstance(payload, Mapping):
        kind = type(payload).__name__ if payload is not None else "null"
        replay.add("invalid-json", detail=f"the top level is {kind}")
        return Report(base.edition, source=source, diagnostics=tuple(replay.out))
    lc = _variant(base, payload)
    replay.lc = lc
    job_id = payload.get("job_id")
    state = payload.get("state")
    reported = set()
    if not isinstance(job_id, str):
        replay.add("invalid-field", field="job_id", detail="is missing" if job_id is None else "must be a string")
        reported.add("job_id")
    if not isinstance(state, str):
        replay.add("invalid-field", field="state", detail="is missing" if state is None else "must be a string")
        reported.add("state")
    logs = _logs(payload.get("operation_logs"), replay)
    reported.update(d.field for d in replay.out if d.field)
    final = replay.run(logs, state if isinstance(state, str) else None)
    if isinstance(state, str):
        if lc.state_info(state) is None:
            replay.add("unknown-state", field="state", state=state, edition=lc.edition)
        elif logs and state not in final and "after-final" not in {d.code for d in replay.out}:
            replay.add("state-mismatch", field="state", state=state, states=_listing(final), _states=final)
    version = payload.get("model_version")
    if isinstance(version, str) and version in DEPRECATED_MODEL_VERSIONS:
        replay.add("deprecated-value", field="model_version", value=version)
    _times(payload, logs, replay)
    if schema:
        _schema_findings(payload, replay, reported)
    return Report(
        edition=lc.edition,
        job_id=job_id if isinstance(job_id, str) else None,
        state=state if isinstance(state, str) else None,
        source=source,
        final_states=tuple(sorted(final)),
        diagnostics=tuple(replay.out),
    )


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
    payload: object = job
    if isinstance(job, str | bytes | bytearray):
        try:
            payload = json.loads(job)
        except (ValueError, RecursionError) as exc:
            replay = _Replay(_lifecycle(str(edition), tuple(str(p) for p in overlays)), lang)
            replay.add("invalid-json", detail=str(exc)[:200])
            return Report(replay.lc.edition, source=source, diagnostics=tuple(replay.out))
    elif hasattr(job, "model_dump"):
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
) -> Iterator[Report]:
    """Validate jobs one by one, lazily (memory does not grow with the input)."""
    for job in jobs:
        yield validate(job, edition=edition, overlays=overlays, lang=lang, schema=schema)
