"""What a check reads (:class:`Subject`: one job's facts and their replay) and what it yields
(:class:`Finding`: a diagnostic before it is rendered in a language). The checks are in
:mod:`lifecycle.validation.checks`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import Replay, Row, StepCode, Table
from lifecycle.spec.expectations import Clock
from lifecycle.spec.model import Alternative
from lifecycle.validation.facts import JobFacts

if TYPE_CHECKING:
    from lifecycle.payload.parsing import FieldFinding

__all__ = ["Finding", "Subject"]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found, before it is rendered in a language (see :mod:`lifecycle.validation.render`)."""

    code: str
    index: int | None = None
    field: str | None = None
    log_type: str | None = None
    states: frozenset[str] = frozenset()
    """The possible states the finding is about (before the log, or at the end)."""
    allowed: frozenset[str] = frozenset()
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    """The message's other placeholders (raw values are redacted when rendered)."""
    confidence: str | None = None
    """How sure the evidence the finding rests on is (findings about the rules)."""
    reading: str | None = None
    """The alternative reading that allows what the spec's own reading does not."""


@dataclass(slots=True, eq=False)
class Subject:
    """What every check reads: one job's facts, checked against its variant's lifecycle. (Not frozen: one is
    made for every job the shortcut does not settle, and checks only read it; ``explained`` is its cache.)"""

    facts: JobFacts
    lc: Lifecycle
    table: Table
    replay: Replay
    """The replay of ``facts.log_types``, with its trace."""
    schema: tuple[FieldFinding, ...] | None = None
    """The payload models' findings (``None``: the schema is not checked)."""
    clock: Clock | None = None
    """The time and expectations to measure the job's stage against (``None``: not measured)."""
    log_types: list[str | None] = dataclasses.field(init=False, repr=False, compare=False)
    """``facts.log_types``, made once for every check."""
    explained: list[Alternative | None] = dataclasses.field(default_factory=list, repr=False, compare=False)
    """The alternative reading that explains the reported state, once asked (see ``_explaining``)."""
    _by_code: dict[str, list[tuple[int, Row]]] | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.log_types = self.facts.log_types

    def steps(self, code: StepCode) -> Sequence[tuple[int, Row]]:
        """(index, row before) of each log the replay gave ``code``, in order. (Sorted by code in one pass over
        the replay's steps, when first asked: each step check asks for its own code.)"""
        by_code = self._by_code
        if by_code is None:
            by_code = self._by_code = {}
            for index, codes, before, _ in self.replay.steps:
                for each in codes:
                    by_code.setdefault(each, []).append((index, before))
        return by_code.get(code, ())
