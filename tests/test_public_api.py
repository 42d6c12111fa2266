"""The public surface is explicit: every name in __all__ exists; importing it pulls no test library."""

from __future__ import annotations

import subprocess
import sys

import lifecycle


def test_all_is_unique_and_resolvable() -> None:
    # The order is ruff's RUF022 (constants, classes, functions), checked by `ruff check`.
    assert len(set(lifecycle.__all__)) == len(lifecycle.__all__)
    for name in lifecycle.__all__:
        assert hasattr(lifecycle, name), name


def test_import_does_not_pull_hypothesis() -> None:
    code = "import sys, lifecycle, lifecycle.cli.main; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
