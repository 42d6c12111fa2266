"""Every input a user has (issue 19, item 3): directories, gzip by content or suffix, JSONL in a .json file,
gzip on stdin; the progress bar never shares a line with the report (item 2, under a pseudo-terminal)."""

from __future__ import annotations

import fcntl
import gzip
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.batch.inputs import Block, blocks, records, total_bytes
from tests.conftest import DATA, ROOT, run

SCENARIOS = DATA / "scenarios"


def _lines() -> list[str]:
    valid = sorted(SCENARIOS.glob("valid--*.json"))[:2]
    return [json.dumps(json.loads(p.read_bytes()), ensure_ascii=False) for p in valid]


def _ids(paths: list[str], stdin: bytes = b"") -> list[str | None]:
    out = []
    for record in records(paths, io.BytesIO(stdin)):
        doc = json.loads(record.text)
        out.append(doc.get("job_id"))
    return out


def test_a_directory_is_its_job_files_recursively_in_name_order(tmp_path: Path) -> None:
    lines = _lines()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    (tmp_path / "a.json").write_text(lines[0], encoding="utf-8")
    (tmp_path / "c.ndjson").write_text(lines[1] + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a job", encoding="utf-8")
    first, second = (json.loads(line)["job_id"] for line in lines[:2])
    assert _ids([str(tmp_path)]) == [first, first, second, second]


@pytest.mark.parametrize("name", ["jobs.jsonl.gz", "jobs.jsonl", "jobs.json"])
def test_gzip_is_known_by_its_first_bytes(tmp_path: Path, name: str) -> None:
    lines = _lines()
    path = tmp_path / name
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    assert _ids([str(path)]) == [json.loads(line)["job_id"] for line in lines]


def test_jsonl_in_a_json_file_is_read_line_by_line(tmp_path: Path) -> None:
    lines = _lines()
    path = tmp_path / "export.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = list(records([str(path)]))
    assert [r.source for r in got] == [f"{path}:{n}" for n in range(1, len(lines) + 1)]


def test_gzip_on_stdin_is_read_decompressed() -> None:
    lines = _lines()
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    assert _ids(["-"], data) == [json.loads(line)["job_id"] for line in lines]


def test_block_sizes_add_up_to_the_bytes_stored(tmp_path: Path) -> None:
    lines = _lines()
    (tmp_path / "a.json").write_text("[" + ",".join(lines * 300) + "]", encoding="utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines * 50) + "\n").encode()))
    (tmp_path / "c.jsonl").write_text("\n".join(lines * 50) + "\n", encoding="utf-8")
    assert sum(b.size for b in blocks([str(tmp_path)])) == total_bytes([str(tmp_path)])


def test_the_command_line_validates_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SCENARIOS), "--format", "jsonl")
    assert json.loads(out.splitlines()[-1])["summary"]["jobs"] == len(list(SCENARIOS.glob("*.json")))
    assert code == 1


def _visible_lines(raw: str) -> list[str]:
    """What a terminal shows, line by line: a carriage return moves back to the start of the line, later
    text overwrites earlier (the bar's ANSI sequences other than these are dropped)."""
    shown = []
    for line in raw.split("\n"):
        cells: list[str] = []
        col = 0
        for part in re.split(r"(\r|\x1b\[[0-9;]*[A-Za-z])", line):
            if part == "\r":
                col = 0
            elif part.startswith("\x1b"):
                continue
            else:
                for ch in part:
                    if col < len(cells):
                        cells[col] = ch
                    else:
                        cells.append(ch)
                    col += 1  # noqa: SIM113 (a carriage return moves it back)
        shown.append("".join(cells).rstrip())
    return shown


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("command", ["validate", "mine"])
def test_the_progress_bar_never_shares_a_line_with_the_report(tmp_path: Path, command: str) -> None:
    lines = _lines()
    for n in range(40):  # one block per file: the bar is drawn between report lines
        (tmp_path / f"job{n:03}.json").write_text(lines[n % len(lines)], encoding="utf-8")
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    env = {**os.environ, "TQDM_MININTERVAL": "0", "COLUMNS": "100", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lifecycle",
            command,
            str(tmp_path),
            *(["--lang", "en"] if command == "validate" else []),
        ],
        stdout=child,
        stderr=child,
        cwd=ROOT,
        env=env,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child side closed (EIO on Linux)
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=120) == 0
    raw = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    # a percentage or a rate (a run quicker than tqdm's first rate shows "?B/s" only)
    assert re.search(r"\d+%\||\d+(\.\d+)?k?B/s|it/s|B \[", raw), "the bar was drawn"
    shown = _visible_lines(raw)
    bar = re.compile(r"\|\s*\d|[0-9.]+k?B/s|B \[")
    report = [line for line in shown if line and not bar.search(line)]
    assert report, "the report was written"
    for line in shown:
        if bar.search(line):
            assert line.lstrip().startswith(("validating", "mining")), line
    if command == "validate":
        assert sum(line.endswith("  ok") for line in shown) == 40
        assert shown[-2].startswith("40 job(s)") or any(line.startswith("40 job(s)") for line in shown)
    else:
        assert any(line.startswith("mined 40 jobs") for line in shown)


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_document_on_stdin_is_read_as_the_same_file_is(tmp_path: Path, indent: int | None, bom: bytes) -> None:
    """One job, compact or pretty-printed (its first line a lone "{"), with or without a UTF-8 byte order mark:
    the same records from stdin as from a `.json` file."""
    seed = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    data = bom + json.dumps(seed, indent=indent, ensure_ascii=False).encode()
    path = tmp_path / "job.json"
    path.write_bytes(data)
    from_file = [(r.text, r.source.rsplit(":", 1)[-1]) for r in records([str(path)])]
    from_stdin = [(r.text, r.source.rsplit(":", 1)[-1]) for r in records(["-"], stdin=io.BytesIO(data))]
    assert len(from_stdin) == 1
    assert [json.loads(t) for t, _ in from_stdin] == [json.loads(t) for t, _ in from_file] == [seed]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jq_output_of_a_list_of_jobs_is_a_job_per_document(tmp_path: Path, jobs: str) -> None:
    """`jq '.[]' export.json | lifecycle validate -`: pretty-printed documents one after another, each a job
    named by the line it starts on (before, the whole input was one invalid-json job), in the order given, with
    a pool as without (600 documents: more than a block of records). A document that never closes, in the
    middle or at the end, is one invalid-json job, and the documents after it are still read."""
    seed = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    docs = [json.dumps(dict(seed, job_id=f"job-{n}"), indent=2, ensure_ascii=False) + "\n" for n in range(600)]
    broken = '{\n  "job_id": "broken",\n  "operation_logs": [\n'  # never closes
    texts = [*docs[:300], broken, *docs[300:], broken]
    lines = [1 + sum(t.count("\n") for t in texts[:n]) for n in range(len(texts))]
    proc = subprocess.run(
        [sys.executable, "-m", "lifecycle", "validate", "-", "--format", "jsonl", "--jobs", jobs],
        input="".join(texts).encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    reports = [json.loads(line) for line in proc.stdout.splitlines()][:-1]  # the summary line aside
    assert [r["source"] for r in reports] == [f"<stdin>:{line}" for line in lines]
    expected = [f"job-{n}" for n in range(300)] + [None] + [f"job-{n}" for n in range(300, 600)] + [None]
    assert [r["job_id"] for r in reports] == expected
    assert [r["valid"] for r in reports] == [job_id is not None for job_id in expected]
    assert [d["code"] for d in reports[300]["diagnostics"]] == ["invalid-json"]


_LINES = st.lists(st.sampled_from([b"\n", b" ", b"\t", b"\r", b"\x0b", b"{}", b"a"])).map(b"".join)


@given(_LINES | st.binary(), st.integers(1, 10**6))
def test_a_block_gives_each_line_numbered_without_its_newline_blank_ones_skipped(data: bytes, first: int) -> None:
    """Lines are cut one at a time (each freed after its job); the same records as splitting the block at once:
    numbered from ``first``, a last line without its newline included, whitespace-only lines skipped."""
    lines = data.split(b"\n")
    if not lines[-1]:
        del lines[-1]
    expected = [(f"b:{n}", line) for n, line in enumerate(lines, first) if line and not line.isspace()]
    assert [(r.source, r.text) for r in Block("b", first, data).items()] == expected


def test_documents_after_blank_lines_are_named_by_their_line_on_stdin_as_in_a_file(tmp_path: Path) -> None:
    """Stdin's leading blank lines were skipped before its documents were numbered from 1 (the review's example)."""
    seed = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    doc = json.dumps(seed, indent=2, ensure_ascii=False)
    data = ("\n\n" + doc + "\n" + doc + "\n").encode()
    path = tmp_path / "two.json"
    path.write_bytes(data)
    second = 3 + doc.count("\n") + 1
    from_file = [r.source for r in records([str(path)])]
    from_stdin = [r.source for r in records(["-"], io.BytesIO(data))]
    assert from_file == [f"{path}:3", f"{path}:{second}"]
    assert from_stdin == ["<stdin>:3", f"<stdin>:{second}"]
