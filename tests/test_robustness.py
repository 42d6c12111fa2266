"""The command line under hostile input, full disks and Ctrl-C: never a traceback, never a lost line
(issue 15, items 1 to 4)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run

SEED = ROOT / "examples" / "seed_job.json"


def _line() -> str:
    return json.dumps(json.loads(SEED.read_text(encoding="utf-8")), ensure_ascii=False)


def _cli(*argv: str, stdin: bytes = b"", stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "lifecycle", *argv],
        input=stdin,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize("command", ["validate", "mine"])
@pytest.mark.parametrize("where", ["file", "stdin"])
def test_deep_nesting_in_a_json_file_or_stdin_is_invalid_json_not_a_traceback(
    tmp_path: Path, command: str, where: str
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000, encoding="utf-8")
    done = _cli(command, str(path)) if where == "file" else _cli(command, "-", stdin=path.read_bytes())
    assert b"Traceback" not in done.stderr
    assert done.returncode in (0, 1)
    if command == "validate":
        assert b"invalid-json" in done.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv", [["validate", str(SEED)], ["mine", str(SEED)], ["explain", "TRAINING"], ["schema", "job"], ["spec"]]
)
def test_a_full_disk_is_one_line_and_exit_2(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _cli(*argv, stdout=full.fileno())
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().strip().count("\n") == 0
    assert b"cannot write output" in done.stderr


def test_stdin_keeps_the_good_lines_after_a_broken_first_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '{"x\n' + f"{_line()}\n" * 3
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "validate", "-", "--format", "jsonl")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d.get("source") for d in docs[:-1]] == ["<stdin>:1", "<stdin>:2", "<stdin>:3", "<stdin>:4"]
    assert [d["valid"] for d in docs[:-1]] == [False, True, True, True]
    assert code == 1


def test_stdin_reads_a_pretty_document_or_an_array_as_the_file_would(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    array = json.dumps([json.loads(_line())] * 3, indent=2)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(array.encode())))
    _, out, _ = run(capsys, "validate", "-", "--format", "jsonl")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d.get("source") for d in docs[:-1]] == ["<stdin>[0]", "<stdin>[1]", "<stdin>[2]"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_utf16_jsonl_file_is_read_as_text_not_split_at_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes((f"{_line()}\n" * 2).encode(encoding))
    code, out, _ = run(capsys, "validate", str(path), "--format", "jsonl")
    docs = [json.loads(line) for line in out.splitlines()]
    assert docs[-1]["summary"]["jobs"] == 2
    assert code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_read_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "jobs"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lifecycle", "validate", str(fifo), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    with open(fifo, "w", encoding="utf-8") as writer:
        writer.write(f"{_line()}\n" * 2)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["summary"]["jobs"] == 2


def test_jobs_is_capped_at_the_cpus_available(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(SEED), "--jobs", "4096")
    assert code == 0
    assert "CPUs available" in err


def test_the_json_report_is_written_as_it_goes_and_stays_one_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text(f"{_line()}\n" * 5 + "{broken\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    doc = json.loads(out)
    assert doc["summary"]["jobs"] == len(doc["jobs"]) == 6
    assert code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_every_worker_with_one_line_and_exit_130(tmp_path: Path, jobs: str) -> None:
    """The input is a pipe kept open, so the run is still going whenever Ctrl-C comes (a file of jobs may be
    done before it on a quick machine)."""
    fifo = tmp_path / "jobs"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lifecycle", "validate", str(fifo), "--jobs", jobs],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    with open(fifo, "w", encoding="utf-8") as writer:
        writer.write(f"{_line()}\n" * 2000)
        writer.flush()
        time.sleep(2.0)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.decode().strip() == "lifecycle: interrupted"
