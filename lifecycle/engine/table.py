"""The one replay: a table whose rows point to rows, walked once per history, in linear time.

A replay keeps the *set* of states a job may be in (see :mod:`lifecycle.engine.compiled`). Here each such
set, together with the once-only logs already seen, is one *row*: a ``dict`` from a log type to the next
row. Replaying a history is one dict lookup per log (``row = row[log_type]``). Rows are made lazily, the
first time a log leads out of them.

A *clean* step (a known log type, allowed by the possible states, not after a final state, not a second
once-only log, the creation log first) is an entry of the row. Any other step is *resolved* once
(:meth:`Table.resolve`): which codes it raises and where the replay goes on, resynchronising on both
readings of an illegal log — spurious (the states before it) or real with its predecessors missing (every
state it can lead to) — so one injected, dropped or misplaced log gives one finding, not a cascade. The
walk records such steps as :class:`Step` data and goes on from the row they lead to: whatever a history
holds, each log costs one lookup, or one resolution when it is not clean (resolutions are remembered per
row and known log type; unknown log types are not the table's to hold).

The same rows also hold *pairs* ``(log type, operate_user)`` as keys, for the pairs the spec allows: a
history read as pairs that walks to the end is clean *and* has every actor right (the shortcut the
validator takes for the usual job; it is the same table, not a second replay).

Nothing here imports pydantic, transitions or the validator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import length_hint
from typing import Any, Final, Literal

from lifecycle.engine.compiled import Lifecycle

__all__ = ["INFO", "Replay", "Row", "RowInfo", "Step", "StepCode", "Table", "canonical_times", "info", "table"]

StepCode = Literal[
    "unknown-log-type",
    "repeated-log",
    "missing-creation",
    "after-final",
    "illegal-transition",
    "unconfirmed-transition",
]
"""What a step that is not clean raises, in the order a log raises them."""

_UNKNOWN: Final[tuple[StepCode, ...]] = ("unknown-log-type",)
_CANONICAL: Final = b"0000-00-00T00:00:00Z"
_ZERO_DIGITS: Final = bytes.maketrans(b"123456789", b"000000000")
_TEMPLATE: Final = _CANONICAL * 256


def canonical_times(times: list[Any]) -> bool:
    """Whether every value is a ``YYYY-MM-DDTHH:MM:SSZ`` string and they never decrease (as strings).

    Then they never decrease as times either: the fields have fixed widths, from years down to seconds,
    all in UTC. A shape-correct but impossible date (``2023-02-30``) is skipped by the time checks;
    dropping values from a non-decreasing sequence leaves it non-decreasing, so the verdict holds.

    >>> canonical_times(["2023-12-09T07:31:37Z", "2023-12-09T07:31:37Z", "2023-12-09T07:32:45Z"])
    True
    >>> canonical_times(["2023-12-09T07:31:37Z", "2023-12-09T07:31:36Z"])
    False
    >>> canonical_times(["2023-12-09T07:31:37+08:00"]), canonical_times([None])
    (False, False)
    """
    try:
        if times != sorted(times):  # values that do not compare raise TypeError
            return False
        joined = "".join(times).encode("ascii")
    except (TypeError, UnicodeEncodeError):
        return False
    size = 20 * len(times)
    template = _TEMPLATE[:size] if size <= len(_TEMPLATE) else _CANONICAL * len(times)
    return joined.translate(_ZERO_DIGITS) == template


@dataclass(frozen=True, slots=True)
class RowInfo:
    """What a row stands for."""

    states: frozenset[str]
    """The states the job may be in."""
    final_states: tuple[str, ...]
    """The same, sorted (what a report shows)."""
    once: frozenset[str]
    """The once-only log types seen so far."""
    start: bool
    """The row before the first log: only the creation log may follow."""
    all_final: bool
    """Every possible state is final: no log may follow (an empty set counts as final)."""
    kept: bool = True
    """The table holds the row (past :attr:`Table.MAX_ROWS`, rows are made for one walk only)."""


Row = dict[Any, Any]
"""One row of the replay table: log type, or (log type, operate_user), -> next row (clean steps only). A plain
``dict``: the walk's lookups are the interpreter's fastest, and fastest of all while its keys are all
strings (CPython then compares keys as strings), so what a row stands for is kept beside it (:func:`info`)."""

INFO: Final = object()
"""The key of a :class:`RowInfo` kept inside a row the table does not keep (past :attr:`Table.MAX_ROWS`;
no log type equals it)."""

_INFOS: Final[dict[int, RowInfo]] = {}
"""What each row a table keeps stands for, by the row's ``id`` (tables and their rows live as long as the
process: :func:`table`). An entry is written when its row is made, so an ``id`` used again by a later row
is overwritten before it is read; a row not kept holds its :class:`RowInfo` itself, found first."""


def info(row: Row) -> RowInfo:
    """What ``row`` stands for."""
    found: RowInfo | None = row.get(INFO)
    return _INFOS[id(row)] if found is None else found


Step = tuple[int, tuple[StepCode, ...], Row, Row]
"""One log the table had no clean step for: ``(index, codes, before, after)`` — its position in
``operation_logs``, what it raises, the row before it and the row the replay went on from. (A plain tuple:
a history of nothing but such logs makes one per log.)"""


@dataclass(frozen=True, slots=True)
class Replay:
    """The result of one walk: where it ended, the steps that were not clean, and (when asked) the row
    after every log."""

    end: Row
    steps: tuple[Step, ...]
    trace: tuple[Row, ...] | None
    """``trace[n]`` is the row after log ``n`` (``None`` unless the walk recorded it)."""

    @property
    def clean(self) -> bool:
        return not self.steps


class Table:
    """The replay table of one compiled (and restricted) :class:`~lifecycle.engine.compiled.Lifecycle`."""

    MAX_ROWS: Final = 4096
    """Rows stand for sets of states reached by real histories, a few hundred at most; resynchronising
    after illegal logs can reach other sets, and this bounds what hostile input can make the table hold
    (past it, rows are made for the walk at hand and not kept)."""

    def __init__(self, lc: Lifecycle) -> None:
        self.lc = lc
        self.creation: str = lc.spec.creation.log_type
        self._known = lc.spec.log_types
        self._anywhere = frozenset(lc.states)
        self._rows: dict[tuple[frozenset[str], frozenset[str]], Row] = {}
        self._resolved: dict[tuple[int, str], tuple[tuple[StepCode, ...], Row]] = {}
        self.start: Row = self.row(lc.closure_of(lc.start), frozenset(), start=True)
        self.pairs: frozenset[tuple[str, str]] = frozenset(
            (log, actor.value) for log, info in lc.spec.log_types.items() for actor in info.actors
        )
        """Every (log type, operate_user) pair the spec allows."""

    def row(self, states: frozenset[str], once: frozenset[str], *, start: bool = False) -> Row:
        """The row of ``states`` with the once-only logs ``once`` seen."""
        key = (states, once)
        row = self._rows.get(key)
        if row is None:
            final = all(self.lc.is_final(s) for s in states)
            kept = len(self._rows) < self.MAX_ROWS
            found = RowInfo(states, tuple(sorted(states)), once, start, final, kept)
            if kept:
                row = {}
                _INFOS[id(row)] = found  # before the row is published: another thread may find it at once
                self._rows[key] = row
            else:
                row = {INFO: found}
        return row

    def resolve(self, row: Row, log_type: object) -> tuple[tuple[StepCode, ...], Row]:
        """The codes ``log_type`` raises after ``row`` and the row the replay goes on from.

        Clean steps become entries of ``row``; ``None`` (a log whose type could not be read, reported
        where it was read) leaves the replay where it was. ``log_type`` may also be a pair (log type,
        operate_user): it is clean only when its log type is and the spec lets that actor write it.
        """
        if type(log_type) is tuple:
            return self._resolve_pair(row, log_type)
        if log_type is None:  # not an entry: a row's keys stay strings and pairs
            return (), row
        if type(log_type) is not str:
            return (), row  # the decoders give strings or None; anything else is skipped
        if log_type not in self._known:
            # A newer API's log: it may have moved the job anywhere, so the replay goes on from every state
            # (as after an illegal log, with nothing known of where it leads); before creation it changes
            # nothing. Not remembered: unknown log types are not the table's to hold.
            seen = info(row)
            return _UNKNOWN, row if seen.start else self.row(self._anywhere, seen.once)
        log = self._known[log_type]
        here = info(row)
        found = self._resolved.get((id(row), log_type)) if here.kept else None
        if found is not None:
            return found
        lc = self.lc
        codes: list[StepCode] = []
        once = here.once
        if log.once:
            if log_type in once:
                codes.append("repeated-log")
            once = once | {log_type}
        if here.start and log_type != self.creation:
            codes.append("missing-creation")
            following = lc.entry_states(log_type)
        elif here.all_final:
            codes.append("after-final")
            following = here.states
        else:
            following = lc.step(here.states, log_type)
            if not following:
                # Resynchronise on both readings of the log: spurious (the states before it) or real with
                # its predecessors missing (every state it can lead to); where an alternative reading of
                # the sources allows the log, the states it leads to there as well, and it is no error.
                following = here.states | lc.entry_states(log_type)
                alternative = frozenset(
                    t for _, alt in lc.alternatives for t in alt.step(alt.closure_of(here.states), log_type)
                )
                codes.append("unconfirmed-transition" if alternative else "illegal-transition")
                following |= alternative
        nxt = self.row(following, once)
        if not codes:
            row[log_type] = nxt
        elif here.kept and len(self._resolved) < 64 * self.MAX_ROWS:
            self._resolved[(id(row), log_type)] = (tuple(codes), nxt)
        return tuple(codes), nxt

    def _resolve_pair(self, row: Row, pair: tuple[Any, ...]) -> tuple[tuple[StepCode, ...], Row]:
        codes, nxt = self.resolve(row, pair[0])
        try:
            allowed = pair in self.pairs
        except TypeError:  # an unhashable actor
            allowed = False
        if not codes and allowed:
            row[pair] = nxt
        return codes, nxt

    def walk(self, log_types: Sequence[Any]) -> Row | None:
        """The row after ``log_types`` when every step is clean (the usual job), else ``None``.

        Items may be log types or (log type, operate_user) pairs; a walk over pairs is clean only when
        every actor is one the spec allows. The shortcut of :meth:`replay`: the same rows.
        """
        row = self.start
        remaining = iter(log_types)
        while True:
            log_type: object = None
            try:
                for log_type in remaining:
                    row = row[log_type]
            except (KeyError, TypeError):  # a step not made yet (or not clean), or an unhashable item
                codes, nxt = self.resolve(row, log_type)
                try:
                    # clean: an entry made just now, or a log whose type could not be read (it stays put)
                    if codes or (log_type is not None and row.get(log_type) is not nxt):
                        return None
                except TypeError:  # an unhashable item is never clean
                    return None
                row = nxt
            else:
                return row

    def replay(self, log_types: Sequence[str | None], *, trace: bool = False) -> Replay:
        """Replay ``log_types`` (``None`` for a log whose type could not be read): linear in their number
        whatever they hold. With ``trace``, the result holds the row after every log.

        The usual history walks on plain lookups; from the first log without a clean entry on, each log is
        asked for with ``dict.get`` (an exception per log would cost more than the log).
        """
        row = self.start
        rows: list[Row] | None = [] if trace else None
        size = len(log_types)
        remaining = iter(log_types)
        try:
            if rows is None:
                for log_type in remaining:
                    row = row[log_type]
            else:
                for log_type in remaining:
                    row = row[log_type]
                    rows.append(row)
        except (KeyError, TypeError):
            first = size - length_hint(remaining) - 1
        else:
            return Replay(row, (), None if rows is None else tuple(rows))
        steps: list[Step] = []
        resolve = self.resolve
        for index in range(first, size):
            log_type = log_types[index]
            try:
                nxt = row.get(log_type)
            except TypeError:  # unhashable
                nxt = None
            if nxt is None:
                codes, nxt = resolve(row, log_type)
                if codes:
                    steps.append((index, codes, row, nxt))
            if rows is not None:
                rows.append(nxt)
            row = nxt
        return Replay(row, tuple(steps), None if rows is None else tuple(rows))


_tables: dict[int, tuple[Lifecycle, Table]] = {}


def table(lc: Lifecycle) -> Table:
    """The replay table of ``lc`` (made once; compiled lifecycles are cached and live as long)."""
    found = _tables.get(id(lc))
    if found is None or found[0] is not lc:
        found = _tables[id(lc)] = (lc, Table(lc))
    return found[1]
