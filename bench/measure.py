"""Timing and memory helpers: interleaved rounds, medians, and peak RSS of a child process."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent


Span = Callable[[int, int], object]
"""Work over the items ``lo:hi`` of the data a comparison is about."""

CHUNK = 200
"""Items per timed call. This machine's speed changes within fractions of a second (shared cores): the
two sides of a ratio are timed chunk by chunk, one right after the other, so both see the same speed."""


@dataclass
class Pair:
    """One ratio: ``num`` over ``den``, both over the same data, measured in interleaved rounds.

    ``num`` and ``den`` hold the CPU seconds of each round (all chunks); a round's ratio is the ratio of
    those sums, where every chunk's two timings were taken back to back."""

    num: list[float] = field(default_factory=list)
    den: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [n / d for n, d in zip(self.num, self.den, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def compare(
    num: Span,
    den: Span,
    size: int,
    rounds: int,
    *,
    chunk: int = CHUNK,
    warmup: bool = True,
    gc_on: bool = False,
    warm: Literal["next", "same"] = "next",
) -> Pair:
    """Time ``num`` and ``den`` over the same chunks of ``size`` items, alternately (ABBA…), ``rounds``
    times; the median over rounds smooths out what is left of a busy machine.

    Before each timed chunk, the side runs once untimed: with ``warm="next"`` over the next chunk (about the
    same work, other items): code, tables and the processor's caches are warm, and no cache keyed by content
    holds the timed values, as in a stream of distinct jobs (for rows that start from bytes). With
    ``warm="same"`` over the timed chunk itself: its items are in the processor's caches, as what a real run
    just decoded is (for rows that start from decoded histories or dicts, which the harness made long before).

    CPU time of this process, not wall time; the cyclic GC is collected before each round and paused
    during it (as :mod:`timeit` does), unless ``gc_on``: then it runs as in a real run (what allocates
    container objects pays for the collections it triggers), with the harness's own objects (the corpus
    held in memory, which a streaming validator never holds) frozen out of its view (:func:`gc.freeze`)."""
    if warmup:  # lazy tables, caches and the first call's imports are not what is measured
        num(0, size)
        den(0, size)
    pair = Pair()
    clock = time.process_time
    chunk = max(1, min(chunk, -(-size // 2)))  # at least two chunks: a side can warm up on the next one
    spans = [(lo, min(size, lo + chunk)) for lo in range(0, size, chunk)]
    for r in range(rounds):
        gc.collect()
        if gc_on:
            gc.freeze()
        else:
            gc.disable()
        try:
            n = d = 0.0
            for i, (lo, hi) in enumerate(spans):
                first, second = (num, den) if (r + i) % 2 == 0 else (den, num)
                # Each side runs once untimed right before it is timed: otherwise the faster side pays
                # for the caches the other one just filled, which a long run of one side never does.
                # With warm="next" that run is over the next chunk, not this one: a cache keyed by content
                # (pydantic's timestamp validator keeps 8192 parsed strings) would otherwise hold every value
                # the timed run asks for, which a stream of distinct jobs never gives it.
                other = spans[(i + 1) % len(spans)] if warm == "next" else (lo, hi)
                first(*other)
                t0 = clock()
                first(lo, hi)
                t1 = clock()
                second(*other)
                t2 = clock()
                second(lo, hi)
                t3 = clock()
                a, b = t1 - t0, t3 - t2
                if first is num:
                    n, d = n + a, d + b
                else:
                    n, d = n + b, d + a
        finally:
            gc.unfreeze()
            gc.enable()
        pair.num.append(n)
        pair.den.append(d)
    return pair


def each(fn: Callable[[Any], object], items: Sequence[Any], *, catch: type[BaseException] | None = None) -> Span:
    """A loop calling ``fn`` on the items ``lo:hi`` (results dropped, as a stream would)."""
    if catch is None:

        def run(lo: int, hi: int) -> None:
            for item in items[lo:hi]:
                fn(item)

        return run
    error = catch

    def run_catching(lo: int, hi: int) -> None:
        for item in items[lo:hi]:
            with contextlib.suppress(error):
                fn(item)

    return run_catching


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: float
    """The child's own peak RSS (``VmHWM``), its workers' not included."""
    workers_peak_rss_mb: float
    """The largest peak RSS of its worker processes (``--jobs N``), 0 without workers."""
    jobs_reported: int
    exit_code: int


# The child reports its own peak RSS at exit. ``ru_maxrss`` from ``wait4`` cannot be used: Linux copies
# the high-water mark of the memory a process had before ``exec`` into it, so a child started from this
# (large) benchmark process would report at least this process's size. ``VmHWM`` in /proc belongs to the
# address space the child made after ``exec``. Worker processes end with ``os._exit`` (no atexit), so
# with ``--jobs`` this process samples their VmHWM while they live (a thread in the child would make
# the CLI spawn its workers instead of forking them: it forks only a process with one thread).
_CHILD = """
import atexit, os, sys

def hwm(pid="self"):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0

fd = int(os.environ["LIFECYCLE_BENCH_FD"])
atexit.register(lambda: os.write(fd, str(hwm()).encode()))
from lifecycle.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0


class _WorkerPeaks:
    """Samples the peak RSS of a process's children (its workers) five times a second while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.2):
            try:
                with open(f"/proc/{self.pid}/task/{self.pid}/children") as f:
                    children = [int(x) for x in f.read().split()]
            except OSError:
                continue
            for child in children:
                self.peaks[child] = max(self.peaks.get(child, 0), _vm_hwm_kb(child))

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return max(self.peaks.values(), default=0) / 1024


def _env(**extra: str) -> dict[str, str]:
    """The environment of a child ``lifecycle``: this checkout first on its path."""
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **extra)


def _reported_jobs(tail: bytes, otherwise: int) -> int:
    """The job count of the ``{"summary": …}`` line that ends a ``--format jsonl`` output (its tail)."""
    summary = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return int(json.loads(summary)["summary"]["jobs"]) if b'"summary"' in summary else otherwise


def run_cli_file(path: Path, args: Sequence[str]) -> ChildRun:
    """``lifecycle validate PATH --format jsonl`` in a child process, reading a file and writing to one.

    No thread of this process feeds or drains it: on a machine with as many cores as the child has
    processes, those threads would take a core's share from the child and bias the measurement."""
    read_end, write_end = os.pipe()
    cmd = [sys.executable, "-c", _CHILD, "validate", str(path), "--format", "jsonl", *args]
    env = _env(LIFECYCLE_BENCH_FD=str(write_end))
    out_path = path.with_suffix(".out")
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL, env=env, pass_fds=(write_end,)
        )
        os.close(write_end)
        sampler = _WorkerPeaks(child.pid)
        code = child.wait()
        seconds = time.perf_counter() - start
        workers = sampler.stop()
    with os.fdopen(read_end, "rb") as f:
        own = int(f.read() or b"0")
    with open(out_path, "rb") as f:
        f.seek(max(0, out_path.stat().st_size - 4096))
        jobs = _reported_jobs(f.read(), -1)
    out_path.unlink()
    return ChildRun(seconds, own / 1024, workers, jobs, code)


def run_cli_apart(paths: Sequence[Path]) -> float:
    """Seconds for ``lifecycle validate --jobs 1`` on each of ``paths`` at once, one process each."""
    env = _env()
    cmd = [sys.executable, "-m", "lifecycle", "validate", "--format", "jsonl", "--jobs", "1"]
    start = time.perf_counter()
    children = [
        subprocess.Popen([*cmd, str(p)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env) for p in paths
    ]
    codes = [child.wait() for child in children]
    assert all(code in (0, 1) for code in codes), codes
    return time.perf_counter() - start


def run_cli(lines: Sequence[bytes], count: int, args: Sequence[str]) -> ChildRun:
    """Stream ``count`` JSONL lines (``lines`` repeated) through ``lifecycle validate -`` in a child process.

    The input goes through a pipe (a million 8.8 kB jobs would not fit a CI disk); the reports are read
    and dropped. Peak RSS: see ``_CHILD``.
    """
    read_end, write_end = os.pipe()
    cmd = [sys.executable, "-c", _CHILD, "validate", "-", "--format", "jsonl", *args]
    env = _env(LIFECYCLE_BENCH_FD=str(write_end))
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, pass_fds=(write_end,)
    )
    os.close(write_end)
    assert child.stdin is not None
    assert child.stdout is not None
    stdin, stdout = child.stdin, child.stdout
    block_lines = list(lines)
    block = b"".join(line.rstrip(b"\n") + b"\n" for line in block_lines)

    def feed() -> None:
        try:
            left = count
            while left >= len(block_lines):
                stdin.write(block)
                left -= len(block_lines)
            if left:
                stdin.write(b"".join(line.rstrip(b"\n") + b"\n" for line in block_lines[:left]))
            stdin.close()
        except BrokenPipeError:  # the child died: its exit code says why
            pass

    newlines = 0
    tail = b""

    def drain() -> None:
        nonlocal newlines, tail
        while chunk := stdout.read(1 << 20):
            newlines += chunk.count(b"\n")
            tail = (tail + chunk)[-4096:]

    threads = [threading.Thread(target=feed), threading.Thread(target=drain)]
    for t in threads:
        t.start()
    code = child.wait()
    seconds = time.perf_counter() - start
    for t in threads:
        t.join()
    stdout.close()
    with os.fdopen(read_end, "rb") as f:
        own = int(f.read() or b"0")
    jobs = _reported_jobs(tail, newlines - 1)  # the last line is the summary
    return ChildRun(seconds, own / 1024, 0.0, jobs, code)


@dataclass
class Whole:
    """A whole process: wall seconds and its CPU seconds (user + system; not those of processes it starts)."""

    wall: float
    cpu: float
    exit_code: int


def run_whole(args: Sequence[str], out_path: Path) -> Whole:
    """``python ARGS`` in a child process, its stdout to ``out_path`` (a file, as a real run writes one)."""
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL, env=_env()
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Whole(wall, usage.ru_utime + usage.ru_stime, child.returncode)


HEAVY = ["pm4py", "huaweicloudsdkcore", "huaweicloudsdkmetastudio", "hypothesis", "dask", "orjson", "transitions"]
"""Packages an import is watched for (a lifecycle import should load none of them but pydantic's own)."""


def _import_once(statement: str) -> tuple[float, list[str]]:
    code = (
        "import sys, time\n"
        f"t = time.perf_counter()\n{statement}\n"
        "print(time.perf_counter() - t)\n"
        f"print(','.join(m for m in {HEAVY!r} + ['pydantic'] if m in sys.modules))\n"
    )
    # As an installed package is imported: from bytecode. (PYTHONDONTWRITEBYTECODE, set on some machines,
    # would have every run compile lifecycle's sources again while pydantic's come precompiled by pip.)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    first, second = ([*out.stdout.splitlines(), ""])[:2]
    return float(first), [m for m in second.split(",") if m]


def import_seconds(statements: Sequence[str], runs: int) -> list[tuple[list[float], list[str]]]:
    """Seconds of each statement in a fresh interpreter, ``runs`` times, the statements taken in turn
    (so a ratio of two is a ratio of neighbours in time), and which watched packages each loaded."""
    out: list[tuple[list[float], list[str]]] = [([], []) for _ in statements]
    for statement in statements:  # untimed: writes the bytecode caches
        _import_once(statement)
    for r in range(runs):
        order = range(len(statements)) if r % 2 == 0 else reversed(range(len(statements)))
        for i in order:
            seconds, loaded = _import_once(statements[i])
            out[i][0].append(seconds)
            out[i][1][:] = loaded
    return out
