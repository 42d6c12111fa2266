"""The command line: ``lifecycle validate | mine | spec | explain | schema | diagram | generate | drift | fetch
| status``.

``main(argv) -> code`` runs it.

Exit codes: 0 success; 1 the answer is "no" (a job has an error — with ``--strict`` a warning —, or
``generate --check`` found drift); 2 bad arguments, unreadable input or unwritable output, with a one-line
message on stderr and never a traceback; 130 Ctrl-C; 141 (128 + SIGPIPE, as a command the closed pipe
killed would report) when the reader of the output went away before the end (``| head``). ``mine`` reports and never
answers "no": it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import Final

from lifecycle import __version__
from lifecycle.cli.options import Parser, UsageError, locale_lang
from lifecycle.payload.redaction import redact_text

EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command Ctrl-C ended."""

_REFERENCE: Final = frozenset({"schema", "spec", "explain", "diagram", "generate"})
_REMOTE: Final = frozenset({"fetch", "watch", "status"})
COMMANDS: Final = frozenset({"validate", "mine", "drift"}) | _REFERENCE | _REMOTE
"""Every command. Each one's module is imported only when the command line names it (or is asked for help):
``lifecycle validate`` does not load the diagrams, the SDK drift check or the remote commands."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or only ``command`` when it is one of :data:`COMMANDS`."""
    every = command not in COMMANDS
    parser = Parser(prog="lifecycle", description="MetaStudio 2D avatar training-job lifecycle.")
    parser.add_argument("--version", action="version", version=f"lifecycle {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    if every or command == "validate":
        from lifecycle.cli import validate

        p = sub.add_parser("validate", help="validate jobs: .json files, .jsonl/.ndjson files, or - for stdin")
        validate.add_arguments(p)
        p.set_defaults(run=validate.run)
    if every or command == "mine":
        from lifecycle.cli import mine

        p = sub.add_parser("mine", help="mine real histories: forbidden steps, fitness, variants, a suggested overlay")
        mine.add_arguments(p)
        p.set_defaults(run=mine.run)
    if every or command in _REFERENCE:
        from lifecycle.cli import reference

        reference.add_arguments(sub)
    if every or command in _REMOTE:
        from lifecycle import remote

        remote.register(sub)  # fetch, watch, status: each command's module adds its parser and sets args.run
    if every or command == "drift":
        from lifecycle.cli import drift

        p = sub.add_parser("drift", help="compare an edition with the installed Python SDK")
        drift.add_arguments(p)
        p.set_defaults(run=drift.run)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is not an option (the top level takes no value);
    ``None`` when help is asked for before it (the help lists every command)."""
    for word in argv:
        if word in ("-h", "--help"):
            return None
        if not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Reports echo payload values, and JSON text may hold a lone surrogate ("\ud800"), which no
        # encoding can write: it is written as an escape instead of ending the run at that job.
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(_command(words)).parse_args(words)
        if getattr(args, "lang", "") is None:  # --lang not given: the locale's language (README, "Language")
            args.lang = locale_lang()
        code: int = args.run(args)
        sys.stdout.flush()  # an output error (a full disk) shows here, not at exit
        return code
    except UsageError as exc:  # it may echo an argument (a name, a path, a time): redacted like any output
        print(f"lifecycle: error: {redact_text(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`). Not every job was checked, so this is no success; and
        # Python would fail again flushing stdout at exit, so what is left goes nowhere.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        _quiet_stdout()
        print("lifecycle: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # writing the output failed (reading errors are UsageErrors)
        _quiet_stdout()
        print(f"lifecycle: error: cannot write output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the one guard: never a traceback
        _quiet_stdout()
        detail = redact_text(" ".join(str(exc).split())[:300])
        print(f"lifecycle: error: unexpected {type(exc).__name__}: {detail} (please report it)", file=sys.stderr)
        return 2


def _quiet_stdout() -> None:
    """Drop what stdout still holds: flushing it again at exit would fail the same way, or print after
    the error line."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
