"""A JSON array read element by element: each element's bytes as written, in bounded memory.

A ``.json`` file (or stdin) holding a top-level array of jobs is split without being decoded. A scanner that
knows strings (a bracket, a comma or a quote inside one is text, escapes included) and nesting finds where
each element ends, and hands its exact bytes to the decoder every job goes through
(:mod:`lifecycle.payload.jsontext`), so an element gets the verdict it would get alone. Memory holds one
chunk and one element, however long the array (issue 15: an array of 10^5 jobs, 164 MB, read whole,
peaked at 930 MB).

What the scanner decides, and what it leaves to the decoder:

* an element is what stands between the array's commas: ``{…}`` or ``[…]`` up to the bracket that closes
  it (brackets in strings do not count), or a scalar up to the next ``,`` or ``]``;
* an element that does not decode (``{"a" 1}``) is the decoder's business: its record is ``invalid-json``,
  and the elements after it are read;
* where the array itself breaks (an element that never closes, a missing comma, a trailing comma, text
  after the closing ``]``), the rest of the input from there is one record, held whole, which never decodes
  (it starts with the ``[`` or ``,`` before it, the ``]``, or the last byte of the element before it).
  Nothing before it is lost; nothing after it is guessed at.

The same scanner splits concatenated documents (:func:`documents`): objects or arrays one after another with
only white space between them, as ``jq '.[]'`` writes a list's items, pretty-printed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Final

__all__ = ["CHUNK_BYTES", "documents", "elements", "starts_an_array"]

CHUNK_BYTES: Final = 1 << 20
"""How much is read at a time (more while one element is longer)."""

_STRING: Final = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
# Inside an element only brackets count: a run of anything else (strings whole) is one token. A lone '"'
# is a string that does not end in the buffer.
_TOKEN: Final = re.compile(rb'(?:[^"\[\]{}]++|' + _STRING + rb")++|[\[\]{}]|\"", re.DOTALL)
_SCALAR: Final = re.compile(rb'(?:[^"\[\]{},]++|' + _STRING + rb")*+", re.DOTALL)
_SPACE: Final = re.compile(rb"[ \t\r\n]*+")
_OPEN: Final = frozenset(b"[{")
_CLOSE: Final = frozenset(b"]}")
_QUOTE: Final = ord('"')
_WHITE: Final = b" \t\r\n"
_UTF8_BOM: Final = b"\xef\xbb\xbf"


def starts_an_array(head: bytes) -> bool:
    """Whether a text starting with ``head`` is a JSON array (space and a UTF-8 byte order mark aside)."""
    return head.removeprefix(_UTF8_BOM).lstrip(b" \t\r\n")[:1] == b"["


class _Buffer:
    """The part of the stream not handed out yet: ``data`` starts at byte ``base`` of the stream."""

    def __init__(self, stream: IO[bytes], chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.data = b""
        self.base = 0
        self.eof = False

    def more(self, keep: int) -> int:
        """Drop ``data[:keep]`` and read more (at least as much as is kept: reading a long element costs
        linear time). Returns how far positions moved back; ``eof`` says whether nothing came."""
        got = self.stream.read(max(self.chunk, len(self.data) - keep))
        self.data = self.data[keep:] + got
        self.base += keep
        self.eof = not got
        return keep

    def space(self, pos: int) -> tuple[int, int]:
        """``(pos after the white space at pos, shift)``, reading more as needed."""
        shift = 0
        while True:
            end = _SPACE.match(self.data, pos).end()  # type: ignore[union-attr]  # "*": always matches
            if end < len(self.data) or self.eof:
                return end, shift
            moved = self.more(pos)
            pos -= moved
            shift += moved

    def rest(self, start: int) -> bytes:
        """Everything from ``start`` to the end of the stream."""
        return self.data[start:] + self.stream.read()


def _element_end(buf: _Buffer, start: int) -> tuple[int | None, int]:
    """``(end of the element at start, or None when it never ends; shift)``: positions move back by
    ``shift`` when the buffer drops what is before ``start`` to read more."""
    shift = 0
    if buf.data[start] not in _OPEN:
        while True:
            end = _SCALAR.match(buf.data, start).end()  # type: ignore[union-attr]  # "*": always matches
            if buf.eof or (end < len(buf.data) and buf.data[end] != _QUOTE):
                break
            moved = buf.more(start)  # the scalar may go on, or a string ends further on
            start, shift = start - moved, shift + moved
        if end < len(buf.data) and buf.data[end] in b",]":
            return start + len(buf.data[start:end].rstrip(_WHITE)), shift
        return None, shift
    depth, pos = 0, start
    while True:
        resume = len(buf.data)
        for token in _TOKEN.finditer(buf.data, pos):
            byte = buf.data[token.start()]
            if byte in _OPEN:
                depth += 1
            elif byte in _CLOSE:
                depth -= 1
                if depth == 0:
                    return token.end(), shift
            elif token.end() == len(buf.data) or (byte == _QUOTE and token.end() - token.start() == 1):
                resume = token.start()  # a run that may go on, or a string that does not end here
                break
        if buf.eof:
            return None, shift
        moved = buf.more(start)
        start, pos, shift = start - moved, resume - moved, shift + moved


def elements(stream: IO[bytes], chunk: int | None = None) -> Iterator[tuple[bytes, int]]:
    """The elements of the JSON array ``stream`` holds, each as ``(its bytes, how many bytes of the stream
    were read up to its end)``; a break in the array is one last element (see the module docstring).

    The stream should start with the array (:func:`starts_an_array`); ``chunk`` bytes are read at a time
    (:data:`CHUNK_BYTES` by default).
    """
    buf = _Buffer(stream, chunk or CHUNK_BYTES)
    while len(buf.data) < len(_UTF8_BOM) and not buf.eof:
        buf.more(0)
    pos, _ = buf.space(len(_UTF8_BOM) if buf.data.startswith(_UTF8_BOM) else 0)
    if buf.data[pos : pos + 1] != b"[":
        yield buf.rest(pos), buf.base + len(buf.data)
        return
    pos, _ = buf.space(pos + 1)
    if buf.data[pos : pos + 1] == b"]":
        yield from _after_the_end(buf, pos)
        return
    before = b"["  # what stands before the element: a break's record starts with it, so it never decodes
    while True:
        if pos == len(buf.data) or buf.data[pos] in b",]":  # nothing, "," or "]" where an element should be
            yield before + buf.rest(pos), buf.base + len(buf.data)
            return
        end, shift = _element_end(buf, pos)
        pos -= shift
        if end is None:  # "[2" or ',{"a":1': never decodes (a lone "2" would)
            yield before + buf.rest(pos), buf.base + len(buf.data)
            return
        yield buf.data[pos:end], buf.base + end
        last = buf.data[end - 1 : end]
        pos, _ = buf.space(end)
        if buf.data[pos : pos + 1] == b",":
            pos, _ = buf.space(pos + 1)
            before = b","
        elif buf.data[pos : pos + 1] == b"]":
            yield from _after_the_end(buf, pos)
            return
        else:  # no comma: from the element's last byte on ("} {", which never decodes)
            yield last + buf.rest(pos), buf.base + len(buf.data)
            return


def _after_the_end(buf: _Buffer, pos: int) -> Iterator[tuple[bytes, int]]:
    """Nothing but white space may follow the array's closing bracket at ``pos``."""
    after, _ = buf.space(pos + 1)
    if after < len(buf.data):
        yield b"]" + buf.rest(after), buf.base + len(buf.data)


_START: Final = re.compile(rb"\n(?=(?:\xef\xbb\xbf)?[{\[][ \t]*\r?\n)")
"""Where a pretty-printed document starts: a line holding only ``{`` or ``[`` (a byte order mark before it
aside), at the start of the line."""


def _next_start(buf: _Buffer, pos: int) -> tuple[int | None, int]:
    """``(where the next document start after pos is (its "\n"), or None when none comes; shift)``, reading more
    as needed."""
    shift, since = 0, pos + 1
    while True:
        found = _START.search(buf.data, since)
        if found is not None:
            return found.start(), shift
        if buf.eof:
            return None, shift
        since = max(pos + 1, buf.data.rfind(b"\n", pos + 1))  # a start cut by the buffer's end is searched again
        moved = buf.more(pos)
        pos, since, shift = pos - moved, since - moved, shift + moved


def _closed_within(piece: bytes) -> int | None:
    """Where the document ``piece`` starts with closes, within ``piece``, or None."""
    whole = _Buffer(io.BytesIO(b""), 1)
    whole.data, whole.eof = piece, True
    return _element_end(whole, 0)[0]


_INDENTED: Final = re.compile(rb"[{\[][ \t]*\r?\n[ \t]")
"""A document laid out as ``jq`` (and ``json.dumps(indent=2)``) lays it out: its opening bracket alone on its
line, the next line indented."""


def _indented(buf: _Buffer, pos: int) -> tuple[bool, int]:
    """``(whether the document at pos is laid out so, shift)``, reading more as needed."""
    shift = 0
    while len(buf.data) - pos < 256 and not buf.eof:
        moved = buf.more(pos)
        pos, shift = pos - moved, shift + moved
    return _INDENTED.match(buf.data, pos) is not None, shift


def documents(stream: IO[bytes], chunk: int | None = None, line: int = 1) -> Iterator[tuple[bytes, int, int]]:
    """The JSON documents (objects or arrays) written one after another in ``stream``, with only white space
    (and byte order marks: ``cat`` of files that have one) between them, as ``jq '.[]'`` writes them, each as
    ``(its bytes, the line it starts on, counting from line, how many bytes of the stream were read up to
    its end)``.

    Where the sequence breaks (a document that never closes, text that is not one, ``,`` between two), the
    input from there up to the next line holding only ``{`` or ``[`` (where pretty-printed documents start)
    is one item, and the documents from that line on are read again; without such a line, the rest of the
    input is one last item. Nothing is lost. A document laid out as ``jq`` lays it out (its lines inside
    indented, so no such line is inside it) and still open where the next one starts is cut there: memory
    holds one document, and a broken one costs what a whole one does. A document is split, not decoded: one
    that does not decode is the decoder's business.
    """
    buf = _Buffer(stream, chunk or CHUNK_BYTES)
    pos = 0
    while True:
        while True:  # white space and byte order marks, counting lines, reading more as needed
            space_end = _SPACE.match(buf.data, pos).end()  # type: ignore[union-attr]  # "*": always matches
            line += buf.data.count(b"\n", pos, space_end)
            if buf.data.startswith(_UTF8_BOM, space_end):
                pos = space_end + len(_UTF8_BOM)
                continue
            if space_end + len(_UTF8_BOM) <= len(buf.data) or buf.eof:
                break
            pos = space_end - buf.more(space_end)
        pos = space_end
        if pos == len(buf.data):
            return
        end: int | None = None
        indented = False
        if buf.data[pos] in _OPEN:
            indented, shift = _indented(buf, pos)
            pos -= shift
            if not indented:  # compact, or json.dumps(indent=0): to its close, or to the end of the input
                end, shift = _element_end(buf, pos)
                pos -= shift
        if end is None:  # not a document, one that never closes, or a jq-laid one: up to where the next starts
            limit, shift = _next_start(buf, pos)
            pos -= shift
            limit = len(buf.data) if limit is None else limit
            closes = _closed_within(buf.data[pos:limit]) if indented else None
            if closes is None:
                piece = buf.data[pos:limit]
                yield piece, line, buf.base + limit
                line += piece.count(b"\n")
                pos = limit
                continue
            end = pos + closes
        text = buf.data[pos:end]
        yield text, line, buf.base + end
        line += text.count(b"\n")
        pos = end
