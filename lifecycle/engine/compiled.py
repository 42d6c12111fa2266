"""Compile a spec into something that runs: the lookup tables a replay asks.

The compiled :class:`Lifecycle` answers the questions a replay asks — which logs a state allows, where a
log leads, which states a job may silently drift to — from plain dicts, because a replay of millions of
jobs cannot afford an object machine per job. :mod:`lifecycle.engine.table` walks them;
:mod:`lifecycle.engine.machine` builds the ``transitions.Machine`` live tracking shares.

Nondeterminism: a rule may name several targets and silent transitions may fire at any time, so a
replay keeps the *set* of states a job may be in. :meth:`Lifecycle.step` maps such a set and a log
to the next set (silent closure included); an empty set means the log is illegal there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Final, Literal

from lifecycle.spec.check import reachable
from lifecycle.spec.model import Alternative, Spec
from lifecycle.spec.overlay import alternative_specs
from lifecycle.spec.vocabulary import Audience, Lang, LogTypeInfo, StateInfo, group_label

BEFORE_CREATION: Final = "<new>"
"""The pseudo-state of a job before its creation log."""

SILENT: Final = "silent"
"""The trigger name of silent transitions in the machine (log types are upper case)."""

Effect = Literal["move", "side", "mixed"]


class Lifecycle:
    """One compiled edition of the lifecycle (optionally with overlays)."""

    def __init__(self, spec: Spec, *, variants: frozenset[str] | None = None) -> None:
        self.spec = spec
        self.edition = spec.edition
        self.variants = variants
        """The job variants whose rules apply (``flexus``, ``na``); ``None`` = all of them."""
        self._restricted: dict[frozenset[str], Lifecycle] = {}
        self._alternatives: tuple[tuple[Alternative, Lifecycle], ...] | None = None
        self.states: tuple[str, ...] = tuple(spec.states)
        self.log_types: tuple[str, ...] = tuple(spec.log_types)
        moves: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        moves[BEFORE_CREATION][spec.creation.log_type].add(spec.creation.initial)
        for rule in spec.rules:
            if self._applies(rule.variant):
                for s in rule.sources:
                    moves[s][rule.log_type].update(rule.targets)
        side: dict[str, set[str]] = defaultdict(set)
        for event in spec.side:
            for s in event.states:
                side[s].add(event.log_type)
        silent: dict[str, set[str]] = defaultdict(set)
        for t in spec.silent:
            if self._applies(t.variant):
                for s in t.sources:
                    silent[s].update(t.targets)
        self._moves = {s: {t: frozenset(d) for t, d in by_log.items()} for s, by_log in moves.items()}
        self._side = {s: frozenset(logs) for s, logs in side.items()}
        self._silent = {s: frozenset(d) for s, d in silent.items()}
        # state -> log type -> states right after the log (before the silent closure)
        # (A spec has some 2,000 (state, side event) pairs and a few hundred moves: the side events are
        # written a state at a time, in C, and counted into the entries once per event.)
        table: dict[str, dict[str, frozenset[str]]] = {}
        for s in (BEFORE_CREATION, *self.states):
            row = dict(self._moves.get(s, {}))
            logs = self._side.get(s)
            if logs:
                row.update(dict.fromkeys(logs, frozenset((s,))))
            table[s] = row
        self._table = table
        self._closure = {s: frozenset(reachable(self._silent, [s])) for s in table}
        self._step_cache: dict[tuple[frozenset[str], str], frozenset[str]] = {}
        # entries[log]: every state the log leads to from any row of the table (a side event: its state)
        entries: dict[str, set[str]] = defaultdict(set)
        for s, by_log in self._moves.items():
            if s in table:
                kept = self._side.get(s, frozenset())  # a side event there overrides the move in the row
                for log, dests in by_log.items():
                    if log not in kept:
                        entries[log].update(dests)
        for event in spec.side:
            entries[event.log_type].update(s for s in event.states if s in table)
        closure = self._closure
        self._entries = {log: frozenset().union(*map(closure.__getitem__, dests)) for log, dests in entries.items()}
        self._effects = self._compute_effects()

    def _applies(self, variant: str | None) -> bool:
        return variant is None or self.variants is None or variant in self.variants

    def restrict(self, *, flexus: bool = False, na: bool = False) -> Lifecycle:
        """The lifecycle of one kind of job: variant rules apply only when the job is of that variant.

        >>> from lifecycle import compile_edition
        >>> standard = compile_edition().restrict()
        >>> sorted(standard.replay(["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "SYSTEM_VERIFY_SUCCESS"]))
        ['MANUAL_VERIFYING']
        """
        key = frozenset(name for name, on in (("flexus", flexus), ("na", na)) if on)
        if key not in self._restricted:
            self._restricted[key] = Lifecycle(self.spec, variants=key)
        return self._restricted[key]

    @property
    def alternatives(self) -> tuple[tuple[Alternative, Lifecycle], ...]:
        """Each alternative reading of the spec with the lifecycle it compiles to (same variants), made
        when first asked. A replay consults them only at a log this lifecycle does not allow."""
        if self._alternatives is None:
            self._alternatives = tuple(
                (alt, Lifecycle(spec, variants=self.variants))
                for alt, spec in zip(self.spec.alternatives, alternative_specs(self.spec), strict=True)
            )
        return self._alternatives

    def _compute_effects(self) -> dict[str, Effect]:
        moving = {log for row in self._moves.values() for log in row}
        siding = {log for logs in self._side.values() for log in logs}
        effects: dict[str, Effect] = {}
        for log in self.log_types:
            if log in moving and log in siding:
                effects[log] = "mixed"
            elif log in moving:
                effects[log] = "move"
            elif log in siding:
                effects[log] = "side"
        return effects

    # -- questions about the vocabulary

    def state_info(self, state: str) -> StateInfo | None:
        return self.spec.states.get(state)

    def log_type_info(self, log_type: str) -> LogTypeInfo | None:
        return self.spec.log_types.get(log_type)

    def effect(self, log_type: str) -> Effect | None:
        """Whether a log type moves the state, never does (side event), or does in some states."""
        return self._effects.get(log_type)

    def is_final(self, state: str) -> bool:
        info = self.spec.states.get(state)
        return bool(info and info.final)

    def group(self, state: str) -> str | None:
        info = self.spec.states.get(state)
        return info.group.value if info else None

    def label(self, state: str, audience: Audience = "user", lang: Lang = "zh") -> str:
        """What a person sees for ``state`` (see :func:`lifecycle.spec.vocabulary.console_label`)."""
        info = self.spec.states.get(state)
        if info is None:
            return state
        if audience == "user":
            return group_label(info.group, lang)
        return info.label_zh if lang == "zh" else info.label_en

    # -- questions about transitions

    @property
    def start(self) -> frozenset[str]:
        """The possible states before any log: the pseudo-state :data:`BEFORE_CREATION`."""
        return frozenset({BEFORE_CREATION})

    @property
    def table(self) -> Mapping[str, Mapping[str, frozenset[str]]]:
        """state -> log type -> the states the log leads to (a side event: the state itself)."""
        return self._table

    def allowed(self, state: str) -> frozenset[str]:
        """The log types accepted in ``state`` itself (silent drift not included)."""
        return frozenset(self._table.get(state, {}))

    def allowed_in(self, states: Iterable[str]) -> frozenset[str]:
        """The log types accepted in any of ``states`` or anywhere they may silently drift to."""
        return frozenset(log for s in self.closure_of(states) for log in self._table.get(s, {}))

    def targets(self, state: str, log_type: str) -> frozenset[str]:
        """Where ``log_type`` leads from ``state``: empty when not allowed, ``{state}`` for a side event."""
        return self._table.get(state, {}).get(log_type, frozenset())

    def moves(self, state: str, log_type: str) -> frozenset[str]:
        """The rule targets only (side events excluded)."""
        return self._moves.get(state, {}).get(log_type, frozenset())

    def side(self, state: str) -> frozenset[str]:
        """The side events accepted in ``state`` (logs that keep the state)."""
        return self._side.get(state, frozenset())

    def silent_targets(self, state: str) -> frozenset[str]:
        """Where ``state`` may drift with one silent transition."""
        return self._silent.get(state, frozenset())

    def closure(self, state: str) -> frozenset[str]:
        """``state`` and every state silent transitions may lead it to."""
        return self._closure.get(state, frozenset({state}))

    def closure_of(self, states: Iterable[str]) -> frozenset[str]:
        return frozenset(c for s in states for c in self.closure(s))

    def step(self, possible: frozenset[str], log_type: str) -> frozenset[str]:
        """The possible states after ``log_type``, from a set of possible states (closure included).

        The empty set means no possible state allows the log.
        """
        key = (possible, log_type)
        found = self._step_cache.get(key)
        if found is None:
            table = self._table
            closure = self._closure
            found = frozenset(
                c for s in possible for d in table.get(s, {}).get(log_type, ()) for c in closure.get(d, (d,))
            )
            if len(self._step_cache) < 65536:
                self._step_cache[key] = found
        return found

    def entry_states(self, log_type: str) -> frozenset[str]:
        """Every state ``log_type`` can lead to from anywhere (closure included): where a replay
        resynchronises after an illegal log."""
        return self._entries.get(log_type, frozenset())

    def replay(self, log_types: Iterable[str]) -> frozenset[str]:
        """The states a job may be in after ``log_types``; empty as soon as one is illegal.

        >>> from lifecycle import compile_edition
        >>> lc = compile_edition("2024-12")
        >>> sorted(lc.replay(["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "ADMIN_VERIFY_SUCCESS"]))
        []
        """
        possible = self.closure_of(self.start)
        for log in log_types:
            possible = self.step(possible, log)
            if not possible:
                break
        return possible


def compile(spec: Spec, *, variants: frozenset[str] | None = None) -> Lifecycle:
    """Compile a checked spec into a :class:`Lifecycle` (all variants unless ``variants`` is given)."""
    return Lifecycle(spec, variants=variants)
