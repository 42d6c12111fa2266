"""Validate JSONL files of jobs on Spark, writing one report file per partition.

    python examples/spark_validate.py 'jobs/*.jsonl' reports/                       # local[*]
    python examples/spark_validate.py 'jobs/*.jsonl' reports/ --master spark://host:7077

Needs ``pip install lifecycle pyspark`` and Java (17 for Spark 4) here, and ``lifecycle`` on every
worker. The reports are the lines ``lifecycle validate --format jsonl`` prints for the same jobs (one
line per job, sources included); a partition holds whole files, so each file's reports are together
and in order. Spark names local files ``file:/abs/path``, so the sources do too. Each partition is
validated once, by one task that writes its reports and returns only their tally.
tests/test_distributed.py runs this script in local mode.
"""

from __future__ import annotations

import argparse
import json
import sys

from pyspark import SparkContext

from lifecycle.batch.partitions import write_partition
from lifecycle.spec.vocabulary import Lang
from lifecycle.validation.report import Tally


def run(
    sc: SparkContext, jobs: str, reports: str, *, edition: str = "2025-11", lang: Lang = "en", schema: bool = True
) -> Tally:
    # Whole files as bytes, split at "\n" only, each line with its file's name: a report's source is
    # "file:line", and bytes that are not UTF-8 reach the validator as they are, as the command line
    # reads them (textFile would split at "\r" too, and replace such bytes).
    files = sc.binaryFiles(jobs)
    lines = files.flatMap(lambda file: ((line, file[0]) for line in file[1].split(b"\n")))
    # One task per partition validates it, writes its report file and returns its tally, nothing else.
    tallies = lines.mapPartitionsWithIndex(
        lambda i, part: [write_partition(part, f"{reports}/{i}.jsonl", edition=edition, lang=lang, schema=schema)]
    )
    return Tally.total(tallies.collect())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", help="glob of JSONL files, any path Spark reads (hdfs://, s3a://)")
    parser.add_argument("reports", help="folder for the report files (one per partition)")
    parser.add_argument("--edition", default="2025-11")
    parser.add_argument("--lang", choices=["zh", "en"], default="en", help="language of messages (default en)")
    parser.add_argument("--no-schema", dest="schema", action="store_false", help="lifecycle fields only")
    parser.add_argument("--master", default="local[*]", help="local[N] or a cluster's master URL")
    args = parser.parse_args(argv)
    with SparkContext(args.master, "lifecycle validate") as sc:
        total = run(sc, args.jobs, args.reports, edition=args.edition, lang=args.lang, schema=args.schema)
    print(json.dumps(total.summary()))
    return 1 if total.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
