"""``lifecycle mine``: how real histories compare with the spec (see :mod:`lifecycle.mining`), with a progress bar
on a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lifecycle.cli.options import UsageError, edition_options, lifecycle_of, reading


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


def run(args: argparse.Namespace) -> int:
    from lifecycle.batch.inputs import total_bytes
    from lifecycle.batch.pool import InputError, blocks, check_readable
    from lifecycle.mining.miner import Miner
    from lifecycle.validation.render import Progress

    if args.top < 0:
        raise UsageError("--top must be at least 0")
    out: Path | None = args.suggest_overlay
    if out is not None and out.suffix.lower() not in {".toml", ".json"}:
        raise UsageError(f"--suggest-overlay {out}: the file must end in .toml or .json")
    lc = lifecycle_of(args)  # a bad edition or overlay fails here, before any output
    try:
        check_readable(args.paths)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    miner = Miner(edition=lc.edition, overlays=tuple(args.overlay))
    progress = Progress(sys.stderr, total_bytes(args.paths), label="mining")
    try:
        for block in reading(blocks(args.paths)):
            count = 0
            for record in block.items():
                miner.add(record)
                count += 1
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
        print(report.to_json())
    else:
        print(report.to_text())
    return 0
