"""``lifecycle fetch`` with the real SDK client against a local endpoint (tests/fake_metastudio.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("huaweicloudsdkmetastudio")
from lifecycle.remote.store import one_line
from tests.conftest import ROOT, run
from tests.fake_metastudio import PHONE, SIGNATURE_QUERY, SK, FakeMetaStudio, local_api, make_job

START = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
CUTS = [5, 10, 12, 22, 5, 3, 9, 10, 14, 5, 6, 20]  # 12 jobs in review, training, done …


def _jobs() -> dict[str, dict[str, object]]:
    jobs = [make_job(n, cut, START + timedelta(hours=13 * n), flexus=n == 8) for n, cut in enumerate(CUTS, 1)]
    return {str(j["job_id"]): j for j in jobs}


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeMetaStudio]:
    with local_api(monkeypatch, tmp_path, _jobs()) as fake:
        yield fake


def _fetch(capsys: pytest.CaptureFixture[str], api: FakeMetaStudio, out: Path, *extra: str) -> tuple[int, str, str]:
    args = ("fetch", "--endpoint", api.url, "-o", str(out), "--page-size", "5", "--timeout", "1", "--retries", "3")
    return run(capsys, *args, *extra)


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert SK not in text


def test_full_fetch_writes_every_job_once_through_every_fault(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.throttle, api.error500, api.slow, api.malformed, api.gone = {5}, {"job03"}, {"job07"}, {"job09"}, {"job05"}
    out = tmp_path / "jobs.jsonl"
    code, stdout, err = _fetch(capsys, api, out, "--concurrency", "3")
    assert code == 0, err
    lines = out.read_bytes().splitlines()
    ids = [json.loads(line)["job_id"] for line in lines]
    assert ids == sorted(set(api.jobs) - {"job05"})  # each job once, the deleted one skipped
    assert "job job05 disappeared between list and detail (HTTP 404)" in err
    assert "12 jobs: 11 fetched, 0 unchanged, 1 gone, 0 failed" in err
    assert api.unsigned == []  # every request carried the SDK's HMAC signature
    # Bodies as the API sent them (pretty-printed: only the line breaks between tokens became spaces).
    for line in lines:
        job_id = json.loads(line)["job_id"]
        sent = json.dumps(api.jobs[job_id], ensure_ascii=False, indent=2).encode("utf-8")
        assert line == one_line(sent)
    # Each fault was met and retried: the page and the jobs were asked for twice, the healthy ones once.
    lists, details = api.requests("list"), api.requests("detail")
    assert sorted(lists) == ["0", "10", "5", "5"]
    for job_id in ("job03", "job07", "job09"):
        assert details.count(job_id) == 2, job_id
    assert details.count("job01") == 1
    # Retry-After: 1 was honoured: the throttled page came back no sooner than a second later.
    times = [t for t, kind, what in api.log if kind == "list" and what == "5"]
    assert times[1] - times[0] >= 0.9
    _no_secret(stdout, err, out.read_text(encoding="utf-8"))


def test_second_run_with_nothing_changed_makes_only_list_requests(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jobs.jsonl"
    assert _fetch(capsys, api, out)[0] == 0
    first = out.read_bytes()
    api.log.clear()
    code, _, err = _fetch(capsys, api, out)
    assert code == 0, err
    assert api.requests("detail") == []
    assert sorted(api.requests("list")) == ["0", "10", "5"]
    assert "12 jobs: 0 fetched, 12 unchanged" in err
    assert out.read_bytes() == first
    # A job that moves on (new log, new state) is fetched again, and only it.
    job = make_job(2, 11, START + timedelta(hours=26))
    api.jobs["job02"] = job
    api.log.clear()
    assert _fetch(capsys, api, out)[0] == 0
    assert api.requests("detail") == ["job02"]
    stored = {json.loads(line)["job_id"]: json.loads(line) for line in out.read_bytes().splitlines()}
    assert stored["job02"]["state"] == job["state"] != json.loads(first.splitlines()[1])["state"]


def test_interrupted_run_resumes_to_the_same_file(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = tmp_path / "reference.jsonl"
    assert _fetch(capsys, api, reference)[0] == 0
    out = tmp_path / "jobs.jsonl"
    api.gated, api.log = {f"job{n:02d}" for n in range(7, 13)}, []
    api.gate.clear()
    cmd = [sys.executable, "-m", "lifecycle", "fetch", "--endpoint", api.url, "-o", str(out), "--concurrency", "1"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out.with_name(out.name + ".partial")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (journal.exists() and journal.read_bytes().count(b"\n") >= 6):
            time.sleep(0.05)
        assert journal.read_bytes().count(b"\n") == 6  # jobs 01-06 fetched, job07 waits at the gate
    finally:
        proc.send_signal(signal.SIGKILL)  # the worst interruption: no handler runs, nothing is compacted
        proc.wait()
        api.gate.set()
    assert not out.exists()
    with journal.open("ab") as f:
        f.write(b'{"job_id": "job07", "state": "TRAI')  # a torn line, as a crash mid-write would leave
    api.gated, api.log = set(), []
    code, _, err = _fetch(capsys, api, out)
    assert code == 0, err
    assert out.read_bytes() == reference.read_bytes()
    assert not journal.exists()
    refetched = {f"job{n:02d}" for n in range(7, 13)}
    assert set(api.requests("detail")) == refetched  # what the killed run had fetched was kept


def test_redact_removes_contact_and_url_queries(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jobs.jsonl"
    code, stdout, err = _fetch(capsys, api, out, "--redact")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(api.jobs)
    assert PHONE not in text
    assert SIGNATURE_QUERY not in text
    assert "param1=XXX" not in text
    assert all("?" not in url or url.endswith("?<redacted>") for url in _urls(text))
    _no_secret(stdout, err, text)


def _urls(text: str) -> list[str]:
    found: list[str] = []
    for line in text.splitlines():
        for key, value in json.loads(line).items():
            if key.endswith("_url") and isinstance(value, str) and value.startswith("http"):
                found.append(value)
    assert found
    return found


def test_validate_and_status_read_the_fetched_file(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jobs.jsonl"
    assert _fetch(capsys, api, out)[0] == 0
    code, stdout, err = run(capsys, "validate", str(out), "--format", "jsonl")
    assert code in (0, 1), err
    reports = [json.loads(line) for line in stdout.splitlines()]
    assert {r["job_id"] for r in reports if "job_id" in r} == set(api.jobs)
    code, stdout, err = run(capsys, "status", str(out), "--now", "2026-11-30T08:00:00Z", "--format", "json")
    assert code == 0, err
    assert sum(sum(states.values()) for states in json.loads(stdout)["groups"].values()) == len(api.jobs)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_one_line_and_exit_2(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    api.refuse = status
    code, stdout, err = _fetch(capsys, api, tmp_path / "jobs.jsonl")
    assert code == 2
    assert err.splitlines() == [
        f"lifecycle: error: the endpoint refused the credentials (HTTP {status} MSS.00010008); nothing more fetched"
    ]
    _no_secret(stdout, err)


def test_unreachable_endpoint_is_one_line_and_exit_2(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = run(capsys, "fetch", "--endpoint", f"http://127.0.0.1:{port}", "-o", str(tmp_path / "j.jsonl"))
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "cannot connect to the endpoint" in err


def test_jobs_still_failing_are_listed_and_exit_1(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.always_500 = {"job04"}
    out = tmp_path / "jobs.jsonl"
    code, _, err = _fetch(capsys, api, out, "--retries", "2")
    assert code == 1
    assert "lifecycle: job job04 failed: job job04: HTTP 500 MSS.00000004 after 2 attempts" in err
    assert api.requests("detail").count("job04") == 2
    assert len(out.read_bytes().splitlines()) == len(api.jobs) - 1


def test_missing_credentials_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _, err = run(capsys, "fetch", "--endpoint", "http://127.0.0.1:9", "-o", str(tmp_path / "j.jsonl"))
    assert code == 2
    assert err.startswith("lifecycle: error: no credentials: set HUAWEICLOUD_SDK_AK")


def test_a_foreign_output_file_is_not_overwritten(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("my notes\n", encoding="utf-8")
    code, _, err = _fetch(capsys, api, out)
    assert code == 2
    assert "is not a job detail; not overwriting" in err
    assert out.read_text(encoding="utf-8") == "my notes\n"


def test_filters_reach_the_list_call(api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "jobs.jsonl"
    code, _, err = _fetch(capsys, api, out, "--state", "TRAINING", "--state", "MANUAL_VERIFYING")
    assert code == 0, err
    expected = sorted(k for k, j in api.jobs.items() if j["state"] in {"TRAINING", "MANUAL_VERIFYING"})
    assert [json.loads(line)["job_id"] for line in out.read_bytes().splitlines()] == expected
    since = max(str(j["last_update_time"]) for j in api.jobs.values())
    api.log.clear()
    code, _, err = _fetch(capsys, api, out, "--update-since", since)
    assert code == 0, err
    assert "1 jobs: 1 fetched" in err  # the newest job, not in the file yet
    assert len(out.read_bytes().splitlines()) == len(expected) + 1


def test_job_ids_are_fetched_without_listing_and_stdout_gets_the_lines(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, err = run(capsys, "fetch", "job03", "job01", "job03", "--endpoint", api.url)
    assert code == 0, err
    assert api.requests("list") == []
    assert sorted(json.loads(line)["job_id"] for line in stdout.splitlines()) == ["job01", "job03"]
    assert PHONE in stdout  # without --redact the bodies are kept as the API sent them (the README says so)
