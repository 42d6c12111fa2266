"""Reading jobs from files, JSONL streams, pipes and stdin, in blocks, lazily, in order.

What an input holds is decided the same way for a file and for a stream, so ``lifecycle validate -``
reads a file piped to it as the file itself would be read:

* a ``.jsonl`` / ``.ndjson`` file holds one job per line;
* a ``.json`` file holds one job, or a top-level array of jobs (each item is a job);
* stdin, a FIFO, ``/dev/stdin`` or a process substitution (``<(zcat x.jsonl)``), which have no suffix to
  go by, are one JSON document when their first line opens a pretty-printed one (a lone ``{`` or ``[``),
  and JSONL otherwise. A broken first line therefore does not hide the good lines after it.

Text in UTF-16 or UTF-32 (with a byte order mark) is read as such; a line that is not JSON becomes an
``invalid-json`` report with its line number, so nothing is lost.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, cast

from lifecycle.payload.jsontext import loads

__all__ = [
    "BLOCK_BYTES",
    "BLOCK_RECORDS",
    "JSONL_SUFFIXES",
    "Block",
    "InputError",
    "Record",
    "blocks",
    "check_readable",
    "records",
]

JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson"})
BLOCK_BYTES: Final = 1 << 20
"""How much JSONL a block holds (``readlines`` hint): enough that sending it to a worker costs little
beside validating it, small enough that a few blocks per worker in flight stay a few megabytes."""
BLOCK_RECORDS: Final = 256
"""Records per block for inputs that are not JSONL (a JSON file holding an array of jobs)."""

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def check_readable(paths: Iterable[str]) -> None:
    """Fail before any output when an input cannot be opened (raises :class:`InputError`). Pipes and
    character devices count: they are read as streams."""
    for path in paths:
        if path == "-":
            continue
        p = Path(path)
        if p.is_dir():
            raise InputError(f"cannot read {path}: is a directory")
        if not p.exists():
            raise InputError(f"cannot read {path}: no such file")
        if p.is_file():
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


def _record_blocks(items: Iterable[Record], name: str) -> Iterator[Block]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, BLOCK_RECORDS)):
        yield Block(name, records=chunk)


def _json_document(data: bytes, name: str) -> Iterator[Record]:
    # One job; a top-level array is taken as a list of jobs. Read with the decoders' limits (a text nested
    # too deep is one invalid-json record, not a crash).
    doc = loads(data)
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield Record(f"{name}[{i}]", json.dumps(item, ensure_ascii=False, default=str))
    else:
        yield Record(name, data)


def _utf8(data: bytes) -> bytes:
    """``data`` as UTF-8 when it starts with a UTF-16 or UTF-32 byte order mark (else as it is)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "surrogatepass").encode("utf-8", "surrogatepass")
    return data


def _stream(stream: IO[bytes], name: str) -> Iterator[Block]:
    """A stream with no suffix to go by. JSONL unless its first line opens a pretty-printed document (a
    lone ``{`` or ``[``, as ``json.dumps(..., indent=...)`` writes): a first line that is JSON by itself is a
    JSONL line, and a broken one is one broken line of JSONL, so the good lines after it are read."""
    first = stream.readline()
    if any(first.startswith(bom) for bom, _ in _BOMS):
        # Whole: a UTF-16 text cannot be split at the byte 0x0a.
        stream = cast(IO[bytes], _Bytes(_utf8(first + stream.read())))
        first = stream.readline()
    number = 1
    while first and not first.strip():
        number += 1
        first = stream.readline()
    if first.strip() in (b"{", b"["):
        yield from _record_blocks(_json_document(first + stream.read(), name), name)
        return
    if first:
        yield Block(name, number, first if first.endswith(b"\n") else first + b"\n")
    yield from _line_blocks(stream, name, number + 1)


class _Bytes:
    """A decoded stream, read again as bytes (what :func:`_line_blocks` reads)."""

    def __init__(self, data: bytes) -> None:
        self._lines = iter(data.splitlines(keepends=True))

    def readline(self) -> bytes:
        return next(self._lines, b"")

    def read(self, size: int = -1) -> bytes:
        out = []
        got = 0
        for line in self._lines:
            out.append(line)
            got += len(line)
            if 0 <= size <= got:
                break
        return b"".join(out)


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def blocks(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Block]:
    """Every job of every input, in blocks, lazily, in order (see the module docstring)."""
    import sys

    for path in paths:
        if path == "-":
            yield from _stream(stdin or sys.stdin.buffer, "<stdin>")
        elif not _regular(path):
            with open(path, "rb") as f:
                yield from _stream(f, path)
        elif Path(path).suffix.lower() in JSONL_SUFFIXES:
            with open(path, "rb") as f:
                head = f.read(4)
                if any(head.startswith(bom) for bom, _ in _BOMS):
                    yield from _line_blocks(cast(IO[bytes], _Bytes(_utf8(head + f.read()))), path)
                    continue
                f.seek(0)
                yield from _line_blocks(f, path, seekable=f.seekable())
        else:
            yield from _record_blocks(_json_document(_utf8(Path(path).read_bytes()), path), path)


def records(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Every job of every input, lazily, in order."""
    for block in blocks(paths, stdin):
        yield from block.items()
