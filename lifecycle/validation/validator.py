"""Validate fetched job histories: the public entry points of the one pipeline.

:func:`validate` takes one job in any form (JSON bytes or text, a dict, a pydantic ``Job``, an SDK
response); a decoder (:mod:`lifecycle.validation.decode`) turns it into job facts, and
:func:`lifecycle.validation.pipeline.judge` replays and checks them. Every form gives the same
diagnostics; the payload schema (``schema=True``, the default) adds ``invalid-field`` and
``deprecated-value`` findings from the pydantic models on top, never other lifecycle findings.
Nothing here raises on bad data; a bad ``edition``, ``overlays`` or ``lang`` raises (see :func:`validate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Final, get_args

from lifecycle.engine.table import StepCode, Table
from lifecycle.engine.table import info as row_info
from lifecycle.payload.sdk import sdk_body
from lifecycle.spec.expectations import Clock
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition, Lang
from lifecycle.validation.checks import CHECKS, Subject, rank
from lifecycle.validation.decode import (
    as_payload,
    facts_from_gate,
    facts_from_mapping,
    facts_from_object,
    facts_from_text,
)
from lifecycle.validation.facts import JobFacts
from lifecycle.validation.pipeline import Context, Schema, context, diagnostic, judge, variant_of
from lifecycle.validation.report import Diagnostic, Report

if TYPE_CHECKING:
    from types import ModuleType

    from lifecycle.payload.parsing import FieldFinding

__all__ = ["replay_log_types", "validate", "validate_many", "validate_payload", "variant_of"]

_gate: ModuleType | None = None
""":mod:`lifecycle.payload.gate`, imported when first needed (msgspec and its generated Structs; pydantic
loads only for a payload the gate refuses)."""

_TEXT: Final = (str, bytes, bytearray, memoryview)
"""What :func:`validate` reads as JSON text (a tuple: a union in the call would be built on every call)."""


def _load_gate() -> ModuleType:
    global _gate
    from lifecycle.payload import gate

    _gate = gate
    return gate


def _judge_text(text: str | bytes, ctx: Context, source: str | None) -> Report:
    """The report on one JSON text with the payload schema: one decode for the schema and the facts.

    The gate (msgspec Structs generated from the pydantic models) decodes the text once and settles clean
    payloads in C; the job facts are read out of its Struct. pydantic runs only on the texts it refuses,
    for the precise findings: the same findings and facts either way (``tests/test_gate.py``).
    """
    gate = _gate or _load_gate()
    job = gate.admit(text)
    if job is not None:
        facts = facts_from_gate(job)
        if facts is not None:
            found = gate.admitted_findings(job)
            return judge(facts, ctx, lambda: found, source)

    def findings() -> Iterable[FieldFinding]:
        from lifecycle.payload.parsing import parse_job_json

        return parse_job_json(text).findings if job is None else gate.admitted_findings(job)

    return judge(facts_from_text(text), ctx, findings, source)


def _object_schema(job: object) -> Schema:
    def findings() -> Iterable[FieldFinding]:
        from lifecycle.payload.parsing import parse_job

        payload = job if type(job) is dict else dict(job) if isinstance(job, Mapping) else job
        return parse_job(payload).findings

    return findings


def validate(
    job: object,
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    source: str | None = None,
    clock: Clock | None = None,
) -> Report:
    """Validate one job: JSON text or bytes, a dict, a pydantic ``Job``, or an SDK response.

    Returns a :class:`~lifecycle.validation.report.Report`; bad data never raises (text that is not a JSON
    object is one ``invalid-json`` diagnostic). ``source`` names the job in the report (``"jobs.jsonl:3"``).
    Raises ``UnknownEdition`` (a ``ValueError``) for an edition not shipped, ``InvalidSpec`` (a ``ValueError``)
    for an overlay that does not load, ``OSError`` for an overlay file that cannot be read, ``ValueError``
    for a ``lang`` other than ``"en"`` and ``"zh"``, and ``TypeError`` for a ``clock`` that is not a
    :class:`~lifecycle.spec.expectations.Clock`. A ``memoryview`` is read as its bytes.

    >>> job = {"job_id": "j1", "name": "demo", "state": "AUTO_VERIFYING", "model_version": "V3", "operation_logs": [
    ...     {"log_type": "USER_CREATE_JOD", "operate_time": "2024-03-01T08:00:00Z"},
    ...     {"log_type": "USER_VERIFYING_SUBMITTED", "operate_time": "2024-03-01T08:05:00Z"}]}
    >>> report = validate(job)
    >>> report.ok, report.codes(), report.final_states
    (True, ['deprecated-value'], ('AUTO_VERIFYING',))
    >>> [d.message for d in report.warnings], report.error_count
    (['model_version V3 is deprecated'], 0)
    """
    if lang != "en" and lang != "zh":
        raise ValueError(f"lang must be one of: en, zh (got {lang!r})")
    if clock is not None and not isinstance(clock, Clock):
        raise TypeError(f"clock must be a lifecycle Clock or None (got {type(clock).__name__})")
    ctx = context(edition, overlays, lang, clock)
    if type(job) is dict:  # the usual object: straight to its decoder
        return judge(facts_from_mapping(job), ctx, _object_schema(job) if schema else None, source)
    if not isinstance(job, _TEXT):
        job = sdk_body(job) or job  # an SDK response's HTTP body: the exact wire types (job_from_sdk reads it too)
    if isinstance(job, _TEXT):
        if type(job) is not str and type(job) is not bytes:  # a bytearray, a memoryview, a subclass (numpy.str_)
            job = str.__str__(job) if isinstance(job, str) else bytes(job)
        if type(job) is str and job[:1] == "\ufeff":
            # A text read with encoding="utf-8" keeps the file's byte order mark, which json refuses in a str
            # and reads in bytes: the same text is read the same either way (RFC 8259 §8.1 allows ignoring it).
            job = job[1:]
        if schema:
            return _judge_text(job, ctx, source)
        return judge(facts_from_text(job), ctx, None, source)
    payload = as_payload(job)  # a Job or an SDK response, converted once for the facts and the schema
    facts = facts_from_object(payload)
    return judge(facts, ctx, _object_schema(payload) if schema and isinstance(facts, JobFacts) else None, source)


def validate_payload(
    payload: object,
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    source: str | None = None,
    clock: Clock | None = None,
) -> Report:
    """Validate one job given as parsed JSON (a dict): :func:`validate` of a dict. Never raises on bad data."""
    return validate(payload, edition=edition, overlays=overlays, lang=lang, schema=schema, source=source, clock=clock)


def validate_many(
    jobs: Iterable[object],
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    lang: Lang = "en",
    schema: bool = True,
    sources: Iterable[str | None] | None = None,
    clock: Clock | None = None,
) -> Iterator[Report]:
    """Validate jobs one by one, lazily (memory does not grow with the input).

    ``sources``, when given, names each job in its report (``"jobs.jsonl:3"``), one per job, in order:
    a source left over or missing raises ``ValueError`` when the other iterable ends.
    """
    if sources is None:
        for job in jobs:
            yield validate(job, edition=edition, overlays=overlays, lang=lang, schema=schema, clock=clock)
        return
    for job, source in zip(jobs, sources, strict=True):
        yield validate(job, edition=edition, overlays=overlays, lang=lang, schema=schema, source=source, clock=clock)


_LOG_CODES: Final[tuple[StepCode, ...]] = get_args(StepCode)
"""The checks a history of log types alone can be given: those of the replay's steps (times, actors and the
state need a payload)."""

_cores: dict[tuple[object, ...], Table] = {}
_STR: Final = frozenset({str})


def replay_log_types(
    log_types: Sequence[str],
    *,
    edition: str | Edition = DEFAULT_EDITION,
    flexus: bool = False,
    na: bool = False,
    lang: Lang = "en",
) -> tuple[frozenset[str], tuple[Diagnostic, ...]]:
    """The replay core: the possible end states of a history of log types, and its diagnostics.

    Legality (and what only an alternative reading allows), unknown and repeated log types, the creation log
    and logs after a final state are checked
    (times, actors and the reported state need the whole payload: see :func:`validate`). Raises
    ``TypeError`` when a log type is not a string.

    >>> final, diagnostics = replay_log_types(["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED"])
    >>> sorted(final), diagnostics
    (['AUTO_VERIFYING'], ())
    >>> [(d.code, d.index) for d in replay_log_types(["USER_CREATE_JOD", "ADMIN_VERIFY_SUCCESS"])[1]]
    [('illegal-transition', 1)]
    """
    key = (edition, flexus, na)
    tab = _cores.get(key)
    if tab is None:
        tab = _cores[key] = context(edition, (), lang).restricted(flexus, na)[1]
    types: list[str] = log_types if type(log_types) is list else list(log_types)
    end = tab.walk(types) if types else None
    if end is not None:
        return row_info(end).states, ()
    if not _STR.issuperset(map(type, types)):
        raise TypeError("log types must be strings")
    facts = JobFacts(None, None, flexus, None, None, None, list(zip(types, repeat(None))), [None] * len(types))
    replay = tab.replay(types)  # no trace: the log checks read it only for a reported final state
    subject = Subject(facts, tab.lc, tab, replay)
    findings = sorted((f for code in _LOG_CODES for f in CHECKS[code](subject)), key=rank)
    return row_info(replay.end).states, tuple(diagnostic(f, lang) for f in findings)
