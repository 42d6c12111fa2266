"""Command-line options that several commands share."""

from __future__ import annotations

import argparse

from lifecycle.spec.vocabulary import DEFAULT_EDITION, EDITIONS


def edition_option(p: argparse.ArgumentParser) -> None:
    """``--edition E``: one of the shipped editions, today's by default."""
    p.add_argument(
        "--edition",
        default=DEFAULT_EDITION.value,
        choices=[e.value for e in EDITIONS],
        help=f"API edition (default {DEFAULT_EDITION.value})",
    )
