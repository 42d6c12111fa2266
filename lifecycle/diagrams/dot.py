"""Diagram IR -> Graphviz DOT text, and DOT -> SVG through the ``dot`` executable when it exists.

Edge styles (the legend in the picture shows the ones a view uses):

========== ======================================= ==============================
kind       best-backed log on the arrow            style
========== ======================================= ==============================
rule       documented                              solid, dark
rule       implied                                 solid
rule       assumed                                 dashed, grey
rule       alternative reading                     dashed, purple
silent     documented / implied                    dotted, blue, open arrowhead
silent     assumed                                 dotted, pale blue, open arrowhead
observed   (only real histories show it)           dashed, red, bold
(any)      on the usual path                       bold (penwidth 3), the layout's spine
========== ======================================= ==============================

An arrow is drawn as its best-backed log; every log keeps its own mark in the label, exactly as in
mermaid. Graphviz is never needed to install or test the library: only :func:`to_svg` runs it, and
it raises :class:`GraphvizNotFound` when it is missing.

Fonts: :data:`FONT` is a fallback list, so Chinese labels find a CJK font wherever one is
installed (Debian/Ubuntu: ``fonts-noto-cjk``; Windows: Microsoft YaHei; macOS: PingFang SC).
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Final

from lifecycle.diagrams.model import (
    Diagram,
    Edge,
    Node,
    check,
    edge_lines,
    node_lines,
    node_sort_key,
    note_lines,
    sorted_edges,
    sorted_items,
)
from lifecycle.diagrams.texts import LEGEND_TITLE, Mark
from lifecycle.errors import LifecycleError

FONT: Final = "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif"
"""Tried in order by Graphviz (through Pango) and by SVG viewers: the first CJK font installed wins."""

_GRAPH: Final = (
    'rankdir={rankdir}, newrank=true, compound=true, nodesep={nodesep}, ranksep=0.4, fontname="{font}", '
    'fontsize=16, labelloc=t, label="{title}", pad=0.2'
)
_NODE: Final = f'shape=box, style="rounded,filled", fillcolor=white, color="#555555", fontname="{FONT}", fontsize=10'
_EDGE: Final = f'fontname="{FONT}", fontsize=8, arrowsize=0.6, color="#333333", fontcolor="#333333"'
_CLUSTER: Final = 'style="rounded,filled", fillcolor="#f6f7f9", color="#b8bec8", fontsize=12, margin=10'

_SILENT: Final = "style=dotted, penwidth=1.6, arrowhead=empty"
_RULE_STYLE: Final[dict[Mark, str]] = {
    "documented": 'style=solid, color="#111111"',
    "implied": 'style=solid, color="#333333"',
    "assumed": 'style=dashed, color="#8a8a8a", fontcolor="#555555"',
    "alternative": 'style=dashed, color="#7b4ea3", fontcolor="#7b4ea3"',
    "observed": 'style=dashed, penwidth=1.8, color="#c0392b", fontcolor="#c0392b"',
}
_SILENT_STYLE: Final[dict[Mark, str]] = {
    "documented": f'{_SILENT}, color="#1f4e9e", fontcolor="#1f4e9e"',
    "implied": f'{_SILENT}, color="#1f4e9e", fontcolor="#1f4e9e"',
    "assumed": f'{_SILENT}, color="#7f9cc8", fontcolor="#4f6f9f"',
    "alternative": f'{_SILENT}, color="#7b4ea3", fontcolor="#7b4ea3"',
    "observed": f'{_SILENT}, color="#c0392b", fontcolor="#c0392b"',
}
_CROSSING_MINLEN: Final = 2
"""An arrow from one box to another spans two ranks, so that the next box starts below the failed
and stopped states hanging one rank under the last one: boxes stack down the page instead of
stepping across it side by side."""
_USUAL: Final = "penwidth=3, weight=8"
"""Bold, and heavy enough that Graphviz keeps the usual path straight: the spine of the layout."""

_NODE_STYLE: Final[dict[str, str]] = {
    "rerun": 'style="rounded,dashed,filled", fillcolor="#eef3ff", color="#5b7bbd", fontsize=8, margin="0.05,0.02"',
    "boundary": 'style="rounded,dashed,filled", fillcolor="#f2f2f2", color="#999999", fontcolor="#555555"',
    "na": 'style="rounded,filled", fillcolor="#fff4e0"',
    "highlight": 'style="rounded,filled", fillcolor="#fff3a0", color="#b58900"',
    "final": "peripheries=2",
}


class GraphvizNotFound(LifecycleError, RuntimeError):
    """SVG output needs Graphviz's ``dot`` executable, and it is not on PATH."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` is not installed (needed only for SVG); install graphviz "
            "(e.g. `apt-get install graphviz fonts-noto-cjk`) or use --format mermaid|dot"
        )


class GraphvizFailed(LifecycleError, RuntimeError):
    """``dot`` ran and failed (it rejected the DOT text or crashed)."""


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as ``\\n`` line breaks."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + body.replace("\n", "\\n") + '"'


def _lines(lines: list[str]) -> str:
    return quote("\n".join(lines))


def _node_attrs(node: Node) -> str:
    if node.kind == "initial":
        return 'shape=circle, style=filled, fillcolor="#222222", width=0.18, fixedsize=true, label="", xlabel=""'
    attrs = [f"label={_lines(node_lines(node))}"]
    if node.kind == "rerun":
        attrs.append(_NODE_STYLE["rerun"])
    elif node.highlight:
        attrs.append(_NODE_STYLE["highlight"])
    elif node.boundary:
        attrs.append(_NODE_STYLE["boundary"])
    elif node.na_only:
        attrs.append(_NODE_STYLE["na"])
    if node.kind == "group":
        attrs.append("fontsize=12, margin=0.12")
    if node.final:
        attrs.append(_NODE_STYLE["final"])
    if node.usual or node.highlight:
        attrs.append("penwidth=2")
    if node.members:
        attrs.append(f"tooltip={quote(', '.join(node.members))}")
    if node.link:
        attrs.append(f"URL={quote(node.link)}")
    return ", ".join(attrs)


def _edge_attrs(diagram: Diagram, edge: Edge, crossing: bool = False) -> str:
    styles = _SILENT_STYLE if edge.kind == "silent" else _RULE_STYLE
    mark: Mark = "observed" if edge.kind == "observed" else edge.style
    attrs = [f"label={_lines(edge_lines(edge, diagram.lang))}", styles[mark]]
    if edge.usual:
        attrs.append(_USUAL)
    if crossing:
        attrs.append(f"minlen={_CROSSING_MINLEN}")
    details = [i.detail for i in sorted_items(edge) if i.detail]
    if details:
        attrs.append(f"tooltip={_lines(sorted(set(details)))}")
    return ", ".join(attrs)


_SAMPLE: Final[dict[str, tuple[str, str]]] = {
    "documented": ("──▶", "#111111"),
    "implied": ("──▶", "#333333"),
    "assumed": ("╌╌▶", "#8a8a8a"),
    "alternative": ("╌╌▶", "#7b4ea3"),
    "observed": ("╌╌▶", "#c0392b"),
    "silent": ("┈┈▷", "#1f4e9e"),
    "usual": ("━━▶", "#111111"),
    "mixed": ("", ""),
    "variant": ("", ""),
}
"""Legend samples drawn as text (box-drawing characters, in every CJK font): one HTML-like table
node, so the legend is as small as its text and sits below (TB) or beside (LR) the graph."""
_SAMPLE_BOX: Final[dict[str, str]] = {
    "na": 'BGCOLOR="#fff4e0" BORDER="1" COLOR="#555555"',
    "rerun": 'BGCOLOR="#eef3ff" BORDER="1" COLOR="#5b7bbd" STYLE="dashed"',
    "boundary": 'BGCOLOR="#f2f2f2" BORDER="1" COLOR="#999999" STYLE="dashed"',
    "highlight": 'BGCOLOR="#fff3a0" BORDER="2" COLOR="#b58900"',
    "final": 'BORDER="3" COLOR="#555555" STYLE="rounded"',
}


def html(text: str) -> str:
    """Text for an HTML-like label: the characters the label grammar uses, as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _legend_row(key: str, entry: str) -> str:
    if key in _SAMPLE_BOX:
        sample = f'<TD {_SAMPLE_BOX[key]} WIDTH="28" HEIGHT="16" FIXEDSIZE="TRUE"></TD>'
    else:
        glyph, colour = _SAMPLE.get(key, ("", ""))
        bold = ("<B>", "</B>") if key == "usual" else ("", "")
        sample = f'<TD><FONT COLOR="{colour}">{bold[0]}{glyph}{bold[1]}</FONT></TD>' if glyph else "<TD></TD>"
    return f'<TR>{sample}<TD ALIGN="LEFT">{html(entry)}</TD></TR>'


def _legend(diagram: Diagram) -> list[str]:
    """The legend and the notes as one table node at the last rank: below a TB graph, beside an LR one."""
    rows = [f'<TR><TD COLSPAN="2"><B>{html(LEGEND_TITLE[diagram.lang])}</B></TD></TR>']
    rows += [_legend_row(key, entry) for key, entry in diagram.legend]
    for note in diagram.notes:
        lines = note_lines(note)
        body = "<BR/>".join(html(line) for line in lines[1:])
        rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT"><B>{html(lines[0])}</B><BR/>{body}</TD></TR>')
    table = (
        '<TABLE BORDER="1" COLOR="#b8bec8" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" STYLE="rounded">'
        + "".join(rows)
        + "</TABLE>"
    )
    # Below every node that ends a path, hence below (TB) or right of (LR) the whole graph.
    ends = sorted(_sinks(diagram))
    out = [f'"legend:" [shape=plaintext, style="", margin=0, fontsize=9, label=<{table}>];']
    return out + [f'{quote(n)} -> "legend:" [style=invis];' for n in ends]


def _sinks(diagram: Diagram) -> set[str]:
    """Nodes no edge leaves, and the last node: the legend hangs below them all, so it sits under
    the graph, pulled towards its middle rather than under one end (which would widen the picture)."""
    sinks = {n.id for n in diagram.nodes} - {e.source for e in diagram.edges if e.source != e.target}
    return sinks | {max(diagram.nodes, key=node_sort_key).id}


def to_dot(diagram: Diagram) -> str:
    """The diagram as a Graphviz ``digraph``; the same diagram always gives the same text."""
    check(diagram)
    nodes = sorted(diagram.nodes, key=node_sort_key)
    # The boxes of a user view sit closer: it has to fit a README column (800 px).
    nodesep = 0.12 if diagram.view in ("user", "overview") else 0.18
    graph = _GRAPH.format(rankdir=diagram.direction, nodesep=nodesep, font=FONT, title=quote(diagram.title)[1:-1])
    out = ["digraph lifecycle {", f"  graph [{graph}];", f"  node [{_NODE}];", f"  edge [{_EDGE}];"]
    for cluster in sorted(diagram.clusters, key=lambda c: (c.order, c.id)):
        out.append(f"  subgraph {quote('cluster_' + cluster.id)} {{")
        out.append(f"    graph [label={quote(cluster.label)}, {_CLUSTER}];")
        out += [f"    {quote(n.id)} [{_node_attrs(n)}];" for n in nodes if n.cluster == cluster.id]
        out.append("  }")
    out += [f"  {quote(n.id)} [{_node_attrs(n)}];" for n in nodes if n.cluster is None]
    box = {n.id: n.cluster for n in nodes}
    for e in sorted_edges(diagram):
        crossing = None not in (box[e.source], box[e.target]) and box[e.source] != box[e.target]
        out.append(f"  {quote(e.source)} -> {quote(e.target)} [{_edge_attrs(diagram, e, crossing)}];")
    if diagram.legend or diagram.notes:
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
