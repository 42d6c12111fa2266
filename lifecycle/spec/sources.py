"""The sources the spec cites (``sources.toml`` beside this module) and how evidence cites them.

Evidence text cites a source as ``[id]`` or ``[id, where in it]``, e.g.
``seed-example: the state after SYSTEM_VERIFY_SUCCESS is MANUAL_VERIFYING [api-show, example]``.
Label sources in :mod:`lifecycle.spec.vocabulary` are bare ids (or ``tr.`` for our own translation).

>>> citations("after it the state is MANUAL_VERIFYING [api-show, example] [go-show-response]")
(Citation(source='api-show', where='example'), Citation(source='go-show-response', where=None))
>>> load_sources()["api-show"].link
'https://support.huaweicloud.com/api-metastudio/Show2dModelTrainingJob.html'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from lifecycle.errors import InvalidSpec, Problem

SOURCES_FILE: Final = Path(__file__).with_name("sources.toml")

TRANSLATION: Final = "tr."
"""The label source of a label we translated ourselves: no source has that wording."""

CITATION: Final = re.compile(r"\[([a-z][a-z0-9.-]*[a-z0-9])(?:,\s*([^\]]+))?\]")
"""``[id]`` or ``[id, where]``: group 1 is the id, group 2 where in the source (or ``None``)."""
_KEYS: Final = frozenset({"id", "title", "url", "repo", "path", "copy", "version", "date", "establishes"})


@dataclass(frozen=True, slots=True)
class Citation:
    """``[source]`` or ``[source, where]`` in an evidence text."""

    source: str
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One public page, guide or SDK file the spec rests on."""

    id: str
    title: str
    version: str
    """The page's "updated" date or the SDK release(s) read."""
    establishes: str
    url: str | None = None
    repo: str | None = None
    """``owner/name`` on GitHub, with ``path`` inside it."""
    path: str | None = None
    copy: str | None = None
    """A copy kept in this repository (the seed page)."""
    date: str | None = None
    """Publication date of ``version`` (YYYY-MM-DD), when known."""

    @property
    def link(self) -> str:
        """Where a reader checks it: the page, or the file on GitHub (the repository for several files)."""
        if self.url:
            return self.url
        if self.path and "," not in self.path:
            return f"https://github.com/{self.repo}/blob/master/{self.path}"
        return f"https://github.com/{self.repo}"

    def to_dict(self) -> dict[str, str]:
        """The entry as JSON data, with its ``link``; absent fields left out."""
        fields = {
            "id": self.id,
            "title": self.title,
            "link": self.link,
            "url": self.url,
            "repo": self.repo,
            "path": self.path,
            "copy": self.copy,
            "version": self.version,
            "date": self.date,
            "establishes": self.establishes,
        }
        return {k: v for k, v in fields.items() if v is not None}


def citations(text: str) -> tuple[Citation, ...]:
    """Every ``[id]`` / ``[id, where]`` in ``text``, in order."""
    return tuple(Citation(m.group(1), m.group(2).strip() if m.group(2) else None) for m in CITATION.finditer(text))


def cited_ids(texts: Iterable[str]) -> set[str]:
    """The source ids cited anywhere in ``texts``."""
    return {c.source for text in texts for c in citations(text)}


def read_sources(doc: Mapping[str, object], *, name: str = "sources.toml") -> dict[str, Source]:
    """Id -> :class:`Source` from a parsed sources document; :class:`InvalidSpec` lists every problem."""
    problems: list[Problem] = []
    raw = doc.get("source", [])
    found: dict[str, Source] = {}
    if not isinstance(raw, list):
        raise InvalidSpec([Problem("bad-value", "source", "[[source]] must be a list of tables")], source=name)
    for i, table in enumerate(raw):
        where = f"source[{i}]"
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            problems.append(Problem("bad-value", where, "a source is a table of strings"))
            continue
        problems += [Problem("unknown-key", where, f"unknown key {k!r}") for k in table if k not in _KEYS]
        missing = [k for k in ("id", "title", "version", "establishes") if not table.get(k)]
        if not (table.get("url") or table.get("repo")):
            missing.append("url or repo")
        if missing:
            problems.append(Problem("bad-value", where, f"missing {', '.join(missing)}"))
            continue
        sid = table["id"]
        if not CITATION.fullmatch(f"[{sid}]"):
            problems.append(Problem("bad-value", where, f"id {sid!r} must be lowercase letters, digits, '.' and '-'"))
        if sid in found:
            problems.append(Problem("bad-value", where, f"duplicate id {sid!r}"))
        found[sid] = Source(**{k: v for k, v in table.items() if k in _KEYS})
    if problems:
        raise InvalidSpec(problems, source=name)
    return found


@cache
def load_sources() -> Mapping[str, Source]:
    """The shipped sources, by id (cached)."""
    with SOURCES_FILE.open("rb") as f:
        return read_sources(tomllib.load(f))
