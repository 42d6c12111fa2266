"""Reading jobs from files, JSONL streams and stdin, and validating them in order, in parallel if asked.

Memory does not grow with a JSONL input: records are read lazily and validated in blocks; with
``jobs > 1`` each block is spread over worker processes and the results come back in input order.
A line that is not JSON becomes an ``invalid-json`` report with its line number; nothing is lost.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import IO

from lifecycle.report import JobReportDict
from lifecycle.validator import validate
from lifecycle.vocabulary import Lang

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
BLOCK = 512


class InputError(Exception):
    """An input that cannot be read at all (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One job as read: where it came from and its raw text."""

    source: str
    text: str | bytes


@dataclass(frozen=True, slots=True)
class Options:
    edition: str
    overlays: tuple[str, ...]
    lang: Lang
    schema: bool = True


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


def _lines(stream: IO[bytes], name: str) -> Iterator[Record]:
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield Record(f"{name}:{number}", line)


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


def _stdin(stream: IO[bytes]) -> Iterator[Record]:
    # One JSON document (possibly pretty-printed) or JSONL: JSONL when the first line is JSON by itself.
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    try:
        json.loads(first)
        is_jsonl = True
    except ValueError:
        is_jsonl = False
    if is_jsonl:
        yield Record("<stdin>:1", first)
        for number, line in enumerate(stream, 2):
            if line.strip():
                yield Record(f"<stdin>:{number}", line)
    else:
        yield from _json_file(first + stream.read(), "<stdin>")


def records(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Every job of every input, lazily, in order."""
    for path in paths:
        if path == "-":
            yield from _stdin(stdin or sys.stdin.buffer)
        elif Path(path).suffix.lower() in JSONL_SUFFIXES:
            with open(path, "rb") as f:
                yield from _lines(f, path)
        else:
            yield from _json_file(Path(path).read_bytes(), path)


_options: Options | None = None


def _init(options: Options) -> None:
    global _options
    _options = options


def _one(record: Record) -> JobReportDict:
    assert _options is not None
    o = _options
    report = validate(
        record.text, edition=o.edition, overlays=o.overlays, lang=o.lang, schema=o.schema, source=record.source
    )
    return report.to_dict()


def validate_records(items: Iterable[Record], options: Options, jobs: int = 1) -> Iterator[JobReportDict]:
    """Job reports in input order; ``jobs`` worker processes when more than one."""
    if jobs <= 1:
        _init(options)
        yield from map(_one, items)
        return
    with get_context("spawn").Pool(jobs, initializer=_init, initargs=(options,)) as pool:
        iterator = iter(items)
        while block := list(itertools.islice(iterator, BLOCK * jobs)):
            yield from pool.map(_one, block, chunksize=max(1, len(block) // (jobs * 4)))
