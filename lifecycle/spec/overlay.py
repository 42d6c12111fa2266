"""Overlays: a user's file of extra or removed rules, applied on top of a shipped edition.

An overlay is a TOML or JSON table: ``name``, ``edition``, ``sets``, ``add`` (``rules``, ``silent``,
``side``, ``states``, ``log_types``) and ``remove`` (``rules``, ``silent``, ``side``). The result is
self-checked like a shipped spec, so an overlay's evidence may cite only the shipped sources
(``[id]``, ``sources.toml``); ``observed:`` and ``modelling-choice:`` evidence need no citation.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lifecycle.errors import InvalidSpec, Problem
from lifecycle.spec.check import check
from lifecycle.spec.model import Rule, SideEvent, Silent, Spec
from lifecycle.spec.reader import EntryReader, groups_of, parse_edition
from lifecycle.spec.sources import TRANSLATION
from lifecycle.spec.vocabulary import Actor, ConsoleGroup, Edition, LogTypeInfo, StateInfo, StateKind

_OVERLAY_KEYS = frozenset({"name", "edition", "sets", "add", "remove"})
_ADD_KEYS = frozenset({"rules", "silent", "side", "states", "log_types"})
_REMOVE_KEYS = frozenset({"rules", "silent", "side"})


@dataclass(frozen=True)
class Overlay:
    """A user's file of extra or removed rules, applied on top of a shipped edition."""

    name: str
    document: Mapping[str, Any]


def read_overlay(path: str | Path) -> Overlay:
    """Read an overlay from a ``.toml`` or ``.json`` file.

    Raises :class:`OSError` when the file cannot be read and :class:`InvalidSpec` when it is not
    a TOML / JSON table.
    """
    p = Path(path)
    raw = p.read_bytes()
    try:
        doc: object = json.loads(raw) if p.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidSpec([Problem("bad-file", p.name, f"not a valid overlay file: {exc}")], source=p.name) from None
    if not isinstance(doc, dict):
        raise InvalidSpec([Problem("bad-file", p.name, "an overlay must be a table")], source=p.name)
    name = doc.get("name")
    return Overlay(name if isinstance(name, str) else p.name, doc)


_readings: dict[int, tuple[Spec, tuple[Spec, ...]]] = {}


def alternative_specs(spec: Spec) -> tuple[Spec, ...]:
    """The spec of each alternative reading of ``spec`` (the reading applied to ``spec`` without its
    alternatives, as a shipped overlay), made once per spec: the loader applies them to check them, and
    every variant of a compiled lifecycle compiles its alternatives from them. Raises :class:`InvalidSpec`
    for a reading that does not apply (the loader refuses such a spec first)."""
    found = _readings.get(id(spec))
    if found is not None and found[0] is spec:
        return found[1]
    base = replace(spec, alternatives=())
    applied = tuple(apply_overlay(base, alt.document, shipped=True) for alt in spec.alternatives)
    remember_readings(spec, applied)
    return applied


def remember_readings(spec: Spec, applied: tuple[Spec, ...]) -> None:
    """Record ``applied`` as :func:`alternative_specs` of ``spec`` (the loader, which has just made them)."""
    _readings[id(spec)] = (spec, applied)


def apply_overlay(spec: Spec, overlay: Overlay | Mapping[str, Any], *, shipped: bool = False) -> Spec:
    """``spec`` with the overlay's additions and removals, self-checked like a shipped spec.

    ``shipped``: the overlay is part of the shipped rules (an alternative reading), so a name of another
    edition is dropped from this one, as the rules file's own names are, instead of being unknown.
    """
    ov = overlay if isinstance(overlay, Overlay) else Overlay(str(overlay.get("name", "overlay")), overlay)
    doc = ov.document
    origin = f"overlay:{ov.name}"
    problems: list[Problem] = []
    for key in doc:
        if key not in _OVERLAY_KEYS:
            problems.append(Problem("unknown-key", ov.name, f"unknown key {key!r}"))
    if "edition" in doc and doc["edition"] != spec.edition:
        problems.append(
            Problem("bad-value", "edition", f"the overlay is for {doc['edition']!r}, the spec is {spec.edition!r}")
        )
    add = doc.get("add", {})
    remove = doc.get("remove", {})
    if not isinstance(add, dict) or not isinstance(remove, dict):
        raise InvalidSpec([Problem("bad-value", ov.name, "add and remove must be tables")], source=ov.name)
    for key in add:
        if key not in _ADD_KEYS:
            problems.append(Problem("unknown-key", "add", f"unknown key {key!r}"))
    for key in remove:
        if key not in _REMOVE_KEYS:
            problems.append(Problem("unknown-key", "remove", f"unknown key {key!r}"))

    states = dict(spec.states)
    log_types = dict(spec.log_types)
    ed = parse_edition(spec.edition)
    others = _other_names(states, log_types) if shipped else (frozenset(), frozenset())
    reader = EntryReader(
        ov.name, ed, states, log_types, other_states=others[0], other_log_types=others[1], stages=spec.pipeline
    )
    for where, table in reader.tables(add, "states", "add."):
        info = _new_state(reader, table, where, ed)
        if info:
            states[info.value] = info
    for where, table in reader.tables(add, "log_types", "add."):
        linfo = _new_log_type(reader, table, where, ed)
        if linfo:
            log_types[linfo.value] = linfo
    reader.read_sets(doc)
    added_rules, added_silent, added_side = reader.read_entries(add, "add.", origin)
    rules = list(spec.rules)
    silent = list(spec.silent)
    side = list(spec.side)
    for where, table in reader.tables(remove, "rules", "remove."):
        rules = _remove_rules(reader, rules, table, where)
    for where, table in reader.tables(remove, "silent", "remove."):
        silent = _remove_silent(reader, silent, table, where)
    for where, table in reader.tables(remove, "side", "remove."):
        side = _remove_side(reader, side, table, where)
    result = replace(
        spec,
        states=states,
        log_types=log_types,
        groups=groups_of(states),
        rules=(*rules, *added_rules),
        silent=(*silent, *added_silent),
        side=(*side, *added_side),
        overlays=(*spec.overlays, ov.name),
    )
    found = problems + reader.problems + check(result)
    if found:
        raise InvalidSpec(found, source=f"overlay {ov.name}")
    return result


def _other_names(
    states: Mapping[str, StateInfo], log_types: Mapping[str, LogTypeInfo]
) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the vocabulary that another edition has and this one lacks."""
    from lifecycle.spec.vocabulary import LOG_TYPES, STATES

    return frozenset(s.value for s in STATES) - frozenset(states), frozenset(t.value for t in LOG_TYPES) - frozenset(
        log_types
    )


def _new_state(reader: EntryReader, table: Mapping[str, Any], where: str, edition: Edition) -> StateInfo | None:
    value = table.get("value")
    if not isinstance(value, str) or not value:
        reader.problem("bad-value", where, "a new state needs a value")
        return None
    groups = ", ".join(g.value for g in ConsoleGroup)
    if table.get("group") not in {g.value for g in ConsoleGroup}:
        # `lifecycle drift --suggest-overlay` leaves the group empty: only a person can tell.
        reader.problem("bad-value", where, f"new state {value}: group {table.get('group')!r} must be one of {groups}")
        return None
    try:
        group = ConsoleGroup(str(table.get("group")))
        kind = StateKind(str(table.get("kind", "waiting")))
    except ValueError as exc:
        reader.problem("bad-value", where, str(exc))
        return None
    zh = str(table.get("label_zh", value))
    en = str(table.get("label_en", value))
    return StateInfo(
        value=value,
        label_zh=zh,
        label_zh_source=TRANSLATION,
        label_en=en,
        label_en_source=TRANSLATION,
        group=group,
        kind=kind,
        since=edition,
        na_only=bool(table.get("na_only", False)),
        admin_internal=group is ConsoleGroup.TRAINING,
        final=bool(table.get("final", False)),
        resting=bool(table.get("resting", kind in {StateKind.FAILED, StateKind.STOPPED, StateKind.DONE})),
        group_confidence="assumed",
    )


def _new_log_type(reader: EntryReader, table: Mapping[str, Any], where: str, edition: Edition) -> LogTypeInfo | None:
    value = table.get("value")
    if not isinstance(value, str) or not value:
        reader.problem("bad-value", where, "a new log type needs a value")
        return None
    try:
        actors = frozenset(Actor(a) for a in reader.strings(table.get("actors"), where, "actors"))
    except ValueError as exc:
        reader.problem("bad-value", where, str(exc))
        return None
    return LogTypeInfo(
        value=value,
        label_zh=str(table.get("label_zh", value)),
        label_zh_source=TRANSLATION,
        label_en=str(table.get("label_en", value)),
        actors=actors or frozenset(Actor),
        actors_confidence="assumed",
        since=edition,
        deprecated=False,
        once=False,
    )


def _needs_evidence(reader: EntryReader, table: Mapping[str, Any], where: str) -> None:
    # A removal is a claim about the world too: say why the rule is wrong.
    reader.evidence(table.get("evidence"), where)


def _remove_rules(reader: EntryReader, rules: list[Rule], table: Mapping[str, Any], where: str) -> list[Rule]:
    reader.keys(table, frozenset({"log_type", "from", "to", "evidence"}), where)
    _needs_evidence(reader, table, where)
    log_type = reader.log_type(table.get("log_type"), where)
    sources = set(reader.state_list(table.get("from", "*"), where))
    targets = set(reader.state_list(table.get("to"), where, targets=True)) if "to" in table else None
    kept: list[Rule] = []
    matched = False
    for rule in rules:
        if rule.log_type != log_type or not sources & set(rule.sources):
            kept.append(rule)
            continue
        matched = True
        untouched = tuple(s for s in rule.sources if s not in sources)
        if untouched:
            kept.append(replace(rule, sources=untouched))
        if targets is not None:
            left = tuple(t for t in rule.targets if t not in targets)
            touched = tuple(s for s in rule.sources if s in sources)
            if left:
                kept.append(replace(rule, sources=touched, targets=left))
    if log_type and not matched:
        reader.problem("unknown-name", where, f"no rule of {log_type} from those states to remove")
    return kept


def _remove_silent(reader: EntryReader, silent: list[Silent], table: Mapping[str, Any], where: str) -> list[Silent]:
    reader.keys(table, frozenset({"from", "to", "evidence"}), where)
    _needs_evidence(reader, table, where)
    sources = set(reader.state_list(table.get("from"), where))
    targets = set(reader.state_list(table.get("to"), where, targets=True))
    kept: list[Silent] = []
    matched = False
    for s in silent:
        if not sources & set(s.sources) or not targets & set(s.targets):
            kept.append(s)
            continue
        matched = True
        untouched = tuple(x for x in s.sources if x not in sources)
        if untouched:
            kept.append(replace(s, sources=untouched))
        left = tuple(t for t in s.targets if t not in targets)
        if left:
            kept.append(replace(s, sources=tuple(x for x in s.sources if x in sources), targets=left))
    if not matched:
        reader.problem("unknown-name", where, "no silent transition between those states to remove")
    return kept


def _remove_side(reader: EntryReader, side: list[SideEvent], table: Mapping[str, Any], where: str) -> list[SideEvent]:
    reader.keys(table, frozenset({"log_types", "in", "evidence"}), where)
    _needs_evidence(reader, table, where)
    names = set(reader.strings(table.get("log_types"), where, "log_types"))
    states = set(reader.state_list(table.get("in", "*"), where))
    kept: list[SideEvent] = []
    for event in side:
        if event.log_type in names:
            left = tuple(s for s in event.states if s not in states)
            if left:
                kept.append(replace(event, states=left))
        else:
            kept.append(event)
    return kept
