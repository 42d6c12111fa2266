"""The diagram IR: plain frozen dataclasses between a :class:`~lifecycle.engine.Lifecycle` and a renderer.

Building (:mod:`lifecycle.diagrams.build`, :mod:`~lifecycle.diagrams.user`) decides *what* is
drawn: which nodes, which edges with which log types, in which language. Renderers
(:mod:`~lifecycle.diagrams.mermaid`, :mod:`~lifecycle.diagrams.dot`) decide only *how*, so their
tests build a few nodes by hand instead of compiling a spec. Renderers never trust the order of
the tuples here: they sort by ``order`` then ``id``, so the same diagram always gives the same text
whatever order it was built in.

Each log type on an edge carries its own :data:`~lifecycle.diagrams.texts.Mark` (documented,
implied, assumed, observed, or ``alternative``: an entry of one of the spec's alternative readings,
named on the label); an arrow is drawn in the style of its *best-backed* log, so a documented step
that also has an assumed variant rule stays solid. Alternative entries are edges of their own kind,
so they never merge into (and hide behind) a solid arrow of the spec's own reading.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from lifecycle.diagrams.texts import ALT_NAMED, LEGEND_KEYS, MARKS, OBSERVED_NO_COUNT, Mark, legend_text
from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import Lang

NodeKind = Literal["state", "initial", "group", "rerun"]
"""``state`` a job state; ``initial`` the pseudo-state before creation; ``group`` a console group
(user view); ``rerun`` a small stub standing for the many states an administrator may re-run or
reset a stage from, or an alternative reading may move from (the view's notes list them once)."""

EdgeKind = Literal["rule", "silent", "observed", "alternative"]
"""``rule``: a log moves the job; ``silent``: the state moves and no log records it; ``observed``: a
rule whose only evidence is real histories (an overlay written by ``lifecycle mine``), drawn apart
so that what the documentation says and what the data showed never merge into one arrow;
``alternative``: a rule or silent transition only an alternative reading of the spec adds
(:attr:`lifecycle.engine.Lifecycle.alternatives`), drawn dashed and labelled with the reading."""

View = Literal["full", "user", "overview"]
"""``full``: states (all, a group, a stage, a neighbourhood); ``user``: one box per console group;
``overview``: the user view with 算法训练中 split into its stages, each box linking to its own view."""
Direction = Literal["LR", "TB"]

MARK_RANK: Final[dict[Mark, int]] = {"alternative": 0, "observed": 1, "assumed": 2, "implied": 3, "documented": 4}
"""Weakest first. An arrow takes the style of its strongest log: the step exists as surely as its
best-backed reason."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A box around nodes: a console group or a stage of one. Presentation only."""

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
    """The spec says the state is final (only JOB_FINISH); a group only when all its states are."""
    na_only: bool = False
    boundary: bool = False
    """Drawn only because it is directly connected to the part a view shows."""
    usual: bool = False
    """On the usual path of a standard, Flexus or NA job (see :mod:`lifecycle.diagrams.usual`)."""
    highlight: bool = False
    """The state the reader asked about (``--highlight``, ``--around``)."""
    members: tuple[str, ...] = ()
    """The states a group or re-run stub stands for."""
    link: str = ""
    """Where the box's own, more detailed view is (an SVG link, relative to this diagram's file)."""


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
    alternative: bool = False
    """Another reading of the sources, drawn dashed whatever its confidence."""
    reading: str = ""
    """The name of the alternative reading the item comes from (shown on its label)."""

    @property
    def mark(self) -> Mark:
        if self.alternative:
            return "alternative"
        if self.observed:
            return "observed"
        return _CONFIDENCE_MARK[self.confidence]


_CONFIDENCE_MARK: Final[dict[Confidence, Mark]] = {
    Confidence.DOCUMENTED: "documented",
    Confidence.IMPLIED: "implied",
    Confidence.ASSUMED: "assumed",
}


@dataclass(frozen=True, slots=True)
class Edge:
    """Every rule (or every silent transition) from ``source`` to ``target``, merged into one arrow."""

    source: str
    target: str
    kind: EdgeKind
    items: tuple[EdgeItem, ...]
    usual: bool = False
    """A step of the usual path: drawn bold."""

    @property
    def style(self) -> Mark:
        """The strongest mark of the items: the style of the whole arrow."""
        return max((i.mark for i in self.items), key=MARK_RANK.__getitem__, default="assumed")


@dataclass(frozen=True, slots=True)
class Note:
    """A block of text drawn once per view (side events, re-runs), beside the legend."""

    key: str
    title: str
    lines: tuple[str, ...]


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
    """(style key, text) pairs, exactly the styles the diagram uses (:func:`used_styles`); a renderer
    draws the sample that goes with a key next to the text."""
    direction: Direction = "LR"
    notes: tuple[Note, ...] = ()

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)


def used_styles(diagram: Diagram) -> list[str]:
    """The style keys the diagram draws, in legend order: the legend shows these and no other."""
    used: set[str] = set()
    for e in diagram.edges:
        used.update(i.mark for i in e.items)
        used.update({"alternative"} if e.kind == "alternative" else set())
        used.update({"silent"} if e.kind == "silent" else set())
        used.update({"usual"} if e.usual else set())
        used.update({"variant"} if any(i.variant for i in e.items) else set())
        used.update({"mixed"} if len({i.mark for i in e.items}) > 1 else set())
    for n in diagram.nodes:
        # A box has one fill: highlight, then boundary, then NA (as both renderers draw it).
        na = n.na_only and not (n.boundary or n.highlight)
        flags = {"na": na, "final": n.final, "boundary": n.boundary and not n.highlight, "highlight": n.highlight}
        used.update(k for k, on in flags.items() if on)
        used.update({"rerun"} if n.kind == "rerun" else set())
    return [k for k in LEGEND_KEYS if k in used]


def legend_of(diagram: Diagram) -> tuple[tuple[str, str], ...]:
    """The legend of exactly the styles used, in the diagram's language."""
    return tuple((k, legend_text(k, diagram.lang)) for k in used_styles(diagram))


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
        if not e.items:
            raise ValueError(f"edge {e.source!r} -> {e.target!r} has no label")


def node_sort_key(node: Node) -> tuple[int, str]:
    return (node.order, node.id)


def sorted_edges(diagram: Diagram) -> list[Edge]:
    keys = {n.id: node_sort_key(n) for n in diagram.nodes}
    return sorted(diagram.edges, key=lambda e: (keys[e.source], keys[e.target], e.kind))


def sorted_items(edge: Edge) -> list[EdgeItem]:
    return sorted(set(edge.items), key=lambda i: (i.text, i.variant or "", MARK_RANK[i.mark], i.detail))


# -- texts shared by every renderer, so a mermaid and a DOT diagram say the same thing


def item_label(item: EdgeItem, lang: Lang = "en") -> str:
    """``LOG_TYPE [variant] (mark)``: one line of an edge label; an alternative reading's item
    names its reading: ``ADMIN_STOP_TRAIN (alt · stop-while-waiting)``."""
    variant = f" [{item.variant}]" if item.variant else ""
    if item.alternative and item.reading:
        return f"{item.text}{variant}{ALT_NAMED[lang].format(r=item.reading)}"
    if item.observed and item.count is None:
        return f"{item.text}{variant}{OBSERVED_NO_COUNT[lang]}"
    return f"{item.text}{variant}{MARKS[item.mark][lang].format(n=item.count)}"


def edge_lines(edge: Edge, lang: Lang = "en") -> list[str]:
    """The lines of an edge label: each distinct item once, sorted."""
    return sorted({item_label(i, lang) for i in edge.items})


WRAP_WIDTH: Final = 44
"""Node text wraps at this many columns (a CJK character counts two): long state labels such as
JOB_FINISH's would otherwise stretch one box across the page."""


NOTE_WIDTH: Final = 64
"""Notes wrap here: about as wide as the legend, so neither widens a README-sized view."""


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


def node_lines(node: Node) -> list[str]:
    """The lines of a node's box: label, then details (wrapped)."""
    return [node.label, *(part for d in node.details for part in wrap(d))]


def note_lines(note: Note) -> list[str]:
    """A note's title, then its lines wrapped at :data:`NOTE_WIDTH`."""
    return [note.title, *(part for line in note.lines for part in wrap(line, NOTE_WIDTH))]
