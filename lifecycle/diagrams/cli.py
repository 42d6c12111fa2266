"""``lifecycle diagram``: the options and the handler (the main CLI adds --edition/--overlay and writes the text)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Final

from lifecycle.diagrams.build import build_diagram
from lifecycle.diagrams.dot import to_dot, to_svg
from lifecycle.diagrams.mermaid import to_mermaid
from lifecycle.diagrams.model import Diagram
from lifecycle.engine import Lifecycle

RENDERERS: Final[dict[str, Callable[[Diagram], str]]] = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --format, --lang, --group, --view and -o/--output to the ``diagram`` subcommand."""
    parser.add_argument("--format", choices=sorted(RENDERERS), default="mermaid", help="default mermaid")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of labels (default zh)")
    parser.add_argument(
        "--view", choices=["full", "user"], default="full", help="every state, or one box per console group"
    )
    parser.add_argument(
        "--group",
        metavar="G",
        default=None,
        help="only this console group and its neighbours (e.g. 算法训练中 or algorithm-training-ongoing)",
    )
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here instead of stdout")


def run(lc: Lifecycle, args: argparse.Namespace) -> str:
    """The rendered diagram. ``ValueError`` for a bad --group; ``GraphvizNotFound`` for svg without dot."""
    diagram = build_diagram(lc, view=args.view, group=args.group, lang=args.lang)
    return RENDERERS[args.format](diagram)
