"""Every generated file of the repository, made by one function (``lifecycle generate``)."""

from __future__ import annotations

from pathlib import Path

from lifecycle.diagrams import diagram_files
from lifecycle.docs import lifecycle_md as docs
from lifecycle.docs.sections import spliced
from lifecycle.engine.compiled import compile
from lifecycle.spec import load_edition
from lifecycle.spec.vocabulary import EDITIONS


def generated_files() -> dict[str, str]:
    """Relative path -> content of every generated file, from the shipped spec."""
    lifecycles = [compile(load_edition(e)) for e in reversed(EDITIONS)]
    return {"LIFECYCLE.md": docs.render(lifecycles), **diagram_files()}


def write(root: Path) -> list[str]:
    """Write the generated files under ``root`` (and the generated sections of README.md); the paths that
    changed."""
    return write_files(root, {**generated_files(), **spliced(root)})


def write_files(root: Path, files: dict[str, str]) -> list[str]:
    """Write ``files`` (relative path -> content) under ``root``, touching only those that differ."""
    changed = []
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed.append(rel)
    return changed


def drift(root: Path) -> list[str]:
    """The generated files under ``root`` that differ from what the spec generates now."""
    return [
        rel
        for rel, content in {**generated_files(), **spliced(root)}.items()
        if not (root / rel).exists() or (root / rel).read_text(encoding="utf-8") != content
    ]
