"""Validating JSONL partitions on an existing distributed engine (Dask bags, Spark ``mapPartitions``).

The engine splits the input, ships functions to its workers and gathers results; all this module adds
is the function to ship: :func:`validate_partition` runs :func:`~lifecycle.validation.validator.validate_many`
over one partition of JSONL lines and gives the report dicts ``lifecycle validate --format jsonl``
prints for them, sources included, so a cluster's output and the command line's can be compared line
for line. It is a plain module-level function of plain data (lines in, dicts out), so every engine
can pickle it. Summing the reports is :meth:`Tally.of <lifecycle.validation.report.Tally.of>` per partition and
:meth:`Tally.total <lifecycle.validation.report.Tally.total>` over them. The recipe is in the README and
``examples/dask_validate.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition, Lang
from lifecycle.validation.report import JobReportDict
from lifecycle.validation.validator import validate_many

__all__ = ["validate_partition"]

Line = str | bytes
"""One JSONL line, with or without its newline."""


def _bytes(line: str) -> bytes:
    """A line read as text, as the bytes the command line would read: bytes that were not UTF-8 come
    back from ``errors="surrogateescape"`` (the README's ``read_text``) as they were, and any other
    lone surrogate stays what it is, not UTF-8 (the line is then ``invalid-json``, as its bytes were)."""
    try:
        return line.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return line.encode("utf-8", "surrogatepass")


def validate_partition(
    lines: Iterable[Line | tuple[Line, str]],
    *,
    name: str = "<partition>",
    first: int = 1,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: tuple[str | Path, ...] = (),
    lang: Lang = "en",
    schema: bool = True,
) -> list[JobReportDict]:
    """The reports of a partition's jobs, in order, each with its source ``name:line``.

    ``lines`` are JSONL lines, or ``(line, path)`` pairs as Dask's ``read_text(..., include_path=True)``
    gives them; lines are numbered from ``first`` for each path (or ``name``), so with one partition
    per file (``blocksize=None``) a source is the file's own line number, as the command line says it.
    Lines read as text are validated as the UTF-8 bytes they were read from (see :func:`_bytes`).
    Blank lines (ASCII whitespace only) are skipped and counted, as the command line does; any other
    line that is not a JSON object becomes an ``invalid-json`` report. Nothing raises for bad input
    and nothing is dropped.

    >>> job = '{"job_id": "j1", "state": "WAIT_FILE_UPLOAD", "operation_logs": [{"log_type": "USER_CREATE_JOD"}]}'
    >>> reports = validate_partition([job, "", "not json"], name="jobs.jsonl")
    >>> [(r["source"], r["valid"]) for r in reports]
    [('jobs.jsonl:1', True), ('jobs.jsonl:3', False)]
    """
    numbers: dict[str, int] = {}
    jobs: list[bytes] = []
    sources: list[str] = []
    for item in lines:
        line, where = item if isinstance(item, tuple) else (item, name)
        number = numbers.get(where, first)
        numbers[where] = number + 1
        data = line if isinstance(line, bytes) else _bytes(line)
        if data.strip():  # bytes.strip, as the command line: only ASCII whitespace makes a line blank
            jobs.append(data if data.endswith(b"\n") else data + b"\n")  # as the command line reads it
            sources.append(f"{where}:{number}")
    found = validate_many(jobs, edition=edition, overlays=overlays, lang=lang, schema=schema, sources=sources)
    return [report.to_dict() for report in found]
