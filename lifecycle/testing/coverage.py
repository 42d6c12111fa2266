"""Which parts of the lifecycle a set of histories exercised: states, rules, silent transitions, side events.

Two ways in:

* :meth:`Coverage.add_path` takes an exact path — the states a job went through and how it moved
  (the :class:`lifecycle.testing.strategies` walks record theirs), so nothing is guessed.
* :meth:`Coverage.add_history` takes what the API gives: the operation logs and, if known, the
  reported state. Silent transitions leave no log and a rule may name several targets, so the
  path is inferred: a forward replay keeps every possible state, a backward pass keeps only the
  states from which the rest of the history (and the reported state) is still reachable, and an
  element counts as exercised when some reading of the history that survives both passes uses it.
  That is an over-approximation only where the history itself is ambiguous.

An element is identified the way a reader finds it in ``rules.toml``: a rule or silent transition
by its index in the compiled spec, described by :func:`describe_rule` / :func:`describe_silent`.

>>> from lifecycle import compile_edition
>>> cov = Coverage(compile_edition())
>>> cov.add_history(["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "SYSTEM_VERIFY_SUCCESS"],
...                 end_state="MANUAL_VERIFYING")
True
>>> sorted(cov.states)
['AUTO_VERIFYING', 'MANUAL_VERIFYING', 'WAIT_FILE_UPLOAD']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.model import Rule, SideEvent, Silent

Move = tuple[Literal["log"], str, str, str] | tuple[Literal["silent"], str, str]
"""One step of an exact path: ``("log", source, log_type, target)`` or ``("silent", source, target)``."""


def describe_rule(rule: Rule) -> str:
    """``LOG_TYPE: A|B -> C`` (sources abbreviated when there are many)."""
    return f"{rule.log_type}: {_states(rule.sources)} -> {_states(rule.targets)}" + (
        f" [{rule.variant}]" if rule.variant else ""
    )


def describe_silent(silent: Silent) -> str:
    return f"(silent) {_states(silent.sources)} -> {_states(silent.targets)}" + (
        f" [{silent.variant}]" if silent.variant else ""
    )


def describe_side(side: SideEvent) -> str:
    return f"{side.log_type}: side event in {_states(side.states)}"


def _states(names: Sequence[str]) -> str:
    return "|".join(names) if len(names) <= 3 else f"{'|'.join(names[:3])}|…(+{len(names) - 3})"


@dataclass
class Coverage:
    """Accumulates what histories exercised in one compiled lifecycle (all its variants)."""

    lifecycle: Lifecycle
    states: set[str] = field(default_factory=set)
    rules: set[int] = field(default_factory=set)
    silent: set[int] = field(default_factory=set)
    side: set[int] = field(default_factory=set)
    histories: int = 0
    rejected: int = 0
    """Histories :meth:`add_history` could not replay (an illegal or unknown log); not counted elsewhere."""

    def __post_init__(self) -> None:
        spec = self.lifecycle.spec
        rule_index: dict[tuple[str, str, str], list[int]] = {}
        for i, rule in enumerate(spec.rules):
            for s in rule.sources:
                for t in rule.targets:
                    rule_index.setdefault((s, rule.log_type, t), []).append(i)
        silent_index: dict[tuple[str, str], list[int]] = {}
        for i, moved in enumerate(spec.silent):
            for s in moved.sources:
                for t in moved.targets:
                    silent_index.setdefault((s, t), []).append(i)
        side_index: dict[tuple[str, str], list[int]] = {}
        for i, event in enumerate(spec.side):
            for s in event.states:
                side_index.setdefault((s, event.log_type), []).append(i)
        self._rule_index = rule_index
        self._silent_index = silent_index
        self._side_index = side_index

    # -- adding

    def add_path(self, moves: Iterable[Move]) -> None:
        """Record an exact path (see :data:`Move`)."""
        self.histories += 1
        for move in moves:
            if move[0] == "log":
                _, source, log, target = move
                self._log_edge(source, log, target)
            else:
                _, source, target = move
                self._silent_edge(source, target)

    def add_history(
        self, log_types: Sequence[str], *, end_state: str | None = None, flexus: bool = False, na: bool = False
    ) -> bool:
        """Record a history given as its log types; ``False`` (and counted as rejected) when the
        variant's lifecycle cannot replay it to ``end_state``."""
        lc = self.lifecycle.restrict(flexus=flexus, na=na)
        possible = [lc.closure_of(lc.start)]
        for log in log_types:
            following = lc.step(possible[-1], log)
            if not following:
                self.rejected += 1
                return False
            possible.append(following)
        wanted = possible[-1] if end_state is None else possible[-1] & {end_state}
        if not wanted:
            self.rejected += 1
            return False
        self.histories += 1
        # Backward pass: keep, at each point, the states from which the rest is still possible.
        for i in range(len(log_types), 0, -1):
            log = log_types[i - 1]
            before = possible[i - 1]
            kept_before: set[str] = set()
            for source in before:
                for arrival in lc.table.get(source, {}).get(log, ()):
                    ends = lc.closure(arrival) & wanted
                    if not ends:
                        continue
                    kept_before.add(source)
                    self._log_edge(source, log, arrival)
                    self._drift(lc, arrival, ends)
            wanted = frozenset(kept_before)
        self.states.update(s for s in wanted if s != BEFORE_CREATION)
        return True

    def _drift(self, lc: Lifecycle, start: str, ends: frozenset[str]) -> None:
        # The silent moves on some path from `start` to one of `ends`, and the states on them.
        for state in lc.closure(start):
            if not lc.closure(state) & ends:
                continue
            self.states.add(state)
            for target in lc.silent_targets(state):
                if lc.closure(target) & ends:
                    self._silent_edge(state, target)

    def _log_edge(self, source: str, log: str, target: str) -> None:
        if source != BEFORE_CREATION:
            self.states.add(source)
        self.states.add(target)
        if source == target and (source, log) in self._side_index:
            self.side.update(self._side_index[(source, log)])
        self.rules.update(self._rule_index.get((source, log, target), ()))

    def _silent_edge(self, source: str, target: str) -> None:
        self.states.update((source, target))
        self.silent.update(self._silent_index.get((source, target), ()))

    # -- reading

    def missing(self) -> Mapping[str, list[str]]:
        """What no history exercised, by kind, described for people."""
        spec = self.lifecycle.spec
        return {
            "states": [s for s in self.lifecycle.states if s not in self.states],
            "rules": [describe_rule(r) for i, r in enumerate(spec.rules) if i not in self.rules],
            "silent": [describe_silent(t) for i, t in enumerate(spec.silent) if i not in self.silent],
            "side": [describe_side(e) for i, e in enumerate(spec.side) if i not in self.side],
        }

    def ratios(self) -> Mapping[str, tuple[int, int]]:
        """(exercised, total) per kind."""
        spec = self.lifecycle.spec
        return {
            "states": (len(self.states & set(self.lifecycle.states)), len(self.lifecycle.states)),
            "rules": (len(self.rules), len(spec.rules)),
            "silent": (len(self.silent), len(spec.silent)),
            "side": (len(self.side), len(spec.side)),
        }

    def complete(self) -> bool:
        return all(done == total for done, total in self.ratios().values())

    def summary(self) -> str:
        """One line per kind: ``states  61/61 100.0%``; then what is missing, if anything."""
        lines = [f"edition {self.lifecycle.edition}: {self.histories} histories ({self.rejected} rejected)"]
        for kind, (done, total) in self.ratios().items():
            lines.append(f"  {kind:<7}{done:>4}/{total:<4}{100 * done / total if total else 100:6.1f}%")
        for kind, names in self.missing().items():
            lines.extend(f"  missing {kind}: {name}" for name in names)
        return "\n".join(lines)
