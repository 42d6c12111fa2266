"""``lifecycle status``: groups, time in state and stage, the documented expectations, the working-day clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.spec.expectations import CHINA_TIME, Clock, is_working_day, working_days_between
from lifecycle.validation.decode import facts_from_object
from lifecycle.validation.facts import JobFacts
from lifecycle.validation.pipeline import context
from lifecycle.validation.stages import stage_of
from tests.conftest import DATA, run
from tests.fake_metastudio import make_job

NOW = "2026-11-30T08:00:00Z"  # a Monday
_times = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC))


@given(_times, st.timedeltas(timedelta(0), timedelta(days=40)), st.timedeltas(timedelta(0), timedelta(days=40)))
def test_working_time_adds_up_and_never_exceeds_the_calendar(a: datetime, ab: timedelta, bc: timedelta) -> None:
    b, c = a + ab, a + ab + bc
    whole = working_days_between(a, c)
    assert whole == pytest.approx(working_days_between(a, b) + working_days_between(b, c), abs=1e-9)
    assert 0 <= whole <= (c - a).total_seconds() / 86400 + 1e-9
    assert working_days_between(c, a) == 0 or c == a


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_a_whole_working_day_counts_one_day_and_a_day_off_none(day: date) -> None:
    start = datetime(day.year, day.month, day.day, tzinfo=CHINA_TIME)
    assert working_days_between(start, start + timedelta(days=1)) == (1.0 if is_working_day(day) else 0.0)


def test_national_day_and_its_make_up_sunday() -> None:
    # 2025: 1-8 October off, Sunday 28 September worked instead (State Council notice for 2025).
    assert not any(is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert is_working_day(date(2025, 9, 28))
    noon = datetime(2025, 9, 30, 12, tzinfo=CHINA_TIME)
    assert working_days_between(noon, datetime(2025, 10, 9, 12, tzinfo=CHINA_TIME)) == 1.0


def test_the_training_stage_starts_when_manual_review_passed() -> None:
    job = make_job(1, 10, datetime(2026, 11, 20, tzinfo=UTC))  # ... ADMIN_VERIFY_SUCCESS (6th) ... SYSTEM_TRAINING
    logs = job["operation_logs"]
    assert isinstance(logs, list)
    assert logs[5]["log_type"] == "ADMIN_VERIFY_SUCCESS"
    assert _stage_start(job) == parse_rfc3339(logs[5]["operate_time"])
    assert _stage_start(job | {"state": "MANUAL_VERIFYING", "operation_logs": logs[:5]}) == parse_rfc3339(
        logs[2]["operate_time"]
    )


def _stage_start(job: dict[str, object]) -> datetime | None:
    from lifecycle.engine.table import info
    from lifecycle.validation.pipeline import examine

    facts = facts_from_object(job)
    assert isinstance(facts, JobFacts)
    clock = Clock(parse_rfc3339(NOW))
    subject = examine(facts, context("2025-11", (), "en", clock))
    assert subject.replay.trace is not None
    return stage_of(subject.lc, facts, [info(r).states for r in subject.replay.trace], clock).start


def _write(path: Path, *jobs: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(j, ensure_ascii=False) + "\n" for j in jobs), encoding="utf-8")
    return path


def _status(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, object]]:
    code, out, err = run(capsys, "status", *args, "--now", NOW, "--format", "json")
    assert code == 0, err
    return {j["job_id"]: j for j in json.loads(out)["jobs"]}


def test_over_and_within_the_documented_expectations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    now = parse_rfc3339(NOW)
    jobs = _write(
        tmp_path / "jobs.jsonl",
        # Manual review since Thursday morning: more than 1 working day by Monday.
        make_job(1, 5, now - timedelta(days=4, hours=4)),
        # Review entered 10 hours ago: within.
        make_job(2, 5, now - timedelta(hours=14)),
        # Training since the Wednesday before: 3.x working days.
        make_job(3, 10, now - timedelta(days=5, hours=6)),
        # The same history as Flexus: its training takes about 3 hours.
        make_job(4, 10, now - timedelta(hours=20), flexus=True),
        make_job(5, 10, now - timedelta(hours=20)),
        # Done: no expectation applies.
        make_job(6, 22, now - timedelta(days=60)),
    )
    found = _status(capsys, str(jobs))
    over = {job_id: (j["over"] or {}).get("rule") for job_id, j in found.items()}  # type: ignore[attr-defined]
    assert over == {
        "job01": "review",
        "job02": None,
        "job03": "training",
        "job04": "flexus_training",
        "job05": None,
        "job06": None,
    }
    assert found["job01"]["in_state_seconds"] == pytest.approx(timedelta(days=4, hours=4 - 4).total_seconds())
    # A config allowing longer turns the verdicts around.
    config = tmp_path / "slow.toml"
    config.write_text(
        '[expectations.review]\nlimit = 5\n\n[expectations.flexus_training]\nlimit = 1\nunit = "working_days"\n'
    )
    found = _status(capsys, str(jobs), "--config", str(config))
    assert found["job01"]["over"] is None
    assert found["job04"]["over"] is None
    assert found["job03"]["over"] is not None


def test_text_counts_jobs_per_group_and_state_and_cites_the_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = parse_rfc3339(NOW)
    jobs = _write(tmp_path / "jobs.jsonl", *(make_job(n, 5, now - timedelta(days=2 * n)) for n in range(1, 4)))
    code, out, err = run(capsys, "status", str(jobs), "--now", NOW, "--lang", "en")
    assert code == 0, err
    assert "Under system review  3" in out
    assert "MANUAL_VERIFYING" in out
    # Review entered on Saturday, Thursday and Tuesday evening (China time): the weekend does not count.
    assert "over their documented expectation: 2" in out
    assert "job01  MANUAL_VERIFYING" not in out
    assert "job02  MANUAL_VERIFYING  1.9 working days in stage, expected review <= 1 working day" in out
    assert "https://huaweicloud.com/s/JeW8gOa6kOS7u-WKoeeuoeeQhui9r-S7tiU/" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--now", "yesterday"], "--now 'yesterday'"),
        (["--config", "missing.toml"], "cannot read missing.toml"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    jobs = _write(tmp_path / "jobs.jsonl", make_job(1, 5, datetime(2026, 11, 1, tzinfo=UTC)))
    code, _, err = run(capsys, "status", str(jobs), *extra)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert message in err


@pytest.mark.parametrize(
    "config", ["[expectations.nap]\nlimit = 1\n", "[expectations.review]\nlimit = -1\n", "[expectations.review\n"]
)
def test_a_bad_config_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str) -> None:
    jobs = _write(tmp_path / "jobs.jsonl", make_job(1, 5, datetime(2026, 11, 1, tzinfo=UTC)))
    path = tmp_path / "c.toml"
    path.write_text(config, encoding="utf-8")
    code, _, err = run(capsys, "status", str(jobs), "--config", str(path))
    assert code == 2
    assert err.startswith("lifecycle: error: ")
    assert "Traceback" not in err


def test_a_line_that_is_no_job_is_named_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "jobs.jsonl"
    good = json.dumps(make_job(1, 5, datetime(2026, 11, 1, tzinfo=UTC)))
    path.write_text(f"{good}\n{{not json\n[1, 2]\n", encoding="utf-8")
    code, out, err = run(capsys, "status", str(path), "--now", NOW, "--format", "json", "--lang", "en")
    assert code == 1  # not a clean run: two records were left out
    assert [j["job_id"] for j in json.loads(out)["jobs"]] == ["job01"]
    assert f"{path}:2: not a job detail" in err
    assert f"{path}:3: not a job detail" in err


def test_text_escapes_control_characters_of_job_ids_and_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A job_id or state carrying terminal controls is written escaped, as `validate`'s text report does."""
    now = parse_rfc3339(NOW)
    job = make_job(1, 5, now - timedelta(days=4))
    job["job_id"] = "job\x1b[2J\r\n1 job(s)"
    odd = dict(make_job(2, 5, now - timedelta(days=4)), state="X\x1b]0;title\x07")
    code, out, err = run(capsys, "status", str(_write(tmp_path / "jobs.jsonl", job, odd)), "--now", NOW)
    assert code == 0, err
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\r" not in out
    assert "job\\x1b[2J\\x0d\\x0a1 job(s)" in out


def test_now_means_the_clock_as_it_does_for_validate(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "scenarios" / "valid--long-history-to-job-success.json")
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, err = run(capsys, "status", path, "--now", "now", "--format", "json")
    assert code == 0, err
    assert datetime.fromisoformat(json.loads(out)["now"].replace("Z", "+00:00")) >= before
