"""Generated sections of hand-written files: the README's code table, from the code table itself, and
the README's user-view diagram, from the spec.

A section is the text between ``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->``; ``lifecycle
generate`` rewrites it and ``lifecycle generate --check`` (and a test) fails when the committed copy drifts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

from lifecycle.diagrams.files import readme_user_view
from lifecycle.validation.checks import CHECKS
from lifecycle.validation.codes import CODES

__all__ = ["SECTIONS", "codes_table", "spliced"]


def codes_table() -> str:
    """The README's table of diagnostic codes (``lifecycle.validation.codes.CODES``, in report order)."""
    rows = [
        "| code | severity | meaning | checked by | example |",
        "|---|---|---|---|---|",
    ]
    for code, info in CODES.items():
        check = CHECKS.get(code)
        by = f"`checks.{check.__name__}`" if check is not None else "the decoders"
        if info.opt_in:
            by += f", with `{info.opt_in}`"
        rows.append(f"| `{code}` | {info.severity.value} | {info.summary}; {info.why} | {by} | {info.example} |")
    return "\n".join(rows) + "\n"


SECTIONS: Final[dict[str, dict[str, Callable[[], str]]]] = {
    "README.md": {"codes": codes_table, "user-diagram": readme_user_view}
}
"""File -> section name -> what generates it."""


def _between(made: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return match.group(1) + made + match.group(2)

    return replace


def spliced(root: Path) -> dict[str, str]:
    """Relative path -> content of each file with generated sections, the sections made anew (files that
    do not exist under ``root`` are left out)."""
    out = {}
    for rel, sections in SECTIONS.items():
        path = root / rel
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for name, make in sections.items():
            pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end generated: {name} -->)", flags=re.DOTALL)
            text = pattern.sub(_between(make()), text)
        out[rel] = text
    return out
