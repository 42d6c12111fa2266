"""The export file of ``lifecycle fetch -o FILE``: one job detail per line, the latest version of each job.

Design (append, then compact):

* While a run fetches, each detail is appended to the journal ``FILE.partial`` as one whole line with one
  ``write`` on an ``O_APPEND`` descriptor, so a crash can at worst leave the journal's *last* line without its
  newline; :meth:`JobFile.load` drops such a torn line (and any line that is not a job object).
* At the end of a run (also after Ctrl-C or a failure), :meth:`JobFile.compact` writes the merged jobs to
  ``FILE.tmp``, flushes it to disk, renames it over ``FILE`` (``os.replace``: atomic on POSIX and Windows)
  and removes the journal. ``FILE`` is therefore always a complete previous or new version.
* A run killed before compaction leaves ``FILE`` as it was plus the journal; the next run loads both (the
  journal wins), so nothing already fetched is fetched again or lost.
* The file holds phone numbers and signed URLs: a new one is created readable by its owner only (0600, as the
  journal), an existing one keeps its permissions. ``FILE`` may be a symlink: the file it names is replaced,
  in its own directory, and the link stays. Anything but a regular file (``/dev/null``, a FIFO, a directory)
  is refused, never replaced. The temporary file has a name no one can guess or pre-place (``mkstemp``), and
  the journal is never opened through a symlink.

Lines are ordered by ``job_id`` so that the file depends only on the jobs it holds, not on the order the
workers finished in: an interrupted and resumed run ends with the same bytes as an uninterrupted one.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class StoreError(Exception):
    """``FILE`` holds a line that is no job detail: it is not ours to overwrite (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored job: its line (without the newline) and the two fields that say whether it changed."""

    job_id: str
    state: str | None
    last_update_time: str | None
    line: bytes


def one_line(body: bytes) -> bytes:
    """The body on one line. Valid JSON escapes control characters inside strings, so a CR or LF can only be
    whitespace between tokens: replacing it with a space changes no value.

    >>> one_line(b'{\\n  "a": 1\\r\\n}')
    b'{   "a": 1  }'
    """
    return body.replace(b"\r", b" ").replace(b"\n", b" ").strip()


def entry_of(line: bytes) -> Entry | None:
    """The entry a line holds, or None when it is not a JSON object with a string ``job_id``."""
    try:
        data: Any = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("job_id"), str):
        return None
    state, updated = data.get("state"), data.get("last_update_time")
    return Entry(
        data["job_id"],
        state if isinstance(state, str) else None,
        updated if isinstance(updated, str) else None,
        one_line(line),
    )


class JobFile:
    """``FILE`` and its journal. Not for two runs at once on one file (nothing locks it)."""

    def __init__(self, path: Path):
        self.given = path
        """``FILE`` as the user named it (messages)."""
        self.path = Path(os.path.realpath(path))  # through a symlink: the file it names is the one replaced
        self.journal = self.path.with_name(self.path.name + ".partial")
        self.entries: dict[str, Entry] = {}
        self._fd: int | None = None

    def load(self) -> dict[str, Entry]:
        """Read ``FILE`` then the journal. Raises :class:`StoreError` when ``FILE`` is not a regular file or has
        a foreign line, or the journal is a symlink, and :class:`OSError` when one cannot be read."""
        for path, name in ((self.path, self.given), (self.journal, self.journal)):
            with suppress(FileNotFoundError):
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    raise StoreError(f"{name} is not a regular file; fetch -o writes only a file it may replace")
        if self.path.exists():
            for number, line in enumerate(self.path.read_bytes().splitlines(), 1):
                if not line.strip():
                    continue
                entry = entry_of(line)
                if entry is None:
                    raise StoreError(f"{self.given}:{number} is not a job detail; not overwriting this file")
                self.entries[entry.job_id] = entry
        data = _read_no_follow(self.journal)
        if data is not None:
            for line in data.split(b"\n")[:-1]:  # the part after the last newline is torn: dropped
                journaled = entry_of(line)
                if journaled is not None:
                    self.entries[journaled.job_id] = journaled
        return self.entries

    def append(self, entry: Entry) -> None:
        """Keep ``entry`` and journal it (one write of the whole line)."""
        if self._fd is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            self._fd = os.open(self.journal, flags, 0o600)
        os.write(self._fd, entry.line + b"\n")
        self.entries[entry.job_id] = entry

    def lines(self) -> bytes:
        """Every entry as the file holds it: ordered by ``job_id``, each line ending in a newline."""
        return b"".join(self.entries[key].line + b"\n" for key in sorted(self.entries))

    def compact(self) -> None:
        """Write ``FILE`` atomically from the entries and drop the journal."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        try:
            mode: int | None = os.stat(self.path).st_mode & 0o777  # permissions, never setuid/setgid/sticky
        except FileNotFoundError:
            mode = None  # a new file: mkstemp's 0600
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                if mode is not None and hasattr(os, "fchmod"):
                    os.fchmod(f.fileno(), mode)
                f.write(self.lines())
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
        self.journal.unlink(missing_ok=True)


def _read_no_follow(path: Path) -> bytes | None:
    """The bytes of ``path``, never through a symlink (``O_NOFOLLOW`` where the system has it: one placed there
    after :meth:`JobFile.load` checked it fails to open); ``None`` when there is no such file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read()
