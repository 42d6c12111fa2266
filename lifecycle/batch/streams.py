"""Byte streams as the readers of :mod:`lifecycle.batch.inputs` need them: bytes already read put back in
front of a stream (:class:`Joined`), and bytes in memory read like a file (:class:`Bytes`)."""

from __future__ import annotations

import io
from typing import IO, Any

__all__ = ["Bytes", "Joined"]


class Joined(io.RawIOBase):
    """Bytes already read from a stream, then the rest of the stream: what :mod:`gzip` reads when the
    magic bytes were read to recognise it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read(len(view))
        data, self._head = data[: len(view)], data[len(view) :]  # a decoded stream may give whole lines: more
        view[: len(data)] = data
        return len(data)


class Bytes:
    """A decoded stream, read again as bytes (what :mod:`lifecycle.batch.inputs` reads line by line)."""

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
