"""Validating JSONL partitions on an existing distributed engine (Dask, Spark ``mapPartitions``).

The engine splits the input, ships functions to its workers and gathers results; all this module adds
is the functions to ship, plain module-level functions of plain data that every engine can pickle:

* :func:`write_partition` validates one partition, writes its report file and returns only its
  :class:`~lifecycle.validation.report.Tally`: each partition is validated once, in one task, and no
  report is kept in the cluster's memory (the Dask recipe in the README and ``examples/dask_validate.py``);
* :func:`validate_partition` gives a partition's report dicts (Spark's ``mapPartitionsWithIndex``).

Both give the lines ``lifecycle validate --format jsonl`` prints for the same jobs, sources included,
so a cluster's output and the command line's can be compared byte for byte. Tallies add up with
:meth:`Tally.total <lifecycle.validation.report.Tally.total>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition, Lang
from lifecycle.validation.report import JobReportDict, Report, Tally, json_line
from lifecycle.validation.validator import validate_many

__all__ = ["validate_partition", "write_partition"]

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


def _jobs(lines: Iterable[Line | tuple[Line, str]], name: str, first: int) -> tuple[list[bytes], list[str]]:
    """The jobs of a partition as the command line reads them, and their sources ``path:line``."""
    numbers: dict[str, int] = {}
    jobs: list[bytes] = []
    sources: list[str] = []
    for item in lines:
        line, where = item if isinstance(item, tuple) else (item, name)
        number = numbers.get(where, first)
        numbers[where] = number + 1
        data = line if isinstance(line, bytes) else _bytes(line)
        if data and not data.isspace():  # as the command line: only ASCII whitespace makes a line blank
            jobs.append(data[:-1] if data.endswith(b"\n") else data)  # the line without its newline, as the CLI
            sources.append(f"{where}:{number}")
    return jobs, sources


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
    and nothing is dropped. All the reports are returned at once: to write them instead, see
    :func:`write_partition`.

    >>> job = '{"job_id": "j1", "state": "WAIT_FILE_UPLOAD", "operation_logs": [{"log_type": "USER_CREATE_JOD"}]}'
    >>> reports = validate_partition([job, "", "not json"], name="jobs.jsonl")
    >>> [(r["source"], r["valid"]) for r in reports]
    [('jobs.jsonl:1', True), ('jobs.jsonl:3', False)]
    """
    jobs, sources = _jobs(lines, name, first)
    found = validate_many(jobs, edition=edition, overlays=overlays, lang=lang, schema=schema, sources=sources)
    return [report.to_dict() for report in found]


def write_partition(
    lines: Iterable[Line | tuple[Line, str]],
    destination: str | Path,
    *,
    name: str = "<partition>",
    edition: str | Edition = DEFAULT_EDITION,
    overlays: tuple[str | Path, ...] = (),
    lang: Lang = "en",
    schema: bool = True,
) -> Tally:
    """Validate a partition once, write its reports to ``destination`` and return their tally.

    ``destination`` is a local path (its folder is made if missing) or, with ``fsspec`` installed (Dask
    brings it), any fsspec URL (``s3://bucket/reports/0.jsonl``). The file holds one line per job, UTF-8,
    each ending with ``\\n``: the lines ``lifecycle validate --format jsonl`` prints for the same jobs,
    without its summary line (the tally is that summary). Reports are written as they are made, so a
    worker holds the partition's lines but not their reports. ``lines``, ``name`` and the options are
    those of :func:`validate_partition` (lines are numbered from 1); an empty partition writes an
    empty file. Raises ``OSError`` when ``destination`` cannot be written.

    >>> import tempfile
    >>> seed = Path("examples/seed_job.json").read_text(encoding="utf-8").replace("\\n", "")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     tally = write_partition([seed, "not json"], f"{folder}/reports/0.jsonl", name="jobs.jsonl")
    ...     written = Path(folder, "reports", "0.jsonl").read_text(encoding="utf-8").splitlines()
    >>> tally.summary()["jobs"], tally.summary()["valid"], len(written)
    (2, 1, 2)
    """
    jobs, sources = _jobs(lines, name, 1)
    found = validate_many(jobs, edition=edition, overlays=overlays, lang=lang, schema=schema, sources=sources)
    with _open(str(destination)) as out:
        return _write(found, out)


def _write(reports: Iterator[Report], out: BinaryIO) -> Tally:
    tally = Tally()
    for report in reports:
        document = report.to_dict()
        tally.add(document)
        out.write(json_line(document).encode() + b"\n")  # json_line escapes what is not UTF-8
    return tally


def _open(destination: str) -> BinaryIO:
    if "://" in destination:
        import fsspec  # type: ignore[import-untyped]  # only for URLs: fsspec comes with Dask

        opened: BinaryIO = fsspec.open(destination, "wb").open()
        return opened
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("wb")
