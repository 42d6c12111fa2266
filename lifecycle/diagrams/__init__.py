"""State diagrams generated from the spec: lifecycle -> diagram IR -> mermaid, DOT or SVG.

>>> from lifecycle import compile_edition
>>> d = build_diagram(compile_edition("2025-11"), view="user", lang="en")
>>> print(to_mermaid(d).splitlines()[3])
stateDiagram-v2

The IR (:mod:`~lifecycle.diagrams.model`) holds what is drawn; :mod:`~lifecycle.diagrams.build`
makes it from a lifecycle, one module per format renders it, :mod:`~lifecycle.diagrams.files` lists
the committed files and :mod:`~lifecycle.diagrams.cli` is the ``lifecycle diagram`` command.
"""

from __future__ import annotations

from lifecycle.diagrams.build import HUB_MIN_SOURCES, build_diagram, group_slug, groups_of, resolve_group
from lifecycle.diagrams.cli import add_arguments, run
from lifecycle.diagrams.dot import GraphvizFailed, GraphvizNotFound, dot_to_svg, to_dot, to_svg
from lifecycle.diagrams.files import diagram_files, diagram_views, svg_files, write_svgs
from lifecycle.diagrams.mermaid import to_mermaid
from lifecycle.diagrams.model import Cluster, Diagram, Edge, EdgeItem, Node

__all__ = [
    "HUB_MIN_SOURCES",
    "Cluster",
    "Diagram",
    "Edge",
    "EdgeItem",
    "GraphvizFailed",
    "GraphvizNotFound",
    "Node",
    "add_arguments",
    "build_diagram",
    "diagram_files",
    "diagram_views",
    "dot_to_svg",
    "group_slug",
    "groups_of",
    "resolve_group",
    "run",
    "svg_files",
    "to_dot",
    "to_mermaid",
    "to_svg",
    "write_svgs",
]
