"""Reading the tables of a rules document or an overlay into spec entries, for one edition.

:class:`EntryReader` turns raw TOML/JSON tables into :class:`~lifecycle.spec.model.Rule`,
:class:`~lifecycle.spec.model.Silent` and :class:`~lifecycle.spec.model.SideEvent`, expanding state
lists (``*``, ``$set``, ``@kind:``, ``@group:``, ``@pipeline``, ``@after:``) and collecting every
problem on the way instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lifecycle.errors import Problem, UnknownEdition
from lifecycle.spec.model import (
    Confidence,
    Evidence,
    EvidenceKind,
    Rule,
    SideEvent,
    Silent,
    Stage,
)
from lifecycle.spec.vocabulary import (
    EDITIONS,
    ConsoleGroup,
    Edition,
    LogTypeInfo,
    StateInfo,
    StateKind,
)

_RULE_KEYS = frozenset(
    {"log_type", "from", "to", "except", "evidence", "confidence", "variant", "ambiguity", "editions"}
)
_SILENT_KEYS = frozenset(
    {"from", "to", "except", "trigger", "trigger_zh", "evidence", "confidence", "variant", "ambiguity", "editions"}
)
_SIDE_KEYS = frozenset({"log_types", "in", "except", "evidence", "confidence", "editions"})
_VARIANTS = frozenset({"flexus", "na"})


def parse_edition(name: str | Edition) -> Edition:
    """The :class:`Edition` called ``name``, or :class:`UnknownEdition`."""
    try:
        return Edition(name)
    except ValueError:
        raise UnknownEdition(str(name), tuple(EDITIONS)) from None


class EntryReader:
    """Turns raw tables into spec entries for one edition, collecting problems."""

    def __init__(
        self,
        source: str,
        edition: Edition,
        states: Mapping[str, StateInfo],
        log_types: Mapping[str, LogTypeInfo],
        *,
        other_states: frozenset[str] = frozenset(),
        other_log_types: frozenset[str] = frozenset(),
        stages: tuple[Stage, ...] = (),
    ) -> None:
        self.source = source
        self.edition = edition
        self.states = states
        self.log_types = log_types
        # Names that exist in another edition: dropped from this one, not reported.
        self.other_states = other_states
        self.other_log_types = other_log_types
        self.stages = tuple(s for s in stages if s.entry in states)
        self.sets: dict[str, list[str]] = {}
        self.problems: list[Problem] = []

    def problem(self, kind: str, where: str, message: str) -> None:
        self.problems.append(Problem(kind, where, message))

    # -- scalar fields

    def keys(self, table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem("unknown-key", where, f"unknown key {key!r}")

    def strings(self, value: object, where: str, what: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.problem("bad-value", where, f"{what} must be a string or a list of strings")
        return []

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem("bad-value", where, f"{key} must be a string")
        return None

    def evidence(self, value: object, where: str) -> tuple[Evidence, ...]:
        items = self.strings(value, where, "evidence")
        found: list[Evidence] = []
        for item in items:
            kind, sep, text = item.partition(":")
            try:
                found.append(Evidence(EvidenceKind(kind.strip()), text.strip()))
            except ValueError:
                known = ", ".join(k.value for k in EvidenceKind)
                self.problem("bad-evidence", where, f"{item!r} must read '<kind>: <text>' with kind one of {known}")
                continue
            if not sep or not text.strip():
                self.problem("bad-evidence", where, f"{item!r} has no text after its kind")
        if not items:
            self.problem("missing-evidence", where, "every entry needs at least one piece of evidence")
        return tuple(found)

    def confidence(self, value: object, where: str) -> Confidence:
        try:
            return Confidence(str(value))
        except ValueError:
            known = ", ".join(c.value for c in Confidence)
            self.problem("missing-confidence", where, f"confidence {value!r} must be one of {known}")
            return Confidence.ASSUMED

    def variant(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        if value in _VARIANTS:
            return str(value)
        self.problem("bad-value", where, f"variant {value!r} must be one of {sorted(_VARIANTS)}")
        return None

    def applies(self, table: Mapping[str, Any], where: str) -> bool:
        names = self.strings(table.get("editions"), where, "editions")
        for name in names:
            if name not in {e.value for e in EDITIONS}:
                self.problem("unknown-name", where, f"unknown edition {name!r}")
        return not names or self.edition.value in names

    # -- names

    def log_type(self, name: object, where: str) -> str | None:
        if not isinstance(name, str):
            self.problem("bad-value", where, "log_type must be a string")
            return None
        if name in self.log_types:
            return name
        if name not in self.other_log_types:
            self.problem("unknown-name", where, f"unknown log type {name!r}")
        return None

    def state_list(self, value: object, where: str, *, targets: bool = False) -> list[str]:
        out: list[str] = []
        for item in self.strings(value, where, "a state list"):
            out.extend(self.expand(item, where, targets=targets))
        return list(dict.fromkeys(out))

    def expand(self, item: str, where: str, *, targets: bool) -> list[str]:
        if item == "*":
            return [s for s, info in self.states.items() if not info.final]
        if item.startswith("$"):
            if item[1:] not in self.sets:
                self.problem("unknown-name", where, f"unknown set {item!r}")
                return []
            return self.sets[item[1:]]
        if item.startswith("@kind:"):
            kind = item.removeprefix("@kind:")
            if kind not in {k.value for k in StateKind}:
                self.problem("unknown-name", where, f"unknown state kind {kind!r}")
            return [s for s, info in self.states.items() if info.kind == kind]
        if item.startswith("@group:"):
            group = item.removeprefix("@group:")
            if group not in {g.value for g in ConsoleGroup}:
                self.problem("unknown-name", where, f"unknown console group {group!r}")
            return [s for s, info in self.states.items() if info.group == group]
        if item == "@pipeline" or item.startswith("@after:"):
            if not targets:
                self.problem("bad-value", where, f"{item!r} may only stand in a target list")
                return []
            return self.pipeline_target(item, where)
        if item in self.states:
            return [item]
        if item not in self.other_states:
            self.problem("unknown-name", where, f"unknown state {item!r}")
        return []

    def pipeline_target(self, item: str, where: str) -> list[str]:
        if item == "@pipeline":
            return [self.stages[0].entry] if self.stages else []
        name = item.removeprefix("@after:")
        names = [s.name for s in self.stages]
        if name not in names:
            return []  # the stage does not exist in this edition: its rules fall away with it
        position = names.index(name)
        if position + 1 == len(names):
            self.problem("bad-value", where, f"stage {name!r} is the last; nothing comes after it")
            return []
        return [self.stages[position + 1].entry]

    def except_(self, table: Mapping[str, Any], where: str, states: list[str]) -> tuple[str, ...]:
        removed = set(self.state_list(table.get("except"), where))
        return tuple(s for s in states if s not in removed)

    # -- entries

    def rule(self, table: Mapping[str, Any], where: str, origin: str) -> Rule | None:
        self.keys(table, _RULE_KEYS, where)
        evidence = self.evidence(table.get("evidence"), where)
        confidence = self.confidence(table.get("confidence"), where)
        variant = self.variant(table.get("variant"), where)
        if not self.applies(table, where):
            return None
        log_type = self.log_type(table.get("log_type"), where)
        sources = self.except_(table, where, self.state_list(table.get("from"), where))
        targets = tuple(self.state_list(table.get("to"), where, targets=True))
        if log_type is None or not sources or not targets:
            return None
        ambiguity = self.text(table, "ambiguity", where)
        return Rule(log_type, sources, targets, evidence, confidence, variant, ambiguity, origin)

    def silent(self, table: Mapping[str, Any], where: str, origin: str) -> Silent | None:
        self.keys(table, _SILENT_KEYS, where)
        evidence = self.evidence(table.get("evidence"), where)
        confidence = self.confidence(table.get("confidence"), where)
        variant = self.variant(table.get("variant"), where)
        trigger = self.text(table, "trigger", where) or ""
        if not self.applies(table, where):
            return None
        sources = self.except_(table, where, self.state_list(table.get("from"), where))
        targets = tuple(self.state_list(table.get("to"), where, targets=True))
        if not sources or not targets:
            return None
        ambiguity = self.text(table, "ambiguity", where)
        trigger_zh = self.text(table, "trigger_zh", where) or ""
        return Silent(sources, targets, trigger, evidence, confidence, variant, ambiguity, origin, trigger_zh)

    def side(self, table: Mapping[str, Any], where: str, origin: str) -> list[SideEvent]:
        self.keys(table, _SIDE_KEYS, where)
        evidence = self.evidence(table.get("evidence"), where)
        confidence = self.confidence(table.get("confidence"), where)
        if not self.applies(table, where):
            return []
        states = self.except_(table, where, self.state_list(table.get("in"), where))
        names = self.strings(table.get("log_types"), where, "log_types")
        found = [self.log_type(name, where) for name in names]
        return [SideEvent(t, states, evidence, confidence, origin) for t in found if t and states]

    def tables(self, doc: Mapping[str, Any], key: str, where: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem("bad-value", where, f"{key} must be a list of tables")
            return []
        return [(f"{where}{key}[{i}]", v) for i, v in enumerate(value)]

    def read_sets(self, doc: Mapping[str, Any]) -> None:
        raw = doc.get("sets", {})
        if not isinstance(raw, dict):
            self.problem("bad-value", "sets", "sets must be a table")
            return
        for name, items in raw.items():
            self.sets[name] = self.state_list(items, f"sets.{name}")

    def read_entries(
        self, doc: Mapping[str, Any], prefix: str, origin: str
    ) -> tuple[list[Rule], list[Silent], list[SideEvent]]:
        rules = [r for where, t in self.tables(doc, "rules", prefix) if (r := self.rule(t, where, origin))]
        silent = [s for where, t in self.tables(doc, "silent", prefix) if (s := self.silent(t, where, origin))]
        side = [e for where, t in self.tables(doc, "side", prefix) for e in self.side(t, where, origin)]
        return rules, silent, side


def groups_of(states: Mapping[str, StateInfo]) -> dict[str, tuple[str, ...]]:
    """Console group -> its states, in the order of ``states``; empty groups left out."""
    groups: dict[str, list[str]] = {g.value: [] for g in ConsoleGroup}
    for name, info in states.items():
        groups[info.group.value].append(name)
    return {g: tuple(members) for g, members in groups.items() if members}
