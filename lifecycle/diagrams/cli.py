"""``lifecycle diagram``: the options and the handler (the main CLI adds --edition/--overlay and writes the text).

``--overlay-from MINING_JSON`` draws the spec with the steps a mining report found forbidden: the
report's suggested overlay (:func:`lifecycle.mining.miner.overlay_from_mining`) is applied on top, and its
rules, backed only by ``observed`` evidence, are drawn as observed edges with their counts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Final

from lifecycle.diagrams.dot import to_dot, to_svg
from lifecycle.diagrams.mermaid import to_mermaid
from lifecycle.diagrams.model import Diagram
from lifecycle.diagrams.views import around_diagram, build_diagram
from lifecycle.engine.compiled import Lifecycle, compile
from lifecycle.spec.loader import apply_overlay
from lifecycle.spec.vocabulary import Lang

RENDERERS: Final[dict[str, Callable[[Diagram], str]]] = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``diagram`` subcommand's options: format, language, view and what to show or mark."""
    parser.add_argument("--format", choices=sorted(RENDERERS), default="mermaid", help="default mermaid")
    # None: the command line's default, the locale's language (lifecycle.cli.main; README, "Language").
    parser.add_argument(
        "--lang", choices=["zh", "en"], default=None, help="language of labels (default: the locale's, else en)"
    )
    parser.add_argument(
        "--view",
        choices=["full", "user", "overview"],
        default="full",
        help="every state; one box per console group; or those boxes with 算法训练中 split by stage",
    )
    parser.add_argument(
        "--group",
        metavar="G",
        default=None,
        help="only this console group and its neighbours (e.g. 算法训练中 or algorithm-training-ongoing)",
    )
    parser.add_argument(
        "--stage",
        metavar="S",
        default=None,
        help="only this stage of 算法训练中: preprocessing, training, inference, choreography, compile",
    )
    parser.add_argument(
        "--around",
        metavar="STATE",
        default=None,
        help="only the states a few steps before or after STATE: what a job there can do next, how it got there",
    )
    parser.add_argument("--depth", type=int, default=1, metavar="N", help="steps around --around (default 1)")
    parser.add_argument("--highlight", metavar="STATE", default=None, help="mark STATE (the job you are looking at)")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--overlay-from",
        type=Path,
        default=None,
        metavar="MINING_JSON",
        help="add the forbidden steps of a mining report (lifecycle mine --format json) as observed edges",
    )


def with_mining(lc: Lifecycle, path: Path) -> Lifecycle:
    """``lc`` with the suggested overlay of the mining report at ``path`` applied.

    ``ValueError`` when the file cannot be read or is not a mining report of ``lc``'s edition;
    :class:`~lifecycle.errors.InvalidSpec` when the overlay does not pass the self-check.
    """
    from lifecycle.mining.miner import overlay_from_mining  # the replay machinery loads only when asked for

    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValueError(f"{path} is not JSON: {exc}") from None
    return compile(apply_overlay(lc.spec, overlay_from_mining(doc, lc)))


def diagram_of(lc: Lifecycle, args: argparse.Namespace) -> Diagram:
    """The IR the options ask for. ``ValueError`` for an unknown group, stage or state, or options
    that do not go together."""
    around: str | None = getattr(args, "around", None)
    # No --lang: the command line has put the locale's language here already; a caller of this function
    # gets the library's default, English (README, "Language").
    lang: Lang = args.lang or "en"
    if around is None:
        stage, mark = getattr(args, "stage", None), getattr(args, "highlight", None)
        return build_diagram(lc, view=args.view, group=args.group, lang=lang, stage=stage, highlight=mark)
    if args.view != "full" or args.group is not None or getattr(args, "stage", None) is not None:
        raise ValueError("--around draws its own view: it does not go with --view user, --group or --stage")
    return around_diagram(lc, around, depth=getattr(args, "depth", 1), lang=lang)


def run(lc: Lifecycle, args: argparse.Namespace) -> str:
    """The rendered diagram. ``ValueError`` for a bad --group, --stage, state or mining report;
    ``GraphvizNotFound`` for svg without dot; :class:`~lifecycle.errors.InvalidSpec` when a mining
    report's overlay fails the self-check."""
    mining: Path | None = getattr(args, "overlay_from", None)
    if mining is not None:
        lc = with_mining(lc, mining)
    return RENDERERS[args.format](diagram_of(lc, args))
