"""Beyond one machine (issue 7): the Dask recipe gives, file for file, what the command line gives.

The recipe is examples/dask_validate.py, run here on Dask's local schedulers; the README quotes its
core, and a test below fails when the two drift apart.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.cli import main as cli
from lifecycle.partitions import validate_partition
from lifecycle.report import Tally, summarise
from lifecycle.validator import validate, validate_many
from tests.conftest import DATA, ROOT

EXAMPLE = ROOT / "examples" / "dask_validate.py"
SCENARIOS = sorted((DATA / "scenarios").glob("*.json"))


def _line(path: Path) -> str:
    """A scenario as one JSONL line (a broken one stays broken)."""
    text = path.read_text(encoding="utf-8")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text.replace("\n", " ").strip()


LINES = [_line(path) for path in SCENARIOS]


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_validate", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path) -> list[Path]:
    """Three JSONL files holding every scenario (valid, each defect, a truncated line), blank lines
    and a line that is not JSON at all."""
    folder.mkdir()
    paths = []
    for n in range(3):
        path = folder / f"part-{n}.jsonl"
        lines = LINES[n:] + LINES[:n] + ["", "{not json"]
        path.write_text("\n".join([*lines[:7], "", *lines[7:]]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _cli_lines(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[str]]:
    code = cli(["validate", "--format", "jsonl", str(path)])
    out, _ = capsys.readouterr()
    return code, out.splitlines()


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_the_dask_recipe_writes_what_the_command_line_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scheduler: str
) -> None:
    inputs = _corpus(tmp_path / "jobs")
    out = tmp_path / "reports"
    code = _example().main([str(tmp_path / "jobs" / "*.jsonl"), str(out), "--scheduler", scheduler])
    summary = json.loads(capsys.readouterr().out)

    written = sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem))
    assert len(written) == len(inputs)
    every: list[dict[str, object]] = []
    codes = set()
    for path, report_file in zip(inputs, written, strict=True):
        cli_code, expected = _cli_lines(capsys, path)
        got = report_file.read_text(encoding="utf-8").splitlines()
        *jobs, last = expected  # the command line ends with the file's summary
        assert got == jobs  # byte for byte
        reports = [json.loads(line) for line in got]
        assert json.loads(last) == {"summary": summarise(reports)}
        every += reports
        codes.add(cli_code)
    # Every scenario's verdict reached the reports: nothing was dropped on the way.
    assert len(every) == 3 * (len(LINES) + 1)
    assert summary == summarise(every)  # type: ignore[arg-type]
    assert code == max(codes) == 1


def test_the_readme_quotes_the_recipe_as_it_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"```python\n(def run\(.+?)\n```", readme, flags=re.S)
    assert quoted is not None, "README has no recipe block starting with `def run(`"
    assert quoted.group(1) in EXAMPLE.read_text(encoding="utf-8")


blank = st.sampled_from(["", "\n", "  \n"])
lines = st.lists(st.one_of(st.sampled_from(LINES), blank), max_size=12)


@given(lines, st.integers(min_value=1, max_value=10**6))
def test_a_partition_gives_each_nonblank_line_its_report_numbered_as_read(items: list[str], first: int) -> None:
    expected = [
        validate(line, source=f"p:{number}").to_dict() for number, line in enumerate(items, first) if line.strip()
    ]
    assert validate_partition(items, name="p", first=first) == expected


@given(st.lists(st.tuples(st.one_of(st.sampled_from(LINES), blank), st.sampled_from(["a", "b"])), max_size=12))
def test_paired_lines_are_numbered_per_path(items: list[tuple[str, str]]) -> None:
    sources = [r["source"] for r in validate_partition(items)]
    expected = []
    seen = {"a": 0, "b": 0}
    for line, path in items:
        seen[path] += 1
        if line.strip():
            expected.append(f"{path}:{seen[path]}")
    assert sources == expected


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
