"""The self-check of a spec: small pure functions over its graph, every problem reported at once.

Problem kinds (stable; a test feeds one broken spec per kind):

``unknown-name``       a rule, silent transition, side event or stage names a state or log type
                       the spec does not have
``missing-evidence``   an entry without evidence
``group-partition``    console groups that do not partition the states
``ambiguous-rule``     one state and log type lead to several targets with no declared reason, or a
                       log type is both a side event and a move in one state
``unreachable-state``  no history reaches the state from creation
``trap-state``         no resting or final state is reachable from the state (unless declared a
                       dead end)
``unused-log-type``    a log type used by no rule, side event or creation
``final-state-exit``   a final state has a way out (JOB_FINISH "不支持修改此状态" [api-show])
``unknown-source``     evidence cites an id that is not in the spec's sources (``sources.toml``)
``uncited-evidence``   evidence that reports what a source says (every kind but modelling-choice and
                       observed) cites no source
``documented-guess``   an entry marked ``documented`` whose evidence includes a guess or an inference
                       (name-match, modelling-choice, observed): what a source states and what we
                       inferred from it are separate entries, each with its own confidence

The loader adds problems of the documents themselves (``bad-evidence``, ``unknown-key``, ...) and
``unused-source``: a shipped source that no rule, label or vocabulary fact cites.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from lifecycle.errors import Problem
from lifecycle.spec.model import CITING_KINDS, Confidence, EvidenceKind, Spec
from lifecycle.spec.vocabulary import ConsoleGroup


def moves(spec: Spec) -> dict[str, set[str]]:
    """State -> the states one rule or silent transition leads to."""
    graph: dict[str, set[str]] = defaultdict(set)
    for rule in spec.rules:
        for s in rule.sources:
            graph[s].update(rule.targets)
    for silent in spec.silent:
        for s in silent.sources:
            graph[s].update(silent.targets)
    return graph


def reachable(graph: Mapping[str, Iterable[str]], start: Iterable[str]) -> set[str]:
    """Every node reachable from ``start`` (included)."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def reversed_graph(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    back: dict[str, set[str]] = defaultdict(set)
    for s, targets in graph.items():
        for t in targets:
            back[t].add(s)
    return back


def transition_table(spec: Spec) -> dict[tuple[str, str], set[str]]:
    """(state, log type) -> the targets its rules allow (moves only)."""
    table: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rule in spec.rules:
        for s in rule.sources:
            table[s, rule.log_type].update(rule.targets)
    return table


def _names(spec: Spec) -> list[Problem]:
    problems: list[Problem] = []

    def states(where: str, names: Iterable[str]) -> None:
        for n in names:
            if n not in spec.states:
                problems.append(Problem("unknown-name", where, f"unknown state {n!r}"))

    def log(where: str, name: str) -> None:
        if name not in spec.log_types:
            problems.append(Problem("unknown-name", where, f"unknown log type {name!r}"))

    log("creation", spec.creation.log_type)
    states("creation", [spec.creation.initial])
    for i, r in enumerate(spec.rules):
        log(f"rules[{i}]", r.log_type)
        states(f"rules[{i}] ({r.log_type})", (*r.sources, *r.targets))
    for i, s in enumerate(spec.silent):
        states(f"silent[{i}]", (*s.sources, *s.targets))
    for i, e in enumerate(spec.side):
        log(f"side[{i}]", e.log_type)
        states(f"side[{i}] ({e.log_type})", e.states)
    for stage in spec.pipeline:
        states(f"pipeline.{stage.name}", (stage.entry, *stage.exits))
    states("dead_ends", spec.dead_ends)
    return problems


def _evidence(spec: Spec) -> list[Problem]:
    return [Problem("missing-evidence", where, "no evidence given") for where, ev in spec.evidence() if not ev]


def _citations(spec: Spec) -> list[Problem]:
    problems: list[Problem] = []
    for where, evidence in spec.evidence():
        for e in evidence:
            problems += [
                Problem("unknown-source", where, f"cites {c.source!r}, which is not a known source")
                for c in e.citations
                if c.source not in spec.references
            ]
            if e.kind in CITING_KINDS and not e.citations:
                problems.append(Problem("uncited-evidence", where, f"{str(e)!r} cites no source: add [id]"))
    return problems


GUESSING_KINDS: Final = frozenset({EvidenceKind.NAME_MATCH, EvidenceKind.MODELLING_CHOICE, EvidenceKind.OBSERVED})
"""Evidence of these kinds is our inference, never a source stating the entry: a ``documented`` entry
may not rest on it, even in part."""


def _documented(spec: Spec) -> list[Problem]:
    """A ``documented`` entry cites only what sources state (the entries of ``documented-guess``)."""
    graded = [("creation", spec.creation.evidence, spec.creation.confidence)]
    graded += [(f"rules[{i}] ({r.log_type})", r.evidence, r.confidence) for i, r in enumerate(spec.rules)]
    graded += [(f"silent[{i}] ({t.trigger})", t.evidence, t.confidence) for i, t in enumerate(spec.silent)]
    graded += [(f"side[{i}] ({e.log_type})", e.evidence, e.confidence) for i, e in enumerate(spec.side)]
    problems = []
    for where, evidence, confidence in graded:
        guesses = [e for e in evidence if e.kind in GUESSING_KINDS]
        if confidence is Confidence.DOCUMENTED and guesses:
            message = (
                f"is documented, but {str(guesses[0])!r} is an inference: split it, each part with its own confidence"
            )
            problems.append(Problem("documented-guess", where, message))
    return problems


def _groups(spec: Spec) -> list[Problem]:
    problems: list[Problem] = []
    known = {g.value for g in ConsoleGroup}
    seen: dict[str, str] = {}
    for group, members in spec.groups.items():
        if group not in known:
            problems.append(Problem("group-partition", group, "not a console group"))
        for m in members:
            if m not in spec.states:
                problems.append(Problem("group-partition", group, f"lists unknown state {m!r}"))
            elif m in seen:
                problems.append(Problem("group-partition", m, f"is in both {seen[m]} and {group}"))
            else:
                seen[m] = group
    for state, info in spec.states.items():
        if state not in seen:
            problems.append(Problem("group-partition", state, "belongs to no console group"))
        elif seen[state] != info.group:
            problems.append(Problem("group-partition", state, f"listed in {seen[state]}, declared {info.group}"))
    return problems


def _ambiguity(spec: Spec) -> list[Problem]:
    problems: list[Problem] = []
    table = transition_table(spec)
    reasons: dict[tuple[str, str], bool] = defaultdict(bool)
    for rule in spec.rules:
        for s in rule.sources:
            reasons[s, rule.log_type] |= bool(rule.ambiguity or rule.variant)
    for (state, log), targets in sorted(table.items()):
        if len(targets) > 1 and not reasons[state, log]:
            problems.append(
                Problem("ambiguous-rule", f"{state} + {log}", f"leads to {sorted(targets)} with no declared reason")
            )
    for event in spec.side:
        for state in event.states:
            if (state, event.log_type) in table:
                problems.append(
                    Problem("ambiguous-rule", f"{state} + {event.log_type}", "is both a side event and a move")
                )
    return problems


def _reachability(spec: Spec) -> list[Problem]:
    graph = moves(spec)
    problems: list[Problem] = []
    reached = reachable(graph, [spec.creation.initial])
    problems += [
        Problem("unreachable-state", s, "no history reaches it from creation") for s in spec.states if s not in reached
    ]
    goals = [s for s, info in spec.states.items() if info.resting or info.final]
    can_rest = reachable(reversed_graph(graph), goals)
    problems += [
        Problem("trap-state", s, "no resting or final state is reachable from it")
        for s in spec.states
        if s not in can_rest and s not in spec.dead_ends
    ]
    return problems


def _usage(spec: Spec) -> list[Problem]:
    used = {spec.creation.log_type}
    used.update(r.log_type for r in spec.rules)
    used.update(e.log_type for e in spec.side)
    return [
        Problem("unused-log-type", t, "used by no rule and not declared a side event")
        for t in spec.log_types
        if t not in used
    ]


def _finality(spec: Spec) -> list[Problem]:
    final = {s for s, info in spec.states.items() if info.final}
    problems = [
        Problem("final-state-exit", s, f"is final but {r.log_type} leaves it")
        for r in spec.rules
        for s in r.sources
        if s in final
    ]
    problems += [
        Problem("final-state-exit", s, f"is final but a silent transition leaves it ({t.trigger})")
        for t in spec.silent
        for s in t.sources
        if s in final
    ]
    return problems


CHECKS: tuple[Callable[[Spec], list[Problem]], ...] = (
    _names,
    _evidence,
    _groups,
    _ambiguity,
    _reachability,
    _usage,
    _finality,
    _citations,
    _documented,
)


def check(spec: Spec) -> list[Problem]:
    """Every problem of ``spec``; an empty list when it is sound."""
    return [p for run in CHECKS for p in run(spec)]
