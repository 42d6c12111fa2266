"""Diagnostics and reports: stable codes, their severities, and renderings for people and programs.

The codes and their severities are a documented contract (README, "Diagnostic codes"); a test
checks that the codes here equal the codes there. Severity choices:

* **error** — the history or the reported state contradicts the lifecycle or a documented fact.
* **warning** — the payload deviates from documented form, or the library cannot judge a value it
  does not know (a newer API); the lifecycle was still checked as far as possible. ``--strict``
  makes warnings fail too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NotRequired

import msgspec
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from lifecycle.payload.redaction import redact_text
from lifecycle.spec.vocabulary import LOG_TYPES, STATES
from lifecycle.validation.codes import _ERROR_CODES, CODES, Severity

__all__ = [
    "CODES",
    "SCHEMA_DIALECT",
    "BatchReportDict",
    "CodeCountDict",
    "Diagnostic",
    "DiagnosticDict",
    "GroupCountDict",
    "JobReportDict",
    "Report",
    "Severity",
    "StatisticsDict",
    "StatisticsLineDict",
    "SummaryDict",
    "SummaryLineDict",
    "Tally",
    "check_batch_dict",
    "check_report_dict",
    "echoed",
    "json_line",
    "report_json_schema",
    "report_line_json_schema",
    "summarise",
]

if TYPE_CHECKING:  # pydantic loads only for the report's JSON Schema and checks, not to validate jobs
    from pydantic import TypeAdapter


class DiagnosticDict(TypedDict):
    code: str
    severity: str
    index: int | None
    field: str | None
    message: str
    log_type: str | None
    states: list[str]
    allowed: list[str]
    confidence: str | None
    reading: str | None


class JobReportDict(TypedDict):
    source: str | None
    job_id: str | None
    state: str | None
    edition: str
    valid: bool
    final_states: list[str]
    diagnostics: list[DiagnosticDict]


class SummaryDict(TypedDict):
    jobs: int
    valid: int
    invalid: int
    errors: int
    warnings: int


class CodeCountDict(TypedDict):
    """How often a code was reported: ``diagnostics`` in all, in ``jobs`` jobs."""

    code: str
    severity: str
    diagnostics: int
    jobs: int


class GroupCountDict(TypedDict):
    """Jobs whose reported state is in a console ``group`` (its Chinese name, or ``-`` for none or unknown)."""

    group: str
    jobs: int
    invalid: int
    diagnostics: int


class StatisticsDict(TypedDict):
    """``--statistics``: counts per code (most frequent first) and per console group (console order)."""

    codes: list[CodeCountDict]
    groups: list[GroupCountDict]


class BatchReportDict(TypedDict):
    summary: SummaryDict
    jobs: list[JobReportDict]
    statistics: NotRequired[StatisticsDict]


class SummaryLineDict(TypedDict):
    """The last line of ``--format jsonl``."""

    summary: SummaryDict


class StatisticsLineDict(TypedDict):
    """The line before the summary of ``--format jsonl --statistics``."""

    statistics: StatisticsDict


_encode: Final = msgspec.json.Encoder().encode


def json_line(document: object) -> str:
    r"""``document`` as compact JSON on one line, non-ASCII characters as they are: what ``--format
    jsonl`` writes. (msgspec encodes a job report several times faster than ``json.dumps``; the
    command line writes one per job.)

    A lone surrogate (JSON text may hold one as an escape, ``"\ud800"``, and reports echo payload
    values) is not UTF-8: such a document is written with ``\u`` escapes for everything beyond ASCII.

    >>> json_line({"job_id": "a", "valid": True, "final_states": ["已完成"]})
    '{"job_id":"a","valid":true,"final_states":["已完成"]}'
    >>> json_line({"job_id": chr(0xD800), "state": "已完成"})
    '{"job_id":"\\ud800","state":"\\u5df2\\u5b8c\\u6210"}'
    """
    try:
        return _encode(document).decode()
    except UnicodeEncodeError:
        return json.dumps(document, separators=(",", ":"))


_WORDS: Final = frozenset(str(s.value) for s in STATES) | frozenset(str(t.value) for t in LOG_TYPES)
"""The vocabulary's states and log types (of every edition): words that hold no secret, echoed as they are."""


def echoed(value: str | None) -> str | None:
    """A raw value from the payload as every output echoes it: a state or log type of the vocabulary as it is,
    anything else through :func:`~lifecycle.payload.redaction.redact_text` (never a phone number or a URL
    secret). ``None`` and ``""`` as they are."""
    return value if not value or value in _WORDS else redact_text(value)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable ``code``, where (``index`` into operation_logs, ``field`` path), why."""

    code: str
    message: str
    index: int | None = None
    field: str | None = None
    log_type: str | None = None
    states: tuple[str, ...] = ()
    """The possible states before the log."""
    allowed: tuple[str, ...] = ()
    """The log types those states allow."""
    confidence: str | None = None
    """For a diagnostic about the rules: how sure the evidence it rests on is (``documented``,
    ``implied`` or ``assumed``; see the rule's evidence in ``lifecycle explain``)."""
    reading: str | None = None
    """For ``unconfirmed-transition``: the alternative reading of the sources that allows the log."""

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def to_dict(self) -> DiagnosticDict:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "index": self.index,
            "field": self.field,
            "message": self.message,
            "log_type": echoed(self.log_type),
            "states": list(self.states),
            "allowed": list(self.allowed),
            "confidence": self.confidence,
            "reading": self.reading,
        }


@dataclass(frozen=True)
class Report:
    """The verdict on one job."""

    edition: str
    job_id: str | None = None
    state: str | None = None
    source: str | None = None
    final_states: tuple[str, ...] = ()
    """Where the replay may have ended (sorted)."""
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Diagnostic]:
        """The error-severity diagnostics, in report order."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warning-severity diagnostics, in report order."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def error_count(self) -> int:
        """How many error-severity diagnostics there are."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warning_count(self) -> int:
        """How many warning-severity diagnostics there are."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        """No error-severity diagnostic."""
        return not self.diagnostics or not any(d.code in _ERROR_CODES for d in self.diagnostics)

    def passes(self, *, strict: bool = False) -> bool:
        """``ok``, and with ``strict`` no warning either."""
        return self.ok and not (strict and self.warning_count)

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]

    def to_dict(self) -> JobReportDict:
        return {
            "source": self.source,
            "job_id": echoed(self.job_id),
            "state": echoed(self.state),
            "edition": self.edition,
            "valid": self.ok,
            "final_states": list(self.final_states),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }

    def to_json(self) -> str:
        """The report as one line of JSON (see :func:`json_line`)."""
        return json_line(self.to_dict())

    def __repr__(self) -> str:
        # The payload's values as every other output shows them: a phone number or a URL secret in job_id,
        # state or the input's name never reaches a log or a notebook through repr() either.
        return (
            f"Report(edition={self.edition!r}, job_id={echoed(self.job_id)!r}, state={echoed(self.state)!r}, "
            f"source={echoed(self.source)!r}, final_states={self.final_states!r}, diagnostics={self.diagnostics!r})"
        )


@dataclass(slots=True)
class Tally:
    """Running counts over job reports, for a stream: add reports (or other tallies) as they come."""

    jobs: int = 0
    valid: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, report: Report | JobReportDict) -> None:
        if isinstance(report, Report):
            report = report.to_dict()
        self.jobs += 1
        self.valid += report["valid"]
        for d in report["diagnostics"]:
            if d["severity"] == "error":
                self.errors += 1
            elif d["severity"] == "warning":
                self.warnings += 1

    def merge(self, other: Tally) -> None:
        self.jobs += other.jobs
        self.valid += other.valid
        self.errors += other.errors
        self.warnings += other.warnings

    @classmethod
    def of(cls, reports: Iterable[Report] | Iterable[JobReportDict]) -> Tally:
        """The tally of some reports (a distributed engine's per-partition step)."""
        tally = cls()
        for report in reports:
            tally.add(report)
        return tally

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """The sum of tallies (a distributed engine's aggregate step)."""
        tally = cls()
        for other in tallies:
            tally.merge(other)
        return tally

    def failed(self, *, strict: bool = False) -> bool:
        """Some job has an error (with ``strict``: or a warning)."""
        return self.valid < self.jobs or (strict and self.warnings > 0)

    def summary(self) -> SummaryDict:
        return {
            "jobs": self.jobs,
            "valid": self.valid,
            "invalid": self.jobs - self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def summarise(reports: Iterable[Report] | Iterable[JobReportDict]) -> SummaryDict:
    """Counts over many job reports."""
    return Tally.of(reports).summary()


@cache
def _batch_adapter() -> TypeAdapter[BatchReportDict]:
    from pydantic import TypeAdapter

    return TypeAdapter(BatchReportDict)


@cache
def _job_adapter() -> TypeAdapter[JobReportDict]:
    from pydantic import TypeAdapter

    return TypeAdapter(JobReportDict)


SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every published schema (pydantic writes draft 2020-12)."""


def _enums(schema: dict[str, Any]) -> dict[str, Any]:
    # The code list and severities come from the code table, like the README's (a test holds them equal).
    for name in ("DiagnosticDict", "CodeCountDict"):
        properties = schema["$defs"].get(name, {}).get("properties")
        if properties:
            properties["code"]["enum"] = list(CODES)
            properties["severity"]["enum"] = [s.value for s in Severity]
            if "confidence" in properties:
                properties["confidence"]["anyOf"][0]["enum"] = ["documented", "implied", "assumed"]
    return schema


def report_json_schema() -> dict[str, Any]:
    """JSON Schema of ``lifecycle validate --format json`` (``lifecycle schema report``)."""
    schema = _batch_adapter().json_schema()
    schema["title"] = "lifecycle validate report"
    schema["$schema"] = SCHEMA_DIALECT
    return _enums(schema)


@cache
def _line_adapter() -> TypeAdapter[JobReportDict | StatisticsLineDict | SummaryLineDict]:
    from pydantic import TypeAdapter

    return TypeAdapter(JobReportDict | StatisticsLineDict | SummaryLineDict)


def report_line_json_schema() -> dict[str, Any]:
    """JSON Schema of one line of ``lifecycle validate --format jsonl`` (``lifecycle schema report-line``): a
    job report, the statistics (with ``--statistics``) or the summary (the last line)."""
    schema = _line_adapter().json_schema()
    schema["title"] = "lifecycle validate report line"
    schema["$schema"] = SCHEMA_DIALECT
    return _enums(schema)


def check_report_dict(data: object) -> JobReportDict:
    """Validate one job report against the schema (raises pydantic's ValidationError)."""
    return _job_adapter().validate_python(data, strict=True)


def check_batch_dict(data: object) -> BatchReportDict:
    """Validate a whole ``--format json`` document against the schema."""
    return _batch_adapter().validate_python(data, strict=True)
