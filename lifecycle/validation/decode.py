"""One decoder per kind of input, all giving the same :class:`~lifecycle.validation.facts.JobFacts`.

* JSON text (``bytes``, ``bytearray``, ``str``): :func:`facts_from_text`. The lifecycle fields are first
  decoded by msgspec into a small typed record, scanning the rest of the payload (mostly signed URLs)
  without building it. A text that record does not fit (a field of another type, a syntax msgspec refuses)
  is decoded in full by :func:`lifecycle.payload.jsontext.loads` (its limits apply to every input) and read
  like a dict.
* The payload gate's Struct (:func:`lifecycle.payload.gate.admit`, what the default validation decodes a
  text into): :func:`facts_from_gate`, the same facts as :func:`facts_from_text` of that text, without a
  second decode.
* A mapping (``dict``): :func:`facts_from_mapping`.
* A pydantic :class:`~lifecycle.payload.models.Job` or an SDK response: :func:`facts_from_object` reads its
  ``model_dump(by_alias=True, exclude_none=True)`` or ``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter, itemgetter
from typing import Any, Final

import msgspec

from lifecycle.payload.jsontext import NotJson, decode, loads
from lifecycle.payload.sdk import sdk_to_plain
from lifecycle.validation.facts import _FIRST, _SECOND, JobFacts, Problem

__all__ = ["as_payload", "facts_from_gate", "facts_from_mapping", "facts_from_object", "facts_from_text"]


class _Log(msgspec.Struct, gc=False):
    log_type: str
    operate_user: str | None = None
    operate_time: str | None = None


class _Job(msgspec.Struct, gc=False):
    job_id: str | None = None
    state: str | None = None
    operation_logs: list[_Log] | None = None
    is_flexus: bool | None = None
    model_version: str | None = None
    create_time: str | None = None
    last_update_time: str | None = None


_lifecycle_fields: Final = msgspec.json.Decoder(_Job).decode
_PAIR: Final = attrgetter("log_type", "operate_user")
_TIME: Final = attrgetter("operate_time")


def facts_from_text(text: str | bytes | bytearray) -> JobFacts | NotJson:
    """The facts of one job from its JSON text (see the module docstring)."""
    if isinstance(text, bytearray):
        text = bytes(text)
    if not isinstance(text, str) and not text.isascii():
        # msgspec does not check the UTF-8 of what it skips; json refuses bad UTF-8 anywhere.
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return _facts_of(loads(text))
    try:
        job = decode(_lifecycle_fields, text)
    except ValueError:  # msgspec's DecodeError and ValidationError are ValueErrors; so is a text too deep
        return _facts_of(loads(text))
    logs = job.operation_logs or ()
    return _struct_facts(job, list(map(_PAIR, logs)), logs)


def facts_from_gate(job: Any) -> JobFacts | None:
    """The facts of a job from the Struct the payload gate decoded its text into (an instance of
    :data:`lifecycle.payload.gate.GATE`): what :func:`facts_from_text` gives for that text. ``None`` when a
    log has no ``log_type`` (or an empty one), which the gate admits and :func:`facts_from_text` reports:
    decode the text with it then.
    """
    logs = job.operation_logs or ()
    pairs = list(map(_PAIR, logs))
    if not all(map(_FIRST, pairs)):
        return None
    return _struct_facts(job, pairs, logs)


def _struct_facts(job: Any, pairs: list[tuple[str | None, Any]], logs: Any) -> JobFacts:
    """The facts of a decoded Struct (the lifecycle decoder's or the gate's: the same field names)."""
    created, updated = job.create_time, job.last_update_time
    return JobFacts(
        job.job_id, job.state, job.is_flexus, job.model_version, created, updated, pairs, list(map(_TIME, logs))
    )


def _facts_of(value: object) -> JobFacts | NotJson:
    return value if isinstance(value, NotJson) else facts_from_object(value)


def _plain(value: object) -> object:
    """A ``str`` subclass as a plain ``str`` (its own ``__str__``, hash or equality never runs)."""
    return str.__str__(value) if isinstance(value, str) and type(value) is not str else value


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def facts_from_object(value: object) -> JobFacts | NotJson:
    """The facts of one job from a mapping, a pydantic ``Job`` or an SDK response; :class:`NotJson` for
    anything else (a list, a number…)."""
    value = as_payload(value)
    if isinstance(value, Mapping):
        return facts_from_mapping(value)
    return NotJson(f"the top level is {_kind(value)}")


def as_payload(value: object) -> object:
    """A pydantic ``Job`` or an SDK response as the decoded payload it stands for: its
    ``model_dump(by_alias=True, exclude_none=True)``, or the SDK model's attributes by wire name
    (:func:`lifecycle.payload.sdk.sdk_to_plain`; the SDK's own ``to_dict()`` is deprecated and keys by
    attribute name). Anything else as it is. (An SDK response that carries its HTTP body is read as that
    text by :func:`lifecycle.validate`.)"""
    if isinstance(value, Mapping):
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(by_alias=True, exclude_none=True)
    if isinstance(getattr(type(value), "openapi_types", None), dict):
        return sdk_to_plain(value)
    return value


_PAIR_ITEM: Final = itemgetter("log_type", "operate_user")
_TIME_ITEM: Final = itemgetter("operate_time")
_PLAIN: Final = frozenset({str, type(None)})


def _clean_logs(raw: list[Any]) -> tuple[list[tuple[str | None, Any]], list[Any]] | None:
    """``(pairs, times)`` of a history whose logs are all dicts with a string ``log_type`` and a string or
    null actor and time, read without a Python step per log; ``None`` for any other history (the loop
    below reads it, reporting what it must)."""
    if set(map(type, raw)) != {dict}:
        return None
    try:
        pairs = list(map(_PAIR_ITEM, raw))
        times = list(map(_TIME_ITEM, raw))
    except KeyError:  # a log without one of the fields
        return None
    types = set(map(type, map(_FIRST, pairs)))
    if types != {str} or not set(map(type, map(_SECOND, pairs))) <= _PLAIN or not set(map(type, times)) <= _PLAIN:
        return None
    return pairs, times


def facts_from_mapping(payload: Mapping[str, Any]) -> JobFacts:
    """The facts of one job from its decoded payload."""
    get = payload.get
    raw = get("operation_logs")
    problems: list[Problem] = []
    pairs: list[tuple[str | None, Any]] = []
    times: list[Any] = []
    if raw is not None and not isinstance(raw, list):
        problems.append(Problem("operation_logs", "must be a list; treated as empty"))
        raw = None
    clean = _clean_logs(raw) if raw else None
    if clean is not None:  # the usual history, read in C: every log a dict of the three plain fields
        pairs, times = clean
        raw = None
    for i, entry in enumerate(raw or ()):
        if not isinstance(entry, Mapping):
            problems.append(Problem(f"operation_logs[{i}]", "must be an object; skipped", i))
            pairs.append((None, None))
            times.append(None)
            continue
        log_type = _plain(entry.get("log_type"))
        if type(log_type) is not str:
            detail = "is missing; the log is skipped" if log_type is None else "must be a string; the log is skipped"
            problems.append(Problem(f"operation_logs[{i}].log_type", detail, i))
            log_type = None
        pairs.append((log_type, _plain(entry.get("operate_user"))))
        times.append(_plain(entry.get("operate_time")))
    flexus = get("is_flexus")
    if flexus is not None and type(flexus) is not bool:
        problems.append(Problem("is_flexus", "must be a boolean; the job is checked as either variant"))
    fields = _fields(payload, get)
    if not _PLAIN.issuperset(map(type, fields)):
        fields = tuple(map(_plain, fields))
    job_id, state, version, created, updated = fields
    return JobFacts(job_id, state, flexus, version, created, updated, pairs, times, tuple(problems))


_FIELD_NAMES: Final = ("job_id", "state", "model_version", "create_time", "last_update_time")
_FIELDS: Final = itemgetter(*_FIELD_NAMES)


def _fields(payload: Mapping[str, Any], get: Any) -> tuple[Any, ...]:
    """The top-level fields the checks read, ``None`` for an absent one (one C call for a dict that has all)."""
    if type(payload) is dict:
        try:
            found: tuple[Any, ...] = _FIELDS(payload)
        except KeyError:
            pass
        else:
            return found
    return tuple(get(name) for name in _FIELD_NAMES)
