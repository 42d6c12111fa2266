"""Lifecycle -> diagram IR for the state views: all states, one console group, one stage, one neighbourhood.

Choices made here, and why:

* **Parallel rules merge.** Every rule between the same two states becomes one edge listing its log
  types, sorted, each with its own mark; silent transitions get their own edge, so a rule and a
  silent move between the same states stay distinguishable.
* **Re-runs drawn once.** A rule with many sources (:data:`~lifecycle.diagrams.arcs.RERUN_MIN_SOURCES`:
  ``REDO_*``, ``ADMIN_RESET``) is drawn as a short arrow from a small "re-run / reset" stub next to
  each target the view shows; the states it may come from are listed once, in the view's note.
* **Side events listed once** per view, in a note, never as a count on every node.
* **The usual path** (:mod:`~lifecycle.diagrams.usual`) is bold: the spine a newcomer reads first.
* **Group and stage views** show their states plus every state directly connected to them, as a
  grey boundary box; **around** shows the states at most N steps before or after one state.
* **Observed rules** (only real histories back them: an overlay from ``lifecycle mine``) are edges
  of their own kind, labelled with their count; an observed side event is drawn as a self-loop.
* **Alternative readings** (the spec's ``[[alternative]]`` entries) are edges of their own kind too,
  dashed, each label naming its reading; a reading's transition with many sources comes from a stub,
  like a re-run, and the view's "alternative readings" note lists its sources and the reading's side
  events (logs it accepts without a move), so no reading the replay consults goes undrawn.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from lifecycle.diagrams.arcs import Arc, alternative_arcs, alternative_side, arcs, side_events
from lifecycle.diagrams.model import Cluster, Diagram, Edge, EdgeItem, EdgeKind, Node, Note, item_label, legend_of
from lifecycle.diagrams.stages import STAGED_GROUP, Stage, stage_of, stages_of
from lifecycle.diagrams.texts import text
from lifecycle.diagrams.usual import Step, usual_states, usual_steps
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.vocabulary import GROUP_LABELS_EN, ConsoleGroup, Lang, group_label


def group_slug(group: ConsoleGroup) -> str:
    """An ASCII slug of the group's English name: ``algorithm-training-ongoing``."""
    return re.sub(r"[^a-z0-9]+", "-", GROUP_LABELS_EN[group].lower()).strip("-")


def cluster_id(group: ConsoleGroup, stage: Stage | None = None) -> str:
    base = "G_" + group_slug(group).replace("-", "_")
    return base if stage is None else f"{base}__{stage.slug}"


def groups_of(lc: Lifecycle) -> list[ConsoleGroup]:
    """The console groups that have states in this lifecycle, in console order."""
    present = {ConsoleGroup(g) for g, members in lc.spec.groups.items() if members}
    return [g for g in ConsoleGroup if g in present]


def resolve_group(lc: Lifecycle, name: str) -> ConsoleGroup:
    """A group by its console name, English name or slug; ``ValueError`` listing the valid ones."""
    groups = groups_of(lc)
    for g in groups:
        if name.strip().casefold() in {g.value, GROUP_LABELS_EN[g].casefold(), group_slug(g)}:
            return g
    valid = ", ".join(f"{g.value} ({group_slug(g)})" for g in groups)
    raise ValueError(f"unknown group {name!r} in edition {lc.edition}; valid groups: {valid}")


def resolve_state(lc: Lifecycle, name: str) -> str:
    """A state by its wire name; ``ValueError`` naming the closest ones."""
    if name in lc.states:
        return name
    close = difflib.get_close_matches(name.strip().upper(), lc.states, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"unknown state {name!r} in edition {lc.edition}{hint}")


def title(lc: Lifecycle, key: str, lang: Lang, **kw: object) -> str:
    out = text(key, lang, e=lc.edition, **kw)
    if lc.spec.overlays:
        out += text("overlays", lang, o=", ".join(lc.spec.overlays))
    return out


def rerun_note(lc: Lifecycle, lang: Lang, reruns: list[Arc], name: Callable[[str], str] = str) -> Note | None:
    """The one note saying where re-runs and resets come from and where they lead (each target
    shown as ``name`` gives it: a state, or the box it is in); logs with the same targets share a line."""
    if not reruns:
        return None
    lines = []
    by_sources: dict[tuple[str, ...], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for arc in reruns:
        targets = by_sources[arc.sources][item_label(arc.item, lang)]
        if name(arc.target) not in targets:
            targets.append(name(arc.target))
    for sources, logs in sorted(by_sources.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        lines.append(text("rerun_from", lang, n=len(sources), where=where(lc, lang, sources)))
        by_targets: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for log, targets in sorted(logs.items()):
            by_targets[tuple(targets)].append(log)
        lines += [f"{', '.join(logs)} → {' | '.join(targets)}" for targets, logs in by_targets.items()]
    return Note("rerun", text("rerun_title", lang), tuple(lines))


_FEW: Final = 4
"""States named one by one in a side-event line when at most this many are in (or left out)."""


def side_note(lc: Lifecycle, lang: Lang, scope: frozenset[str]) -> Note | None:
    """The side events accepted in the view's states, each listed once; logs accepted in the same
    states share a line."""
    scope = scope & frozenset(lc.states)
    by_states: dict[frozenset[str], list[str]] = defaultdict(list)
    for log, accepted in sorted(side_events(lc).items()):
        if accepted & scope:
            by_states[frozenset(accepted & scope)].append(log)
    lines = []
    for states, logs in sorted(by_states.items(), key=lambda kv: (-len(kv[0]), kv[1])):
        names = ", ".join(logs)
        missing = [s for s in lc.states if s in scope - states]
        if not missing:
            lines.append(text("side_all", lang, logs=names))
        elif len(states) <= min(_FEW, len(missing)):
            lines.append(text("side_in", lang, states=", ".join(s for s in lc.states if s in states), logs=names))
        elif len(missing) <= _FEW:
            lines.append(text("side_but", lang, states=", ".join(missing), logs=names))
        else:
            lines.append(text("side_some", lang, n=len(states), logs=names))
    return Note("side", text("side_title", lang), tuple(lines)) if lines else None


def where(lc: Lifecycle, lang: Lang, states: Iterable[str]) -> str:
    """States named compactly: whole groups, a group but a few of its states, then the others."""
    rest = set(states)
    parts = []
    for g in groups_of(lc):
        members = lc.spec.groups[g.value]
        inside, outside = [s for s in members if s in rest], [s for s in members if s not in rest]
        if len(members) > 1 and not outside:
            parts.append(text("all_of", lang, g=group_label(g, lang), n=len(members)))
        elif len(inside) > _FEW and len(outside) <= _FEW:
            parts.append(text("all_but", lang, g=group_label(g, lang), but=", ".join(outside)))
        else:
            continue
        rest -= set(inside)
    return ", ".join(parts + [s for s in lc.states if s in rest])


def readings_note(lc: Lifecycle, lang: Lang, scope: frozenset[str], drawn: set[str]) -> Note | None:
    """The alternative readings that touch the view: each by name and confidence, where its stubbed
    transitions come from and the logs it accepts without a move (``drawn``: the readings that have
    an arrow in the view)."""
    by_reading: dict[str, list[str]] = defaultdict(list)
    stubbed = [a for a in alternative_arcs(lc, lang) if a.stub and (a.target in scope or set(a.sources) & scope)]
    for sources in sorted({a.sources for a in stubbed}):
        arcs_from = [a for a in stubbed if a.sources == sources]
        lines = by_reading[arcs_from[0].item.reading]
        lines.append(text("rerun_from", lang, n=len(sources), where=where(lc, lang, sources)))
        targets = " | ".join(a.target for a in arcs_from)
        lines.append(f"{item_label(dataclasses.replace(arcs_from[0].item, reading=''), lang)} → {targets}")
    side: dict[tuple[str, frozenset[str]], list[str]] = defaultdict(list)
    for reading, log, states in alternative_side(lc):
        if states & scope:
            side[(reading, states & scope)].append(log)
    for (reading, states), logs in side.items():
        logs_text = ", ".join(sorted(logs))
        by_reading[reading].append(text("alt_side", lang, where=where(lc, lang, states), logs=logs_text))
    lines = []
    for alternative, _ in lc.alternatives:
        if alternative.name in by_reading or alternative.name in drawn:
            conf = alternative.confidence.label(lang)
            lines.append(text("alt_reading", lang, r=alternative.name, c=conf))
            lines += by_reading.get(alternative.name, [text("alt_edges", lang)])
    return Note("alternative", text("alt_title", lang), tuple(lines)) if lines else None


def _cluster(lc: Lifecycle, lang: Lang, state: str) -> Cluster | None:
    """A state's box: its console group, or the stage of 算法训练中 it belongs to."""
    info = lc.state_info(state)
    if info is None:
        return None
    groups = groups_of(lc)
    order = groups.index(info.group) * 10 if info.group in groups else 0
    stage = stage_of(lc).get(state) if info.group is STAGED_GROUP else None
    if stage is None:
        return Cluster(cluster_id(info.group), group_label(info.group, lang), order)
    index = [st.slug for st in stages_of(lc)].index(stage.slug) + 1
    label = f"{group_label(info.group, lang)} · {stage.label(lang)}"
    return Cluster(cluster_id(info.group, stage), label, order + index)


@dataclasses.dataclass(slots=True)
class Reruns:
    """The re-run arcs of a view: the items of the stub drawn next to each box they lead into, the
    boxes they come from, and every arc the note lists."""

    items: dict[str, set[EdgeItem]] = dataclasses.field(default_factory=lambda: defaultdict(set))
    sources: dict[str, set[str]] = dataclasses.field(default_factory=lambda: defaultdict(set))
    listed: list[Arc] = dataclasses.field(default_factory=list)
    prefix: str = "RERUN"
    label: str = "rerun"
    """The stub's text key: ``rerun``, or ``alt_stub`` for an alternative reading's stubs."""
    kind: EdgeKind = "rule"

    def add(self, target: str, item: EdgeItem, sources: Iterable[str]) -> None:
        self.items[target].add(item)
        self.sources[target].update(sources)

    def stubs(self, lang: Lang, order: Mapping[str, int], cluster: Mapping[str, str]) -> list[tuple[Node, Edge]]:
        """One stub per target (ordered and boxed like it) and its arrow into the target."""
        out = []
        for target, items in self.items.items():
            members = tuple(sorted(self.sources[target], key=lambda s: order.get(s, 0)))
            box = cluster.get(target)
            stub = Node(f"{self.prefix}_{target}", text(self.label, lang), "rerun", (), box, order[target])
            out.append((dataclasses.replace(stub, members=members), Edge(stub.id, target, self.kind, tuple(items))))
        return out


@dataclasses.dataclass(frozen=True, slots=True)
class Scope:
    """What a state view shows: its states, and whether their neighbours come along as boundary boxes."""

    states: frozenset[str]
    neighbours: bool = True
    highlight: str | None = None


def state_diagram(lc: Lifecycle, lang: Lang, scope: Scope, heading: str) -> Diagram:
    """The IR of the states in ``scope``, with every edge that touches them."""
    inside = scope.states
    usual = usual_steps(lc)
    on_path = usual_states(usual)
    edges: dict[Step, set[EdgeItem]] = defaultdict(set)
    reruns = Reruns()
    alts = Reruns(prefix="ALT", label="alt_stub", kind="alternative")
    for arc in arcs(lc, lang) + alternative_arcs(lc, lang):
        if arc.stub:
            stubs = reruns if arc.rerun else alts
            if arc.target in inside or set(arc.sources) & inside:
                stubs.listed.append(arc)
            if arc.target in inside:
                stubs.add(arc.target, arc.item, arc.sources)
            continue
        for s in arc.sources:
            if (s in inside and arc.target in inside) or (scope.neighbours and (s in inside or arc.target in inside)):
                edges[(s, arc.target, arc.kind)].add(arc.item)
    endpoints = {s for s, _, _ in edges} | {t for _, t, _ in edges}
    order = {s: i for i, s in enumerate(lc.states, start=1)}
    clusters = {s: _cluster(lc, lang, s) for s in lc.states}
    nodes = []
    for s in lc.states:
        if s in inside or s in endpoints:
            nodes.append(_state_node(lc, lang, s, order[s], clusters[s], scope, on_path))
    if BEFORE_CREATION in endpoints:
        nodes.append(Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0))
    out = [Edge(s, t, kind, tuple(items), (s, t, kind) in usual) for (s, t, kind), items in edges.items()]
    boxed = {s: c.id for s, c in clusters.items() if c is not None and s in inside}
    for stub, arrow in reruns.stubs(lang, order, boxed) + alts.stubs(lang, order, boxed):
        nodes.append(stub)
        out.append(arrow)
    used = {n.cluster for n in nodes}
    boxes = sorted({c for c in clusters.values() if c is not None and c.id in used}, key=lambda c: (c.order, c.id))
    drawn = {i.reading for e in out if e.kind == "alternative" for i in e.items}
    notes = [side_note(lc, lang, inside), rerun_note(lc, lang, reruns.listed), readings_note(lc, lang, inside, drawn)]
    # Top to bottom: a state's failed and stopped states hang beside it, so every view is narrower
    # this way than left to right (stage views by half), and reads at page width.
    shown = tuple(n for n in notes if n is not None)
    diagram = Diagram(heading, "full", lang, tuple(nodes), tuple(out), tuple(boxes), (), "TB", shown)
    return dataclasses.replace(diagram, legend=legend_of(diagram))


def _state_node(
    lc: Lifecycle, lang: Lang, state: str, order: int, cluster: Cluster | None, scope: Scope, on_path: frozenset[str]
) -> Node:
    info = lc.state_info(state)
    boundary = state not in scope.states
    details = [lc.label(state, "admin", lang)] if info is not None else []
    if info is not None and boundary:
        details.append(f"({group_label(info.group, lang)})")
    if info is not None and info.na_only and not boundary:
        details.append(text("na", lang))
    return Node(
        id=state,
        label=state,
        details=tuple(details),
        cluster=None if boundary or cluster is None else cluster.id,
        order=order,
        final=lc.is_final(state),
        na_only=bool(info and info.na_only),
        boundary=boundary,
        usual=state in on_path,
        highlight=state == scope.highlight,
    )


def neighbourhood(lc: Lifecycle, state: str, depth: int) -> frozenset[str]:
    """The states at most ``depth`` steps before or after ``state`` (re-runs not counted: the
    re-run note lists them); the pseudo-state before creation is one of them when near enough."""
    near: dict[str, set[str]] = defaultdict(set)
    for arc in arcs(lc, "en"):
        if not arc.rerun:
            for s in arc.sources:
                near[s].add(arc.target)
                near[arc.target].add(s)
    seen, frontier = {state}, {state}
    for _ in range(depth):
        frontier = {n for s in frontier for n in near[s]} - seen
        seen |= frontier
    return frozenset(seen)
