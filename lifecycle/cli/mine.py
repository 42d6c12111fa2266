"""``lifecycle mine``: how real histories compare with the spec (see :mod:`lifecycle.mining`), with a progress bar
on a terminal.

Exit codes: 0, the survey done; 1, only when ``--select`` or ``--ignore`` is given and a job has a selected
error (the lifecycle's findings, as ``validate --no-schema`` reports them); 2, a usage error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lifecycle.cli.options import (
    UsageError,
    edition_options,
    lang_option,
    lifecycle_of,
    reading,
    selection_of,
    selection_options,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=".json files, .jsonl/.ndjson files, or - for stdin")
    edition_options(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many variants to list (default 10)")
    p.add_argument(
        "--suggest-overlay",
        type=Path,
        default=None,
        metavar="FILE",
        help="write an overlay (.toml/.json) making the forbidden steps legal; review it before use",
    )
    selection_options(
        p, quiet="print the figures and what disagrees with the spec, not the unused rules or the variants"
    )
    lang_option(p)


def run(args: argparse.Namespace) -> int:
    from lifecycle.batch.inputs import total_bytes
    from lifecycle.batch.pool import InputError, blocks, check_readable
    from lifecycle.mining.miner import Miner
    from lifecycle.validation.render import Progress
    from lifecycle.validation.selection import Statistics, select_report
    from lifecycle.validation.validator import validate

    if args.top < 0:
        raise UsageError("--top must be at least 0")
    out: Path | None = args.suggest_overlay
    if out is not None and out.suffix.lower() not in {".toml", ".json"}:
        raise UsageError(f"--suggest-overlay {out}: the file must end in .toml or .json")
    selection = selection_of(args)
    # mine is a survey and exits 0, unless --select/--ignore name what must not occur (as validate does).
    judged = args.select is not None or args.ignore is not None
    lc = lifecycle_of(args)  # a bad edition or overlay fails here, before any output
    try:
        check_readable(args.paths)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    overlays = tuple(args.overlay)
    miner = Miner(edition=lc.edition, overlays=overlays)
    statistics = Statistics() if args.statistics else None
    failed = False
    progress = Progress(sys.stderr, total_bytes(args.paths), args.lang, label="mining")
    try:
        for block in reading(blocks(args.paths)):
            count = 0
            for record in block.items():
                miner.add(record)
                count += 1
                if statistics is not None or judged:
                    # The validator's findings on the same replay, lifecycle only (mine reads no schema).
                    found = validate(record.text, edition=lc.edition, overlays=overlays, schema=False)
                    selected = select_report(found.to_dict(), selection)
                    failed = failed or not selected["valid"]
                    if statistics is not None:
                        statistics.add(selected)
            progress.advance(block.size, count)
    finally:
        progress.close()  # before the report: the bar never shares its line
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
        if statistics is None:
            print(report.to_json())
        else:
            print(json.dumps({**report.to_dict(), "statistics": statistics.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(report.to_text(quiet=args.quiet, lang=args.lang))
        if statistics is not None:
            print()
            print(statistics.to_text(args.lang))
    return 1 if judged and failed else 0
