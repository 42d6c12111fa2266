"""Reading jobs from files, JSONL streams, pipes and stdin, in blocks, lazily, in order.

What an input holds is decided the same way for a file and for a stream, so ``lifecycle validate -``
reads a file piped to it as the file itself would be read:

* a ``.jsonl`` / ``.ndjson`` file holds one job per line;
* a ``.json`` file holds one job, or a top-level array of jobs (each item is a job), read element by
  element in bounded memory (:mod:`lifecycle.batch.json_array`);
* a directory holds the ``.json``, ``.jsonl`` and ``.ndjson`` files under it (and the same ending in
  ``.gz``), recursively, in name order;
* a gzip-compressed input (known by its first bytes, whatever its name; ``.gz`` is dropped from the name
  to decide the rest) is read decompressed, as it streams;
* a ``.json`` file whose text is not one JSON document but whose first line is one is JSONL (an export
  named ``.json`` by mistake), read line by line;
* stdin, a FIFO, ``/dev/stdin`` or a process substitution (``<(zcat x.jsonl)``), which have no suffix to
  go by, are one JSON document when their first line opens a pretty-printed one (a lone ``{`` or ``[``;
  an array is read element by element, as from a file), and JSONL otherwise. A broken first line
  therefore does not hide the good lines after it;
* pretty-printed documents one after another (``jq '.[]'`` output), on stdin or in a ``.json`` file, are a
  job each, named by the line each starts on (``name:49``, as a JSONL line is); one document alone keeps
  the input's name.

Text in UTF-16 or UTF-32 (with a byte order mark) is read as such; a line that is not JSON becomes an
``invalid-json`` report with its line number, so nothing is lost.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import io
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Final, cast

from lifecycle.batch.block import Block, Record, StaleBlock, file_stamp
from lifecycle.batch.json_array import documents, elements, starts_an_array
from lifecycle.batch.streams import Bytes, Joined
from lifecycle.payload.jsontext import NotJson, loads

__all__ = [
    "BLOCK_BYTES",
    "BLOCK_RECORDS",
    "JSONL_SUFFIXES",
    "Block",
    "InputError",
    "Record",
    "StaleBlock",
    "blocks",
    "check_readable",
    "expand",
    "file_stamp",
    "records",
    "total_bytes",
]

JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson"})
JOB_SUFFIXES: Final = frozenset({".json", *JSONL_SUFFIXES})
"""What a directory is searched for (and the same with ``.gz``)."""
GZIP_MAGIC: Final = b"\x1f\x8b"
BLOCK_BYTES: Final = 1 << 20
"""How much JSONL a block holds (``readlines`` hint): enough that sending it to a worker costs little
beside validating it, small enough that a few blocks per worker in flight stay a few megabytes."""
BLOCK_RECORDS: Final = 256
"""Records per block for inputs that are not JSONL (a JSON file holding an array of jobs)."""
_HEAD_BYTES: Final = 1 << 16
"""How much of a ``.json`` file is looked at to tell an array (read element by element) from one job."""

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """An input that cannot be read at all (exit code 2)."""


def check_readable(paths: Iterable[str]) -> None:
    """Fail before any output when an input cannot be opened (raises :class:`InputError`). Pipes and
    character devices count: they are read as streams."""
    for path in paths:
        if path == "-":
            continue
        p = Path(path)
        if p.is_dir():
            try:
                next(iter(_directory(p)), None)
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror}") from None
            continue
        if not p.exists():
            raise InputError(f"cannot read {path}: no such file")
        if p.is_file():
            try:
                with p.open("rb"):
                    pass
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _directory(root: Path) -> list[Path]:
    """The job files under ``root``, recursively, sorted by their path (hidden folders skipped)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=_raise):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath, name) for name in filenames if _suffix(name) in JOB_SUFFIXES]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _raise(exc: OSError) -> None:
    raise exc


def _suffix(name: str) -> str:
    """The suffix that says what a file holds: ``.jsonl`` for ``x.jsonl.gz``."""
    path = Path(name.lower())
    if path.suffix == ".gz":
        path = path.with_suffix("")
    return path.suffix


def expand(paths: Iterable[str]) -> Iterator[str]:
    """``paths`` with each directory replaced by the job files under it (see the module docstring)."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from (str(p) for p in _directory(Path(path)))
        else:
            yield path


def total_bytes(paths: Iterable[str]) -> int | None:
    """The bytes the inputs hold as stored (what progress counts), ``None`` when a stream is among them."""
    total = 0
    for path in expand(paths):
        if path == "-" or not _regular(path):
            return None
        total += os.path.getsize(path)
    return total


def _line_blocks(
    stream: IO[bytes], name: str, first: int = 1, *, seekable: bool = False, raw: IO[bytes] | None = None
) -> Iterator[Block]:
    """Blocks of whole lines. Under a decompressing ``stream``, ``raw`` is the stored file: a block's size
    is how far the stored file was read meanwhile, and the last block gets the rest of the file."""
    offset = stream.tell() if seekable else 0
    stamp = file_stamp(stream) if seekable else None
    held: Block | None = None
    given = 0
    while chunk := stream.read(BLOCK_BYTES):
        if not chunk.endswith(b"\n"):
            chunk += stream.readline()  # whole lines only
        if held is not None:
            yield held
        if raw is None:
            size = len(chunk)
        else:
            size = max(0, raw.tell() - given)
            given += size
        held = Block(name, first, chunk, span=(offset, len(chunk)) if seekable else None, size=size, stamp=stamp)
        first += chunk.count(b"\n")
        offset += len(chunk)
    if held is not None:
        if raw is not None:
            end = raw.seek(0, os.SEEK_END)
            held = dataclasses.replace(held, size=held.size + max(0, end - given))
        yield held


def _record_blocks(items: Iterable[Record], name: str, size: int = 0, count: int = 0) -> Iterator[Block]:
    """Blocks of ``BLOCK_RECORDS`` records; ``size`` bytes spread over ``count`` records (progress)."""
    iterator = iter(items)
    done = given = 0
    while chunk := list(itertools.islice(iterator, BLOCK_RECORDS)):
        done += len(chunk)
        share = size * done // count - given if count else 0
        given += share
        yield Block(name, records=chunk, size=share)


def _array_blocks(stream: IO[bytes], name: str, raw: IO[bytes] | None = None, total: int = 0) -> Iterator[Block]:
    """Blocks of ``BLOCK_RECORDS`` elements of the JSON array ``stream`` holds, read element by element in
    bounded memory (:mod:`lifecycle.batch.json_array`). A block's size is how far the input was read
    meanwhile (the stored file ``raw`` under a decompressing stream); the last block gets the rest of
    ``total``."""
    given = 0
    chunk: list[Record] = []
    for index, (text, end) in enumerate(elements(stream)):
        chunk.append(Record(f"{name}[{index}]", text))
        if len(chunk) == BLOCK_RECORDS:
            read = raw.tell() if raw is not None else end
            yield Block(name, records=chunk, size=max(0, read - given))
            given, chunk = max(given, read), []
    rest = max(0, total - given)
    if chunk or rest:
        yield Block(name, records=chunk, size=rest)


def _document_blocks(stream: IO[bytes], name: str, total: int = 0, line: int = 1) -> Iterator[Block]:
    """Blocks of the documents ``stream`` holds one after another (:func:`lifecycle.batch.json_array.documents`,
    ``jq '.[]'`` output), streamed. One document is the record ``name``, as a file holding one job is; several
    are each named by the line it starts on (``name:12``), as JSONL lines are, so ``jq -c`` and ``jq`` output
    name a job alike (``stream`` starts at line ``line`` of the input). The last block gets the rest of ``total``
    bytes (progress)."""
    docs = documents(stream, line=line)
    ahead = list(itertools.islice(docs, 2))
    if len(ahead) == 1:
        text, _, end = ahead[0]
        yield Block(name, records=[Record(name, text)], size=max(total, end))
        return
    given = 0
    chunk: list[Record] = []
    for text, line, end in itertools.chain(ahead, docs):
        chunk.append(Record(f"{name}:{line}", text))
        if len(chunk) == BLOCK_RECORDS:
            yield Block(name, records=chunk, size=max(0, end - given))
            given, chunk = max(given, end), []
    rest = max(0, total - given)
    if chunk or rest:
        yield Block(name, records=chunk, size=rest)


def _json_document(data: bytes, name: str) -> tuple[int, Iterator[Record]] | None:
    """How many records a JSON document holds, and the records: one job, or a top-level array taken as a
    list of jobs; ``None`` when ``data`` is not one JSON document. Read with the decoders' limits (a text
    nested too deep is no document here, and one invalid-json record later: not a crash)."""
    doc = loads(data)
    if isinstance(doc, NotJson):
        return None
    if isinstance(doc, list):  # each element's bytes as written, as a streamed array gives them
        texts = (text for text, _ in elements(io.BytesIO(data)))
        return len(doc), (Record(f"{name}[{i}]", text) for i, text in enumerate(texts))
    return 1, iter([Record(name, data)])


def _looks_like_jsonl(data: bytes) -> bool:
    """Text that is not one JSON document, but whose first line is one and more lines follow."""
    lines = [line for line in data.split(b"\n", 2)[:2] if line.strip()]
    return len(lines) == 2 and not isinstance(loads(lines[0]), NotJson)


def _utf8(data: bytes) -> bytes:
    """``data`` as UTF-8 when it starts with a UTF-16 or UTF-32 byte order mark (else as it is)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding, "surrogatepass")
            except UnicodeDecodeError:  # cut short (an odd byte at the end): that end reads as U+FFFD, so its
                text = data.decode(encoding, "replace")  # record is invalid-json and every other is kept
            return text.encode("utf-8", "surrogatepass")
    return data


def _stream(stream: IO[bytes], name: str) -> Iterator[Block]:
    """A stream with no suffix to go by. An array when it starts with ``[`` (pretty-printed or on one line);
    one document when its first line is a lone ``{`` (as ``json.dumps(..., indent=...)`` writes); JSONL
    otherwise: a first line that is JSON by itself is a JSONL line, and a broken one is one broken line of
    JSONL, so the good lines after it are read. A gzip stream is read decompressed."""
    # At most _HEAD_BYTES of the first line at first: a compact array (`jq -c`) is one line, as long as the
    # input, and the array reader streams it from here; a JSONL line gets the rest of itself below.
    first = stream.readline(_HEAD_BYTES)
    if first.startswith(GZIP_MAGIC):
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=io.BufferedReader(Joined(first, stream)), mode="rb"))
        first = stream.readline(_HEAD_BYTES)
    if any(first.startswith(bom) for bom, _ in _BOMS):
        # Whole: a UTF-16 text cannot be split at the byte 0x0a.
        stream = cast(IO[bytes], Bytes(_utf8(first + stream.read())))
        first = stream.readline()
    number = 1
    while first and not first.strip():
        number += 1
        first = stream.readline(_HEAD_BYTES)
    if starts_an_array(first):  # pretty-printed (a lone "[") or compact (`jq -c`, curl): one array either way
        yield from _array_blocks(io.BufferedReader(Joined(first, stream)), name)
        return
    if not first.endswith(b"\n"):
        first += stream.readline()  # the rest of a first line longer than _HEAD_BYTES
    if first.removeprefix(codecs.BOM_UTF8).strip() == b"{":  # a UTF-8 byte order mark aside, as in a file
        # One pretty-printed document, or several one after another (`jq '.[]'`): read as they stream.
        yield from _document_blocks(io.BufferedReader(Joined(first, stream)), name, line=number)
        return
    if first:
        yield Block(name, number, first if first.endswith(b"\n") else first + b"\n", size=len(first))
    yield from _line_blocks(stream, name, number + 1)


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _file(path: str) -> Iterator[Block]:
    """A regular file: gzip by its first bytes, then what it holds by its suffix (``.gz`` dropped)."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(0)
        raw: IO[bytes] | None = None
        stream: IO[bytes] = f
        if head.startswith(GZIP_MAGIC):
            raw, stream = f, cast(IO[bytes], gzip.GzipFile(fileobj=f, mode="rb"))
            head = stream.read(4)
            stream.seek(0)
        if _suffix(path) in JSONL_SUFFIXES:
            if any(head.startswith(bom) for bom, _ in _BOMS):
                yield from _line_blocks(cast(IO[bytes], Bytes(_utf8(stream.read()))), path)
            else:
                yield from _line_blocks(stream, path, seekable=raw is None, raw=raw)
            return
        if starts_an_array(stream.read(_HEAD_BYTES)):
            stream.seek(0)
            yield from _array_blocks(stream, path, raw, size)
            return
        stream.seek(0)
        data = _utf8(stream.read())
    found = _json_document(data, path)
    if found is None and _looks_like_jsonl(data):
        # JSONL in a file named .json: one job per line, as the content says.
        yield from _line_blocks(cast(IO[bytes], Bytes(data)), path)
    elif found is None:  # several documents one after another (`jq '.[]' > jobs.json`), or a broken one
        yield from _document_blocks(io.BytesIO(data), path, size)
    else:
        yield from _record_blocks(found[1], path, size, found[0])


def blocks(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Block]:
    """Every job of every input, in blocks, lazily, in order (see the module docstring)."""
    import sys

    for path in expand(paths):
        if path == "-":
            yield from _stream(stdin or sys.stdin.buffer, "<stdin>")
        elif not _regular(path):
            with open(path, "rb") as f:
                yield from _stream(f, path)
        else:
            yield from _file(path)


def records(paths: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Every job of every input, lazily, in order."""
    for block in blocks(paths, stdin):
        yield from block.items()
