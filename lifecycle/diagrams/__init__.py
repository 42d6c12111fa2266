"""State diagrams generated from the spec: lifecycle -> diagram IR -> mermaid, DOT or SVG.

>>> from lifecycle import compile_edition
>>> d = build_diagram(compile_edition("2025-11"), view="user", lang="en")
>>> print(to_mermaid(d).splitlines()[3])
stateDiagram-v2

The IR (:mod:`~lifecycle.diagrams.model`) holds what is drawn; :mod:`~lifecycle.diagrams.build`
(state views) and :mod:`~lifecycle.diagrams.user` (the user view) make it from a lifecycle, and
:mod:`~lifecycle.diagrams.views` picks one by name. One module per format renders it;
:mod:`~lifecycle.diagrams.files` lists the committed files and :mod:`~lifecycle.diagrams.cli` is
the ``lifecycle diagram`` command. Imports flow one way: ``lifecycle.docs.generate`` imports this
package, never the reverse.
"""

from __future__ import annotations

from lifecycle.diagrams.arcs import RERUN_MIN_SOURCES
from lifecycle.diagrams.build import group_slug, groups_of, resolve_group
from lifecycle.diagrams.cli import add_arguments, run
from lifecycle.diagrams.dot import GraphvizFailed, GraphvizNotFound, dot_to_svg, to_dot, to_svg
from lifecycle.diagrams.files import diagram_files, diagram_views, svg_files
from lifecycle.diagrams.mermaid import to_mermaid
from lifecycle.diagrams.model import Cluster, Diagram, Edge, EdgeItem, Node, Note, used_styles
from lifecycle.diagrams.stages import STAGES, stages_of
from lifecycle.diagrams.views import around_diagram, build_diagram

__all__ = [
    "RERUN_MIN_SOURCES",
    "STAGES",
    "Cluster",
    "Diagram",
    "Edge",
    "EdgeItem",
    "GraphvizFailed",
    "GraphvizNotFound",
    "Node",
    "Note",
    "add_arguments",
    "around_diagram",
    "build_diagram",
    "diagram_files",
    "diagram_views",
    "dot_to_svg",
    "group_slug",
    "groups_of",
    "resolve_group",
    "run",
    "stages_of",
    "svg_files",
    "to_dot",
    "to_mermaid",
    "to_svg",
    "used_styles",
]
