"""What several commands share: options, the usage error, the lifecycle of ``--edition``/``--overlay``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn, TypeVar

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.errors import LifecycleError
from lifecycle.spec.vocabulary import DEFAULT_EDITION, EDITIONS, Lang

if TYPE_CHECKING:
    from lifecycle.validation.selection import Selection

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


def locale_lang(environ: dict[str, str] | None = None) -> Lang:
    """The language the locale asks for: ``zh`` when ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (the first one
    set, as POSIX orders them) starts with ``zh``, else ``en`` (the library's default).

    >>> locale_lang({"LANG": "zh_CN.UTF-8"}), locale_lang({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}), locale_lang({})
    ('zh', 'en', 'en')
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang", choices=["zh", "en"], default=None, help="language of the output (default: the locale's, else en)"
    )


def selection_options(p: argparse.ArgumentParser, *, quiet: str = "print only jobs with something to report") -> None:
    """``--select``, ``--ignore``, ``--quiet``, ``--statistics``: what a batch reports (see
    :mod:`lifecycle.validation.selection`); ``quiet`` is the help of ``--quiet``, which each command words."""
    p.add_argument(
        "--select", metavar="CODES", help="report only these codes (comma-separated; prefixes and severities allowed)"
    )
    p.add_argument("--ignore", metavar="CODES", help="do not report these codes (same form; wins over --select)")
    p.add_argument("-q", "--quiet", action="store_true", help=quiet)
    p.add_argument("--statistics", action="store_true", help="counts per code and per console group")


def selection_of(args: argparse.Namespace) -> Selection:
    from lifecycle.validation.selection import Selection

    try:
        return Selection.parse(args.select, args.ignore)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def colour_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--color",
        "--colour",
        dest="color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text report (auto: on a terminal; NO_COLOR and FORCE_COLOR are honoured)",
    )


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
