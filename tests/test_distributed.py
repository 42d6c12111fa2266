"""Beyond one machine (issues 7 and 23): the Dask recipe gives, file for file, what the command line
gives, validating each file once.

The recipe is examples/dask_validate.py, run here in-process (Dask's ``sync`` scheduler) and on a real
cluster: a ``distributed.LocalCluster`` of two worker processes on 127.0.0.1, whose workers count the
partitions they validate. The README quotes the recipe's core, and a test below fails when the two
drift apart.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lifecycle.batch.partitions as partitions
from bench.beyond import _calls, _count_calls, counted, local_cluster
from lifecycle.batch.partitions import validate_partition, write_partition
from lifecycle.batch.pool import Block
from lifecycle.validation.report import JobReportDict, Tally, json_line, summarise
from lifecycle.validation.validator import validate, validate_many
from tests.conftest import DATA, ROOT, run

EXAMPLE = ROOT / "examples" / "dask_validate.py"
SPARK_EXAMPLE = ROOT / "examples" / "spark_validate.py"
SCENARIOS = sorted((DATA / "scenarios").glob("*.json"))


def _line(path: Path) -> str:
    """A scenario as one JSONL line (a broken one stays broken)."""
    text = path.read_text(encoding="utf-8")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text.replace("\n", " ").strip()


LINES = [_line(path) for path in SCENARIOS]


def _example(path: Path = EXAMPLE) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path) -> list[Path]:
    """Three JSONL files holding every scenario (valid, each defect, a truncated line), and what real
    files hold besides: blank and whitespace-only lines, CRLF endings, a byte-order mark, a byte that
    is not UTF-8, characters Unicode calls whitespace, a carriage return inside a line, no newline at
    the end."""
    folder.mkdir()
    data = [line.encode() for line in LINES]
    odd = [
        b"",
        b"{not json",
        b"\t",
        b"\x0c",
        '{"job_id": "\xff"}'.encode("latin-1"),  # not UTF-8
        "\u3000".encode(),
        "\xa0".encode(),
        b"\x1c",
        data[0] + b"\r" + data[1],
    ]
    files = [
        b"\n".join([*data[:7], b"", *data[7:], *odd[:2]]) + b"\n",
        b"\xef\xbb\xbf" + b"\r\n".join([*data[3:], *odd[2:5], *data[:3]]) + b"\r\n",
        b"\n".join([*odd[5:], *data[5:], *data[:5]]),  # no newline after the last line
    ]
    paths = []
    for n, content in enumerate(files):
        path = folder / f"part-{n}.jsonl"
        path.write_bytes(content)
        paths.append(path)
    return paths


def _cli_lines(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[str]]:
    code, out, _ = run(capsys, "validate", "--format", "jsonl", "--lang", "en", str(path))
    return code, out.split("\n")[:-1]  # not splitlines(): JSON strings may hold U+2028 or U+001C raw


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes with one thread each, on the loopback interface only."""
    with local_cluster(2) as running:
        yield running


@pytest.fixture(params=["sync", "cluster"])
def scheduler(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Callable[[], int]]]:
    """Where the recipe runs, and a counter of the partitions validated there (every worker's summed)."""
    if request.param == "sync":
        monkeypatch.setattr(partitions, "validate_many", partitions.validate_many)  # undone after the test
        _count_calls()
        yield "sync", _calls
        return
    from distributed import Client

    running = request.getfixturevalue("cluster")
    with Client(running) as client, counted(client) as calls:
        yield running.scheduler_address, calls


def test_the_dask_recipe_writes_what_the_command_line_prints_validating_each_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scheduler: tuple[str, Callable[[], int]]
) -> None:
    address, calls = scheduler
    inputs = _corpus(tmp_path / "jobs")
    out = tmp_path / "reports"
    code = _example().main([str(tmp_path / "jobs" / "*.jsonl"), str(out), "--scheduler", address])
    summary = json.loads(capsys.readouterr().out)
    # One pass: each file's partition is validated once, in the task that writes its report file.
    assert calls() == len(inputs)

    written = sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem))
    assert len(written) == len(inputs)
    every: list[dict[str, object]] = []
    codes = set()
    for path, report_file in zip(inputs, written, strict=True):
        cli_code, expected = _cli_lines(capsys, path)
        *jobs, last = expected  # the command line ends with the file's summary
        assert report_file.read_bytes() == "".join(line + "\n" for line in jobs).encode()  # byte for byte
        reports = [json.loads(line) for line in jobs]
        assert json.loads(last) == {"summary": summarise(reports)}
        # Every line that is not blank got its report: nothing was dropped on the way.
        assert len(reports) == sum(1 for line in path.read_bytes().split(b"\n") if line.strip())
        every += reports
        codes.add(cli_code)
    # The line after a byte-order mark, and the last line of a file that does not end with a newline.
    assert {r["source"] for r in every} >= {f"{inputs[1]}:1", f"{inputs[2]}:{4 + len(LINES)}"}
    assert summary == summarise(every)  # type: ignore[arg-type]
    assert code == max(codes) == 1


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Spark in local mode, two worker threads, bound to 127.0.0.1, its Python workers on this interpreter."""
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (17 for Spark 4): not on this machine")
    from pyspark import SparkConf, SparkContext

    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        conf = (
            SparkConf()
            .setMaster("local[2]")
            .setAppName("lifecycle-tests")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.local.dir", str(tmp_path_factory.mktemp("spark")))
        )
        with SparkContext(conf=conf) as sc:
            sc.setLogLevel("ERROR")
            yield sc


def test_the_spark_recipe_writes_what_the_command_line_prints_validating_each_partition_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spark: Any
) -> None:
    inputs = _corpus(tmp_path / "jobs")
    out = tmp_path / "reports"
    spark.setJobGroup("recipe", "the Spark recipe")
    total = _example(SPARK_EXAMPLE).run(spark, str(tmp_path / "jobs" / "*.jsonl"), str(out))
    # One pass: one action, one stage, one task per partition (Spark's own count of the tasks it ran).
    tracker = spark.statusTracker()
    (job,) = tracker.getJobIdsForGroup("recipe")
    stages = [tracker.getStageInfo(stage) for stage in tracker.getJobInfo(job).stageIds]
    written = sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem))
    assert [(s.numTasks, s.numCompletedTasks) for s in stages] == [(len(written), len(written))]

    # A partition holds whole files: each file's reports, in order, are what the command line prints
    # for it, byte for byte, but for the name Spark gives a local file (file:/abs/path).
    lines = [line for path in written for line in path.read_bytes().split(b"\n")[:-1]]
    every: list[dict[str, object]] = []
    for path in inputs:
        _, expected = _cli_lines(capsys, path)
        *jobs, _summary = expected
        spark_named = b'{"source":"file:%s:' % str(path).encode()
        ours = [b'{"source":"' + line[len(b'{"source":"file:') :] for line in lines if line.startswith(spark_named)]
        assert b"".join(line + b"\n" for line in ours) == "".join(line + "\n" for line in jobs).encode()
        every += [json.loads(line) for line in jobs]
    assert len(every) == len(lines)
    assert total.summary() == summarise(every)  # type: ignore[arg-type]


@pytest.mark.parametrize("example", [EXAMPLE, SPARK_EXAMPLE], ids=["dask", "spark"])
def test_the_readme_quotes_the_recipe_as_it_runs(example: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(r"```python\n(def run\(.+?)\n```", readme, flags=re.S)
    source = example.read_text(encoding="utf-8")
    assert any(block in source for block in quoted), f"README quotes no `def run(` block of {example.name}"


blank = st.sampled_from(["", "\n", "  \n", "\r\n", "\t", "\x0c", "\u3000", "\xa0", "\x1c", "\ufeff{}"])
lines = st.lists(st.one_of(st.sampled_from(LINES), blank), max_size=12)


def _cli_reports(name: str, first: int, items: list[str]) -> list[JobReportDict]:
    """What the command line reports for the same lines (its reading of a JSONL block)."""
    data = "".join(line.rstrip("\n") + "\n" for line in items).encode()
    return [validate(r.text, source=r.source).to_dict() for r in Block(name, first, data).items()]


@given(lines, st.integers(min_value=1, max_value=10**6))
def test_a_partition_reports_what_the_command_line_reports(items: list[str], first: int) -> None:
    assert validate_partition(items, name="p", first=first) == _cli_reports("p", first, items)


@given(st.lists(st.tuples(st.one_of(st.sampled_from(LINES), blank), st.sampled_from(["a", "b"])), max_size=12))
def test_paired_lines_are_numbered_per_path_as_the_command_line_numbers_each_file(
    items: list[tuple[str, str]],
) -> None:
    reports = validate_partition(items)
    for path in ("a", "b"):
        expected = _cli_reports(path, 1, [line for line, p in items if p == path])
        assert [r for r in reports if r["source"].startswith(f"{path}:")] == expected  # type: ignore[union-attr]


@given(st.lists(st.sampled_from(LINES), max_size=20), st.lists(st.integers(min_value=0, max_value=20), max_size=4))
def test_tallies_of_partitions_add_up_to_the_tally_of_the_whole(items: list[str], cuts: list[int]) -> None:
    reports = validate_partition(items)
    bounds = [0, *sorted(min(c, len(reports)) for c in cuts), len(reports)]
    parts = [reports[a:b] for a, b in itertools.pairwise(bounds)]
    assert Tally.total(Tally.of(part) for part in parts).summary() == summarise(reports)


@given(st.lists(st.sampled_from(LINES), max_size=8), st.integers(min_value=-1, max_value=1))
def test_validate_many_names_each_job_by_its_source_and_refuses_a_count_that_differs(
    items: list[str], extra: int
) -> None:
    sources = [f"s{i}" for i in range(len(items) + extra)]
    if extra == 0 or (not items and extra < 0):
        assert [r.source for r in validate_many(items, sources=sources)] == sources[: len(items)]
    else:
        with pytest.raises(ValueError, match="zip"):
            list(validate_many(items, sources=sources))


@given(st.lists(st.one_of(st.sampled_from(LINES), blank), max_size=12))
def test_a_written_partition_holds_the_reports_of_the_partition_and_its_tally_sums_them(items: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        destination = Path(folder) / "deeper" / "0.jsonl"
        tally = write_partition(items, destination, name="p")
        written = destination.read_bytes()
    reports = validate_partition(items, name="p")
    assert written == "".join(json_line(r) + "\n" for r in reports).encode()
    assert tally.summary() == summarise(reports)
