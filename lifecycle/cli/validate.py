"""``lifecycle validate``: validate jobs from files, directories, gzip files, JSONL streams, pipes or stdin."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lifecycle.cli.options import (
    UsageError,
    colour_option,
    edition_options,
    lang_option,
    lifecycle_of,
    reading,
    selection_of,
    selection_options,
)

if TYPE_CHECKING:
    from lifecycle.spec.expectations import Clock


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH")
    edition_options(p)
    lang_option(p)
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument(
        "--jobs",
        type=int,
        default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
        metavar="N",
        help="processes validating at once (default: every CPU this process may use, here %(default)s; "
        "chosen from measurement, see the README's Performance section)",
    )
    p.add_argument("--no-schema", action="store_true", help="check the lifecycle only, not the payload schema")
    p.add_argument(
        "--now",
        metavar="TIME",
        help="also warn (overdue) about jobs longer in their stage than the vendor documents, measured up to "
        "TIME (RFC 3339, or 'now' for the clock); as `lifecycle status` measures it",
    )
    p.add_argument("--config", type=Path, metavar="FILE", help="with --now: TOML file overriding the expectations")
    selection_options(p)
    colour_option(p)


def _jobs(asked: int) -> int:
    """``--jobs``, at most the CPUs this process may use (said on stderr when capped)."""
    if asked < 1:
        raise UsageError("--jobs must be at least 1")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if asked > cpus:
        print(f"lifecycle: --jobs {asked} is more than the {cpus} CPUs available; using {cpus}", file=sys.stderr)
    return min(asked, cpus)


def _clock(args: argparse.Namespace) -> Clock | None:
    """The ``--now`` clock, or None; raises :class:`UsageError` for a bad time, config or missing calendar."""
    from lifecycle.payload.timestamps import parse_now
    from lifecycle.spec.expectations import Clock, ConfigError, load_expectations

    if args.now is None:
        if args.config is not None:
            raise UsageError("--config needs --now")
        return None
    try:
        now = parse_now(args.now)
    except ValueError as exc:
        raise UsageError(f"--now {args.now!r}: {exc}") from None
    try:
        rules = load_expectations(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if importlib.util.find_spec("holidays") is None:
        raise UsageError("--now needs the holidays calendar: pip install 'lifecycle[sdk]'")
    return Clock(now, rules)


def run(args: argparse.Namespace) -> int:
    from lifecycle.batch.inputs import total_bytes
    from lifecycle.batch.pool import InputError, Options, blocks, check_readable, validate_blocks
    from lifecycle.validation.render import Progress, summary_text, use_colour
    from lifecycle.validation.report import Tally, json_line
    from lifecycle.validation.selection import Statistics

    jobs = _jobs(args.jobs)
    clock = _clock(args)
    selection = selection_of(args)
    lifecycle_of(args)  # a bad edition or overlay fails here, before any output
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
        colour=use_colour(sys.stdout, args.color),
        selection=selection,
        quiet=args.quiet,
        statistics=args.statistics,
        clock=clock,
    )
    progress = Progress(sys.stderr, total_bytes(args.paths), args.lang)
    tally = Tally()
    statistics = Statistics()
    out = sys.stdout
    as_json = args.format == "json"
    if as_json:  # written as it goes, the summary last: memory does not grow with the input
        out.write('{\n  "jobs": [')
    first = True
    try:
        for part in reading(validate_blocks(blocks(args.paths), options, jobs=jobs)):
            tally.merge(part.tally)
            if part.statistics is not None:
                statistics.merge(part.statistics)
            if as_json:
                text = "".join(
                    ("\n    " if first and i == 0 else ",\n    ") + json_line(r) for i, r in enumerate(part.reports)
                )
                first = first and not part.reports
                progress.write(out, text)
            else:
                progress.write(out, part.text)
            progress.advance(part.size, part.tally.jobs)
    finally:
        progress.close()
    summary = tally.summary()
    stats = statistics.to_dict() if args.statistics else None
    if as_json:
        more = f',\n  "statistics": {json_line(stats)}' if stats is not None else ""
        out.write(f'\n  ],\n  "summary": {json_line(summary)}{more}\n}}\n')
    elif args.format == "jsonl":
        if stats is not None:
            print(json_line({"statistics": stats}))
        print(json_line({"summary": summary}))
    else:
        if args.statistics:
            print(statistics.to_text(args.lang))
            print()
        print(summary_text(summary, args.lang))
    if not tally.jobs:  # an empty input (`fetch … | validate -` after fetch failed) passes, but not silently
        print(_NO_JOB[args.lang], file=sys.stderr)
    return 1 if tally.failed(strict=args.strict) else 0


_NO_JOB: Final = {
    "en": "lifecycle: warning: the input holds no job",
    "zh": "lifecycle: 警告: 输入中没有作业",
}
