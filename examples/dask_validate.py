"""Validate JSONL files of jobs on Dask, one partition per file, writing one report file per input file.

    python examples/dask_validate.py 'jobs/*.jsonl' reports/          # local processes
    python examples/dask_validate.py 'jobs/*.jsonl' reports/ --scheduler tcp://host:8786

Needs ``pip install 'lifecycle[dask]'`` (dask and distributed) here and on every worker. The reports
are the lines ``lifecycle validate --format jsonl`` prints for the same files (one line per job,
sources included): ``reports/0.jsonl`` for the first input file in sorted order, and so on. Each file
is validated once, by one task that writes its reports and returns only their tally.
tests/test_distributed.py runs this script on a local cluster.
"""

from __future__ import annotations

import argparse
import json
import sys

import dask
import dask.bag as db

from lifecycle.batch.partitions import write_partition
from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.report import Tally


def run(jobs: str, reports: str, *, edition: str = "2025-11", lang: Lang = "en", schema: bool = True) -> Tally:
    # One partition per file (blocksize=None), so a report's source is "file:line"; lines split at "\n"
    # only, and bytes that are not UTF-8 kept as they are, as the command line reads them.
    lines = db.read_text(jobs, blocksize=None, include_path=True, linedelimiter="\n", errors="surrogateescape")
    # One task per file validates it, writes its report file and returns its tally, nothing else:
    # no file is validated twice and no report stays in the cluster's memory.
    write = dask.delayed(write_partition)
    tallies = [
        write(part, f"{reports}/{n}.jsonl", edition=edition, lang=lang, schema=schema)
        for n, part in enumerate(lines.to_delayed())
    ]
    total: Tally = dask.delayed(Tally.total)(tallies).compute()
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

        with Client(args.scheduler):  # the default scheduler while it is open
            total = run(args.jobs, args.reports, edition=args.edition, lang=args.lang, schema=args.schema)
    else:
        with dask.config.set(scheduler=args.scheduler):
            total = run(args.jobs, args.reports, edition=args.edition, lang=args.lang, schema=args.schema)
    print(json.dumps(total.summary()))
    return 1 if total.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
