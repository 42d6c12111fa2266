"""The ``lifecycle`` command line (:func:`lifecycle.cli.main.main`)."""

from lifecycle.cli.main import main

__all__ = ["main"]
