"""``python -m lifecycle.diagrams [--out DIR]``: write the SVG diagrams (needs Graphviz's ``dot``).

The mermaid files and their index come from ``lifecycle generate``; SVGs depend on the Graphviz
version and the fonts installed, so they are written by hand with this command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from lifecycle.diagrams.dot import GraphvizFailed, GraphvizNotFound
from lifecycle.diagrams.files import ROOT_DIR, svg_files, write_files


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lifecycle.diagrams",
        description=(
            f"Write every state diagram as SVG under DIR/{ROOT_DIR}/<edition>/, laid out by Graphviz. "
            "Needs Graphviz's `dot` (Debian/Ubuntu: apt-get install graphviz) and, for the Chinese "
            "labels, a CJK font (fonts-noto-cjk). The mermaid files come from `lifecycle generate`."
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=Path("."), metavar="DIR", help="repository root to write under (default .)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 on success, 2 (with a one-line message on stderr) when Graphviz is missing
    or fails or DIR cannot be written."""
    args = build_parser().parse_args(argv)
    try:
        files = svg_files()
        written = write_files(args.out, files)
    except GraphvizNotFound:
        print(
            "python -m lifecycle.diagrams: Graphviz's `dot` is not on PATH; install it (Debian/Ubuntu: "
            "apt-get install graphviz fonts-noto-cjk). The mermaid files need no Graphviz: `lifecycle generate`.",
            file=sys.stderr,
        )
        return 2
    except GraphvizFailed as exc:
        print(f"python -m lifecycle.diagrams: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"python -m lifecycle.diagrams: cannot write under {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for rel in written:
        print(f"wrote {rel}")
    print(f"{len(files)} diagrams, {len(written)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
