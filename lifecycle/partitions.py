"""Validating JSONL partitions on an existing distributed engine (Dask bags, Spark ``mapPartitions``).

The engine splits the input, ships functions to its workers and gathers results; all this module adds
is the function to ship: :func:`validate_partition` runs :func:`~lifecycle.validator.validate_many`
over one partition of JSONL lines and gives the report dicts ``lifecycle validate --format jsonl``
prints for them, sources included, so a cluster's output and the command line's can be compared line
for line. It is a plain module-level function of plain data (lines in, dicts out), so every engine
can pickle it. Summing the reports is :meth:`Tally.of <lifecycle.report.Tally.of>` per partition and
:meth:`Tally.total <lifecycle.report.Tally.total>` over them. The recipe is in the README and
``examples/dask_validate.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lifecycle.report import JobReportDict
from lifecycle.validator import validate_many
from lifecycle.vocabulary import DEFAULT_EDITION, Edition, Lang

Line = str | bytes
"""One JSONL line, with or without its newline."""


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
    Blank lines are skipped and counted, as the command line does; a line that is not JSON becomes an
    ``invalid-json`` report. Nothing raises for bad input and nothing is dropped.

    >>> from pathlib import Path
    >>> seed = Path("examples/seed_job.json").read_text(encoding="utf-8").replace("\\n", "")
    >>> reports = validate_partition([seed, "", "not json"], name="jobs.jsonl")
    >>> [(r["source"], r["valid"]) for r in reports]
    [('jobs.jsonl:1', True), ('jobs.jsonl:3', False)]
    """
    numbers: dict[str, int] = {}
    jobs: list[Line] = []
    sources: list[str] = []
    for item in lines:
        line, where = item if isinstance(item, tuple) else (item, name)
        number = numbers.get(where, first)
        numbers[where] = number + 1
        if line.strip():
            jobs.append(line)
            sources.append(f"{where}:{number}")
    found = validate_many(jobs, edition=edition, overlays=overlays, lang=lang, schema=schema, sources=sources)
    return [report.to_dict() for report in found]
