"""The command line: ``lifecycle validate | mine | spec | explain | schema | diagram | generate | drift | fetch
| status``.

``main(argv) -> code`` runs it.

Exit codes: 0 success; 1 the answer is "no" (a job has an error — with ``--strict`` a warning —, or
``generate --check`` found drift); 2 bad arguments or unreadable input, with a one-line message on
stderr and never a traceback; 141 (128 + SIGPIPE, as a command the closed pipe killed would report)
when the reader of the output went away before the end (``| head``). ``mine`` reports and never
answers "no": it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import NoReturn

from lifecycle import __version__, compile_edition, diagrams, remote
from lifecycle.cli import drift
from lifecycle.cli.options import edition_option
from lifecycle.docs.explain import explain, spec_to_dict, spec_to_text, suggest
from lifecycle.engine.compiled import Lifecycle
from lifecycle.errors import LifecycleError
from lifecycle.spec.vocabulary import Lang

EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """A problem with the command line or its inputs: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _edition_options(p: argparse.ArgumentParser) -> None:
    edition_option(p)
    p.add_argument(
        "--overlay", action="append", default=[], metavar="FILE", help="overlay file (.toml/.json); repeatable"
    )


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of labels (default zh)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lifecycle", description="MetaStudio 2D avatar training-job lifecycle.")
    parser.add_argument("--version", action="version", version=f"lifecycle {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="validate jobs: .json files, .jsonl/.ndjson files, or - for stdin")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _edition_options(p)
    _lang(p)
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--no-schema", action="store_true", help="check the lifecycle only, not the payload schema")

    p = sub.add_parser("mine", help="mine real histories: forbidden steps, fitness, variants, a suggested overlay")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".json files, .jsonl/.ndjson files, or - for stdin")
    _edition_options(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many variants to list (default 10)")
    p.add_argument(
        "--suggest-overlay",
        type=Path,
        default=None,
        metavar="FILE",
        help="write an overlay (.toml/.json) making the forbidden steps legal; review it before use",
    )

    p = sub.add_parser("schema", help="print a JSON Schema")
    p.add_argument("what", choices=["job", "report"])

    p = sub.add_parser("spec", help="dump the compiled spec")
    _edition_options(p)
    _lang(p)
    p.add_argument("--format", choices=["json", "text"], default="text")

    p = sub.add_parser("explain", help="explain a state or log type")
    p.add_argument("name", help="a state or log type, e.g. MANUAL_VERIFYING or USER_CREATE_JOD")
    _edition_options(p)
    _lang(p)

    p = sub.add_parser("diagram", help="draw the lifecycle (mermaid, DOT or SVG)")
    _edition_options(p)
    diagrams.add_arguments(p)

    p = sub.add_parser("generate", help="regenerate LIFECYCLE.md (and the diagrams)")
    p.add_argument("--root", type=Path, default=Path("."), help="repository root (default .)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    remote.register(sub)  # fetch, status: each command's module adds its parser and sets args.run

    drift.add_arguments(sub.add_parser("drift", help="compare an edition with the installed Python SDK"))
    return parser


def _lifecycle(args: argparse.Namespace) -> Lifecycle:
    try:
        return compile_edition(args.edition, overlays=tuple(args.overlay))
    except OSError as exc:
        raise UsageError(f"cannot read overlay: {exc.strerror or exc}: {exc.filename}") from None
    except LifecycleError as exc:
        raise UsageError(" ".join(str(exc).split())) from None


def _spec(args: argparse.Namespace) -> int:
    lc = _lifecycle(args)
    if args.format == "json":
        print(json.dumps(spec_to_dict(lc), ensure_ascii=False, indent=2))
    else:
        print(spec_to_text(lc, args.lang))
    return 0


def _explain(args: argparse.Namespace) -> int:
    lc = _lifecycle(args)
    lang: Lang = args.lang
    text = explain(lc, args.name, lang)
    if text is None:
        hint = suggest(lc, args.name)
        more = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise UsageError(f"{args.name!r} is neither a state nor a log type of edition {lc.edition}{more}")
    print(text)
    return 0


def _generate(args: argparse.Namespace) -> int:
    from lifecycle.docs import generate

    root: Path = args.root
    if args.check:
        drifted = generate.drift(root)
        for rel in drifted:
            print(f"drift: {rel}")
        return 1 if drifted else 0
    for rel in generate.write(root):
        print(f"wrote {rel}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from lifecycle.batch.pool import InputError, Options, blocks, check_readable, validate_blocks
    from lifecycle.validation.render import Progress, summary_text, use_colour
    from lifecycle.validation.report import JobReportDict, Tally, json_line

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    _lifecycle(args)  # a bad edition or overlay fails here, before any output
    try:
        check_readable(args.paths)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    options = Options(
        args.edition,
        tuple(args.overlay),
        args.lang,
        schema=not args.no_schema,
        format=args.format,
        colour=use_colour(sys.stdout),
    )
    progress = Progress(sys.stderr)
    kept: list[JobReportDict] = []
    tally = Tally()
    try:
        for part in validate_blocks(blocks(args.paths), options, jobs=args.jobs):
            progress.tick(part.tally.jobs)
            tally.merge(part.tally)
            kept += part.reports
            sys.stdout.write(part.text)
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`): main() ends quietly
    except OSError as exc:
        raise UsageError(f"cannot read input: {exc}") from None
    progress.done()
    summary = tally.summary()
    if args.format == "json":
        print(json.dumps({"summary": summary, "jobs": kept}, ensure_ascii=False, indent=2))
    elif args.format == "jsonl":
        print(json_line({"summary": summary}))
    else:
        print(summary_text(summary))
    return 1 if tally.failed(strict=args.strict) else 0


def _mine(args: argparse.Namespace) -> int:
    from lifecycle.batch.pool import InputError, check_readable, records
    from lifecycle.mining.miner import Miner

    if args.top < 0:
        raise UsageError("--top must be at least 0")
    out: Path | None = args.suggest_overlay
    if out is not None and out.suffix.lower() not in {".toml", ".json"}:
        raise UsageError(f"--suggest-overlay {out}: the file must end in .toml or .json")
    lc = _lifecycle(args)  # a bad edition or overlay fails here, before any output
    try:
        check_readable(args.paths)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    miner = Miner(edition=lc.edition, overlays=tuple(args.overlay))
    try:
        for record in records(args.paths):
            miner.add(record)
    except OSError as exc:
        raise UsageError(f"cannot read input: {exc}") from None
    report = miner.report(top=args.top)
    if out is not None:
        try:
            doc = report.write_overlay(out)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
        entries = sum(len(v) for v in doc["add"].values())
        # stderr: with --format json, stdout holds the report and nothing else.
        print(f"wrote {out}: {entries} suggested entries; review them before use", file=sys.stderr)
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.to_text())
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.what == "job":
        from lifecycle.payload.models import job_json_schema

        schema = job_json_schema()
    else:
        from lifecycle.validation.report import report_json_schema

        schema = report_json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _diagram(args: argparse.Namespace) -> int:
    lc = _lifecycle(args)
    try:
        text = diagrams.run(lc, args)
    except ValueError as exc:  # a bad --group, or --group with --view user
        raise UsageError(str(exc)) from None
    except LifecycleError as exc:  # Graphviz missing or failing
        raise UsageError(" ".join(str(exc).split())) from None
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


COMMANDS = {
    "diagram": _diagram,
    "validate": _validate,
    "mine": _mine,
    "schema": _schema,
    "spec": _spec,
    "explain": _explain,
    "generate": _generate,
    "drift": drift.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Reports echo payload values, and JSON text may hold a lone surrogate ("\ud800"), which no
        # encoding can write: it is written as an escape instead of ending the run at that job.
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        args = build_parser().parse_args(argv)
        return (COMMANDS.get(args.command) or args.run)(args)
    except UsageError as exc:
        print(f"lifecycle: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`). Not every job was checked, so this is no success; and
        # Python would fail again flushing stdout at exit, so what is left goes nowhere.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
