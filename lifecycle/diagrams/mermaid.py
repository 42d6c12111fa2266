"""Diagram IR -> mermaid ``stateDiagram-v2`` text.

The grammar emitted is deliberately small (a test checks every line against it, and, when node and
the ``mermaid`` package are around, mermaid's own parser reads every committed file)::

    ---                                     front matter: the title, as a JSON (= YAML) string
    title: "..."
    ---
    stateDiagram-v2
        direction LR|TB
        %% comment
        classDef NAME CSS
        state "LABEL" as ID {                   a cluster (console group), holding ...
            state "LABEL" as ID                 ... each of its states, declared once, here
        }
        state "LABEL" as ID                     a state outside any cluster
        [*] --> ID : LABEL                      the creation edge
        ID --> ID : LABEL                       a transition
        ID --> [*]                              a final state
        class ID,ID NAME

Every state is declared exactly once, inside its cluster, and every transition is written at the
top level after all declarations: a transition written inside a composite state moves the states
it names into that composite (mermaid-js/mermaid#5290), while top-level transitions between states
of different composites render fine (mermaid-js/mermaid#5472).

Mermaid cannot style one edge of a state diagram, so the confidence of each log type is written
in the label (``(doc)`` documented, no mark implied, ``(?)`` assumed, ``(observed ×N)`` seen only in
real histories) and silent edges say so; the usual path is shown by its states' bold borders.
Every ``classDef`` sets a light fill *and* a dark text colour (``color:``): a class that sets only
a fill keeps the theme's text colour, which in the dark theme is light on light and vanishes.
Labels are escaped with mermaid's entity codes (``#quot;``, ``#58;`` ...): a transition label ends
at ``:`` or ``;``, a state label at ``"``, and ``<``/``>`` would be read as HTML.
"""

from __future__ import annotations

import json
import re
from typing import Final

from lifecycle.diagrams.model import (
    Diagram,
    Node,
    check,
    edge_lines,
    node_lines,
    node_sort_key,
    note_lines,
    sorted_edges,
)
from lifecycle.diagrams.texts import LEGEND_TITLE

INDENT: Final = "    "
_SAFE_ID: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RESERVED: Final = frozenset(
    {"state", "note", "end", "as", "direction", "class", "classdef", "style", "left", "right", "of", "hide"}
    | {"tb", "bt", "lr", "rl", "acctitle", "accdescr", "default", "fork", "join", "choice", "concurrent"}
)
_ENTITIES: Final = {
    "#": "#35;",
    '"': "#quot;",
    ":": "#58;",
    ";": "#59;",
    "<": "#lt;",
    ">": "#gt;",
    "{": "#123;",
    "}": "#125;",
    "%": "#37;",
}
CLASSES: Final = {
    "usual": "fill:#e8f0fe,stroke:#1f4e9e,stroke-width:3px,color:#111111",
    "na": "fill:#fff4e0,stroke:#b7791f,color:#1a1a1a",
    "boundary": "fill:#f2f2f2,stroke:#999999,stroke-dasharray:4 3,color:#444444",
    "rerun": "fill:#eef3ff,stroke:#5b7bbd,stroke-dasharray:4 3,color:#1a1a1a",
    "highlight": "fill:#fff3a0,stroke:#b58900,stroke-width:3px,color:#111111",
    "legend": "fill:#ffffff,stroke:#bbbbbb,color:#333333",
}
"""Later classes win where a state has several (a usual NA state is drawn as NA)."""
_LEGEND_ID: Final = "legend"


def escape(text: str) -> str:
    """A label that mermaid shows as written: entity codes for the characters its grammar uses."""
    text = " ".join(text.split())
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _label(lines: list[str]) -> str:
    return "<br/>".join(escape(line) for line in lines)


def _reserved(name: str) -> bool:
    """A mermaid keyword, or a name like the legend box's."""
    return name.casefold() in _RESERVED or name.casefold().startswith(_LEGEND_ID)


def safe_ids(ids: list[str]) -> dict[str, str]:
    """IR id -> mermaid identifier. Ids that are already safe (every wire state name) pass unchanged;
    the others are made safe, with a numeric suffix on collision. Sorted, so the result is stable."""
    unique = sorted(set(ids))
    out = {raw: raw for raw in unique if _SAFE_ID.match(raw) and not _reserved(raw)}
    taken = {_LEGEND_ID, *out.values()}
    for raw in unique:
        if raw in out:
            continue
        base = re.sub(r"[^A-Za-z0-9_]", "_", raw).strip("_") or "node"
        base = base if base[0].isalpha() and not _reserved(base) else f"n_{base}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        out[raw] = candidate
        taken.add(candidate)
    return out


def _classes(node: Node) -> list[str]:
    if node.kind == "rerun":
        return ["rerun"]
    if node.highlight:
        return ["highlight"]
    if node.boundary:
        return ["boundary"]
    return [name for name, on in (("usual", node.usual), ("na", node.na_only)) if on]


def to_mermaid(diagram: Diagram) -> str:
    """The diagram as mermaid ``stateDiagram-v2``; the same diagram always gives the same text."""
    check(diagram)
    ids = safe_ids([n.id for n in diagram.nodes] + [c.id for c in diagram.clusters])
    nodes = sorted(diagram.nodes, key=node_sort_key)
    drawn = [n for n in nodes if n.kind != "initial"]
    classes = {n.id: _classes(n) for n in drawn}
    present = {c for cs in classes.values() for c in cs} | ({"legend"} if diagram.legend or diagram.notes else set())
    used = [name for name in CLASSES if name in present]
    out = ["---", f"title: {json.dumps(diagram.title, ensure_ascii=False)}", "---", "stateDiagram-v2"]
    body = [f"direction {diagram.direction}", "%% Generated from the lifecycle spec; edit the spec, not this file."]
    body += [f"classDef {name} {CLASSES[name]}" for name in used]
    for cluster in sorted(diagram.clusters, key=lambda c: (c.order, c.id)):
        body.append(f'state "{escape(cluster.label)}" as {ids[cluster.id]} {{')
        body += [INDENT + _declare(n, ids) for n in drawn if n.cluster == cluster.id]
        body.append("}")
    body += [_declare(n, ids) for n in drawn if n.cluster is None]
    # One box for the legend and the notes: a box no arrow touches sits in the first rank, beside
    # the start, so one box there costs no width while three side by side would widen the view.
    lines = [LEGEND_TITLE[diagram.lang], *(t for _, t in diagram.legend)] if diagram.legend else []
    lines += [line for note in diagram.notes for line in ["—" * 3, *note_lines(note)]]
    legend_ids = [_LEGEND_ID] if lines else []
    if lines:
        body.append(f'state "{_label(lines)}" as {_LEGEND_ID}')
    initial = {n.id for n in nodes if n.kind == "initial"}
    for e in sorted_edges(diagram):
        source = "[*]" if e.source in initial else ids[e.source]
        target = "[*]" if e.target in initial else ids[e.target]
        body.append(f"{source} --> {target} : {_label(edge_lines(e, diagram.lang))}")
    body += [f"{ids[n.id]} --> [*]" for n in drawn if n.final]
    for name in used:
        members = [ids[n.id] for n in drawn if name in classes[n.id]] + (legend_ids if name == "legend" else [])
        body.append(f"class {','.join(members)} {name}")
    return "\n".join(out + [INDENT + line for line in body]) + "\n"


def _declare(node: Node, ids: dict[str, str]) -> str:
    return f'state "{_label(node_lines(node))}" as {ids[node.id]}'
