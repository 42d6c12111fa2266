"""``validate --now`` (code ``overdue``): the stage clock of ``lifecycle status``, as an opt-in warning."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.spec.expectations import DEFAULT_EXPECTATIONS, Clock
from lifecycle.validation.codes import CODES, Severity
from lifecycle.validator import validate
from tests.conftest import run
from tests.fake_metastudio import _STATE_AFTER, make_job

NOW = "2026-11-30T08:00:00Z"  # a Monday
_now = parse_rfc3339(NOW)


def test_review_four_days_old_is_overdue_in_both_languages() -> None:
    job = make_job(1, 5, _now - timedelta(days=4, hours=4))  # manual review since Thursday morning
    report = validate(job, clock=Clock(_now))
    [found] = [d for d in report.diagnostics if d.code == "overdue"]
    assert found.confidence == "documented"
    assert found.index is None
    assert "Under system review since 2026-11-26T06:00:00Z" in found.message
    assert "at most 1 working day (https://huaweicloud.com/s/" in found.message
    assert report.ok  # a warning: a late job is not a wrong one
    [zh] = [d for d in validate(job, clock=Clock(_now), lang="zh").diagnostics if d.code == "overdue"]
    assert "处于系统审核中" in zh.message
    assert "个工作日" in zh.message
    assert CODES["overdue"].severity is Severity.WARNING


def test_no_clock_no_overdue_and_a_wider_limit_none_either() -> None:
    job = make_job(1, 5, _now - timedelta(days=30))
    assert "overdue" not in validate(job).codes()
    assert "overdue" in validate(job, clock=Clock(_now)).codes()
    patient = tuple(replace(rule, limit=1000.0) for rule in DEFAULT_EXPECTATIONS)
    assert "overdue" not in validate(job, clock=Clock(_now, patient)).codes()


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        Clock(datetime(2026, 11, 30))


_fleet = st.lists(
    st.tuples(
        st.sampled_from(sorted(_STATE_AFTER)),
        st.integers(min_value=0, max_value=24 * 12),  # hours before NOW the job started
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_fleet)
def test_validate_now_and_status_name_the_same_jobs(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], fleet: list[tuple[int, int, bool]]
) -> None:
    path = tmp_path_factory.mktemp("fleet") / "jobs.jsonl"
    jobs = [
        make_job(n, cut, _now - timedelta(hours=hours), flexus=flexus) for n, (cut, hours, flexus) in enumerate(fleet)
    ]
    path.write_text("".join(json.dumps(j) + "\n" for j in jobs), encoding="utf-8")
    code, out, err = run(capsys, "status", str(path), "--now", NOW, "--format", "json")
    assert code == 0, err
    over = {j["job_id"] for j in json.loads(out)["jobs"] if j["over"] is not None}
    code, out, err = run(capsys, "validate", str(path), "--now", NOW, "--format", "jsonl", "--jobs", "1")
    assert code == 0, err
    reports = [json.loads(line) for line in out.splitlines()]
    overdue = {r["job_id"] for r in reports if "job_id" in r and any(d["code"] == "overdue" for d in r["diagnostics"])}
    assert overdue == over


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--now", "yesterday"], "--now 'yesterday'"),
        (["--config", "x.toml"], "--config needs --now"),
        (["--now", NOW, "--config", "missing.toml"], "cannot read missing.toml"),
    ],
)
def test_bad_clock_arguments_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text(json.dumps(make_job(1, 5, datetime(2026, 11, 1, tzinfo=UTC))) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path), *extra)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert message in err
