"""Lifecycle -> the user view: one box per console group, as the console shows a regular user;
and the overview, the same with 算法训练中 split into its stages (a map of the per-part views).

An edge wherever a rule or silent transition crosses groups, labelled with its log types; the
usual path bold; re-runs and resets listed once in a note (the overview draws them from a stub
into each stage they lead to); side events only counted (the state views list them). Sized for a
README: about 800 px wide, in mermaid as on Graphviz's SVG.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from lifecycle.diagrams.arcs import arcs, side_events
from lifecycle.diagrams.build import Reruns, cluster_id, groups_of, rerun_note, title
from lifecycle.diagrams.model import Diagram, Edge, EdgeItem, Node, Note, View, legend_of
from lifecycle.diagrams.stages import STAGED_GROUP, Stage, stages_of
from lifecycle.diagrams.texts import text
from lifecycle.diagrams.usual import Step, usual_steps
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.vocabulary import Lang, group_label


def _parts(lc: Lifecycle, lang: Lang, staged: bool) -> list[tuple[str, str, tuple[str, ...], Stage | None]]:
    """(id, label, states, stage) of each box, in console order; 算法训练中 by stage when ``staged``."""
    out: list[tuple[str, str, tuple[str, ...], Stage | None]] = []
    for g in groups_of(lc):
        members = tuple(lc.spec.groups[g.value])
        stages = stages_of(lc) if staged and g is STAGED_GROUP else []
        rest = tuple(s for s in members if not any(s in st.states for st in stages))
        for st in stages:
            out.append((cluster_id(g, st), f"{group_label(g, lang)} · {st.label(lang)}", st.states, st))
        if rest:
            out.append((cluster_id(g), group_label(g, lang), rest, None))
    return out


def user_diagram(lc: Lifecycle, lang: Lang, highlight: str | None = None, *, view: View = "user") -> Diagram:
    """The user view of ``lc`` (``view="overview"``: with 算法训练中 by stage); ``highlight`` marks
    the box of that state."""
    parts = _parts(lc, lang, view == "overview")
    of = {s: pid for pid, _, members, _ in parts for s in members}
    of[BEFORE_CREATION] = BEFORE_CREATION
    usual = {(of[s], of[t], kind) for s, t, kind in usual_steps(lc)}
    crossing: dict[Step, set[EdgeItem]] = defaultdict(set)
    reruns = Reruns()
    for arc in arcs(lc, lang):
        if arc.rerun:
            reruns.listed.append(arc)
            if view == "overview":  # the user view lists them in its note only: it must fit 800 px
                reruns.add(of[arc.target], arc.item, (of[s] for s in arc.sources))
            continue
        for s in arc.sources:
            if of[s] != of[arc.target]:
                crossing[(of[s], of[arc.target], arc.kind)].add(arc.item)
    nodes = [Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0)]
    for i, (pid, label, members, _) in enumerate(parts, start=1):
        infos = [lc.state_info(s) for s in members]
        na = all(x is not None and x.na_only for x in infos)
        nodes.append(
            Node(
                id=pid,
                label=label,
                kind="group",
                details=(text("na", lang),) if na else (),
                order=i,
                # A group is final only when every state in it is: 已完成 holds JOB_SUCCESS, which
                # USER_REPAIR and the re-runs leave, next to the final JOB_FINISH (seed table 4).
                final=all(lc.is_final(s) for s in members),
                na_only=na,
                usual=any(pid in step[:2] for step in usual),
                highlight=highlight in members,
                members=tuple(members),
            )
        )
    edges = [Edge(a, b, kind, tuple(items), (a, b, kind) in usual) for (a, b, kind), items in crossing.items()]
    for stub, arrow in reruns.stubs(lang, {n.id: n.order for n in nodes}, {}):
        nodes.append(stub)
        edges.append(arrow)
    labels = {pid: label for pid, label, _, _ in parts}
    notes = [note for note in (rerun_note(lc, lang, reruns.listed, lambda s: labels[of[s]]),) if note is not None]
    if side := side_events(lc):
        notes.append(Note("side", text("side_title", lang), (text("side_count", lang, n=len(side)),)))
    heading = title(lc, view, lang)
    diagram = Diagram(heading, view, lang, tuple(nodes), tuple(edges), (), (), "TB", tuple(notes))
    return dataclasses.replace(diagram, legend=legend_of(diagram))
