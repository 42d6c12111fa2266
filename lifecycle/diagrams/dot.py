"""Diagram IR -> Graphviz DOT text, and DOT -> SVG through the ``dot`` executable when it exists.

Edge styles (also drawn as a legend in the picture):

========== =================================== ==============================
kind       confidence                          style
========== =================================== ==============================
rule       documented                          solid, bold
rule       implied                             solid
rule       assumed                             dashed, grey
silent     documented / implied                dotted, blue, open arrowhead
silent     assumed                             dotted, pale blue, open arrowhead
observed   (any: only real histories show it)  dashed, red, bold
========== =================================== ==============================

A merged edge is styled by its weakest log type; each log type's own confidence is in the label,
exactly as in mermaid. Graphviz is never needed to install or test the library: only
:func:`to_svg` runs it, and it raises :class:`GraphvizNotFound` when it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from itertools import pairwise
from typing import Final

from lifecycle.diagrams.model import (
    Diagram,
    Edge,
    Node,
    check,
    edge_lines,
    node_lines,
    node_sort_key,
    sorted_edges,
    sorted_items,
)
from lifecycle.errors import LifecycleError
from lifecycle.spec.model import Confidence

FONT: Final = "Noto Sans CJK SC,Noto Sans,sans-serif"
_GRAPH: Final = (
    'rankdir={rankdir}, newrank=true, compound=true, nodesep=0.25, ranksep=0.55, fontname="{font}", '
    'fontsize=16, labelloc=t, label="{title}", pad=0.3'
)
_NODE: Final = f'shape=box, style="rounded,filled", fillcolor=white, color="#555555", fontname="{FONT}", fontsize=10'
_EDGE: Final = f'fontname="{FONT}", fontsize=8, arrowsize=0.6, color="#333333", fontcolor="#333333"'
_CLUSTER: Final = 'style="rounded,filled", fillcolor="#f6f7f9", color="#b8bec8", fontsize=13, margin=12'

_SILENT: Final = "style=dotted, penwidth=1.6, arrowhead=empty"
_OBSERVED: Final = 'style=dashed, penwidth=1.8, color="#c0392b", fontcolor="#c0392b"'
_LEGEND_CLUSTER: Final = 'style=rounded, color="#b8bec8", fontsize=10, margin=12'
_EDGE_STYLE: Final[dict[tuple[str, Confidence], str]] = {
    ("rule", Confidence.DOCUMENTED): 'style=bold, penwidth=2, color="#111111"',
    ("rule", Confidence.IMPLIED): 'style=solid, color="#333333"',
    ("rule", Confidence.ASSUMED): 'style=dashed, color="#9a9a9a", fontcolor="#777777"',
    ("silent", Confidence.DOCUMENTED): f'{_SILENT}, color="#1f4e9e", fontcolor="#1f4e9e"',
    ("silent", Confidence.IMPLIED): f'{_SILENT}, color="#1f4e9e", fontcolor="#1f4e9e"',
    ("silent", Confidence.ASSUMED): f'{_SILENT}, color="#8fa7cc", fontcolor="#6f87ac"',
    **{("observed", c): _OBSERVED for c in Confidence},
}
_LEGEND_EDGE: Final[dict[str, tuple[str, Confidence]]] = {
    "documented": ("rule", Confidence.DOCUMENTED),
    "implied": ("rule", Confidence.IMPLIED),
    "assumed": ("rule", Confidence.ASSUMED),
    "silent": ("silent", Confidence.IMPLIED),
    "observed": ("observed", Confidence.ASSUMED),
}
_LEGEND_NODE: Final[dict[str, str]] = {
    "hub": 'style="dashed,filled", fillcolor="#eef3ff", color="#5b7bbd"',
    "boundary": 'style="rounded,dashed,filled", fillcolor="#f2f2f2", color="#999999", fontcolor="#555555"',
    "na": 'style="rounded,filled", fillcolor="#fff4e0"',
}


class GraphvizNotFound(LifecycleError, RuntimeError):
    """SVG output needs Graphviz's ``dot`` executable, and it is not on PATH."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` is not installed (needed only for SVG); install graphviz "
            "(e.g. `apt-get install graphviz`) or use --format mermaid|dot"
        )


class GraphvizFailed(LifecycleError, RuntimeError):
    """``dot`` ran and failed (it rejected the DOT text or crashed)."""


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as ``\\n`` line breaks."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + body.replace("\n", "\\n") + '"'


def _lines(lines: list[str]) -> str:
    return quote("\n".join(lines))


def _node_attrs(diagram: Diagram, node: Node) -> str:
    if node.kind == "initial":
        return 'shape=circle, style=filled, fillcolor="#222222", width=0.18, fixedsize=true, label="", xlabel=""'
    attrs = [f"label={_lines(node_lines(diagram, node))}"]
    if node.kind == "hub":
        attrs.append(_LEGEND_NODE["hub"])
    elif node.boundary:
        attrs.append(_LEGEND_NODE["boundary"])
    elif node.na_only:
        attrs.append(_LEGEND_NODE["na"])
    if node.kind == "group":
        attrs.append("fontsize=12, margin=0.15")
    if node.final:
        attrs.append("peripheries=2")
    if node.members:
        attrs.append(f"tooltip={quote(', '.join(node.members))}")
    return ", ".join(attrs)


def _edge_attrs(edge: Edge) -> str:
    attrs = [f"label={_lines(edge_lines(edge))}", _EDGE_STYLE[(edge.kind, edge.confidence)]]
    details = [i.detail for i in sorted_items(edge) if i.detail]
    if details:
        attrs.append(f"tooltip={_lines(sorted(set(details)))}")
    return ", ".join(attrs)


def _legend(diagram: Diagram) -> list[str]:
    """A cluster drawing each style next to its meaning, one entry a row.

    Under ``rankdir=TB`` each edge sample shares a rank with its text, so it runs across the page,
    and invisible edges stack the rows; under ``LR`` an edge already runs across, and the rows are
    the entries of one rank, ordered by invisible edges.
    """
    across = diagram.direction == "TB"
    title = "图例" if diagram.lang == "zh" else "Legend"
    out = ['subgraph "cluster:legend" {', f"  graph [label={quote(title)}, {_LEGEND_CLUSTER}];"]
    anchors = []
    for i, (key, text) in enumerate(diagram.legend):
        a, b = quote(f"legend:{i}a"), quote(f"legend:{i}b")  # a state name has no colon
        if key in _LEGEND_EDGE:
            kind, conf = _LEGEND_EDGE[key]
            out.append(f'  {a} [shape=point, width=0.04, color="#777777"];')
            out.append(f'  {b} [shape=plaintext, style="", label={quote(text)}, fontsize=9];')
            if across:
                out.append(f"  {{ rank=same; {a}; {b}; }}")
            out.append(f'  {a} -> {b} [{_EDGE_STYLE[(kind, conf)]}, label="", minlen={3 if across else 1}];')
        else:
            style = _LEGEND_NODE.get(key, 'shape=plaintext, style=""')
            out.append(f"  {a} [label={quote(text)}, {style}, fontsize=9];")
        anchors.append(a)
    if not across:
        out.append(f"  {{ rank=same; {'; '.join(anchors)}; }}")
    # Graphviz stacks a rank's nodes from the bottom under LR: chain them the other way round.
    chain = anchors if across else anchors[::-1]
    out += [f"  {x} -> {y} [style=invis];" for x, y in pairwise(chain)]
    out.append("}")
    return out


def to_dot(diagram: Diagram) -> str:
    """The diagram as a Graphviz ``digraph``; the same diagram always gives the same text."""
    check(diagram)
    nodes = sorted(diagram.nodes, key=node_sort_key)
    graph = _GRAPH.format(rankdir=diagram.direction, font=FONT, title=quote(diagram.title)[1:-1])
    out = ["digraph lifecycle {", f"  graph [{graph}];", f"  node [{_NODE}];", f"  edge [{_EDGE}];"]
    for cluster in sorted(diagram.clusters, key=lambda c: (c.order, c.id)):
        out.append(f"  subgraph {quote('cluster_' + cluster.id)} {{")
        out.append(f"    graph [label={quote(cluster.label)}, {_CLUSTER}];")
        out += [f"    {quote(n.id)} [{_node_attrs(diagram, n)}];" for n in nodes if n.cluster == cluster.id]
        out.append("  }")
    out += [f"  {quote(n.id)} [{_node_attrs(diagram, n)}];" for n in nodes if n.cluster is None]
    out += [f"  {quote(e.source)} -> {quote(e.target)} [{_edge_attrs(e)}];" for e in sorted_edges(diagram)]
    if diagram.legend:
        out += ["  " + line for line in _legend(diagram)]
    out.append("}")
    return "\n".join(out) + "\n"


def dot_to_svg(dot_text: str, *, timeout: float = 120.0) -> str:
    """Run Graphviz ``dot -Tsvg`` on DOT text."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFound
    try:
        done = subprocess.run(
            [exe, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphvizFailed(f"dot could not run: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(f"dot failed (exit {done.returncode}): {' '.join(message[:3])}")
    return done.stdout.decode("utf-8")


def to_svg(diagram: Diagram) -> str:
    """The diagram as SVG, laid out by Graphviz; :class:`GraphvizNotFound` when ``dot`` is missing."""
    return dot_to_svg(to_dot(diagram))
