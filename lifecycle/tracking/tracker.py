"""Live tracking of one job, on the validator's own replay and the shared ``transitions.Machine``.

A :class:`Tracker` is one step of :meth:`lifecycle.engine.table.Table.replay` at a time: it keeps the *set*
of states the job may be in (silent transitions included: a log that needs one takes it, as an eventless
transition would be taken), accepts exactly the logs :func:`~lifecycle.validation.validator.validate`
accepts for the same history, and after a log it refuses goes on where the validator's replay goes on
(resynchronised). A refused log comes with the diagnostic ``validate`` gives it. The machine of
:mod:`lifecycle.engine.machine` runs the ``on_enter`` callbacks, with the tracker as the event's model.

>>> from lifecycle import compile_edition
>>> seen = []
>>> t = Tracker(compile_edition().restrict(), on_enter=lambda state, log: seen.append((state, log)))
>>> t.apply("USER_CREATE_JOD"), t.state
(True, 'WAIT_FILE_UPLOAD')
>>> t.apply("ADMIN_VERIFY_SUCCESS"), [d.code for d in t.refused]   # not allowed while waiting for files
(False, ['illegal-transition'])
>>> seen
[('WAIT_FILE_UPLOAD', 'USER_CREATE_JOD')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.engine.table import Replay, Row, StepCode, Table, table
from lifecycle.engine.table import info as row_info
from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.checks import CHECKS, Subject
from lifecycle.validation.facts import JobFacts
from lifecycle.validation.pipeline import diagnostic
from lifecycle.validation.report import Diagnostic

if TYPE_CHECKING:
    from lifecycle.engine.machine import Machine

__all__ = ["EnterCallback", "RefuseCallback", "Tracker"]

EnterCallback = Callable[[str, "str | None"], None]
"""Called with (state entered, log type) when the job enters a state; ``None`` for a silent move."""
RefuseCallback = Callable[[str, tuple[Diagnostic, ...]], None]
"""Called with (log type, the diagnostics ``validate`` gives it) when a log is refused."""


_MOVES: dict[tuple[int, str], tuple[frozenset[str], frozenset[str]]] = {}


def _moves(tab: Table, row: Row, log_type: str) -> tuple[frozenset[str], frozenset[str]]:
    """The possible states that accept ``log_type``, and the states it moves them to (remembered for rows
    the table keeps: their ids are stable)."""
    info = row_info(row)
    key = (id(row), log_type)
    found = _MOVES.get(key) if info.kept else None
    if found is None:
        lc = tab.lc
        accepting = frozenset(s for s in info.states if log_type in lc.table.get(s, {}))
        found = accepting, frozenset(d for s in accepting for d in lc.moves(s, log_type))
        if info.kept and len(_MOVES) < 65536:
            _MOVES[key] = found
    return found


class Tracker:
    """One job, log by log. Cheap: a few small objects; the table and the machine are shared."""

    __slots__ = ("__weakref__", "_anchor", "_lang", "_on_enter", "_on_refuse", "_row", "_table", "_types", "refused")

    def __init__(
        self,
        lifecycle: Lifecycle,
        *,
        on_enter: EnterCallback | None = None,
        on_refuse: RefuseCallback | None = None,
        lang: Lang = "en",
    ) -> None:
        self._table: Table = table(lifecycle)
        self._row: Row = self._table.start
        self._anchor: str | None = BEFORE_CREATION
        self._types: list[str | None] = []
        self._on_enter = on_enter
        self._on_refuse = on_refuse
        self._lang: Lang = lang
        self.refused: tuple[Diagnostic, ...] = ()
        """The diagnostics of the last log :meth:`apply` refused (empty when it accepted it)."""

    @property
    def lifecycle(self) -> Lifecycle:
        return self._table.lc

    @property
    def machine(self) -> Machine:
        """The shared ``transitions.Machine`` of the lifecycle (made when first asked)."""
        from lifecycle.engine.machine import machine_of

        return machine_of(self._table.lc)

    @property
    def states(self) -> frozenset[str]:
        """The states the job may be in now (as the validator's replay has them)."""
        return row_info(self._row).states

    @property
    def state(self) -> str | None:
        """The one state the job is in, when that is known: the possible set has one member, or the last
        log, :meth:`drift` or :meth:`sync` named it; ``None`` otherwise."""
        states = self.states
        if self._anchor in states:
            return self._anchor
        return next(iter(states)) if len(states) == 1 else None

    @property
    def final(self) -> bool:
        """Every possible state is final: no log may follow."""
        return row_info(self._row).all_final and self._row is not self._table.start

    @property
    def position(self) -> int:
        """How many logs the tracker has been given."""
        return len(self._types)

    def can_apply(self, log_type: str) -> bool:
        """Whether :meth:`apply` would accept ``log_type`` now (nothing changes)."""
        if type(log_type) is not str:
            return False
        if log_type in self._row:
            return True
        codes, _ = self._table.resolve(self._row, log_type)
        return not codes

    def apply(self, log_type: str, target: str | None = None) -> bool:
        """Apply the next log; ``False`` when ``validate`` would report it (see :attr:`refused`).

        ``target`` narrows a log with several possible targets to one (``False``, and nothing applied,
        when the log cannot lead there). Raises ``TypeError`` when ``log_type`` is not a string.
        """
        if type(log_type) is not str:
            raise TypeError("a log type is a string")
        row = self._row
        nxt = row.get(log_type)
        codes: tuple[StepCode, ...] = ()
        if nxt is None:
            codes, nxt = self._table.resolve(row, log_type)
        if target is not None and (codes or target not in row_info(nxt).states):
            return False
        index = len(self._types)
        self._types.append(log_type)
        if codes:
            self.refused = self._diagnostics(index, codes, row, nxt)
            self._row, self._anchor = nxt, None  # resynchronised, as the validator's replay goes on
            if self._on_refuse is not None:
                self._on_refuse(log_type, self.refused)
            return False
        self.refused = ()
        accepting, moved = _moves(self._table, row, log_type)
        if target is not None:
            moved = frozenset({target}) if target in moved else frozenset()
            nxt = self._table.row(self._table.lc.closure(target), row_info(nxt).once)
        if self._on_enter is not None:
            if self._anchor is not None and self._anchor not in accepting and len(accepting) == 1:
                self._entered(next(iter(accepting)), None)  # the silent move the log needed
            for state in sorted(moved):
                self._entered(state, log_type)
        if len(moved) == 1:
            self._anchor = next(iter(moved))
        elif not moved and len(accepting) == 1:  # a side event: the job stays where it was
            self._anchor = next(iter(accepting))
        elif moved:
            self._anchor = None
        self._row = nxt
        return True

    def skip(self) -> None:
        """Count a log whose type cannot be read: the replay leaves the job where it was."""
        self._types.append(None)
        self.refused = ()

    def drift(self, target: str) -> bool:
        """Take a silent transition to ``target`` (``False`` when none of the possible states has one)."""
        lc = self._table.lc
        if self._anchor == target or target not in self.states or target not in lc.states:
            return False
        self._row = self._table.row(lc.closure(target), row_info(self._row).once)
        self._anchor = target
        if self._on_enter is not None:
            self._entered(target, None)
        return True

    def sync(self, state: str) -> bool:
        """Take the state the API reports as the one the job is in (no callback); ``True`` when the replay
        allowed it. :data:`~lifecycle.engine.compiled.BEFORE_CREATION` starts the job again."""
        if state == BEFORE_CREATION:
            self._row, self._anchor, self._types, self.refused = self._table.start, state, [], ()
            return True
        possible = state in self.states
        self._row = self._table.row(self._table.lc.closure(state), row_info(self._row).once)
        self._anchor = state
        return possible

    def entered(self, state: str, log_type: str | None) -> None:
        """The machine's ``on_enter`` callback (see :mod:`lifecycle.engine.machine`)."""
        if self._on_enter is not None:
            self._on_enter(state, log_type)

    def _entered(self, state: str, log_type: str | None) -> None:
        from lifecycle.engine.machine import enter

        enter(self.machine, self, state, log_type)

    def _diagnostics(self, index: int, codes: tuple[StepCode, ...], before: Row, after: Row) -> tuple[Diagnostic, ...]:
        """What ``validate`` reports for this log: the same checks, on the same step."""
        pairs: list[tuple[str | None, object]] = [(t, None) for t in self._types]
        facts = JobFacts(None, None, None, None, None, None, pairs, [None] * len(pairs))
        subject = Subject(facts, self._table.lc, self._table, Replay(after, ((index, codes, before, after),), None))
        return tuple(diagnostic(f, self._lang) for code in codes for f in CHECKS[code](subject) if f.index == index)
