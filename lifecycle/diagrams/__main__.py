"""``python -m lifecycle.diagrams [ROOT]``: write the SVG diagrams under ROOT (default .); needs Graphviz."""

from __future__ import annotations

import sys
from pathlib import Path

from lifecycle.diagrams.files import write_svgs


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(".")
    for rel in write_svgs(root):
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
