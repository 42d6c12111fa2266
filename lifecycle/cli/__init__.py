"""The ``lifecycle`` command line: :mod:`.main` builds the parser and runs a command, one module each."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see :mod:`lifecycle.cli.main`)."""
    from lifecycle.cli.main import main as run

    return run(argv)


__all__ = ["main"]
