"""The diagram IR: plain frozen dataclasses between a :class:`~lifecycle.engine.Lifecycle` and a renderer.

Building (:mod:`lifecycle.diagrams.build`) decides *what* is drawn: which nodes, which edges with
which log types, in which language. Renderers (:mod:`~lifecycle.diagrams.mermaid`,
:mod:`~lifecycle.diagrams.dot`) decide only *how*, so their tests build a few nodes by hand instead
of compiling a spec. Renderers never trust the order of the tuples here: they sort by ``order`` then
``id``, so the same diagram always gives the same text whatever order it was built in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import Lang

NodeKind = Literal["state", "initial", "group", "hub"]
"""``state`` a job state; ``initial`` the pseudo-state before creation; ``group`` a console group
(user view); ``hub`` stands for many source states of the same rules (see :data:`HUB_MIN_SOURCES`)."""

EdgeKind = Literal["rule", "silent", "observed"]
"""``rule``: a log moves the job; ``silent``: the state moves and no log records it; ``observed``: a
rule whose only evidence is real histories (an overlay written by ``lifecycle mine``), drawn apart
so that what the documentation says and what the data showed never merge into one arrow."""

View = Literal["full", "user"]
Direction = Literal["LR", "TB"]

CONFIDENCE_RANK: Final[dict[Confidence, int]] = {
    Confidence.ASSUMED: 0,
    Confidence.IMPLIED: 1,
    Confidence.DOCUMENTED: 2,
}
"""Weakest first: an edge that merges several rules is only as sure as its weakest one."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A box around nodes: a console group. Presentation only; the engine has no such thing."""

    id: str
    label: str
    order: int = 0


@dataclass(frozen=True, slots=True)
class Node:
    """One box of the diagram; ``label`` is its first line, ``details`` the lines under it."""

    id: str
    label: str
    kind: NodeKind = "state"
    details: tuple[str, ...] = ()
    cluster: str | None = None
    order: int = 0
    final: bool = False
    na_only: bool = False
    boundary: bool = False
    """Drawn only because it is directly connected to the group a group diagram shows."""
    side_events: int = 0
    """Log types accepted here that leave the state as it is: summarised, never drawn as self-loops."""
    members: tuple[str, ...] = ()
    """The states a hub or a group node stands for."""


@dataclass(frozen=True, slots=True)
class EdgeItem:
    """One reason for an edge: a log type (rule) or a silent transition, with how sure we are of it."""

    text: str
    confidence: Confidence
    variant: str | None = None
    detail: str = ""
    """Hover text (SVG tooltip): the log type's label or the silent transition's trigger."""
    observed: bool = False
    """Only real histories back it (evidence kind ``observed``): its label says so instead of a confidence."""
    count: int | None = None
    """How many times the histories showed it, when the evidence says."""


@dataclass(frozen=True, slots=True)
class Edge:
    """Every rule (or every silent transition) from ``source`` to ``target``, merged into one arrow."""

    source: str
    target: str
    kind: EdgeKind
    items: tuple[EdgeItem, ...]
    summary: str | None = None
    """Shown instead of the items when set (the user view labels an edge with a count)."""

    @property
    def confidence(self) -> Confidence:
        """The weakest confidence of the items: the style of the whole arrow."""
        return min((i.confidence for i in self.items), key=CONFIDENCE_RANK.__getitem__, default=Confidence.ASSUMED)


@dataclass(frozen=True, slots=True)
class Diagram:
    """Everything a renderer needs; texts are already in ``lang``."""

    title: str
    view: View
    lang: Lang
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...] = ()
    legend: tuple[tuple[str, str], ...] = ()
    """(key, text) pairs; a renderer draws the sample that goes with a key (``documented``,
    ``implied``, ``assumed``, ``silent``, ``hub``, ``boundary``, ``na``) next to the text."""
    direction: Direction = "LR"

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)


def check(diagram: Diagram) -> None:
    """Reject a diagram a renderer would draw wrongly: duplicate ids, dangling edges or clusters.

    Mermaid silently invents a state for an unknown id, so a typo in a hand-built IR would pass
    unnoticed without this.
    """
    ids = [n.id for n in diagram.nodes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate node ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    clusters = {c.id for c in diagram.clusters}
    if len(clusters) != len(diagram.clusters):
        raise ValueError("duplicate cluster ids")
    for n in diagram.nodes:
        if n.cluster is not None and n.cluster not in clusters:
            raise ValueError(f"node {n.id!r} is in an unknown cluster {n.cluster!r}")
    known = set(ids)
    for e in diagram.edges:
        if e.source not in known or e.target not in known:
            raise ValueError(f"edge {e.source!r} -> {e.target!r} names an unknown node")
        if not e.items and e.summary is None:
            raise ValueError(f"edge {e.source!r} -> {e.target!r} has no label")


def node_sort_key(node: Node) -> tuple[int, str]:
    return (node.order, node.id)


def edge_sort_key(diagram: Diagram) -> dict[str, tuple[int, str]]:
    """node id -> its sort key, so edges sort by (source, target) in node order."""
    return {n.id: node_sort_key(n) for n in diagram.nodes}


def sorted_edges(diagram: Diagram) -> list[Edge]:
    keys = edge_sort_key(diagram)
    return sorted(diagram.edges, key=lambda e: (keys[e.source], keys[e.target], e.kind))


def sorted_items(edge: Edge) -> list[EdgeItem]:
    return sorted(set(edge.items), key=lambda i: (i.text, i.variant or "", CONFIDENCE_RANK[i.confidence], i.detail))


# -- texts shared by every renderer, so a mermaid and a DOT diagram say the same thing

CONFIDENCE_MARK: Final[dict[Confidence, str]] = {
    Confidence.DOCUMENTED: " (doc)",
    Confidence.IMPLIED: "",
    Confidence.ASSUMED: " (?)",
}
"""Appended to each log type of an edge label: mermaid cannot style a state-diagram edge, so the
confidence of every log type is written out; DOT also styles the whole edge by its weakest one."""

_SIDE_EVENTS: Final[dict[Lang, tuple[str, str]]] = {
    "en": ("+{n} side event", "+{n} side events"),
    "zh": ("+{n} 种不改状态的日志", "+{n} 种不改状态的日志"),
}


def item_label(item: EdgeItem) -> str:
    """``LOG_TYPE [variant] (mark)``: one line of an edge label; ``(observed ×N)`` for an observed rule."""
    variant = f" [{item.variant}]" if item.variant else ""
    if item.observed:
        return f"{item.text}{variant} {observed_mark(item.count)}"
    return f"{item.text}{variant}{CONFIDENCE_MARK[item.confidence]}"


def observed_mark(count: int | None) -> str:
    """The mark of an observed rule: ``(observed ×12)``, or ``(observed)`` when the count is unknown."""
    return "(observed)" if count is None else f"(observed ×{count})"


def edge_lines(edge: Edge) -> list[str]:
    """The lines of an edge label: each distinct item once, sorted; or the summary, with the weakest mark."""
    if edge.summary is not None:
        return [edge.summary + CONFIDENCE_MARK[edge.confidence]]
    return sorted({item_label(i) for i in edge.items})


WRAP_WIDTH: Final = 44
"""Node text wraps at this many columns (a CJK character counts two): long state labels such as
JOB_FINISH's would otherwise stretch one box across the page."""


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns, at a space when there is one."""
    lines: list[str] = []
    line, used, last_space = "", 0, -1
    for ch in text:
        if used + _width(ch) > width and line:
            cut = last_space if last_space > 0 else len(line)
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used = sum(_width(c) for c in line)
            last_space = -1
        line += ch
        used += _width(ch)
        if ch == " ":
            last_space = len(line)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def node_lines(diagram: Diagram, node: Node) -> list[str]:
    """The lines of a node's box: label, details (wrapped), then the side-event count (never drawn as loops)."""
    lines = [node.label, *(part for d in node.details for part in wrap(d))]
    if node.side_events:
        one, many = _SIDE_EVENTS[diagram.lang]
        lines.append((one if node.side_events == 1 else many).format(n=node.side_events))
    return lines
