"""The export file of ``lifecycle fetch``: journal, torn lines, compaction; what to fetch again; lazy SDK import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.remote.client import LIST_LIMIT_MAX, JobSummary
from lifecycle.remote.fetch import plan
from lifecycle.remote.store import Entry, JobFile, StoreError, entry_of
from tests.conftest import ROOT

_ids = st.sampled_from([f"job{n}" for n in range(6)])
_versions = st.lists(st.tuples(_ids, st.sampled_from(["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"])), max_size=12)


def _entry(job_id: str, updated: str) -> Entry:
    line = json.dumps({"job_id": job_id, "state": "TRAINING", "last_update_time": updated, "note": "长\u2028"})
    entry = entry_of(line.encode("utf-8"))
    assert entry is not None
    return entry


@given(old=_versions, new=_versions, cut=st.integers(min_value=0))
def test_a_crash_anywhere_in_the_journal_loses_only_the_torn_line(
    tmp_path_factory: pytest.TempPathFactory, old: list[tuple[str, str]], new: list[tuple[str, str]], cut: int
) -> None:
    path = tmp_path_factory.mktemp("store") / "jobs.jsonl"
    first = JobFile(path)
    for job_id, updated in old:
        first.append(_entry(job_id, updated))
    first.compact()
    second = JobFile(path)
    second.load()
    for job_id, updated in new:
        second.append(_entry(job_id, updated))
    journal = second.journal.read_bytes() if second.journal.exists() else b""
    cut %= len(journal) + 1
    second.journal.write_bytes(journal[:cut])  # the crash: everything after byte `cut` never reached the disk
    whole_lines = journal[:cut].count(b"\n")
    expected = dict(old) | dict(new[:whole_lines])
    third = JobFile(path)
    loaded = third.load()
    assert {k: v.last_update_time for k, v in loaded.items()} == expected
    third.compact()
    assert not third.journal.exists()
    lines = path.read_bytes().splitlines()
    assert [json.loads(line)["job_id"] for line in lines] == sorted(expected)


def test_a_file_with_a_foreign_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(b'{"job_id": "a", "state": "TRAINING"}\n\nnot json\n')
    with pytest.raises(StoreError, match=r"jobs.jsonl:3 is not a job detail"):
        JobFile(path).load()


def test_plan_fetches_new_and_changed_jobs_once() -> None:
    stored = {"a": _entry("a", "2026-01-01T00:00:00Z"), "b": _entry("b", "2026-01-01T00:00:00Z")}
    listed = [
        JobSummary("a", "TRAINING", "2026-01-01T00:00:00Z"),  # unchanged
        JobSummary("b", "TRAIN_SUCCESS", "2026-01-01T00:00:00Z"),  # moved on: same last_update_time
        JobSummary("c", "AUTO_VERIFYING", "2026-03-01T00:00:00Z"),  # new
        JobSummary("c", "MANUAL_VERIFYING", "2026-03-01T00:00:00Z"),  # listed twice while paging
    ]
    assert plan(listed, stored) == (3, ["b", "c"], 1)


def test_list_page_refuses_ranges_the_api_does_not_accept() -> None:
    from lifecycle.remote.client import Connection, JobsClient, ListFilters

    client = JobsClient(Connection(), sdk_client=object())
    with pytest.raises(ValueError, match="limit 1"):
        client.list_page(0, LIST_LIMIT_MAX + 1, ListFilters())
    with pytest.raises(ValueError, match="offset 0"):
        client.list_page(-1, 10, ListFilters())


def test_importing_lifecycle_and_validating_load_no_sdk() -> None:
    code = (
        "import sys, lifecycle, lifecycle.remote; from lifecycle.cli.main import main; "
        "main(['validate', 'examples/seed_job.json']); "
        "print(sorted(m for m in sys.modules if m.startswith(('huaweicloud', 'tqdm', 'holidays'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.splitlines()[-1] == "[]"


@given(st.integers(min_value=0, max_value=20), st.one_of(st.none(), st.floats(min_value=-5, max_value=1e6)))
def test_retry_delay_honours_retry_after_and_stays_bounded(attempt: int, retry_after: float | None) -> None:
    from lifecycle.remote.client import RetryPolicy

    policy = RetryPolicy(base_delay=1.0, max_delay=60.0)
    delay = policy.delay(attempt, retry_after)
    assert 0 <= delay <= 60.0
    if retry_after is not None:
        assert delay == min(max(retry_after, 0.0), 60.0)
    else:
        assert delay <= 2**attempt


def test_progress_draws_on_a_terminal_only() -> None:
    import io

    from lifecycle.remote.fetch import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, drawn in ((Terminal(), True), (io.StringIO(), False)):
        bar = _progress(4, stream)
        bar.update(1)
        bar.close()
        assert ("0/4" in stream.getvalue()) is drawn  # the first draw; later ones are rate-limited
