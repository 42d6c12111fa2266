"""Run the benchmark of issue 7: every ratio in one run, a table on stdout, JSON (and markdown) on disk.

    python -m bench                      # the full run: a few minutes, writes bench/results/latest.*
    python -m bench --smoke              # seconds, tiny sizes; targets are shown, never enforced
    python -m bench --only replay,rules  # some rows only

Each ratio compares two functions over the same data, timed in several rounds (the cyclic GC runs, as
in a real run, for the rows that validate payloads; it is paused for the replay rows); within a round
the data is taken in chunks of 200 and each chunk is timed on both sides back to back (this machine's
speed changes within fractions of a second). The table shows the median over rounds of the per-round
ratio, and the median time per job (or per event) of each side. Lazy tables and caches are warmed
first: the figures are for a long-running validator, not for its first job. The ``process`` and
``parallel`` rows time whole processes (the command line against the floor, ``bench/floor.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import baselines, beyond, corpus
from bench.measure import Pair, compare, each, import_seconds, run_cli, run_cli_apart, run_cli_file, run_whole
from bench.tracking import tracking
from lifecycle import compile_edition
from lifecycle.spec.vocabulary import DEFAULT_EDITION

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Sizes:
    seed: int
    long: int
    violations: int
    rounds: int
    stream: tuple[int, ...]
    parallel: int
    parallel_rounds: int
    import_runs: int


FULL = Sizes(
    seed=1000,
    long=4000,
    violations=400,
    rounds=9,
    stream=(10_000, 100_000, 1_000_000),
    parallel=30_000,  # a run of about ten seconds: the interpreter's start (~0.3 s) is not what is measured
    parallel_rounds=5,
    import_runs=15,
)
SMOKE = Sizes(
    seed=20, long=40, violations=13, rounds=1, stream=(200, 400), parallel=200, parallel_rounds=1, import_runs=1
)


@dataclass
class Row:
    key: str
    ratio: str
    measured: float | None
    target: str
    holds: bool | None
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _at_most(limit: float) -> Callable[[float], bool]:
    return lambda value: value <= limit


def _at_least(limit: float) -> Callable[[float], bool]:
    return lambda value: value >= limit


def _us(seconds: float, count: int) -> float:
    return seconds / count * 1e6


def _pair_row(
    key: str,
    label: str,
    pair: Pair,
    count: int,
    unit: str,
    target: str,
    check: Callable[[float], bool] | None,
    names: tuple[str, str],
    *,
    invert: bool = False,
) -> Row:
    """A row from a measured pair; ``invert`` reports den/num (how many times faster ``num`` is)."""
    num = _us(statistics.median(pair.num), count)
    den = _us(statistics.median(pair.den), count)
    ratios = [1 / r for r in pair.ratios] if invert else pair.ratios
    value = statistics.median(ratios)
    detail = f"{names[0]} {num:.3g} µs/{unit}, {names[1]} {den:.3g} µs/{unit}"
    return Row(
        key,
        label,
        round(value, 3),
        target,
        None if check is None else check(value),
        detail,
        {
            "per_" + unit + "_us": {names[0]: round(num, 4), names[1]: round(den, 4)},
            "round_ratios": [round(r, 4) for r in ratios],
            "items": count,
        },
    )


class Bench:
    def __init__(self, sizes: Sizes, *, smoke: bool, edition: str, cache: bool) -> None:
        self.sizes = sizes
        self.smoke = smoke
        self.edition = edition
        started = time.perf_counter()
        self.corpus = corpus.load(edition=edition, sizes=(sizes.seed, sizes.long, sizes.violations), cache=cache)
        self.corpus_seconds = time.perf_counter() - started
        self.lc = compile_edition(edition)
        base = compile_edition(edition)
        # What each job's replay needs, as the validator reads it (variant from is_flexus and the state).
        self.jobs = [j for j in self.corpus.mixed() if isinstance(j.get("operation_logs"), list)]
        self.histories = [[e["log_type"] for e in j["operation_logs"]] for j in self.jobs]
        self.variants = []
        for job in self.jobs:
            info = base.state_info(job.get("state")) if isinstance(job.get("state"), str) else None
            self.variants.append((job.get("is_flexus") is True, info is None or info.na_only))
        self.events = sum(map(len, self.histories))
        self.texts = [corpus.text_of(corpus.padded(j)) for j in self.corpus.mixed()]
        self.seed_texts = [corpus.text_of(j) for j in self.corpus.seed]
        self.rows: list[Row] = []

    # -- the replay ---------------------------------------------------------------------------------

    def replay(self) -> None:
        from lifecycle.validation.validator import replay_log_types

        nxt = baselines.dict_table(self.lc)
        histories, variants, edition = self.histories, self.variants, self.edition

        def core(lo: int, hi: int) -> None:
            for history, (flexus, na) in zip(histories[lo:hi], variants[lo:hi], strict=True):
                replay_log_types(history, edition=edition, flexus=flexus, na=na)

        def bare(lo: int, hi: int) -> None:
            baselines.dict_replay(nxt, histories[lo:hi])

        size = len(histories)
        # Decoded histories: warmed up on the timed chunk itself (see compare), as a real run replays what it
        # just decoded; the same for every row over decoded histories or dicts below.
        pair = compare(core, bare, size, self.sizes.rounds, warm="same")
        self.rows.append(
            _pair_row(
                "replay-vs-dict",
                "replay core with diagnostics / bare dict loop",
                pair,
                self.events,
                "event",
                "≤ 2",
                _at_most(2),
                ("replay core", "dict loop"),
            )
        )
        machine = baselines.TransitionsReplay(self.lc)
        pair = compare(lambda lo, hi: machine.replay_all(histories[lo:hi]), core, size, self.sizes.rounds, warm="same")
        self.rows.append(
            _pair_row(
                "transitions-vs-replay",
                "pytransitions set_state replay / replay core",
                pair,
                self.events,
                "event",
                "≥ 50",
                _at_least(50),
                ("pytransitions", "replay core"),
            )
        )
        few = histories[: max(20, len(histories) // 20)]
        few_events = sum(map(len, few))
        pair = compare(
            lambda lo, hi: baselines.transitions_per_job(self.lc, few[lo:hi]),
            lambda lo, hi: machine.replay_all(few[lo:hi]),
            len(few),
            1,
            warm="same",
        )
        self.rows.append(
            _pair_row(
                "transitions-per-job",
                "pytransitions, one Machine per job / one Machine reused",
                pair,
                few_events,
                "event",
                "(info)",
                None,
                ("Machine per job", "Machine reused"),
            )
        )

    def rules(self) -> None:
        from lifecycle.validation.validator import validate_payload

        nxt = baselines.dict_table(self.lc)
        jobs, edition = self.jobs, self.edition
        pair = compare(
            each(lambda job: validate_payload(job, edition=edition, schema=False), jobs),
            lambda lo, hi: baselines.dict_replay_entries(nxt, jobs[lo:hi]),
            len(jobs),
            self.sizes.rounds,
            warm="same",
        )
        self.rows.append(
            _pair_row(
                "rules-vs-dict",
                "full rule set (legality, time order, actor, end state) / bare dict loop",
                pair,
                self.events,
                "event",
                "≤ 3",
                _at_most(3),
                ("validate_payload(schema=False)", "dict loop over entries"),
            )
        )

    # -- from bytes ---------------------------------------------------------------------------------

    def parsing(self) -> None:
        import orjson
        from pydantic import ValidationError

        from lifecycle.payload.models import Job
        from lifecycle.validation.validator import validate

        edition = self.edition
        for texts, tag, note in ((self.texts, "", "8.8 kB"), (self.seed_texts, "-seed", "1.8 kB seed-sized")):
            info = tag != ""
            pair = compare(
                each(lambda b: validate(b, edition=edition), texts),
                each(Job.model_validate_json, texts, catch=ValidationError),
                len(texts),
                self.sizes.rounds,
                gc_on=True,
            )
            self.rows.append(
                _pair_row(
                    "full-vs-pydantic" + tag,
                    f"full validation / pydantic model_validate_json ({note})",
                    pair,
                    len(texts),
                    "job",
                    "(info)" if info else "≤ 0.6",
                    None if info else _at_most(0.6),
                    ("validate", "model_validate_json"),
                )
            )
            if not info:  # what bounds the row above from below: the gate's decode, which full validation makes
                from lifecycle.payload.gate import admit

                pair = compare(
                    each(admit, texts),
                    each(Job.model_validate_json, texts, catch=ValidationError),
                    len(texts),
                    self.sizes.rounds,
                    gc_on=True,
                )
                self.rows.append(
                    _pair_row(
                        "gate-vs-pydantic",
                        f"the payload gate's decode alone / pydantic model_validate_json ({note})",
                        pair,
                        len(texts),
                        "job",
                        "(bound)",
                        None,
                        ("gate decode", "model_validate_json"),
                    )
                )
            pair = compare(
                each(lambda b: validate(b, edition=edition, schema=False), texts),
                each(orjson.loads, texts, catch=ValueError),
                len(texts),
                self.sizes.rounds,
                gc_on=True,
            )
            self.rows.append(
                _pair_row(
                    "lifecycle-only-vs-orjson" + tag,
                    f"lifecycle-only validation, bytes to verdict / orjson.loads ({note})",
                    pair,
                    len(texts),
                    "job",
                    "(info)" if info else "≤ 1.3",
                    None if info else _at_most(1.3),
                    ("validate(schema=False)", "orjson.loads"),
                )
            )

    def naive(self) -> None:
        from lifecycle.validation.validator import validate

        naive = baselines.naive_stack(self.lc)
        texts, edition = self.texts, self.edition
        lifecycle_only = each(lambda b: validate(b, edition=edition, schema=False), texts)
        pair = compare(each(naive, texts, catch=Exception), lifecycle_only, len(texts), self.sizes.rounds, gc_on=True)
        self.rows.append(
            _pair_row(
                "naive-vs-e2e",
                "naive stack (SDK deserialiser + pytransitions) / lifecycle-only end to end",
                pair,
                len(texts),
                "job",
                "≥ 20",
                _at_least(20),
                ("SDK + pytransitions", "validate(schema=False)"),
            )
        )
        pair = compare(
            each(naive, texts, catch=Exception),
            each(lambda b: validate(b, edition=edition), texts),
            len(texts),
            self.sizes.rounds,
            gc_on=True,
        )
        self.rows.append(
            _pair_row(
                "naive-vs-full",
                "naive stack / full validation (schema on, the default)",
                pair,
                len(texts),
                "job",
                "≥ 20",
                _at_least(20),
                ("SDK + pytransitions", "validate"),
            )
        )
        from lifecycle.payload.gate import admit

        pair = compare(
            each(naive, texts, catch=Exception), each(admit, texts), len(texts), self.sizes.rounds, gc_on=True
        )
        self.rows.append(
            _pair_row(
                "naive-vs-gate",
                "naive stack / the payload gate's decode alone (what full validation makes at least)",
                pair,
                len(texts),
                "job",
                "(bound)",
                None,
                ("SDK + pytransitions", "gate decode"),
            )
        )
        deserialise = baselines.sdk_deserialiser()
        pair = compare(
            each(deserialise, texts, catch=Exception), lifecycle_only, len(texts), self.sizes.rounds, gc_on=True
        )
        self.rows.append(
            _pair_row(
                "sdk-vs-e2e",
                "SDK deserialiser alone / lifecycle-only end to end",
                pair,
                len(texts),
                "job",
                "(info)",
                None,
                ("SDK deserialiser", "validate(schema=False)"),
            )
        )

    # -- processes ----------------------------------------------------------------------------------

    def stream(self) -> None:
        lines = [t for t in self.texts if t.strip()]
        runs = []
        for count in self.sizes.stream:
            run = run_cli(lines, count, [])
            runs.append((count, run))
        peaks = [run.peak_rss_mb for _, run in runs]
        ok = all(run.jobs_reported == count and run.exit_code in (0, 1) for count, run in runs)
        detail = "; ".join(
            f"10^{len(str(count)) - 1}: {run.peak_rss_mb:.0f} MB, {count / run.seconds:,.0f} jobs/s"
            if str(count).startswith("1") and set(str(count)[1:]) <= {"0"}
            else f"{count}: {run.peak_rss_mb:.0f} MB, {count / run.seconds:,.0f} jobs/s"
            for count, run in runs
        )
        self.rows.append(
            Row(
                "stream-rss",
                "JSONL streaming (CLI, 8.8 kB jobs, stdin to stdout): peak RSS (VmHWM), largest run",
                round(max(peaks), 1),
                "< 200 MB, flat",
                ok and max(peaks) < 200 and max(peaks) - min(peaks) < 50,
                detail,
                {"runs": [{"jobs": count, **asdict(run)} for count, run in runs]},
            )
        )

    def process(self) -> None:
        """Whole processes on one JSONL file: the command line (schema on, then off) against the floor."""
        lines = [t for t in self.texts if t.strip()]
        count = self.sizes.parallel
        names = ("floor", "full", "lifecycle", "gate", "facts")
        cpu: dict[str, list[float]] = {name: [] for name in names}
        wall: dict[str, list[float]] = {name: [] for name in names}
        with tempfile.TemporaryDirectory() as tmp:
            path, out = Path(tmp) / "jobs.jsonl", Path(tmp) / "out.jsonl"
            with open(path, "wb") as f:
                for i in range(count):
                    f.write(lines[i % len(lines)].rstrip(b"\n") + b"\n")
            validate = ["-m", "lifecycle", "validate", str(path), "--format", "jsonl", "--jobs", "1"]
            commands = {
                "floor": ["-m", "bench.floor", str(path)],
                "full": validate,
                "lifecycle": [*validate, "--no-schema"],
                # what bounds each mode from below: the floor's loop with that mode's one decode (bench/floor.py)
                "gate": ["-m", "bench.floor", "--decode", "gate", str(path)],
                "facts": ["-m", "bench.floor", "--decode", "facts", str(path)],
            }
            for name in commands:  # untimed: bytecode and the page cache
                run_whole(commands[name], out)
            for r in range(self.sizes.parallel_rounds):
                for name in list(commands)[:: 1 if r % 2 == 0 else -1]:
                    run = run_whole(commands[name], out)
                    assert run.exit_code in (0, 1), (name, run)
                    cpu[name].append(run.cpu)
                    wall[name].append(run.wall)
        for key, side, label, limit in (
            ("cli-vs-floor", "full", "lifecycle validate (schema on, the default)", 2.0),
            ("cli-noschema-vs-floor", "lifecycle", "lifecycle validate --no-schema", 1.3),
            ("gate-vs-floor", "gate", "the default's decode alone (the payload gate's, every field)", None),
            ("facts-vs-floor", "facts", "--no-schema's decode alone (the lifecycle fields and the text's UTF-8)", None),
        ):
            ratios = [a / b for a, b in zip(cpu[side], cpu["floor"], strict=True)]
            value = statistics.median(ratios)
            self.rows.append(
                Row(
                    key,
                    f"{label}, whole process / the floor (msgspec decode of the lifecycle fields, dict replay, "
                    f"one line per job; {count:,} jobs, CPU time)",
                    round(value, 3),
                    "(bound)" if limit is None else f"≤ {limit:g}",
                    None if limit is None else value <= limit,
                    f"{side} {statistics.median(cpu[side]):.2f} s CPU ({statistics.median(wall[side]):.2f} s wall), "
                    f"floor {statistics.median(cpu['floor']):.2f} s CPU ({statistics.median(wall['floor']):.2f} s "
                    f"wall); "
                    + (
                        "--format jsonl --jobs 1, output to a file"
                        if limit is not None
                        else f"python -m bench.floor --decode {side}: no command line making this decode takes less"
                    ),
                    {"cpu_s": cpu, "wall_s": wall, "round_ratios": [round(r, 4) for r in ratios], "jobs": count},
                )
            )

    def parallel(self) -> None:
        lines = [t for t in self.texts if t.strip()]
        count = self.sizes.parallel
        with tempfile.TemporaryDirectory() as tmp:
            path, halves = Path(tmp) / "jobs.jsonl", (Path(tmp) / "a.jsonl", Path(tmp) / "b.jsonl")
            with open(path, "wb") as f, open(halves[0], "wb") as a, open(halves[1], "wb") as b:
                for i in range(count):
                    line = lines[i % len(lines)].rstrip(b"\n") + b"\n"
                    f.write(line)
                    (a if i < count // 2 else b).write(line)
            self._parallel(path, halves, count)

    def _parallel(self, path: Path, halves: tuple[Path, Path], count: int) -> None:
        one: list[float] = []
        two: list[float] = []
        apart: list[float] = []
        peak = 0.0
        for r in range(self.sizes.parallel_rounds):
            order = (["1", "2", "apart"], ["apart", "2", "1"])[r % 2]
            for jobs in order:
                if jobs == "apart":  # the machine's own ceiling: two processes, each on its half
                    apart.append(run_cli_apart(halves))
                    continue
                run = run_cli_file(path, ["--jobs", jobs])
                assert run.jobs_reported == count, run
                (one if jobs == "1" else two).append(run.seconds)
                if jobs == "2":
                    peak = max(peak, run.peak_rss_mb + 2 * run.workers_peak_rss_mb)
        ratios = [a / b for a, b in zip(one, two, strict=True)]
        value = statistics.median(ratios)
        ceiling = statistics.median(a / b for a, b in zip(one, apart, strict=True))
        self.rows.append(
            Row(
                "jobs2-vs-jobs1",
                f"--jobs 2 speed-up over --jobs 1 (CLI, JSONL file, {count:,} jobs, {os.cpu_count()} CPUs)",
                round(value, 3),
                "≥ 1.7",
                value >= 1.7,
                f"--jobs 1 {statistics.median(one):.2f} s, --jobs 2 {statistics.median(two):.2f} s "
                f"(peak RSS of parent + workers {peak:.0f} MB); the machine's ceiling, two independent "
                f"processes on a half each at once: {ceiling:.2f}× ({statistics.median(apart):.2f} s)",
                {
                    "jobs1_s": one,
                    "jobs2_s": two,
                    "apart_s": apart,
                    "ceiling": ceiling,
                    "cpu_count": os.cpu_count(),
                    "jobs2_peak_rss_mb": peak,
                },
            )
        )
        # Judged against what the machine gives in the same run: two independent processes on half each.
        of_ceiling = statistics.median(a / b for a, b in zip(apart, two, strict=True))
        self.rows.append(
            Row(
                "jobs2-vs-ceiling",
                "--jobs 2 speed-up / the machine's ceiling in the same run (two processes on half the input each)",
                round(of_ceiling, 3),
                "≥ 0.9",
                of_ceiling >= 0.9,
                f"--jobs 2 {statistics.median(two):.2f} s, two processes apart {statistics.median(apart):.2f} s",
                {"jobs2_s": two, "apart_s": apart},
            )
        )

    def imports(self) -> None:
        # The baseline is pydantic as any user of it pays: imported, and one model built. Building the
        # first model costs pydantic about as much again as its import (it loads its schema machinery and
        # scans the installed packages' entry points for plugins), once per process; the bare import is
        # measured and shown too.
        statements = [
            "from pydantic import BaseModel",
            "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int",
            "import lifecycle",
            "import lifecycle.validation.validator",
            "import lifecycle.validation.validator, lifecycle.payload.models",
        ]
        results = import_seconds(statements, self.sizes.import_runs)
        (bare, _), (pydantic, _), (package, package_loads), (validator, validator_loads), (full, full_loads) = results
        banned = [m for m in full_loads if m in ("pm4py", "huaweicloudsdkcore", "huaweicloudsdkmetastudio", "dask")]
        value = statistics.median(f / p for f, p in zip(full, pydantic, strict=True))
        over_bare = statistics.median(f / p for f, p in zip(full, bare, strict=True))
        ms = {
            k: statistics.median(times) * 1e3
            for k, times in (("b", bare), ("p", pydantic), ("l", package), ("v", validator), ("f", full))
        }
        self.rows.append(
            Row(
                "import",
                "import of all validate() loads (validator + payload models) / pydantic imported, one model built",
                round(value, 3),
                "≤ 2, no pm4py / SDK",
                value <= 2 and not banned,
                f"pydantic {ms['b']:.0f} ms, with one model {ms['p']:.0f} ms; lifecycle {ms['l']:.0f} ms "
                f"(loads {', '.join(package_loads) or 'nothing watched'}); lifecycle.validation.validator "
                f"{ms['v']:.0f} ms (loads {', '.join(validator_loads) or 'nothing watched'}); "
                f"+ models {ms['f']:.0f} ms ({over_bare:.2f}× the bare pydantic import)",
                {
                    "pydantic_s": bare,
                    "pydantic_one_model_s": pydantic,
                    "lifecycle_s": package,
                    "validator_s": validator,
                    "validator_and_models_s": full,
                    "over_bare_pydantic_import": over_bare,
                    "lifecycle_loads": package_loads,
                    "validator_loads": validator_loads,
                    "validator_and_models_loads": full_loads,
                },
            )
        )


STEPS = {
    "replay": Bench.replay,
    "rules": Bench.rules,
    "parsing": Bench.parsing,
    "naive": Bench.naive,
    "stream": Bench.stream,
    "process": Bench.process,
    "parallel": Bench.parallel,
    "imports": Bench.imports,
    "tracking": tracking,
    "cluster": beyond.cluster,
    "decades": beyond.decades,
}


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, cwd=corpus.ROOT
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "lifecycle"], capture_output=True, text=True, cwd=corpus.ROOT
    )
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def table(rows: Sequence[Row]) -> str:
    """The results as a markdown table (what the README shows)."""
    lines = ["| ratio | measured | target | holds | detail |", "| --- | ---: | --- | --- | --- |"]
    for row in rows:
        holds = "—" if row.holds is None else ("yes" if row.holds else "**no**")
        measured = "—" if row.measured is None else f"{row.measured:g}"
        lines.append(f"| {row.ratio} | {measured} | {row.target} | {holds} | {row.detail} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round: checks the harness runs")
    parser.add_argument("--only", default="", help=f"comma-separated steps of {', '.join(STEPS)}")
    parser.add_argument("--out", type=Path, default=None, help="JSON output (default bench/results/latest.json)")
    parser.add_argument("--edition", default=DEFAULT_EDITION.value)
    parser.add_argument("--no-cache", action="store_true", help="draw the corpus again")
    parser.add_argument("--stream-max", type=int, default=None, help="jobs of the decades step (e.g. 10000000)")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    steps = [s for s in args.only.split(",") if s] or list(STEPS)
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        parser.error(f"unknown steps {unknown}")
    out: Path = args.out or RESULTS / ("smoke.json" if args.smoke else "latest.json")
    load_before = os.getloadavg()
    started = time.perf_counter()
    bench = Bench(sizes, smoke=args.smoke, edition=args.edition, cache=not args.no_cache)
    bench.stream_max = args.stream_max  # read by beyond.decades
    for step in steps:
        STEPS[step](bench)
        print(f"bench: {step} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    text = table(bench.rows)
    c = bench.corpus
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "smoke": args.smoke,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "seconds": round(time.perf_counter() - started, 1),
        "rounds": sizes.rounds,
        "edition": args.edition,
        "corpus": {
            "source": c.source,
            "seed_sized": len(c.seed),
            "long": len(c.long),
            "violations": len(c.violations),
            "violation_codes": sorted(set(c.codes)),
            "codes_not_drawn": c.missing_codes,
            "events": bench.events,
            "events_per_job": round(bench.events / max(1, len(bench.histories)), 1),
            "mean_bytes_padded": round(statistics.mean(map(len, bench.texts))),
            "mean_bytes_seed_sized": round(statistics.mean(map(len, bench.seed_texts))),
            "draw_seconds": round(bench.corpus_seconds, 1),
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"meta": meta, "rows": [asdict(r) for r in bench.rows]}, indent=2, ensure_ascii=False) + "\n"
    )
    out.with_suffix(".md").write_text(
        f"Measured {meta['date']} on {meta['cpu_count']} CPUs (load average {load_before[0]:.2f} before), "
        f"Python {meta['python']}, edition {args.edition}, commit {meta['commit']}; corpus: "
        f"{len(bench.histories)} histories, {meta['corpus']['events_per_job']} events each on average, "
        f"{len(c.violations)} with one defect each; medians of {sizes.rounds} rounds.\n\n{text}\n"
    )
    print(text)
    print(f"bench: wrote {out} and {out.with_suffix('.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
