"""Parsing a job-detail payload with the models of :mod:`lifecycle.payload.models`: lenient (every problem a
:class:`FieldFinding` with its JSON path, the offending value dropped and everything else kept) or strict
(pydantic's ``ValidationError``); from a dict, JSON text or an SDK response; and the payload's JSON Schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Final, TypeAlias

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from lifecycle.payload.findings import FieldFinding, FindingKind, deprecated_findings
from lifecycle.payload.jsontext import NotJson, loads
from lifecycle.payload.models import ActionSampleInfo, Job, VoiceProperties
from lifecycle.payload.redaction import redact_value_for_message
from lifecycle.payload.sdk import sdk_body, sdk_to_plain

__all__ = [
    "FieldFinding",
    "FindingKind",
    "ParsedJob",
    "deprecated_findings",
    "job_from_sdk",
    "job_json_schema",
    "parse_job",
    "parse_job_json",
]


@dataclass(frozen=True, slots=True)
class ParsedJob:
    """The result of parsing: the job (``None`` only when the root is not a JSON object) and findings."""

    job: Job | None
    findings: tuple[FieldFinding, ...] = ()

    @property
    def problems(self) -> tuple[FieldFinding, ...]:
        """Findings other than ``deprecated`` ones."""
        return tuple(f for f in self.findings if f.kind != "deprecated")


Loc: TypeAlias = tuple[int | str, ...]


def _format_path(parts: Iterable[int | str]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


class _Workspace:
    """A copy-on-write view of the raw payload from which invalid values are removed.

    Only the containers on the path to a removed value are copied (the caller's data is never mutated).
    Removing list items shifts indices, so each modified list remembers the original index of each of its
    items: finding paths always name positions in the payload as sent.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root: dict[str, Any] = dict(root)
        self._owned: dict[int, Any] = {id(self.root): self.root}
        self._origin: dict[int, list[int]] = {}

    def _own(self, parent: dict[str, Any] | list[Any], key: Any) -> Any:
        child = parent[key]
        if self._owned.get(id(child)) is child:
            return child
        if isinstance(child, dict):
            child = dict(child)
        elif isinstance(child, list):
            child = list(child)
        else:
            return child
        parent[key] = child
        self._owned[id(child)] = child
        return child

    def original_index(self, container: list[Any], index: int) -> int:
        origin = self._origin.get(id(container))
        return index if origin is None else origin[index]

    def locate(self, loc: Loc) -> tuple[Any, int | str, list[int | str]] | None:
        """(parent container, last key, original path parts) of ``loc``, or None if it does not exist."""
        if not loc:
            return None
        node: Any = self.root
        parts: list[int | str] = []
        for step in loc:
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                parts.append(step)
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                parts.append(self.original_index(node, step))
            else:
                return None
            if len(parts) < len(loc):
                node = self._own(node, step)
        return node, loc[-1], parts

    def remove_items(self, container: list[Any], indices: set[int]) -> None:
        origin = self._origin.setdefault(id(container), list(range(len(container))))
        for index in sorted(indices, reverse=True):
            del container[index]
            del origin[index]


_MAX_ROUNDS: Final = 16


def _nearest_key(loc: Loc) -> str | None:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return None


def _invalid_message(error: Any) -> str:
    loc: Loc = tuple(error["loc"])
    shown = redact_value_for_message(_nearest_key(loc), error.get("input"))
    return f"{error['msg']} (got {shown}); value dropped"


def _lenient_validate(data: dict[str, Any]) -> tuple[Job, list[FieldFinding], _Workspace | None]:
    """Validate, dropping each invalid value and recording it, until the rest validates."""
    try:
        return Job.model_validate(data), [], None
    except ValidationError as first:
        exc = first
    work = _Workspace(data)
    findings: list[FieldFinding] = []
    for _ in range(_MAX_ROUNDS):
        progress = False
        removals: dict[int, tuple[list[Any], set[int]]] = {}
        for error in exc.errors(include_url=False, include_context=False):
            located = work.locate(tuple(error["loc"]))
            if located is None:
                continue
            parent, key, parts = located
            findings.append(FieldFinding(_format_path(parts), "invalid", _invalid_message(error)))
            if isinstance(parent, dict):
                del parent[key]
            else:
                removals.setdefault(id(parent), (parent, set()))[1].add(int(key))
            progress = True
        for container, indices in removals.values():
            work.remove_items(container, indices)
        if not progress:
            break
        try:
            return Job.model_validate(work.root), findings, work
        except ValidationError as again:
            exc = again
    # Unreachable with the current models (every error has a removable location); kept as a safety net so
    # that lenient parsing never raises.
    findings.append(FieldFinding("", "invalid", "the payload could not be repaired; all fields dropped"))
    return Job.model_construct(), findings, None


def _required_findings(job: Job, work: _Workspace | None) -> list[tuple[Loc, str]]:
    """Locations (and original paths) of SDK-required fields that are ``None``."""
    out: list[tuple[Loc, str]] = [((name,), name) for name in Job.STRICT_REQUIRED if getattr(job, name) is None]
    if job.samples:
        raw_samples = work.root.get("samples") if work is not None else None
        for i, sample in enumerate(job.samples):
            orig = work.original_index(raw_samples, i) if work is not None and isinstance(raw_samples, list) else i
            for name in ActionSampleInfo.STRICT_REQUIRED:
                if getattr(sample, name) is None:
                    out.append((("samples", i, name), _format_path(("samples", orig, name))))
    if job.voice_properties is not None:
        for name in VoiceProperties.STRICT_REQUIRED:
            if getattr(job.voice_properties, name) is None:
                out.append((("voice_properties", name), f"voice_properties.{name}"))
    return out


def _deprecated_findings(job: Job) -> list[FieldFinding]:
    return deprecated_findings(job.model_version)


def _error_response_finding(job: Job) -> list[FieldFinding]:
    extra = job.model_extra or {}
    if job.job_id is not None or "error_code" not in extra or "error_msg" not in extra:
        return []
    code = redact_value_for_message("error_code", extra["error_code"])
    return [FieldFinding("", "error-response", f"the payload is an API error body (error_code {code}), not a job")]


def _as_plain(data: object) -> object:
    if isinstance(data, Job):
        return data.model_dump(by_alias=True, exclude_unset=True)
    return data


def _finish_lenient(job: Job, findings: list[FieldFinding], work: _Workspace | None) -> ParsedJob:
    reported = {f.path for f in findings}
    for _, path in _required_findings(job, work):
        if path not in reported:
            findings.append(FieldFinding(path, "missing", "required field is absent or null"))
    findings.extend(_deprecated_findings(job))
    findings.extend(_error_response_finding(job))
    return ParsedJob(job, tuple(findings))


def _finish_strict(job: Job) -> ParsedJob:
    missing = _required_findings(job, None)
    if missing:
        raise ValidationError.from_exception_data(
            "Job",
            [InitErrorDetails(type="missing", loc=loc, input=None) for loc, _ in missing],
            hide_input=True,
        )
    return ParsedJob(job, tuple(_deprecated_findings(job)))


def parse_job(data: object, *, strict: bool = False) -> ParsedJob:
    """Parse a decoded job-detail answer (a ``dict`` from ``json.loads``, or a :class:`Job`).

    Lenient (default): never raises for JSON-compatible input; every problem is a :class:`FieldFinding`,
    the offending value is dropped and everything else kept; ``job`` is ``None`` only when the root is not
    a JSON object. Strict: raises :class:`pydantic.ValidationError` on the first batch of problems
    (type/range/format errors, then missing required fields); ``deprecated`` values are still only findings.
    """
    data = _as_plain(data)
    if strict:
        return _finish_strict(Job.model_validate(data))
    if not isinstance(data, dict):
        return ParsedJob(None, (FieldFinding("", "invalid", f"the payload is {_json_kind(data)}, not a JSON object"),))
    job, findings, work = _lenient_validate(data)
    return _finish_lenient(job, findings, work)


def parse_job_json(text: str | bytes, *, strict: bool = False) -> ParsedJob:
    """Parse the JSON text of a job-detail answer.

    Lenient: text that is not JSON gives ``ParsedJob(None, (FieldFinding("", "invalid-json", …),))``.
    Strict: uses pydantic's JSON parser, so invalid JSON raises :class:`pydantic.ValidationError`
    (type ``json_invalid``) like every other problem — nothing else is raised.
    """
    if strict:
        return _finish_strict(Job.model_validate_json(text))
    try:
        job = Job.model_validate_json(text)  # fast path: valid payloads skip the Python decoder
    except ValidationError:
        pass
    else:
        return _finish_lenient(job, [], None)
    data = loads(text)  # the limits every entry point shares (lifecycle.payload.jsontext)
    if isinstance(data, NotJson):
        return ParsedJob(None, (FieldFinding("", "invalid-json", f"the text is not JSON: {data.detail}"),))
    return parse_job(data)


def job_from_sdk(response: object, *, strict: bool = False) -> ParsedJob:
    """Parse a ``huaweicloudsdkmetastudio.v1.Show2dModelTrainingJobResponse`` (or a plain dict).

    If the response carries the HTTP body (``raw_content``, set by the SDK client), that body is parsed: it
    has the exact wire types and unknown fields, which the SDK's attributes lose (the SDK coerces ``5`` to
    ``"5"`` for string fields and drops unknown keys). Otherwise the attributes are read (duck-typed via
    ``openapi_types``; the SDK is never imported). ``x_request_id`` is a response header, not body: it is
    dropped — read it from the response if needed.
    """
    raw = sdk_body(response)
    if raw is not None:
        return parse_job_json(raw, strict=strict)
    if isinstance(response, dict | Job):
        return parse_job(response, strict=strict)
    return parse_job(sdk_to_plain(response), strict=strict)


@cache
def _schema() -> str:
    return json.dumps(Job.model_json_schema(by_alias=True))


def job_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12, by wire name) of :class:`Job`; a fresh copy on every call."""
    schema: dict[str, Any] = json.loads(_schema())
    return schema
