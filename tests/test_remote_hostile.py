"""``fetch`` and ``watch`` against odd outputs, odd arguments and a hostile server (a new user's trial, session 9):
the export never replaces what is not a regular file, keeps its owner-only mode, follows a symlink to its
target; no server text or job id prints a phone number or a URL secret; nothing runs forever or ends in
"unexpected …"."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("huaweicloudsdkmetastudio")
from tests.conftest import ROOT, run
from tests.fake_metastudio import PHONE, PROJECT, SIGNATURE_QUERY, FakeMetaStudio, local_api
from tests.test_remote_fetch import _jobs

HOSTILE_CODE = f"MSS.400 {PHONE} https://bucket.example.com/x.mp4?AccessKeyId=AKSTUB&Expires=1&Signature=SIGSECRET"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeMetaStudio]:
    with local_api(monkeypatch, tmp_path, _jobs()) as fake:
        yield fake


def _fetch(capsys: pytest.CaptureFixture[str], api: FakeMetaStudio, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "fetch", "--endpoint", api.url, "--timeout", "1", "--retries", "2", *extra)


def _clean(*texts: str) -> None:
    for text in texts:
        for secret in (PHONE, "SIGSECRET", "AKSTUB", SIGNATURE_QUERY):
            assert secret not in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_an_output_that_is_no_regular_file_is_refused_untouched(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Before, ``-o /dev/null`` (run as root) replaced the device with a file holding the export, and a FIFO hung.
    (Not tested on ``/dev/null`` itself: a regression would replace the machine's.)"""
    out = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(out)
        # Should the command read the FIFO again, a writer opening and closing it ends that read: a failure,
        # not a hang.
        unblock = threading.Timer(10, lambda: os.close(os.open(out, os.O_WRONLY | os.O_NONBLOCK)))
        unblock.daemon = True
    else:
        out.mkdir()
    before = os.lstat(out)
    if kind == "fifo":
        unblock.start()
    try:
        code, _, err = _fetch(capsys, api, "-o", str(out))
    finally:
        if kind == "fifo":
            unblock.cancel()
    assert code == 2
    assert err == f"lifecycle: error: {out} is not a regular file; fetch -o writes only a file it may replace\n"
    after = os.lstat(out)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    assert api.requests("list") == []  # refused before any call


def test_a_symlinked_output_is_written_through_to_its_target(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secure = tmp_path / "secure"
    secure.mkdir(mode=0o700)
    link = tmp_path / "jobs.jsonl"
    link.symlink_to(secure / "real.jsonl")
    code, _, err = _fetch(capsys, api, "-o", str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert len((secure / "real.jsonl").read_bytes().splitlines()) == len(api.jobs)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("jobs")) == ["jobs.jsonl"]


def test_a_new_export_is_owner_only_and_an_existing_one_keeps_its_mode(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "jobs.jsonl"
    assert _fetch(capsys, api, "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # phone numbers and signed URLs: not for every reader
    out.chmod(0o640)
    api.jobs["job01"] = api.jobs["job01"] | {"state": "JOB_FAILED"}  # something to fetch again
    assert _fetch(capsys, api, "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    out.chmod(0o4750)  # permissions are kept, a setuid bit is not
    api.jobs["job01"] = api.jobs["job01"] | {"state": "JOB_SUCCESS"}
    assert _fetch(capsys, api, "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


def test_a_pre_placed_symlink_is_never_written_through(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The temporary file has a name no one can pre-place; a journal that is a symlink is refused."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "jobs.jsonl.tmp").symlink_to(victim)  # the old fixed name of the temporary file
    assert _fetch(capsys, api, "-o", str(tmp_path / "jobs.jsonl"))[0] == 0
    (tmp_path / "other.jsonl.partial").symlink_to(victim)
    code, _, err = _fetch(capsys, api, "-o", str(tmp_path / "other.jsonl"))
    assert code == 2
    assert "other.jsonl.partial is not a regular file" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_redact_redacts_the_lines_already_in_the_file(
    api: FakeMetaStudio, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "share.jsonl"
    assert _fetch(capsys, api, "-o", str(out))[0] == 0
    assert PHONE in out.read_text(encoding="utf-8")
    code, _, err = _fetch(capsys, api, "-o", str(out), "--redact")  # nothing changed: every job is unchanged
    assert code == 0, err
    assert f"{len(api.jobs)} unchanged" in err
    _clean(out.read_text(encoding="utf-8"))
    assert len(out.read_bytes().splitlines()) == len(api.jobs)


@pytest.mark.parametrize("status", [400, 401, 500])
@pytest.mark.parametrize("command", ["fetch", "watch"])
def test_the_server_s_error_code_is_redacted(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], status: int, command: str
) -> None:
    api.refuse, api.refuse_code = status, HOSTILE_CODE
    code, stdout, err = run(capsys, command, "--endpoint", api.url, "--timeout", "1", "--retries", "1")
    assert code in (1, 2)
    assert f"HTTP {status} MSS.400 " in err  # the code is said, what it carries is not
    _clean(stdout, err)


def test_job_ids_are_redacted_in_messages_and_events(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = _jobs()
    hostile = {f"x{PHONE}": jobs["job01"] | {"job_id": f"x{PHONE}"}}
    with local_api(monkeypatch, tmp_path, hostile) as fake:
        code, _, err = run(capsys, "fetch", PHONE, "--endpoint", fake.url, "--retries", "1")  # no such job: 404
        assert code == 0
        assert "disappeared" in err
        code, stdout, err = run(capsys, "watch", "--endpoint", fake.url, "--once", "--lang", "en")
        assert code == 0, err
        assert stdout
    _clean(stdout, err)
    assert {json.loads(line)["job_id"] for line in stdout.splitlines()} == {"x***********"}


@pytest.mark.parametrize("command", ["fetch", "watch"])
def test_a_listing_that_never_moves_on_stops(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """The same page at every offset with a count of 10^9: before, about 5·10^8 calls."""
    api.repeat = True
    code, _, err = run(capsys, command, "--endpoint", api.url, "--page-size", "5", "--retries", "1")
    assert code == 1
    assert "3 pages in a row repeat jobs already listed" in err
    assert len(api.requests("list")) == 4  # the first page, then three that bring nothing new


@pytest.mark.parametrize("command", ["fetch", "watch"])
def test_a_list_call_answering_404_is_a_bad_argument(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _, err = run(capsys, command, "--endpoint", api.url, "--project-id", "no-such-project", "--retries", "1")
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "no such project or API path; check --project-id, --region or --endpoint" in err
    assert "unexpected" not in err


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("fetch", "--timeout", "nan"),
        ("fetch", "--timeout", "inf"),
        ("watch", "--timeout", "1e308"),
        ("watch", "--interval", "nan"),
        ("watch", "--interval", "inf"),
        ("watch", "--interval", "1e308"),
        ("watch", "--interval", "-1"),
    ],
)
def test_seconds_that_are_no_usable_number_are_refused_before_any_call(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], command: str, option: str, value: str
) -> None:
    extra = ("--polls", "2") if command == "watch" else ()
    code, stdout, err = run(capsys, command, "--endpoint", api.url, option, value, *extra)
    assert code == 2
    assert err.startswith(f"lifecycle: error: {option} must be ")
    assert len(err.splitlines()) == 1
    assert stdout == ""
    assert api.log == []


def test_fetch_to_a_closed_pipe_exits_141(api: FakeMetaStudio, tmp_path: Path) -> None:
    """``fetch JOB | head -c 10``: as every command, 141 and no message (before: exit 2, "cannot write None")."""
    env = os.environ | {"HUAWEICLOUD_SDK_PROJECT_ID": PROJECT}
    first, *rest = sorted(api.jobs)
    api.gated = set(rest)  # the other details wait until the pipe is closed: their lines are written after
    api.gate.clear()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lifecycle", "fetch", first, *rest, "--endpoint", api.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # the reader goes away
    api.gate.set()
    code = proc.wait(timeout=60)
    with proc.stderr:
        err = proc.stderr.read()
    assert code == 141, err
    assert b"cannot write" not in err


@pytest.mark.parametrize(
    ("command", "argv", "message"),
    [
        ("fetch", ["", "--endpoint", "URL"], "a JOB_ID must not be empty"),
        ("fetch", ["--region", "", "--project-id", "p"], "--region must not be empty"),
        ("watch", ["--project-id", " ", "--endpoint", "URL"], "--project-id must not be empty"),
        ("fetch", ["--state", "", "--endpoint", "URL"], "--state must not be empty"),
        ("watch", ["--endpoint", "not a url"], "--endpoint must be an http:// or https:// URL (got 'not a url')"),
        ("fetch", ["--endpoint", "ftp://h/x"], "--endpoint must be an http:// or https:// URL"),
        ("fetch", ["--endpoint", "http://[::1"], "--endpoint must be an http:// or https:// URL"),  # was unexpected
        ("watch", ["--endpoint", "http://a:99999/"], "--endpoint must be an http:// or https:// URL"),
        ("fetch", ["--endpoint", "https://x y"], "--endpoint must be an http:// or https:// URL"),
    ],
)
def test_empty_or_malformed_arguments_are_refused_before_any_call(
    api: FakeMetaStudio, capsys: pytest.CaptureFixture[str], command: str, argv: list[str], message: str
) -> None:
    """Before: ``fetch ""`` asked the list endpoint for a job named "", ``--endpoint "not a url"`` timed out
    after the retries (exit 1), ``--region ""`` fell back to the default region, ``--state ""`` sent "A,"."""
    code, stdout, err = run(capsys, command, *[api.url if a == "URL" else a for a in argv])
    assert (code, stdout) == (2, "")
    assert err.startswith(f"lifecycle: error: {message}")
    assert api.log == []


def test_a_cleartext_endpoint_off_this_machine_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    from lifecycle.remote.connect import cleartext_warning

    for here in (
        "http://127.0.0.1:8080",
        "http://127.0.0.2/",
        "http://localhost./",
        "http://LOCALHOST:80",
        "http://[::1]:1",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::ffff:127.0.0.1]/",
    ):
        assert cleartext_warning(here) is None, here
    assert cleartext_warning("HTTP://example.com") is not None
    assert cleartext_warning("https://metastudio.cn-north-4.myhuaweicloud.com") is None
    warning = cleartext_warning(f"http://proxy.example.com/{PHONE}?token=T0KEN")
    assert warning is not None
    assert "is not https" in warning
    _clean(warning.replace("T0KEN", "TOKSECRET"))
    assert "T0KEN" not in warning


def test_redact_keeps_the_job_id_that_keys_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hex job id may hold 11 digits that look like a mobile number; redacted, it no longer matched its own
    line or the listing: a second line for the job, and a fetch again at every run (the review's example)."""
    job_id = f"4e2a{PHONE}aa0f"
    jobs = {job_id: _jobs()["job01"] | {"job_id": job_id}}
    out = tmp_path / "jobs.jsonl"
    with local_api(monkeypatch, tmp_path, jobs) as fake:
        assert run(capsys, "fetch", "--endpoint", fake.url, "-o", str(out))[0] == 0
        fake.jobs[job_id] = fake.jobs[job_id] | {"state": "JOB_FAILED"}
        assert run(capsys, "fetch", "--endpoint", fake.url, "-o", str(out), "--redact")[0] == 0
        code, _, err = run(capsys, "fetch", "--endpoint", fake.url, "-o", str(out), "--redact")
        assert code == 0
        assert "1 jobs: 0 fetched, 1 unchanged" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["job_id"] for line in lines] == [job_id]
    assert json.loads(lines[0])["contact"] != PHONE


def test_a_long_error_code_is_redacted_before_it_is_cut() -> None:
    """Cut first, a phone number or a URL's user information straddling the cut showed in part."""
    from lifecycle.remote.client import _code

    class Refused:
        def __init__(self, code: str) -> None:
            self.error_code = code

    for tail in (f" {PHONE}", " 139-1234-5678", " https://u:secretpassword@h/x"):
        shown = _code(Refused("E" * 100 + tail))
        assert len(shown) <= 120
        for part in ("1391234", "139-1234-", "secretpas"):
            assert part not in shown


def test_a_job_moving_while_the_pages_are_read_is_no_repetition() -> None:
    """With ``--page-size 1``, a job updated while the pages are read comes again on the next page: one page
    of jobs already listed, which is no reason to stop (the review's example)."""
    from lifecycle.remote.client import Connection, JobsClient, JobSummary, ListFilters

    order = ["a", "b", "b", "c", "d"]  # "b" moved to the front meanwhile, and is listed twice

    class Pages(JobsClient):
        def list_page(self, offset: int, limit: int, filters: ListFilters) -> tuple[int | None, list[JobSummary]]:
            return len(order), [JobSummary(j, "TRAINING", None) for j in order[offset : offset + limit]]

    client = Pages(Connection(None, "http://127.0.0.1:1", "p"), page_size=1, sdk_client=object())
    assert [s.job_id for s in client.list_changed()] == order
