"""What several commands share: options, the usage error, the lifecycle of ``--edition``/``--overlay``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import NoReturn, TypeVar

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.errors import LifecycleError
from lifecycle.spec.vocabulary import DEFAULT_EDITION, EDITIONS

T = TypeVar("T")


def edition_option(p: argparse.ArgumentParser) -> None:
    """``--edition E``: one of the shipped editions, today's by default."""
    p.add_argument(
        "--edition",
        default=DEFAULT_EDITION.value,
        choices=[e.value for e in EDITIONS],
        help=f"API edition (default {DEFAULT_EDITION.value})",
    )


class UsageError(Exception):
    """A problem with the command line or its inputs: exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def edition_options(p: argparse.ArgumentParser) -> None:
    """``--edition`` and ``--overlay FILE`` (repeatable)."""
    edition_option(p)
    p.add_argument(
        "--overlay", action="append", default=[], metavar="FILE", help="overlay file (.toml/.json); repeatable"
    )


def lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of labels (default zh)")


def lifecycle_of(args: argparse.Namespace) -> Lifecycle:
    """The compiled lifecycle of ``--edition`` and ``--overlay`` (a bad one is a :class:`UsageError`)."""
    try:
        return compile_edition(args.edition, overlays=tuple(args.overlay))
    except OSError as exc:
        raise UsageError(f"cannot read overlay: {exc.strerror or exc}: {exc.filename}") from None
    except LifecycleError as exc:
        raise UsageError(" ".join(str(exc).split())) from None


def reading(parts: Iterator[T]) -> Iterator[T]:
    """``parts``, with an error reading the input said as one (an error writing the output is not one)."""
    while True:
        try:
            part = next(parts)
        except StopIteration:
            return
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise UsageError(f"cannot read input: {exc}") from None
        yield part
