"""The exceptions of the library, for misuse only: bad *data* is a diagnostic, never an exception.

::

    LifecycleError
    ├── InvalidSpec (also ValueError)       a spec or overlay failed its self-check; .problems
    └── UnknownEdition (also ValueError)    an edition name that does not exist
"""

from __future__ import annotations

from dataclasses import dataclass


class LifecycleError(Exception):
    """Base class of every exception this library raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a spec: a stable ``kind``, the name concerned and a sentence."""

    kind: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.subject}: {self.message}"


class InvalidSpec(LifecycleError, ValueError):
    """A spec or an overlay failed its self-check; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], source: str = "spec") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


class UnknownEdition(LifecycleError, ValueError):
    """An edition name that the library does not ship."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown edition {name!r}; known: {', '.join(known)}")
