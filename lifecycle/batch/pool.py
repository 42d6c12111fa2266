"""Validating jobs in order, in parallel if asked (reading them is :mod:`lifecycle.batch.inputs`).

Input is read in blocks (:class:`~lifecycle.batch.inputs.Block`) — about a megabyte of JSONL lines, or a few
hundred records of a JSON file — and each block is validated *and rendered* as a whole: the output text of its
jobs and their tally come back together. With ``jobs > 1`` the blocks go to worker processes and the parent
only reads and writes, so it stays out of the workers' way on a machine with as many cores as workers; results
are taken in input order, with a bounded number of blocks in flight, so memory does not grow with the input.

The selection (``--select``/``--ignore``), ``--quiet`` and the statistics are applied here, where a block is
rendered, so they work with any number of workers and nothing but counts outlives a block.

A line that is not JSON becomes an ``invalid-json`` report with its line number; nothing is lost.
Workers ignore Ctrl-C: the reading process takes it, and leaving the pool's ``with`` ends them.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from typing import Final, Literal, NamedTuple

from lifecycle.batch import inputs
from lifecycle.batch.inputs import (
    Block,
    InputError,
    Record,
    StaleBlock,
    blocks,
    check_readable,
    records,
)
from lifecycle.spec.expectations import Clock
from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.render import job_text
from lifecycle.validation.report import JobReportDict, Tally, json_line
from lifecycle.validation.selection import Selection, Statistics, select_report
from lifecycle.validation.validator import validate

__all__ = [
    "IN_FLIGHT",
    "Block",
    "Format",
    "InputError",
    "Options",
    "Record",
    "Rendered",
    "blocks",
    "check_readable",
    "records",
    "validate_blocks",
]

IN_FLIGHT = 3
"""Blocks in flight per worker: one being validated, the next ones waiting, so no worker idles."""

Format = Literal["text", "json", "jsonl"]


@dataclass(frozen=True, slots=True)
class Options:
    edition: str
    overlays: tuple[str, ...]
    lang: Lang
    schema: bool = True
    format: Format = "jsonl"
    colour: bool = False
    selection: Selection = field(default_factory=Selection)
    quiet: bool = False
    """Only jobs with a selected diagnostic are written (all are counted)."""
    statistics: bool = False
    clock: Clock | None = None
    """``--now`` with the expectations: the ``overdue`` check runs (see :mod:`lifecycle.validation.stages`)."""


@dataclass(slots=True)
class Rendered:
    """What one block gave: the output of its jobs (``text`` and ``jsonl`` formats), their reports
    (``json`` format: the document is written at the end), and their tally."""

    text: str
    reports: list[JobReportDict]
    tally: Tally
    statistics: Statistics | None = None
    size: int = 0
    """The bytes of input the block covered (see :attr:`Block.size`): progress."""


_options: Options | None = None


def _init(options: Options) -> None:
    global _options
    _options = options


def _init_worker(options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the reading process's to handle
    _init(options)


def _render(block: Block) -> Rendered:
    """Validate and render one block (in a worker, or in the main process with one job)."""
    assert _options is not None
    o = _options
    tally = Tally()
    statistics = Statistics() if o.statistics else None
    kept: list[JobReportDict] = []
    out: list[str] = []
    for record in block.items():
        full = validate(
            record.text,
            edition=o.edition,
            overlays=o.overlays,
            lang=o.lang,
            schema=o.schema,
            source=record.source,
            clock=o.clock,
        ).to_dict()
        report = select_report(full, o.selection)
        tally.add(report)
        if statistics is not None:
            statistics.add(report)
        if o.quiet and not report["diagnostics"]:
            continue
        if o.format == "json":
            kept.append(report)
        elif o.format == "jsonl":
            out.append(json_line(report))
        else:
            out.append(job_text(report, o.lang, o.colour))
    return Rendered("".join(line + "\n" for line in out), kept, tally, statistics, block.size)


_WARM_UP: Final = (
    # admitted by the payload gate: the gate and the standard variant's table
    b'{"job_id": "warm-up", "name": "warm-up", "state": "AUTO_VERIFYING", "operation_logs": ['
    b'{"log_type": "USER_CREATE_JOD", "operate_time": "2024-03-01T08:00:00Z"}, '
    b'{"log_type": "USER_VERIFYING_SUBMITTED", "operate_time": "2024-03-01T08:05:00Z"}]}',
    # refused by the gate: pydantic and the models, for the findings
    b"{}",
    # a log the spec's reading does not allow: the alternative readings' lifecycles
    b'{"job_id": "warm-up", "state": "AUTO_VERIFYING", "operation_logs": [{"log_type": "USER_CREATE_JOD"}, '
    b'{"log_type": "ADMIN_VERIFY_SUCCESS"}]}',
)
"""Jobs validated before the workers fork, so that they inherit what validating them loads and compiles
instead of each doing it again: the admitted job alone left pydantic and the alternative readings to every
process, which made ``--jobs 2`` slower than warming up on ``{}`` alone."""


def _start_method() -> str:
    # fork: workers start at once with the parent's compiled lifecycle (warmed by the caller), instead
    # of importing and compiling it again as spawned ones must. Only where it is safe: POSIX with fork,
    # and no other thread running (forking a threaded process can deadlock the child).
    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


class _Sent(NamedTuple):
    """A block handed to a worker, and the block as read (lines included) when the worker reads them again from
    its file (else ``None``: the worker was sent the lines)."""

    result: AsyncResult[Rendered]
    block: Block | None


def _first_blocks(items: Iterator[Block]) -> tuple[list[Block], bool]:
    """The first blocks of ``items``, read until they hold more than one block's worth (``BLOCK_BYTES`` of
    lines or ``BLOCK_RECORDS`` records), and whether they do (else the input ended first). A stdin's first
    line, two small files or an array's empty last block are not worth a pool."""
    ahead: list[Block] = []
    size = count = 0
    for block in items:
        ahead.append(block)
        size += len(block.lines) or (block.span[1] if block.span else 0)
        count += len(block.records)
        # (read when asked: tests set them) One block may be a little over BLOCK_BYTES: it ends a line.
        if len(ahead) > 1 and (size > inputs.BLOCK_BYTES or count > inputs.BLOCK_RECORDS):
            return ahead, True
    return ahead, False


def validate_blocks(items: Iterable[Block], options: Options, jobs: int = 1) -> Iterator[Rendered]:
    """Each block validated and rendered, in input order, by ``jobs`` processes: this one and
    ``jobs - 1`` workers.

    The reading process works too: it hands blocks out only while a worker has room (``IN_FLIGHT``
    blocks each) and validates the next block itself otherwise, so the workers never wait and no core
    is left to a process that only reads. A block of a file goes out as where to read it (the worker
    reads it itself); a block of stdin is copied to the worker through a pipe.
    """
    _init(options)
    items = iter(items)
    ahead, more = _first_blocks(items) if jobs > 1 else ([], False)
    if not more:  # a block's worth has no one to share it with: a pool would only cost its start
        yield from map(_render, chain(ahead, items))
        return
    items = chain(ahead, items)
    workers = jobs - 1
    room = IN_FLIGHT * workers
    method = _start_method()
    if method == "fork":  # forked workers inherit what these load and compile (spawned ones start afresh)
        for job in _WARM_UP:
            validate(job, edition=options.edition, overlays=options.overlays, lang=options.lang, schema=options.schema)
    with get_context(method).Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        pending: deque[_Sent | Rendered] = deque()
        sent = 0  # blocks sent to the workers and not yet taken back

        def head() -> Rendered:
            nonlocal sent
            first = pending.popleft()
            if isinstance(first, _Sent):
                sent -= 1
                try:
                    return first.result.get()
                except StaleBlock:  # its file changed since: the lines read then are still here
                    assert first.block is not None  # only a block read again from its file can be stale
                    return _render(first.block)
            return first

        for block in items:
            if sent - sum(1 for p in pending if isinstance(p, _Sent) and p.result.ready()) < room:
                located = block.located()
                pending.append(_Sent(pool.apply_async(_render, (located,)), block if located is not block else None))
                sent += 1
            else:
                pending.append(_render(block))
            # Write what is done, in order; wait for a worker only when too much is held back.
            while pending and (
                not isinstance(pending[0], _Sent) or pending[0].result.ready() or len(pending) > 2 * room + 2
            ):
                yield head()
        while pending:
            yield head()
