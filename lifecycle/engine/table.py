"""The validator's fast path: a replay table whose rows point to rows, and bulk checks of whole histories.

A replay keeps the *set* of states a job may be in (see :mod:`lifecycle.engine`). Here each such set,
together with the once-only logs already seen, is one *row*: a plain ``dict`` from a log type to the next
row. Replaying a history is then one dict lookup per log (``row = row[log_type]``), faster than a
``(state, log_type) -> state`` dict, because no key tuple is built. Rows are made lazily, the first time a
log leads out of a row, and only for *clean* steps: a known log type, allowed by the possible states, not
after a final state, not a second once-only log, the creation log first. Any other step has no entry: the
lookup fails and the validator hands the history to the reference replay, which writes the diagnostics.
So the fast path never decides anything the reference replay would not; it only skips work when there is
nothing to report. The table cannot grow with bad input: it holds known log types only, and its rows are
sets of states of one spec.

The same rows also hold *pairs* ``(log type, operate_user)`` as keys, for the pairs the spec allows: a
history read as pairs replays on the table and has its actors checked in the same lookups. (A key tuple
is built per log after all, but by ``itemgetter`` in C, and it replaces two more passes over the logs.)

Time order is checked for a whole history at once, in C: timestamps in canonical RFC 3339 UTC
form (``YYYY-MM-DDTHH:MM:SSZ``, as the API writes them) order as strings exactly as they do as times, so a
history whose times are all canonical and sorted as strings has no time regression; anything else (another
offset, fractions, a non-string, a decrease) goes to the reference replay, which parses every time.

Nothing here imports pydantic, transitions or the validator: :mod:`lifecycle.validation.validator` uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import length_hint
from typing import Any, Final

from lifecycle.engine.compiled import Lifecycle

__all__ = ["Row", "RowInfo", "Table", "canonical_times", "table"]

Row = dict[Any, "Row"]
"""One row of the replay table: log type, or (log type, operate_user), -> next row (only clean steps
have an entry)."""

_CANONICAL: Final = b"0000-00-00T00:00:00Z"
_ZERO_DIGITS: Final = bytes.maketrans(b"123456789", b"000000000")
_TEMPLATE: Final = _CANONICAL * 256


def canonical_times(times: list[Any]) -> bool:
    """Whether every value is a ``YYYY-MM-DDTHH:MM:SSZ`` string and they never decrease (as strings).

    Then they never decrease as times either: the fields have fixed widths, from years down to seconds,
    all in UTC. A shape-correct but impossible date (``2023-02-30``) is skipped by the reference replay;
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
    """Every possible state is final: no log may follow."""


class Table:
    """The replay table of one compiled (and restricted) :class:`~lifecycle.engine.Lifecycle`."""

    MAX_ROWS: Final = 4096
    """Rows stand for sets of states reached by real histories, a few hundred at most; resynchronising
    after illegal logs can reach other sets, and this bounds what hostile input can make the table hold."""

    def __init__(self, lc: Lifecycle) -> None:
        self.lc = lc
        self._creation = lc.spec.creation.log_type
        self._rows: dict[tuple[frozenset[str], frozenset[str]], Row] = {}
        self._info: dict[int, RowInfo] = {}
        self._dirty: set[tuple[int, str]] = set()
        start = self.row(lc.closure_of(lc.start), frozenset(), start=True)
        assert start is not None
        self.start: Row = start
        self.pairs: frozenset[tuple[str, str]] = frozenset(
            (log, actor.value) for log, info in lc.spec.log_types.items() for actor in info.actors
        )
        """Every (log type, operate_user) pair the spec allows: a history whose pairs are all here has no
        actor mismatch."""
        self.actor_of: dict[str, str] = {
            log: next(iter(info.actors)).value for log, info in lc.spec.log_types.items() if len(info.actors) == 1
        }
        """The one actor of each log type only one actor writes (most of them): comparing a history's
        actors with these is the quickest way to find none is wrong."""

    def row(self, states: frozenset[str], once: frozenset[str], *, start: bool = False) -> Row | None:
        """The row of ``states`` with the once-only logs ``once`` seen (``None`` when the table is full)."""
        key = (states, once)
        row = self._rows.get(key)
        if row is None:
            if len(self._rows) >= self.MAX_ROWS:
                return None
            row = self._rows[key] = {}
            final = all(self.lc.is_final(s) for s in states)  # as the replay asks it (an empty set is final)
            self._info[id(row)] = RowInfo(states, tuple(sorted(states)), once, start, final)
        return row

    def info(self, row: Row) -> RowInfo:
        return self._info[id(row)]

    def advance(self, row: Row, log_type: object) -> Row | None:
        """The row after ``log_type`` (and remember it), or ``None`` when the step is not clean.

        ``log_type`` may also be a pair ``(log type, operate_user)``: its step is the log type's, and
        clean only when the spec lets that actor write it, so a walk over pairs checks the actors too.
        """
        if type(log_type) is tuple:
            return self._advance_pair(row, log_type)
        if not isinstance(log_type, str) or (id(row), log_type) in self._dirty:
            return None
        info = self._info[id(row)]
        log = self.lc.log_type_info(log_type)
        if log is None:
            return None  # not remembered: unknown log types are not the table's to hold
        following = frozenset[str]()
        if (
            not (info.start and log_type != self._creation)
            and not info.all_final
            and not (log.once and log_type in info.once)
        ):
            following = self.lc.step(info.states, log_type)
        nxt = self.row(following, info.once | {log_type} if log.once else info.once) if following else None
        if nxt is None:
            self._dirty.add((id(row), log_type))
            return None
        row[log_type] = nxt
        return nxt

    def _advance_pair(self, row: Row, pair: tuple[Any, ...]) -> Row | None:
        try:
            allowed = pair in self.pairs
        except TypeError:  # an unhashable actor
            return None
        if not allowed:
            return None  # not remembered: pairs the spec does not know are not the table's to hold
        nxt = self.advance(row, pair[0])
        if nxt is not None:
            row[pair] = nxt
        return nxt

    def walk(self, log_types: list[Any] | tuple[Any, ...], row: Row | None = None, start: int = 0) -> tuple[Row, int]:
        """Replay clean steps from ``row`` (default: the start) at log ``start``: (the last row
        reached, the position of the first log without a clean step, or ``len(log_types)``).

        A list or a tuple: the position is read off the iterator's length hint, so the loop counts
        nothing.
        """
        if row is None:
            row = self.start
        log_type: object = None
        rest = log_types[start:] if start else log_types
        remaining = iter(rest)
        while True:
            try:
                for log_type in remaining:
                    row = row[log_type]
            except (KeyError, TypeError):  # a step not made yet, or an unhashable log type
                pass
            else:
                return row, len(log_types)
            nxt = self.advance(row, log_type)
            if nxt is None:
                return row, start + len(rest) - length_hint(remaining) - 1
            row = nxt


_tables: dict[int, tuple[Lifecycle, Table]] = {}


def table(lc: Lifecycle) -> Table:
    """The replay table of ``lc`` (made once; compiled lifecycles are cached and live as long)."""
    found = _tables.get(id(lc))
    if found is None or found[0] is not lc:
        found = _tables[id(lc)] = (lc, Table(lc))
    return found[1]
