"""``lifecycle watch`` with the real SDK client against a local endpoint (tests/fake_metastudio.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("huaweicloudsdkmetastudio")

from lifecycle import compile_edition
from lifecycle.remote import watch as watch_module
from lifecycle.spec.vocabulary import console_label
from tests.conftest import run
from tests.fake_metastudio import PHONE, SIGNATURE_QUERY, SK, FakeMetaStudio, local_api, make_job
from tests.test_remote_fetch import START, _jobs


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeMetaStudio]:
    with local_api(monkeypatch, tmp_path, _jobs()) as fake:
        yield fake


def _watch(capsys: pytest.CaptureFixture[str], api: FakeMetaStudio, *extra: str) -> tuple[int, list[Any], str]:
    args = ("watch", "--endpoint", api.url, "--page-size", "5", "--timeout", "1", "--retries", "2", "--lang", "en")
    code, stdout, err = run(capsys, *args, *extra)
    for text in (stdout, err):
        assert SK not in text
        assert PHONE not in text
        assert SIGNATURE_QUERY not in text
    return code, [json.loads(line) for line in stdout.splitlines()], err


def _entered(events: list[Any], job_id: str) -> list[str]:
    return [e["state"] for e in events if e["job_id"] == job_id and e["event"] == "entered"]


def test_once_prints_the_events_of_every_job(api: FakeMetaStudio, capsys: pytest.CaptureFixture[str]) -> None:
    code, events, err = _watch(capsys, api, "--once")
    assert code == 0, err
    assert err == ""
    assert {e["job_id"] for e in events} == set(api.jobs)
    lc = compile_edition()
    for job_id, job in api.jobs.items():
        states = _entered(events, job_id)
        assert states[-1] == job["state"]  # the walk ends where the API says the job is
        indexed = [e["index"] for e in events if e["job_id"] == job_id and e["index"] is not None]
        assert indexed == sorted(indexed)
        assert indexed[-1] < len(job["operation_logs"])
        finals = [e for e in events if e["job_id"] == job_id and e["event"] == "final"]
        assert len(finals) == (1 if lc.is_final(job["state"]) else 0)
    assert not [e for e in events if e["event"] == "refused"]  # the scenario is valid
    for e in events:
        assert set(e) == {"event", "job_id", "state", "label", "log_type", "index", "diagnostics"}
        if e["state"] is not None:
            assert e["label"] == console_label(e["state"], lang="en")
    assert len(api.requests("detail")) == len(api.jobs)


def test_a_second_poll_prints_only_what_is_new(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.jobs["job02"]  # 10 logs: TRAINING
    grown = make_job(2, 12, START + timedelta(hours=26))
    waits: list[float] = []

    def between_polls(seconds: float) -> None:
        waits.append(seconds)
        api.jobs["job02"] = grown  # the system moved it on: same last_update_time, a new state, two new logs
        api.log.clear()

    monkeypatch.setattr(watch_module, "pause", between_polls)
    code, events, err = _watch(capsys, api, "--polls", "2", "--interval", "7")
    assert code == 0, err
    assert waits == [7.0]
    assert grown["last_update_time"] == first["last_update_time"]
    assert api.requests("detail") == ["job02"]  # the second poll fetched only the job that changed
    # The second poll printed job02's new logs only: after its first new event comes nothing of another job,
    # and no log index of job02 is printed twice.
    k = next(i for i, e in enumerate(events) if e["job_id"] == "job02" and (e["index"] or 0) >= 10)
    assert {e["job_id"] for e in events[:k]} == set(api.jobs)
    assert {e["job_id"] for e in events[k:]} == {"job02"}
    assert [e["index"] for e in events[k:] if e["index"] is not None] == [10, 11]
    assert [e for e in events[k:] if e["event"] == "entered"][-1]["state"] == grown["state"]
    indices = [e["index"] for e in events if e["job_id"] == "job02" and e["index"] is not None]
    assert indices == sorted(indices)  # in log order, the first poll's never again


def test_a_deleted_job_is_named_on_stderr_and_skipped(api: FakeMetaStudio, capsys: pytest.CaptureFixture[str]) -> None:
    api.gone = {"job05"}
    code, events, err = _watch(capsys, api, "--once")
    assert code == 0, err
    assert err.splitlines() == ["lifecycle: job job05 disappeared between list and detail (HTTP 404); skipped"]
    assert {e["job_id"] for e in events} == set(api.jobs) - {"job05"}


def test_ctrl_c_during_the_sleep_exits_130_quietly(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch_module, "pause", interrupted)
    code, events, err = _watch(capsys, api)
    assert code == 130
    assert err.splitlines() == ["lifecycle: watch interrupted"]  # one line, no traceback
    assert {e["job_id"] for e in events} == set(api.jobs)  # the first poll's events were printed before


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_one_line_and_exit_2(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    api.refuse = status
    code, events, err = _watch(capsys, api, "--once")
    assert (code, events) == (2, [])
    assert err.splitlines() == [f"lifecycle: error: the endpoint refused the credentials (HTTP {status} MSS.00010008)"]


def test_a_refused_log_carries_its_diagnostic(api: FakeMetaStudio, capsys: pytest.CaptureFixture[str]) -> None:
    job = api.jobs["job06"]  # 3 logs: AUTO_VERIFYING
    job["operation_logs"].append(dict(job["operation_logs"][0]))  # a second creation log
    code, events, err = _watch(capsys, api, "--once", "--state", "AUTO_VERIFYING")
    assert code == 0, err
    assert {e["job_id"] for e in events} == {"job06"}
    refused = [e for e in events if e["event"] == "refused"]
    assert [e["index"] for e in refused] == [3]
    assert refused[0]["log_type"] == job["operation_logs"][0]["log_type"]
    assert refused[0]["diagnostics"]
    assert all(d["code"] for d in refused[0]["diagnostics"])


def test_an_unreachable_endpoint_is_one_line_and_exit_2(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, stdout, err = run(capsys, "watch", "--once", "--endpoint", f"http://127.0.0.1:{port}", "--retries", "1")
    assert (code, stdout) == (2, "")
    assert len(err.splitlines()) == 1
    assert "cannot connect to the endpoint" in err
