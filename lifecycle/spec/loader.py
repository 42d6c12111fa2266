"""Read the rules file, or an overlay, into a :class:`~lifecycle.spec.model.Spec`.

The rules file (``rules.toml`` beside this module) serves every edition: reading it for one edition
keeps the entries whose names that edition knows (see the file's header). Every problem found on
the way is collected, and :class:`~lifecycle.errors.InvalidSpec` lists them all at once.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from lifecycle.errors import InvalidSpec, Problem, UnknownEdition
from lifecycle.spec.model import (
    Confidence,
    Creation,
    Evidence,
    EvidenceKind,
    Rule,
    SideEvent,
    Silent,
    Spec,
    Stage,
)
from lifecycle.spec.vocabulary import (
    DEFAULT_EDITION,
    EDITIONS,
    LOG_TYPES,
    STATES,
    Actor,
    ConsoleGroup,
    Edition,
    LogTypeInfo,
    StateInfo,
    StateKind,
    in_edition,
)

RULES_FILE = Path(__file__).with_name("rules.toml")

_RULE_KEYS = frozenset(
    {"log_type", "from", "to", "except", "evidence", "confidence", "variant", "ambiguity", "editions"}
)
_SILENT_KEYS = frozenset(
    {"from", "to", "except", "trigger", "evidence", "confidence", "variant", "ambiguity", "editions"}
)
_SIDE_KEYS = frozenset({"log_types", "in", "except", "evidence", "confidence", "editions"})
_VARIANTS = frozenset({"flexus", "na"})


def parse_edition(name: str | Edition) -> Edition:
    """The :class:`Edition` called ``name``, or :class:`UnknownEdition`."""
    try:
        return Edition(name)
    except ValueError:
        raise UnknownEdition(str(name), tuple(EDITIONS)) from None


class _Reader:
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
        return Silent(sources, targets, trigger, evidence, confidence, variant, ambiguity, origin)

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


def _stages(raw: object, problems: list[Problem]) -> tuple[Stage, ...]:
    if not isinstance(raw, list):
        problems.append(Problem("bad-value", "pipeline.stages", "stages must be a list of tables"))
        return ()
    stages: list[Stage] = []
    for i, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("entry"), str)
        ):
            problems.append(Problem("bad-value", f"pipeline.stages[{i}]", "a stage needs a name and an entry"))
            continue
        exits = item.get("exits", [])
        exits = tuple(exits) if isinstance(exits, list) else ()
        stages.append(Stage(item["name"], item["entry"], exits))
    return tuple(stages)


def _pipeline_silent(reader: _Reader, evidence: tuple[Evidence, ...], confidence: Confidence) -> list[Silent]:
    """Each stage may be skipped, and a finished stage leads on: silent edges to the next entry."""
    silent: list[Silent] = []
    stages = reader.stages
    for stage, following in pairwise(stages):
        skip = f"stage {stage.name!r} is skipped (optional)"
        silent.append(Silent((stage.entry,), (following.entry,), skip, evidence, confidence, origin="pipeline"))
        exits = tuple(s for s in stage.exits if s in reader.states)
        if exits:
            done = f"stage {stage.name!r} is finished; the next stage is {following.name!r}"
            silent.append(Silent(exits, (following.entry,), done, evidence, confidence, origin="pipeline"))
    for stage in stages:
        for name in (stage.entry, *stage.exits):
            if name not in reader.states and name not in reader.other_states:
                reader.problem("unknown-name", f"pipeline.{stage.name}", f"unknown state {name!r}")
    return silent


def _groups(states: Mapping[str, StateInfo]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {g.value: [] for g in ConsoleGroup}
    for name, info in states.items():
        groups[info.group.value].append(name)
    return {g: tuple(members) for g, members in groups.items() if members}


def read_rules(doc: Mapping[str, Any], edition: str | Edition, *, source: str = "rules.toml") -> Spec:
    """Build one edition's spec from a parsed rules document and self-check it.

    Raises :class:`InvalidSpec` listing every problem of the document and of the resulting spec.
    """
    from lifecycle.spec.check import check  # the check reads specs; it never reads documents

    ed = parse_edition(edition)
    states = {s.value: info for s, info in STATES.items() if in_edition(info.since, ed)}
    log_types = {t.value: info for t, info in LOG_TYPES.items() if in_edition(info.since, ed)}
    problems: list[Problem] = []
    raw_pipeline = doc.get("pipeline", {})
    stages = _stages(raw_pipeline.get("stages", []), problems) if isinstance(raw_pipeline, dict) else ()
    reader = _Reader(
        source,
        ed,
        states,
        log_types,
        other_states=frozenset(s.value for s in STATES) - frozenset(states),
        other_log_types=frozenset(t.value for t in LOG_TYPES) - frozenset(log_types),
        stages=stages,
    )
    reader.problems.extend(problems)
    reader.read_sets(doc)
    creation = _creation(reader, doc.get("creation"))
    rules, silent, side = reader.read_entries(doc, "", "spec")
    if stages:
        pipeline = raw_pipeline if isinstance(raw_pipeline, dict) else {}
        evidence = reader.evidence(pipeline.get("evidence"), "pipeline")
        confidence = reader.confidence(pipeline.get("confidence"), "pipeline")
        silent = _pipeline_silent(reader, evidence, confidence) + silent
    spec = Spec(
        edition=ed.value,
        states=states,
        log_types=log_types,
        groups=_groups(states),
        creation=creation,
        rules=tuple(rules),
        silent=tuple(silent),
        side=tuple(side),
        pipeline=reader.stages,
    )
    found = reader.problems + check(spec)
    if found:
        raise InvalidSpec(found, source=f"{source} ({ed.value})")
    return spec


def _creation(reader: _Reader, raw: object) -> Creation:
    if not isinstance(raw, dict):
        reader.problem("bad-value", "creation", "the [creation] table is missing")
        return Creation("", "", (), Confidence.ASSUMED)
    reader.keys(raw, frozenset({"log_type", "to", "evidence", "confidence"}), "creation")
    log_type = reader.log_type(raw.get("log_type"), "creation") or ""
    initial = reader.state_list(raw.get("to"), "creation")
    evidence = reader.evidence(raw.get("evidence"), "creation")
    confidence = reader.confidence(raw.get("confidence"), "creation")
    return Creation(log_type, initial[0] if initial else "", evidence, confidence)


@cache
def _rules_document() -> dict[str, Any]:
    with RULES_FILE.open("rb") as f:
        return tomllib.load(f)


@cache
def _load(edition: Edition) -> Spec:
    return read_rules(_rules_document(), edition)


def load_edition(edition: str | Edition = DEFAULT_EDITION) -> Spec:
    """The shipped spec of ``edition`` (default: today's API), checked, cached."""
    return _load(parse_edition(edition))


# ---------------------------------------------------------------------------- overlays

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


def apply_overlay(spec: Spec, overlay: Overlay | Mapping[str, Any]) -> Spec:
    """``spec`` with the overlay's additions and removals, self-checked like a shipped spec."""
    from lifecycle.spec.check import check

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
    reader = _Reader(ov.name, ed, states, log_types, stages=spec.pipeline)
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
        groups=_groups(states),
        rules=(*rules, *added_rules),
        silent=(*silent, *added_silent),
        side=(*side, *added_side),
        overlays=(*spec.overlays, ov.name),
    )
    found = problems + reader.problems + check(result)
    if found:
        raise InvalidSpec(found, source=f"overlay {ov.name}")
    return result


def _new_state(reader: _Reader, table: Mapping[str, Any], where: str, edition: Edition) -> StateInfo | None:
    value = table.get("value")
    if not isinstance(value, str) or not value:
        reader.problem("bad-value", where, "a new state needs a value")
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
        label_zh_source="tr.",
        label_en=en,
        label_en_source="tr.",
        group=group,
        kind=kind,
        since=edition,
        na_only=bool(table.get("na_only", False)),
        admin_internal=group is ConsoleGroup.TRAINING,
        final=bool(table.get("final", False)),
        resting=bool(table.get("resting", kind in {StateKind.FAILED, StateKind.STOPPED, StateKind.DONE})),
        group_confidence="assumed",
    )


def _new_log_type(reader: _Reader, table: Mapping[str, Any], where: str, edition: Edition) -> LogTypeInfo | None:
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
        label_zh_source="tr.",
        label_en=str(table.get("label_en", value)),
        actors=actors or frozenset(Actor),
        actors_confidence="assumed",
        since=edition,
        deprecated=False,
        once=False,
    )


def _needs_evidence(reader: _Reader, table: Mapping[str, Any], where: str) -> None:
    # A removal is a claim about the world too: say why the rule is wrong.
    reader.evidence(table.get("evidence"), where)


def _remove_rules(reader: _Reader, rules: list[Rule], table: Mapping[str, Any], where: str) -> list[Rule]:
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


def _remove_silent(reader: _Reader, silent: list[Silent], table: Mapping[str, Any], where: str) -> list[Silent]:
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


def _remove_side(reader: _Reader, side: list[SideEvent], table: Mapping[str, Any], where: str) -> list[SideEvent]:
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
