"""Beyond one machine (issue 23): the Dask recipe on a local cluster against ``lifecycle validate --jobs N``,
and the command line's peak RSS while it streams up to 10^7 jobs.

    python -m bench --only cluster,decades                  # both rows, 10^4 to 10^6 jobs streamed
    python -m bench --only decades --stream-max 10000000    # the long run: 10^7 jobs (tens of minutes)
    python -m bench.beyond --example old_dask_validate.py   # the recipe row alone, for another recipe
    python -m bench.beyond --stream-max 10000000            # the decades row alone (--seed-sized: 1.8 kB jobs)

``cluster``: the same JSONL files (10 of 5 000 real-sized jobs) validated by ``examples/dask_validate.py``
on a ``distributed.LocalCluster`` of N worker processes with one thread each, and by ``lifecycle
validate --jobs N`` (N = the machine's CPUs, at most 2: the same cores). Both are commands in a fresh
interpreter; the cluster is started once, before (a cluster outlives its jobs). Each round also counts
the partitions the workers validated (calls of ``validate_many`` from ``lifecycle.batch.partitions``,
a counter installed in every worker): one per file when the recipe makes one pass.

``decades``: one run of ``lifecycle validate -`` fed through its stdin with jobs made on the fly (each
with its own ``job_id``), never stored; the child's peak RSS (``VmHWM``) is read when 10^4, 10^5, ...
reports have come out, and at its exit. The high-water mark only grows, so equal readings at 10^4 and
10^7 jobs mean the memory did not grow with the count.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.measure import _CHILD, ROOT, _env, _reported_jobs, _vm_hwm_kb

if TYPE_CHECKING:
    from distributed import Client

    from bench.run import Bench, Row

EXAMPLE = ROOT / "examples" / "dask_validate.py"


# -- the call counter in every worker ------------------------------------------------------------------


def _count_calls() -> None:
    """On a worker: count the partitions validated from now on (wraps the module's ``validate_many``)."""
    import lifecycle.batch.partitions as partitions

    original = getattr(partitions.validate_many, "__wrapped__", partitions.validate_many)
    calls = [0]

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    counting.__wrapped__ = original  # type: ignore[attr-defined]
    counting.calls = calls  # type: ignore[attr-defined]
    partitions.validate_many = counting


def _calls() -> int:
    import lifecycle.batch.partitions as partitions

    return int(getattr(partitions.validate_many, "calls", [0])[0])


@contextmanager
def counted(client: Client) -> Iterator[Callable[[], int]]:
    """Count, in every worker of ``client``'s cluster, the partitions validated inside the ``with``:
    gives a function that sums the workers' counters so far."""
    client.run(_count_calls)
    yield lambda: sum(client.run(_calls).values())


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` processes with one thread each, on 127.0.0.1 only."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # a free port, loopback only (None would still take 8787)
        worker_dashboard_address=None,
    )


# -- cluster: the recipe against the command line ------------------------------------------------------


@dataclass(frozen=True)
class RecipeRun:
    seconds: float
    calls: int
    jobs: int
    exit_code: int


def write_files(folder: Path, lines: Sequence[bytes], files: int, per_file: int) -> list[Path]:
    """``files`` JSONL files of ``per_file`` jobs each, ``lines`` taken in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        path = folder / f"jobs-{f:03d}.jsonl"
        with path.open("wb") as out:
            for i in range(per_file):
                out.write(lines[(f * per_file + i) % len(lines)].rstrip(b"\n") + b"\n")
        paths.append(path)
    return paths


def run_recipe(example: Path, folder: Path, client: Client, reports: Path) -> RecipeRun:
    """``python EXAMPLE 'folder/*.jsonl' reports --scheduler ADDRESS`` in a child process."""
    shutil.rmtree(reports, ignore_errors=True)
    cmd = [sys.executable, str(example), str(folder / "*.jsonl"), str(reports), "--scheduler", client.scheduler.address]
    with counted(client) as calls:
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=_env(), check=False)
        seconds = time.perf_counter() - start
        count = calls()
    jobs = json.loads(done.stdout)["jobs"] if done.returncode in (0, 1) else -1
    return RecipeRun(seconds, count, jobs, done.returncode)


def run_cli_files(paths: Sequence[Path], jobs: int) -> tuple[float, int]:
    """Seconds of ``lifecycle validate PATHS --format jsonl --jobs N`` in a child, and the jobs it reported."""
    cmd = [sys.executable, "-m", "lifecycle", "validate", *map(str, paths), "--format", "jsonl", "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(), check=False)
    seconds = time.perf_counter() - start
    assert done.returncode in (0, 1), done.returncode
    return seconds, _reported_jobs(done.stdout[-4096:], -1)


def recipe_vs_cli(lines: Sequence[bytes], *, files: int, per_file: int, rounds: int, example: Path = EXAMPLE) -> Row:
    from distributed import Client

    from bench.run import Row  # bench.run imports this module

    workers = min(2, os.cpu_count() or 1)
    count = files * per_file
    recipe: list[RecipeRun] = []
    cli: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, local_cluster(workers) as cluster, Client(cluster) as client:
        paths = write_files(Path(tmp) / "jobs", lines, files, per_file)
        client.wait_for_workers(workers)
        for r in range(rounds):
            for side in ("recipe", "cli") if r % 2 == 0 else ("cli", "recipe"):
                if side == "recipe":
                    run = run_recipe(example, Path(tmp) / "jobs", client, Path(tmp) / "reports")
                    assert run.jobs == count, run
                    recipe.append(run)
                else:
                    seconds, reported = run_cli_files(paths, workers)
                    assert reported == count, reported
                    cli.append(seconds)
    ratios = [a.seconds / b for a, b in zip(recipe, cli, strict=True)]
    value = statistics.median(ratios)
    calls = sorted({run.calls for run in recipe})
    return Row(
        "dask-recipe-vs-cli",
        f"Dask recipe on a LocalCluster ({workers} workers × 1 thread) / lifecycle validate --jobs {workers} "
        f"(same {files} files of {per_file:,} jobs, 8.8 kB)",
        round(value, 3),
        "(info); 1 pass",
        calls == [files],
        f"recipe {statistics.median(r.seconds for r in recipe):.2f} s, --jobs {workers} "
        f"{statistics.median(cli):.2f} s; partitions validated per run: {', '.join(map(str, calls))} "
        f"for {files} files (both include the interpreter's start; the cluster is up before)",
        {
            "recipe_s": [r.seconds for r in recipe],
            "cli_s": cli,
            "calls": [r.calls for r in recipe],
            "files": files,
            "jobs_per_file": per_file,
            "workers": workers,
            "example": str(example),
        },
    )


# -- decades: peak RSS of one long stream --------------------------------------------------------------


def unique_jobs(templates: Sequence[bytes], count: int) -> Iterator[bytes]:
    """``count`` JSONL lines made on the fly from ``templates`` in turn, each job with its own ``job_id``
    (a template that is not a job, such as a cut line, is repeated as it is)."""
    head = b'{"job_id": "'
    parts = []
    for text in templates:
        text = text.rstrip(b"\n")
        if text.startswith(head):
            end = text.index(b'"', len(head))
            parts.append((head, text[end:] + b"\n"))
        else:
            parts.append((text + b"\n", b""))
    for i in range(count):
        prefix, suffix = parts[i % len(parts)]
        yield prefix + b"%032x" % i + suffix if suffix else prefix


@dataclass
class Decades:
    jobs: int
    seconds: float
    exit_code: int
    reported: int
    peak_rss_mb: float
    """At exit (the child's own ``VmHWM``)."""
    checkpoints: list[tuple[int, float, float]]
    """(reports out so far, peak RSS in MB then, seconds since start) at each power of ten, and at each
    million beyond the first."""


def stream_unique(templates: Sequence[bytes], count: int, *, first: int = 10_000, progress: bool = False) -> Decades:
    """Stream ``count`` jobs made on the fly through ``lifecycle validate - --format jsonl`` in a child."""
    read_end, write_end = os.pipe()
    cmd = [sys.executable, "-c", _CHILD, "validate", "-", "--format", "jsonl"]
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(LIFECYCLE_BENCH_FD=str(write_end)),
        pass_fds=(write_end,),
    )
    os.close(write_end)
    assert child.stdin is not None
    assert child.stdout is not None
    stdin, stdout = child.stdin, child.stdout

    def feed() -> None:
        batch: list[bytes] = []
        try:
            for line in unique_jobs(templates, count):
                batch.append(line)
                if len(batch) == 256:
                    stdin.write(b"".join(batch))
                    batch.clear()
            stdin.write(b"".join(batch))
            stdin.close()
        except BrokenPipeError:  # the child died: its exit code says why
            pass

    checkpoints: list[tuple[int, float, float]] = []
    tail = b""
    lines = 0

    def drain() -> None:
        nonlocal tail, lines
        mark = first
        while chunk := stdout.read(1 << 20):
            lines += chunk.count(b"\n")
            tail = (tail + chunk)[-4096:]
            while lines >= mark:
                at, kb = time.perf_counter() - start, _vm_hwm_kb(child.pid)
                if kb:  # 0: the child has ended (its peak at exit is read apart)
                    checkpoints.append((mark, kb / 1024, at))
                if progress:
                    print(f"decades: {mark:,} jobs, peak RSS {kb / 1024:.1f} MB, {at:.0f} s", file=sys.stderr)
                mark = mark * 10 if mark < 1_000_000 else mark + 1_000_000  # what a cut run reached

    with ThreadPoolExecutor(2) as pool:  # one feeds the child, one reads its reports
        done = [pool.submit(feed), pool.submit(drain)]
        code = child.wait()
        seconds = time.perf_counter() - start
        for future in done:
            future.result()
    stdout.close()
    with os.fdopen(read_end, "rb") as f:
        own = int(f.read() or b"0")
    return Decades(count, seconds, code, _reported_jobs(tail, lines - 1), own / 1024, checkpoints)


def decades_row(templates: Sequence[bytes], count: int, *, first: int = 10_000, progress: bool = False) -> Row:
    from bench.run import Row  # bench.run imports this module

    run = stream_unique(templates, count, first=first, progress=progress)
    size = statistics.mean(map(len, templates)) / 1000
    readings = [mb for _, mb, _ in run.checkpoints] + [run.peak_rss_mb]
    growth = max(readings) - min(readings)
    decade = [(n, mb, at) for n, mb, at in run.checkpoints if n == 10 ** (len(str(n)) - 1)]
    detail = "".join(f"10^{len(str(n)) - 1}: {mb:.1f} MB at {at:.0f} s; " for n, mb, at in decade)
    return Row(
        "stream-rss-decades",
        f"JSONL streaming (CLI, {size:.1f} kB jobs made on the fly, stdin): peak RSS (VmHWM) at {count:,} jobs, MB",
        round(run.peak_rss_mb, 1),
        f"< 200 MB, growth from {first:,} jobs < 10 MB",
        run.reported == count and run.exit_code in (0, 1) and run.peak_rss_mb < 200 and growth < 10,
        f"{detail}at exit {run.peak_rss_mb:.1f} MB after {run.seconds:.0f} s ({count / run.seconds:,.0f} jobs/s); "
        f"growth {growth:.1f} MB",
        asdict(run),
    )


# -- the steps python -m bench runs ------------------------------------------------------------------------


def one_line(texts: Sequence[bytes]) -> list[bytes]:
    """The texts that are one JSONL line each (a cut near miss may hold a newline, or nothing)."""
    return [t for t in texts if t.strip() and b"\n" not in t.rstrip(b"\n")]


def _templates(bench: Bench) -> list[bytes]:
    return one_line(bench.texts)


def cluster(bench: Bench) -> None:
    files, per_file, rounds = (2, 50, 1) if bench.smoke else (10, 5000, 3)
    bench.rows.append(recipe_vs_cli(_templates(bench), files=files, per_file=per_file, rounds=rounds))


def decades(bench: Bench) -> None:
    count = getattr(bench, "stream_max", None) or (2_000 if bench.smoke else 1_000_000)
    bench.rows.append(decades_row(_templates(bench), count, first=1_000 if bench.smoke else 10_000, progress=True))


def main(argv: Sequence[str] | None = None) -> int:
    from bench import corpus
    from bench.run import FULL

    parser = argparse.ArgumentParser(prog="python -m bench.beyond", description=__doc__.splitlines()[0])
    parser.add_argument("--example", type=Path, default=EXAMPLE, help="the recipe to run (default: the example)")
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--per-file", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stream-max", type=int, default=None, help="the decades row instead, to this many jobs")
    parser.add_argument("--seed-sized", action="store_true", help="seed-sized jobs (1.8 kB, 3-8 logs), not real-sized")
    args = parser.parse_args(argv)
    found = corpus.load(sizes=(FULL.seed, FULL.long, FULL.violations))
    jobs = found.seed if args.seed_sized else [corpus.padded(j) for j in found.mixed()]
    templates = one_line([corpus.text_of(j) for j in jobs])
    if args.stream_max:
        row = decades_row(templates, args.stream_max, progress=True)
    else:
        row = recipe_vs_cli(
            templates, files=args.files, per_file=args.per_file, rounds=args.rounds, example=args.example
        )
    print(json.dumps(asdict(row), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
