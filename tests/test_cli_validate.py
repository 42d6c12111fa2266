"""`lifecycle validate`: exit codes, the JSON shape, stdin, JSONL with a broken line, --jobs."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lifecycle.validation.report import check_batch_dict
from tests.conftest import DATA, ROOT, VALID, run

SEED = ROOT / "examples" / "seed_job.json"
ILLEGAL = DATA / "scenarios" / "illegal-transition--injected-into-long-history.json"


def test_exit_0_for_valid_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SEED), str(VALID), "--lang", "en")
    assert code == 0
    assert "2 job(s): 2 valid, 0 invalid" in out
    assert "MANUAL_VERIFYING (Manually reviewing)" in out


def test_exit_1_when_a_job_has_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(VALID), str(ILLEGAL))
    assert code == 1
    assert "illegal-transition" in out


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(SEED))[0] == 0
    assert run(capsys, "validate", str(SEED), "--strict")[0] == 1


def test_json_format_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SEED), str(ILLEGAL), "--format", "json")
    doc = json.loads(out)
    check_batch_dict(doc)
    assert code == 1
    assert doc["summary"] == {"jobs": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 1}
    job = doc["jobs"][1]
    assert {"source", "job_id", "state", "valid", "final_states", "diagnostics"} <= set(job)
    assert {"code", "severity", "index", "field", "message"} <= set(job["diagnostics"][0])


def _jsonl(tmp_path: Path) -> Path:
    lines = [SEED.read_text(encoding="utf-8"), VALID.read_text(encoding="utf-8"), ILLEGAL.read_text(encoding="utf-8")]
    path = tmp_path / "jobs.jsonl"
    compact = [json.dumps(json.loads(x), ensure_ascii=False) for x in lines]
    path.write_text(
        "\n".join([compact[0], '{"job_id": "broken", "sta', compact[1], "", compact[2]]) + "\n", encoding="utf-8"
    )
    return path


def test_jsonl_with_a_broken_line_loses_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    code, out, _ = run(capsys, "validate", str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("source") for r in rows[:-1]] == [f"{path}:1", f"{path}:2", f"{path}:3", f"{path}:5"]
    assert [d["code"] for d in rows[1]["diagnostics"]] == ["invalid-json"]
    assert rows[2]["valid"]
    assert not rows[3]["valid"]
    assert rows[-1] == {"summary": {"jobs": 4, "valid": 2, "invalid": 2, "errors": 2, "warnings": 1}}


def test_jobs_2_keeps_input_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    one = run(capsys, "validate", str(path), "--format", "jsonl")
    two = run(capsys, "validate", str(path), "--format", "jsonl", "--jobs", "2")
    assert one == two


def test_stdin_json_and_jsonl(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    code, out, _ = run(capsys, "validate", "-", "--format", "jsonl")
    assert code == 0
    assert json.loads(out.splitlines()[0])["source"] == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_jsonl(tmp_path).read_bytes())))
    code, out, _ = run(capsys, "validate", "-", "--format", "jsonl")
    assert code == 1
    assert json.loads(out.splitlines()[1])["source"] == "<stdin>:2"


def test_schema_commands_print_json(capsys: pytest.CaptureFixture[str]) -> None:
    for what in ("job", "report"):
        code, out, _ = run(capsys, "schema", what)
        assert code == 0
        assert json.loads(out)["type"] == "object"


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_many_small_blocks_over_processes_keep_order_and_line_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, via: str
) -> None:
    from lifecycle.batch import inputs
    from lifecycle.batch import pool as batch

    # Blocks of a line or two, one block in flight per worker: the reading process validates blocks
    # itself as well as handing them out, and results come back from both out of step.
    monkeypatch.setattr(inputs, "BLOCK_BYTES", 64)
    monkeypatch.setattr(batch, "IN_FLIGHT", 1)
    jobs = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False) for p in (SEED, VALID, ILLEGAL)]
    lines = [jobs[i % 3] if i % 7 else ("" if i % 2 else '{"broken') for i in range(1, 40)]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline after the last line
    name = str(path) if via == "file" else "<stdin>"
    expected = [f"{name}:{n}" for n, line in enumerate(lines, 1) if line]
    outputs = []
    for jobs_option in ("1", "2", "3"):
        if via == "stdin":
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
        code, out, _ = run(
            capsys, "validate", str(path) if via == "file" else "-", "--format", "jsonl", "--jobs", jobs_option
        )
        rows = [json.loads(line) for line in out.splitlines()]
        assert [r["source"] for r in rows[:-1]] == expected
        outputs.append((code, out))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`lifecycle validate big.jsonl | head -1`: the closed pipe is neither an input error nor a
    success, and nothing is printed about it."""
    import subprocess

    line = json.dumps(json.loads(SEED.read_text(encoding="utf-8")), ensure_ascii=False)
    path = tmp_path / "big.jsonl"
    path.write_text((line + "\n") * 3000, encoding="utf-8")  # far more output than a pipe holds
    command = [sys.executable, "-m", "lifecycle", "validate", str(path), "--format", "jsonl"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stdout is not None
    assert child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=60) == 141  # not every job was checked: no success
    assert json.loads(first)["source"] == f"{path}:1"
    assert err == b""


LONE_SURROGATES = (
    r'{"job_id": "\ud800", "state": "\udc80x", "operation_logs": [{"log_type": "\ud800",'
    r' "operate_user": "USER", "operate_time": "2023-01-01T00:00:00Z"}]}'
)


@pytest.mark.parametrize("schema", [[], ["--no-schema"]])
@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_lone_surrogates_echoed_from_a_payload_are_written_as_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, schema: list[str]
) -> None:
    """JSON may escape a lone surrogate, which no encoding can write; a report echoing one must
    neither crash the run nor lose the jobs after it."""
    path = tmp_path / "odd.jsonl"
    seed = json.dumps(json.loads(SEED.read_text(encoding="utf-8")), ensure_ascii=False)
    path.write_text(f"{LONE_SURROGATES}\n{seed}\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path), "--format", fmt, "--lang", "en", *schema)
    assert code == 0  # unknown states and log types are warnings (a newer API's values)
    assert err == ""
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows[0]["job_id"] == "\ud800"
        assert rows[-1]["summary"]["jobs"] == 2
    elif fmt == "json":
        doc = json.loads(out)
        assert doc["jobs"][0]["job_id"] == "\ud800"
        assert doc["summary"]["jobs"] == 2
    else:
        assert "\\ud800" in out
        assert "2 job(s)" in out


def _count_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from lifecycle.batch import pool as batch

    started: list[int] = []
    real = batch.get_context

    def counted(method: str) -> object:
        started.append(1)
        return real(method)

    monkeypatch.setattr(batch, "get_context", counted)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # --jobs 2 is not capped
    return started


_SEED_LINE = json.dumps(json.loads(SEED.read_text(encoding="utf-8")), ensure_ascii=False)


@pytest.mark.parametrize(
    ("kind", "pooled"),
    [
        ("one line", False),
        ("three lines", False),
        ("three lines on stdin", False),  # a stream's first line is a block of its own
        ("two small files", False),
        ("an array of 256", False),  # 256 records and an empty last block
        ("one block just over the size", False),  # a block ends a line: it may be a little over BLOCK_BYTES
        ("forty lines", True),
        ("an array of 300", True),
    ],
)
def test_a_pool_starts_only_for_more_than_a_blocks_worth(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str, pooled: bool
) -> None:
    """No more than one block's worth of input (BLOCK_BYTES of lines or BLOCK_RECORDS records, however it is
    cut into blocks) has no one to share it with: `--jobs 2` validates it in the reading process, with the
    same output as `--jobs 1`; more starts the pool."""
    from lifecycle.batch import inputs

    monkeypatch.setattr(inputs, "BLOCK_BYTES", 4 * SEED.stat().st_size)  # a few jobs a block
    started = _count_pools(monkeypatch)
    count = {"one line": 1, "three lines": 3, "three lines on stdin": 3, "forty lines": 40}.get(kind, 0)
    if kind == "one block just over the size":
        count = 4
        monkeypatch.setattr(inputs, "BLOCK_BYTES", 3 * len(_SEED_LINE.encode()) + 5)  # 3 lines and a bit: 1 block
    paths = [tmp_path / "jobs.jsonl"]
    paths[0].write_text("\n".join([_SEED_LINE] * count) + "\n", encoding="utf-8")
    if kind == "two small files":
        paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
        for path in paths:
            path.write_text(_SEED_LINE + "\n", encoding="utf-8")
    elif kind.startswith("an array"):
        size = int(kind.rsplit(" ", 1)[1])
        paths[0] = tmp_path / "jobs.json"
        paths[0].write_text(json.dumps([{"job_id": f"j{i}", "state": "AUTO_VERIFYING"} for i in range(size)]))
    args = ["-"] if kind.endswith("stdin") else [str(p) for p in paths]
    outputs = []
    for jobs in ("1", "2"):
        if kind.endswith("stdin"):
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(paths[0].read_bytes())))
        outputs.append(run(capsys, "validate", *args, "--format", "jsonl", "--jobs", jobs))
        if jobs == "1":
            assert started == []
    assert (started != []) is pooled
    assert outputs[0] == outputs[1]


def test_a_file_replaced_while_workers_read_it_gives_what_was_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker reads its block's lines from the file again; when the file was replaced meanwhile (`lifecycle
    fetch -o` run again), the reading process validates the lines it read itself: the output is that of the
    file as it was read, as with `--jobs 1`, never a mix of the two files."""
    from lifecycle.batch import inputs
    from lifecycle.batch import pool as batch

    monkeypatch.setattr(inputs, "BLOCK_BYTES", 2 * SEED.stat().st_size)
    old = [_SEED_LINE.replace('"job_id": "', f'"job_id": "old-{i}-', 1) for i in range(30)]
    path = tmp_path / "jobs.jsonl"
    path.write_text("\n".join(old) + "\n", encoding="utf-8")
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(path.read_bytes())

    def replacing() -> Iterator[inputs.Block]:
        for n, block in enumerate(inputs.blocks([str(path)])):
            yield block
            if n == 2:  # the file is swapped by a rename, as `fetch -o` does, while blocks are out
                new = tmp_path / "new.jsonl"
                new.write_text("\n".join(line.replace("old-", "new-") for line in old) + "\n", encoding="utf-8")
                os.replace(new, path)

    options = batch.Options("2025-11", (), "en", format="jsonl")
    two = "".join(r.text for r in batch.validate_blocks(replacing(), options, jobs=2))
    one = "".join(r.text for r in batch.validate_blocks(inputs.blocks([str(copy)]), options, jobs=1))
    assert two.replace(str(path), "X") == one.replace(str(copy), "X")
    assert "new-" not in two


def test_a_file_moved_away_while_workers_read_it_gives_what_was_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same when the file is moved away or deleted (rotated): no error, the lines read are validated."""
    from lifecycle.batch import inputs
    from lifecycle.batch import pool as batch

    monkeypatch.setattr(inputs, "BLOCK_BYTES", 2 * SEED.stat().st_size)
    path = tmp_path / "jobs.jsonl"
    path.write_text((_SEED_LINE + "\n") * 30, encoding="utf-8")
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(path.read_bytes())

    def moving() -> Iterator[inputs.Block]:
        for n, block in enumerate(inputs.blocks([str(path)])):
            yield block
            if n == 2:
                os.replace(path, tmp_path / "rotated.jsonl.1")

    options = batch.Options("2025-11", (), "en", format="jsonl")
    two = "".join(r.text for r in batch.validate_blocks(moving(), options, jobs=2))
    one = "".join(r.text for r in batch.validate_blocks(inputs.blocks([str(copy)]), options, jobs=1))
    assert two.replace(str(path), "X") == one.replace(str(copy), "X")


def test_a_block_read_again_from_a_changed_file_is_stale(tmp_path: Path) -> None:
    from lifecycle.batch import inputs

    path = tmp_path / "jobs.jsonl"
    path.write_text(_SEED_LINE + "\n", encoding="utf-8")
    (block,) = inputs.blocks([str(path)])
    located = block.located()
    assert [r.text for r in located.items()] == [r.text for r in block.items()]
    path.write_text(_SEED_LINE.replace("MANUAL", "AUTO") + "\n", encoding="utf-8")  # changed in place
    with pytest.raises(inputs.StaleBlock):
        list(located.items())
    assert [r.text for r in block.items()]  # the lines read then are still there
    # cut short while read: the stamp matches, the length read does not
    with open(path, "rb") as f:
        now = inputs.file_stamp(f)
    short = inputs.Block(str(path), span=(0, now[2] + 10), stamp=now)
    with pytest.raises(inputs.StaleBlock):
        list(short.items())
    path.unlink()  # gone
    with pytest.raises(inputs.StaleBlock):
        list(inputs.Block(str(path), span=(0, 1), stamp=now).items())


def test_the_pool_warms_up_on_what_the_workers_would_each_load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Before forked workers start, the reading process validates a job the gate admits, one it refuses
    (pydantic and the models load) and one with a log the spec's reading does not allow (the alternative
    readings compile): each worker inherits them instead of making them again."""
    from lifecycle.batch import inputs
    from lifecycle.batch import pool as batch
    from lifecycle.batch.pool import _WARM_UP
    from lifecycle.payload.gate import admit
    from lifecycle.validation.validator import validate

    seen: list[object] = []
    real = batch.validate

    def recorded(job: object, **options: Any) -> Any:
        seen.append(job)
        return real(job, **options)

    monkeypatch.setattr(batch, "validate", recorded)
    monkeypatch.setattr(batch, "_start_method", lambda: "fork")
    monkeypatch.setattr(inputs, "BLOCK_BYTES", 2 * SEED.stat().st_size)
    path = tmp_path / "jobs.jsonl"
    path.write_text((_SEED_LINE + "\n") * 12, encoding="utf-8")
    options = batch.Options("2025-11", (), "en", format="jsonl")
    assert list(batch.validate_blocks(inputs.blocks([str(path)]), options, jobs=2))
    assert seen[: len(_WARM_UP)] == list(_WARM_UP)
    admitted, refused, disallowed = _WARM_UP
    assert admit(admitted) is not None
    assert validate(admitted).diagnostics == ()
    assert admit(refused) is None
    assert "invalid-field" in validate(refused).codes()
    assert {"illegal-transition", "unconfirmed-transition"} & set(validate(disallowed).codes())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_input_without_a_job_passes_with_a_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`lifecycle fetch … | lifecycle validate -` after fetch failed: nothing to validate is no error (an empty
    directory may be), but it is said on stderr instead of passing silently."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, out, err = run(capsys, "validate", "-", "--format", "jsonl", "--lang", lang)
    assert code == 0
    assert json.loads(out)["summary"]["jobs"] == 0
    said = {"en": "lifecycle: warning: the input holds no job\n", "zh": "lifecycle: 警告: 输入中没有作业\n"}
    assert err == said[lang]
    code, _, err = run(capsys, "validate", str(DATA / "scenarios"), "--lang", lang)
    assert "warning" not in err
    assert "警告" not in err
