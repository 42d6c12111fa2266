"""Imports flow one way (issue 13, item 5): the package's layers, lowest first, as a reader draws them (the
README's "Layout" table). A module imports only from its own package or from a lower layer, at import time and
inside functions alike, so no two packages import each other and no circle can form. A new package must be
given its layer here."""

from __future__ import annotations

import ast
from pathlib import Path

import lifecycle
from tests.conftest import ROOT

_LAZY: dict[str, str] = lifecycle._LAZY  # the root's public facade: names loaded from their module on first use

LAYERS: list[tuple[str, ...]] = [
    ("errors",),  # the exceptions every layer raises
    ("spec",),  # vocabulary, rules with their evidence, loader, self-check
    ("engine",),  # compiled tables, the replay, the transitions machine
    ("", "payload"),  # the public root (compile_edition); pydantic models, decoders, timestamps, redaction
    ("models", "validation"),  # job facts, one check per code, reports (models: the payload alias)
    ("validator", "batch", "tracking", "testing"),  # inputs and the pool; live tracking; strategies, machine
    ("remote", "mining", "strategies"),  # the SDK commands (batch, tracking); mining real exports
    ("diagrams",),  # drawn from the spec (and, for `diagram --from`, mined exports)
    ("docs",),  # generated documents
    ("cli",),  # one module per command
    ("__main__",),  # python -m lifecycle
]
_LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}
_PACKAGE = ROOT / "lifecycle"


def _package(module: str) -> str:
    """The part of ``lifecycle`` a module belongs to: ``engine`` for ``lifecycle.engine.table``, ``""`` for
    the root ``lifecycle/__init__.py``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The ``lifecycle`` modules the file at ``path`` imports (see :func:`_imported`)."""
    return _imported(path.read_text(encoding="utf-8"), _module(path), path.name == "__init__.py")


def _imported(source: str, module: str, package: bool) -> set[str]:
    """The ``lifecycle`` modules ``source`` (the module ``module``, a package's ``__init__`` when ``package``)
    imports, anywhere in it: ``import``, ``from … import`` (a submodule by its own name; a name of the root's
    lazy facade by the module that holds it), and ``import_module("…")`` with a literal name. ``if
    TYPE_CHECKING:`` blocks aside: they run for the type checker only."""
    found: set[str] = set()
    here = module.split(".") if package else module.split(".")[:-1]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = ".".join([*(here[: len(here) - child.level + 1] if child.level else []), child.module or ""])
                base = base.strip(".")
                found.update(_named(base, alias.name) for alias in child.names)
            elif isinstance(child, ast.Call) and _calls_import_module(child):
                found.add(child.args[0].value)  # type: ignore[attr-defined]
            visit(child)

    visit(ast.parse(source))
    return {name for name in found if name == "lifecycle" or name.startswith("lifecycle.")}


def _named(base: str, name: str) -> str:
    """What ``from base import name`` imports: the submodule ``base.name`` when there is one, the module holding
    a lazy attribute of the root (``from lifecycle import validate``), else ``base``."""
    if base == "lifecycle" and name in _LAZY:
        return _LAZY[name]
    path = ROOT.joinpath(*f"{base}.{name}".split("."))
    return f"{base}.{name}" if path.with_suffix(".py").exists() or (path / "__init__.py").exists() else base


def _calls_import_module(call: ast.Call) -> bool:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return name == "import_module" and bool(call.args) and isinstance(call.args[0], ast.Constant)


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_package(_module(path)) for path in _PACKAGE.rglob("*.py")}
    assert parts == set(_LAYER)


def test_imports_flow_one_way() -> None:
    upward = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        importer = _package(_module(path))
        for imported in sorted(_imports(path)):
            target = _package(imported)
            if target != importer and _LAYER[target] >= _LAYER[importer]:
                upward.append(f"{_module(path)} imports {imported}")
    assert upward == []


def test_the_scan_sees_every_kind_of_import() -> None:
    """Relative and absolute imports, of modules and of submodules by name, inside functions too, through the
    root's lazy facade and ``import_module`` (else the test above could pass by seeing none)."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "import lifecycle.spec.vocabulary\n"
        "from . import compiled\n"
        "from lifecycle import cli, compile_edition\n"
        "from lifecycle import validate\n"
        "from .. import remote\n"
        "if TYPE_CHECKING:\n"
        "    from lifecycle.docs import generate\n"
        "def f() -> None:\n"
        "    from ..validation import report\n"
        "    importlib.import_module('lifecycle.mining')\n"
    )
    assert _imported(source, "lifecycle.engine.table", package=False) == {
        "lifecycle.spec.vocabulary",
        "lifecycle.engine.compiled",
        "lifecycle.cli",
        "lifecycle",
        "lifecycle.validation.validator",
        "lifecycle.remote",
        "lifecycle.validation.report",
        "lifecycle.mining",
    }
    assert _imports(_PACKAGE / "engine" / "table.py")  # the files are read: the engine imports the spec


def test_the_root_facade_names_public_modules_only() -> None:
    """The root package loads the spec and the engine; its lazy attributes (``validate``, ``Fleet``…) load their
    own layers on first use: that is the one way up, and it names modules the table places."""
    for module in _LAZY.values():
        assert _package(module) in _LAYER, module
