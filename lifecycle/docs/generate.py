"""Every generated file of the repository, made by one function (``lifecycle generate``)."""

from __future__ import annotations

from pathlib import Path

from lifecycle.diagrams.files import diagram_files, write_files
from lifecycle.docs import lifecycle_md as docs
from lifecycle.docs.sections import spliced
from lifecycle.engine.compiled import compile
from lifecycle.spec import load_edition
from lifecycle.spec.vocabulary import EDITIONS

__all__ = ["drift", "generated_files", "write", "write_files"]


def generated_files() -> dict[str, str]:
    """Relative path -> content of every generated file, from the shipped spec."""
    from lifecycle.payload import gate_build  # loads pydantic: only when generating

    lifecycles = [compile(load_edition(e)) for e in reversed(EDITIONS)]
    return {
        "LIFECYCLE.md": docs.render(lifecycles),
        "lifecycle/payload/gate_structs.py": gate_build.render(),
        **diagram_files(),
    }


def write(root: Path) -> list[str]:
    """Write the generated files under ``root`` (and the generated sections of README.md); the paths that
    changed."""
    return write_files(root, {**generated_files(), **spliced(root)})


def drift(root: Path) -> list[str]:
    """The generated files under ``root`` that differ from what the spec generates now."""
    return [
        rel
        for rel, content in {**generated_files(), **spliced(root)}.items()
        if not (root / rel).exists() or (root / rel).read_text(encoding="utf-8") != content
    ]
