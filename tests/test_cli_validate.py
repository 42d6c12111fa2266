"""`lifecycle validate`: exit codes, the JSON shape, stdin, JSONL with a broken line, --jobs."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

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


@pytest.mark.parametrize(("lines", "pooled"), [(1, False), (3, False), (40, True)])
def test_a_pool_starts_only_when_there_is_more_than_one_block(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lines: int, pooled: bool
) -> None:
    """One block of input has no one to share it with: `--jobs 2` validates it in the reading process, with
    the same output as `--jobs 1`; more blocks start the pool."""
    from lifecycle.batch import inputs
    from lifecycle.batch import pool as batch

    monkeypatch.setattr(inputs, "BLOCK_BYTES", 4 * SEED.stat().st_size)  # a few jobs a block
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # --jobs 2 is not capped
    started: list[int] = []
    real = batch.get_context

    def counted(method: str) -> object:
        started.append(1)
        return real(method)

    monkeypatch.setattr(batch, "get_context", counted)
    job = json.dumps(json.loads(SEED.read_text(encoding="utf-8")), ensure_ascii=False)
    path = tmp_path / "jobs.jsonl"
    path.write_text("\n".join([job] * lines) + "\n", encoding="utf-8")
    one = run(capsys, "validate", str(path), "--format", "jsonl", "--jobs", "1")
    assert started == []
    two = run(capsys, "validate", str(path), "--format", "jsonl", "--jobs", "2")
    assert (started != []) is pooled
    assert one == two


def test_the_pool_warms_up_on_what_the_workers_would_each_load() -> None:
    """Before the workers fork, the reading process validates a job the gate admits, one it refuses (pydantic
    and the models load) and one with a log the spec's reading does not allow (the alternative readings
    compile): each worker inherits them instead of making them again."""
    from lifecycle.batch.pool import _WARM_UP
    from lifecycle.payload.gate import admit
    from lifecycle.validation.validator import validate

    admitted, refused, disallowed = _WARM_UP
    assert admit(admitted) is not None
    assert validate(admitted).diagnostics == ()
    assert admit(refused) is None
    assert "invalid-field" in validate(refused).codes()
    assert {"illegal-transition", "unconfirmed-transition"} & set(validate(disallowed).codes())
