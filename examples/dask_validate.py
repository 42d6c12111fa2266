"""Validate JSONL files of jobs on Dask, one partition per file, writing one report file per input file.

    python examples/dask_validate.py 'jobs/*.jsonl' reports/          # local processes
    python examples/dask_validate.py 'jobs/*.jsonl' reports/ --scheduler tcp://host:8786

Needs ``pip install lifecycle dask`` (``distributed`` too for a cluster). Every worker needs
``lifecycle`` installed. The reports are the lines ``lifecycle validate --format jsonl`` prints for the
same files (one line per job, sources included), in the sorted order of the input files.
tests/test_distributed.py runs this script.
"""

from __future__ import annotations

import argparse
import json
import sys

import dask
import dask.bag as db

from lifecycle.batch.partitions import validate_partition
from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.report import Tally, json_line


def run(jobs: str, reports: str, *, edition: str = "2025-11", lang: Lang = "en", schema: bool = True) -> Tally:
    # One partition per file (blocksize=None), so a report's source is "file:line"; lines split at "\n"
    # only, and bytes that are not UTF-8 kept as they are, as the command line reads them.
    lines = db.read_text(jobs, blocksize=None, include_path=True, linedelimiter="\n", errors="surrogateescape")
    found = lines.map_partitions(validate_partition, edition=edition, lang=lang, schema=schema)
    written = found.map(json_line).to_textfiles(f"{reports}/*.jsonl", last_endline=True, compute=False)
    tally = found.reduction(Tally.of, Tally.total)
    # One pass: the reports are written and summed by the same computation.
    _, total = dask.compute(written, tally)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", help="glob of JSONL files, local or any fsspec URL (s3://, obs via s3)")
    parser.add_argument("reports", help="folder for the report files (one per input file, in order)")
    parser.add_argument("--edition", default="2025-11")
    parser.add_argument("--lang", choices=["zh", "en"], default="en", help="language of messages (default en)")
    parser.add_argument("--no-schema", dest="schema", action="store_false", help="lifecycle fields only")
    parser.add_argument("--scheduler", default="processes", help="processes, threads, sync, or a cluster address")
    args = parser.parse_args(argv)
    if "://" in args.scheduler:
        from distributed import Client

        Client(args.scheduler)  # becomes the default scheduler
        total = run(args.jobs, args.reports, edition=args.edition, lang=args.lang, schema=args.schema)
    else:
        with dask.config.set(scheduler=args.scheduler):
            total = run(args.jobs, args.reports, edition=args.edition, lang=args.lang, schema=args.schema)
    print(json.dumps(total.summary()))
    return 1 if total.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
