"""Reading jobs from files, JSONL streams and stdin, and validating them in order, in parallel if asked.

Input is read in :class:`Block` s — about a megabyte of JSONL lines, or a few hundred records of a JSON
file — and each block is validated *and rendered* as a whole: the output text of its jobs and their
tally come back together. With ``jobs > 1`` the blocks go to worker processes and the parent only reads
and writes, so it stays out of the workers' way on a machine with as many cores as workers; results are
taken in input order, with a bounded number of blocks in flight, so memory does not grow with the input.

A line that is not JSON becomes an ``invalid-json`` report with its line number; nothing is lost.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Literal

from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.render import job_text
from lifecycle.validation.report import JobReportDict, Tally, json_line
from lifecycle.validation.validator import validate

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
BLOCK_BYTES = 1 << 20
"""How much JSONL a block holds (``readlines`` hint): enough that sending it to a worker costs little
beside validating it, small enough that a few blocks per worker in flight stay a few megabytes."""
BLOCK_RECORDS = 256
"""Records per block for inputs that are not JSONL (a JSON file holding an array of jobs)."""
IN_FLIGHT = 3
"""Blocks in flight per worker: one being validated, the next ones waiting, so no worker idles."""

Format = Literal["text", "json", "jsonl"]


class InputError(Exception):
    """An input that cannot be read at all (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One job as read: where it came from and its raw text."""

    source: str
    text: str | bytes


@dataclass(frozen=True, slots=True)
class Block:
    """Jobs read together: whole JSONL ``lines`` as read (one ``bytes``, numbered from ``first``), or
    whole ``records`` of another input.

    The lines stay one object until a worker splits them: sending a block to a worker is then one copy,
    and the reading process makes no object per line.
    """

    name: str
    first: int = 1
    lines: bytes = b""
    records: list[Record] = field(default_factory=list)
    span: tuple[int, int] | None = None
    """Where ``lines`` lie in the file ``name`` (offset, size), when they were read from a file."""

    def located(self) -> Block:
        """The block without its lines when it says where to read them: what a worker is sent, so the
        reading process does not copy them to it (the worker reads them from the file itself)."""
        return Block(self.name, self.first, span=self.span) if self.span is not None else self

    def items(self) -> Iterator[Record]:
        """The block's jobs, in order (blank lines skipped)."""
        yield from self.records
        data = self.lines
        if not data and self.span is not None:
            offset, size = self.span
            with open(self.name, "rb") as f:
                f.seek(offset)
                data = f.read(size)
        if not data:
            return
        name = self.name
        lines = data.split(b"\n")
        if not lines[-1]:
            del lines[-1]  # the newline that ends the block
        for number, line in enumerate(lines, self.first):
            if line.strip():
                yield Record(f"{name}:{number}", line + b"\n")


@dataclass(frozen=True, slots=True)
class Options:
    edition: str
    overlays: tuple[str, ...]
    lang: Lang
    schema: bool = True
    format: Format = "jsonl"
    colour: bool = False


@dataclass(slots=True)
class Rendered:
    """What one block gave: the output of its jobs (``text`` and ``jsonl`` formats), their reports
    (``json`` format: the document is written at the end), and their tally."""

    text: str
    reports: list[JobReportDict]
    tally: Tally


def check_readable(paths: Iterable[str]) -> None:
    """Fail before any output when an input cannot be opened."""
    for path in paths:
        if path == "-":
            continue
        p = Path(path)
        if not p.is_file():
            raise InputError(f"cannot read {path}: {'is a directory' if p.is_dir() else 'no such file'}")
        try:
            with p.open("rb"):
                pass
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _line_blocks(stream: IO[bytes], name: str, first: int = 1, *, seekable: bool = False) -> Iterator[Block]:
    offset = stream.tell() if seekable else 0
    while chunk := stream.read(BLOCK_BYTES):
        if not chunk.endswith(b"\n"):
            chunk += stream.readline()  # whole lines only
        yield Block(name, first, chunk, span=(offset, len(chunk)) if seekable else None)
        first += chunk.count(b"\n")
        offset += len(chunk)


def _record_blocks(records: Iterable[Record], name: str) -> Iterator[Block]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, BLOCK_RECORDS)):
        yield Block(name, records=chunk)


def _json_file(data: bytes, name: str) -> Iterator[Record]:
    # A .json file holds one job; a top-level array is taken as a list of jobs.
    try:
        doc = json.loads(data)
    except ValueError:
        yield Record(name, data)
        return
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield Record(f"{name}[{i}]", json.dumps(item, ensure_ascii=False))
    else:
        yield Record(name, data)


def _stdin(stream: IO[bytes]) -> Iterator[Block]:
    # One JSON document (possibly pretty-printed) or JSONL: JSONL when the first line is JSON by itself.
    number = 1
    first = stream.readline()
    while first and not first.strip():
        number += 1
        first = stream.readline()
    try:
        json.loads(first)
        is_jsonl = True
    except ValueError:
        is_jsonl = False
    if is_jsonl:
        yield Block("<stdin>", number, first if first.endswith(b"\n") else first + b"\n")
        yield from _line_blocks(stream, "<stdin>", number + 1)
    else:
        yield from _record_blocks(_json_file(first + stream.read(), "<stdin>"), "<stdin>")


def blocks(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Block]:
    """Every job of every input, in blocks, lazily, in order."""
    for path in paths:
        if path == "-":
            yield from _stdin(stdin or sys.stdin.buffer)
        elif Path(path).suffix.lower() in JSONL_SUFFIXES:
            with open(path, "rb") as f:
                yield from _line_blocks(f, path, seekable=f.seekable())
        else:
            yield from _record_blocks(_json_file(Path(path).read_bytes(), path), path)


def records(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Every job of every input, lazily, in order."""
    for block in blocks(paths, stdin):
        yield from block.items()


_options: Options | None = None


def _init(options: Options) -> None:
    global _options
    _options = options


def _render(block: Block) -> Rendered:
    """Validate and render one block (in a worker, or in the main process with one job)."""
    assert _options is not None
    o = _options
    tally = Tally()
    kept: list[JobReportDict] = []
    out: list[str] = []
    for record in block.items():
        report = validate(
            record.text, edition=o.edition, overlays=o.overlays, lang=o.lang, schema=o.schema, source=record.source
        ).to_dict()
        tally.add(report)
        if o.format == "json":
            kept.append(report)
        elif o.format == "jsonl":
            out.append(json_line(report))
        else:
            out.append(job_text(report, o.lang, o.colour))
    return Rendered("".join(line + "\n" for line in out), kept, tally)


def _start_method() -> str:
    # fork: workers start at once with the parent's compiled lifecycle (warmed by the caller), instead
    # of importing and compiling it again as spawned ones must. Only where it is safe: POSIX with fork,
    # and no other thread running (forking a threaded process can deadlock the child).
    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


def validate_blocks(items: Iterable[Block], options: Options, jobs: int = 1) -> Iterator[Rendered]:
    """Each block validated and rendered, in input order, by ``jobs`` processes: this one and
    ``jobs - 1`` workers.

    The reading process works too: it hands blocks out only while a worker has room (``IN_FLIGHT``
    blocks each) and validates the next block itself otherwise, so the workers never wait and no core
    is left to a process that only reads. A block of a file goes out as where to read it (the worker
    reads it itself); a block of stdin is copied to the worker through a pipe.
    """
    _init(options)
    if jobs <= 1:
        yield from map(_render, items)
        return
    workers = jobs - 1
    room = IN_FLIGHT * workers
    # Compile the lifecycle once here: forked workers inherit it.
    validate("{}", edition=options.edition, overlays=options.overlays, lang=options.lang)
    with get_context(_start_method()).Pool(workers, initializer=_init, initargs=(options,)) as pool:
        pending: deque[AsyncResult[Rendered] | Rendered] = deque()
        sent = 0  # blocks sent to the workers and not yet taken back

        def head() -> Rendered:
            nonlocal sent
            first = pending.popleft()
            if isinstance(first, AsyncResult):
                sent -= 1
                return first.get()
            return first

        for block in items:
            if sent - sum(1 for p in pending if isinstance(p, AsyncResult) and p.ready()) < room:
                pending.append(pool.apply_async(_render, (block.located(),)))
                sent += 1
            else:
                pending.append(_render(block))
            # Write what is done, in order; wait for a worker only when too much is held back.
            while pending and (
                not isinstance(pending[0], AsyncResult) or pending[0].ready() or len(pending) > 2 * room + 2
            ):
                yield head()
        while pending:
            yield head()
