"""Lifecycle -> the user view: one box per console group, as the console shows a regular user.

An edge wherever a rule or silent transition crosses groups, labelled with its log types; the
usual path bold; re-runs and resets drawn once, from a stub into the group they lead to; side
events only counted (the state views list them). Sized for a README: about 800 px wide.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from lifecycle.diagrams.arcs import arcs, side_events
from lifecycle.diagrams.build import cluster_id, groups_of, rerun_note, title
from lifecycle.diagrams.model import Diagram, Edge, EdgeItem, Node, Note, legend_of
from lifecycle.diagrams.texts import text
from lifecycle.diagrams.usual import Step, usual_steps
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.vocabulary import ConsoleGroup, Lang, group_label


def user_diagram(lc: Lifecycle, lang: Lang, highlight: str | None = None) -> Diagram:
    """The user view of ``lc``; ``highlight`` marks the group of that state."""
    of = {s: cluster_id(ConsoleGroup(g)) for g, members in lc.spec.groups.items() for s in members}
    of[BEFORE_CREATION] = BEFORE_CREATION
    usual = {(of[s], of[t], kind) for s, t, kind in usual_steps(lc)}
    crossing: dict[Step, set[EdgeItem]] = defaultdict(set)
    stubs: dict[str, set[EdgeItem]] = defaultdict(set)
    stub_sources: dict[str, set[str]] = defaultdict(set)
    reruns = []
    for arc in arcs(lc, lang):
        if arc.rerun:
            reruns.append(arc)
            stubs[of[arc.target]].add(arc.item)
            stub_sources[of[arc.target]].update(of[s] for s in arc.sources)
            continue
        for s in arc.sources:
            if of[s] != of[arc.target]:
                crossing[(of[s], of[arc.target], arc.kind)].add(arc.item)
    nodes = [Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0)]
    for i, g in enumerate(groups_of(lc), start=1):
        members = lc.spec.groups[g.value]
        infos = [lc.state_info(s) for s in members]
        na = all(x is not None and x.na_only for x in infos)
        nodes.append(
            Node(
                id=cluster_id(g),
                label=group_label(g, lang),
                kind="group",
                details=(text("na", lang),) if na else (),
                order=i,
                # A group is final only when every state in it is: 已完成 holds JOB_SUCCESS, which
                # USER_REPAIR and the re-runs leave, next to the final JOB_FINISH (seed table 4).
                final=all(lc.is_final(s) for s in members),
                na_only=na,
                usual=any(cluster_id(g) in step[:2] for step in usual),
                highlight=highlight in members,
                members=tuple(members),
            )
        )
    edges = [Edge(a, b, kind, tuple(items), (a, b, kind) in usual) for (a, b, kind), items in crossing.items()]
    order = {n.id: n.order for n in nodes}
    for target, items in stubs.items():
        sources = tuple(sorted(stub_sources[target], key=order.__getitem__))
        nodes.append(Node(f"RERUN_{target}", text("rerun", lang), "rerun", order=order[target], members=sources))
        edges.append(Edge(f"RERUN_{target}", target, "rule", tuple(items)))
    notes = [note for note in (rerun_note(lc, lang, reruns, targets=False),) if note is not None]
    if side := side_events(lc):
        notes.append(Note("side", text("side_title", lang), (text("side_count", lang, n=len(side)),)))
    diagram = Diagram(title(lc, "user", lang), "user", lang, tuple(nodes), tuple(edges), (), (), "TB", tuple(notes))
    return dataclasses.replace(diagram, legend=legend_of(diagram))
