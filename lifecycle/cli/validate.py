"""``lifecycle validate``: validate jobs from files, JSONL streams, pipes or stdin."""

from __future__ import annotations

import argparse
import os
import sys

from lifecycle.cli.options import UsageError, edition_options, lang_option, lifecycle_of, reading


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH")
    edition_options(p)
    lang_option(p)
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--no-schema", action="store_true", help="check the lifecycle only, not the payload schema")


def _jobs(asked: int) -> int:
    """``--jobs``, at most the CPUs this process may use (said on stderr when capped)."""
    if asked < 1:
        raise UsageError("--jobs must be at least 1")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if asked > cpus:
        print(f"lifecycle: --jobs {asked} is more than the {cpus} CPUs available; using {cpus}", file=sys.stderr)
    return min(asked, cpus)


def run(args: argparse.Namespace) -> int:
    from lifecycle.batch.pool import InputError, Options, blocks, check_readable, validate_blocks
    from lifecycle.validation.render import Progress, summary_text, use_colour
    from lifecycle.validation.report import Tally, json_line

    jobs = _jobs(args.jobs)
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
        colour=use_colour(sys.stdout),
    )
    progress = Progress(sys.stderr)
    tally = Tally()
    out = sys.stdout
    as_json = args.format == "json"
    if as_json:  # written as it goes, the summary last: memory does not grow with the input
        out.write('{\n  "jobs": [')
    first = True
    for part in reading(validate_blocks(blocks(args.paths), options, jobs=jobs)):
        progress.tick(part.tally.jobs)
        tally.merge(part.tally)
        if as_json:
            for report in part.reports:
                out.write(("\n    " if first else ",\n    ") + json_line(report))
                first = False
        else:
            out.write(part.text)
    progress.done()
    summary = tally.summary()
    if as_json:
        out.write(f'\n  ],\n  "summary": {json_line(summary)}\n}}\n')
    elif args.format == "jsonl":
        print(json_line({"summary": summary}))
    else:
        print(summary_text(summary))
    return 1 if tally.failed(strict=args.strict) else 0
