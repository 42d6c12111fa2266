"""The public surface is explicit: every name in __all__ exists, the names users rely on are among them (a removed
one fails here); importing it pulls no test library. The full per-module list is tests/test_exported_members.py."""

from __future__ import annotations

import subprocess
import sys

import lifecycle


def test_all_is_unique_and_resolvable() -> None:
    # The order is ruff's RUF022 (constants, classes, functions), checked by `ruff check`.
    assert len(set(lifecycle.__all__)) == len(lifecycle.__all__)
    for name in lifecycle.__all__:
        assert hasattr(lifecycle, name), name


# The entry points the README and the docs teach; removing one breaks users, so it must fail a test.
PINNED = {
    "load_edition",
    "compile_edition",
    "validate",
    "validate_many",
    "Report",
    "Diagnostic",
    "Tracker",
    "Fleet",
    "parse_job",
    "BEFORE_CREATION",
}


def test_the_names_users_rely_on_are_exported() -> None:
    assert set(lifecycle.__all__) >= PINNED, sorted(PINNED - set(lifecycle.__all__))
    for name in PINNED:
        assert getattr(lifecycle, name, None) is not None, name
    assert callable(lifecycle.validate)
    assert isinstance(lifecycle.Tracker, type)


def test_import_does_not_pull_hypothesis() -> None:
    code = "import sys, lifecycle, lifecycle.cli.main; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
