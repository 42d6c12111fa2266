"""Live tracking agrees with the validator: the same replay, the same refusals, on a shared machine (issue 16)."""

from __future__ import annotations

import copy
import gc
import json
import weakref
from typing import Any, get_args

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.engine.table import StepCode
from lifecycle.strategies import job_payloads, near_miss_payloads, walks
from lifecycle.tracking import Fleet, Tracker
from lifecycle.validation.pipeline import context
from lifecycle.validation.report import Severity
from lifecycle.validation.validator import validate
from tests.conftest import DATA, EDITIONS
from tests.test_validator import insert_illegal


def _job(log_types: list[str], state: str, *, flexus: bool = False) -> dict[str, Any]:
    logs = [{"log_type": t, "operate_user": "SYSTEM", "operate_time": "2024-05-01T10:00:00Z"} for t in log_types]
    job: dict[str, Any] = {"job_id": "j", "state": state, "operation_logs": logs}
    if flexus:
        job["is_flexus"] = True
    return job


def _variant(job: dict[str, Any], edition: str) -> Any:
    from lifecycle.validation.decode import facts_from_object

    facts = facts_from_object(job)
    return context(edition, (), "en").variant(facts)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_tracker_accepts_every_log_of_a_walk_and_ends_where_the_replay_may(edition: str, data: st.DataObject) -> None:
    walk = data.draw(walks(edition=edition))
    job = _job(walk.log_types, walk.end_state, flexus=walk.flexus)
    tracker = Tracker(_variant(job, edition))
    for log in walk.log_types:
        assert tracker.apply(log), (log, tracker.states, tracker.refused)
    report = validate(job, edition=edition, schema=False)
    assert tracker.states == frozenset(report.final_states)
    assert walk.end_state in tracker.states


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_tracker_refuses_exactly_the_illegal_log_with_validates_code(edition: str, data: st.DataObject) -> None:
    walk = data.draw(walks(edition=edition, min_size=2))
    job = _job(walk.log_types, walk.end_state, flexus=walk.flexus)
    lc = _variant(job, edition)
    position = data.draw(st.integers(1, len(job["operation_logs"])))
    insert_illegal(data, lc, job["operation_logs"], position)
    report = validate(job, edition=edition, schema=False)
    expected = {(d.index, d.code) for d in report.diagnostics if d.index is not None and d.code != "actor-mismatch"}
    tracker = Tracker(lc)
    refused = set()
    for index, entry in enumerate(job["operation_logs"]):
        if not tracker.apply(entry["log_type"]):
            refused |= {(index, d.code) for d in tracker.refused}
    assert refused == expected
    assert (position, "illegal-transition") in refused
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR and d.index is not None]
    # The illegal log has the error (a once-only one repeated: two codes). When it is once-only and the
    # history holds it later too, that later one is now the repetition: a repeated-log error of the same type.
    inserted = job["operation_logs"][position]["log_type"]
    assert position in {d.index for d in errors}
    assert all(d.index == position or (d.code == "repeated-log" and d.log_type == inserted) for d in errors)


def test_the_long_scenario_is_tracked_to_job_success() -> None:
    job = json.loads((DATA / "scenarios" / "valid--long-history-to-job-success.json").read_text(encoding="utf-8"))
    tracker = Tracker(_variant(job, "2025-11"))
    for entry in job["operation_logs"]:
        assert tracker.apply(entry["log_type"]), (entry["log_type"], tracker.states)
    assert "JOB_SUCCESS" in tracker.states
    assert tracker.sync("JOB_SUCCESS")
    assert tracker.state == "JOB_SUCCESS"


def test_a_log_that_needs_a_silent_move_takes_it_and_says_so() -> None:
    """WAIT_GENERATE_ACTION_MARK -> WAIT_GENERATE_ACTION has no log: the next log needs that move."""
    job = json.loads((DATA / "scenarios" / "valid--long-history-to-job-success.json").read_text(encoding="utf-8"))
    lc = _variant(job, "2025-11")
    types = [e["log_type"] for e in job["operation_logs"]]
    entered: list[tuple[str, str | None]] = []
    tracker = Tracker(lc, on_enter=lambda state, log: entered.append((state, log)))
    for log in types:
        assert tracker.apply(log)
    silent = [state for state, log in entered if log is None]
    assert "WAIT_GENERATE_ACTION" in silent, entered  # the silent move the history needed, reported as such
    for state in silent:
        assert any(state in lc.silent_targets(s) for s in lc.states)


def test_a_rule_with_several_targets_keeps_them_all() -> None:
    lc = compile_edition().restrict()
    several = [(s, t) for s in lc.states for t in lc.table.get(s, {}) if len(lc.moves(s, t)) > 1 and not lc.is_final(s)]
    assert several
    state, log = several[0]
    tracker = Tracker(lc)
    tracker.sync(state)
    assert tracker.apply(log)
    assert tracker.states >= lc.moves(state, log)
    assert tracker.state is None or tracker.state in lc.moves(state, log)


def test_trackers_share_one_machine_and_leave_no_cycles() -> None:
    lc = compile_edition().restrict()
    first, second = Tracker(lc), Tracker(lc)
    assert first.machine is second.machine
    gc.collect()
    gc.disable()
    try:
        tracker = Tracker(lc, on_enter=lambda s, log: None)
        tracker.apply("USER_CREATE_JOD")
        probe = weakref.ref(tracker)
        del tracker
        assert probe() is None  # freed by reference counting alone: no cycle through the machine
    finally:
        gc.enable()


def test_a_fleet_applies_only_new_logs_and_reports_events() -> None:
    job = json.loads((DATA / "scenarios" / "valid--long-history-to-job-success.json").read_text(encoding="utf-8"))
    fleet = Fleet()
    early = copy.deepcopy(job)
    early["operation_logs"] = job["operation_logs"][:3]
    early["state"] = "AUTO_VERIFYING"
    first = fleet.update(early)
    assert [e.kind for e in first]
    assert all(e.kind == "entered" for e in first)
    assert fleet.update(early) == []  # fetched again, nothing new
    later = fleet.update(job)
    assert later
    assert all(e.index is None or e.index >= 3 for e in later)
    assert {e.kind for e in later} <= {"entered", "final"}
    bad = copy.deepcopy(job)
    bad["job_id"] = "other"
    bad["operation_logs"].insert(2, {"log_type": "SYSTEM_JOB_SUCCESS", "operate_user": "SYSTEM"})
    refused = [e for e in fleet.update(bad) if e.kind == "refused"]
    report = validate(bad, schema=False)
    assert [(e.index, e.diagnostics[0].code) for e in refused] == [
        (d.index, d.code) for d in report.diagnostics if d.code == "illegal-transition"
    ]
    assert len(fleet) == 2
    fleet.forget("other")
    assert "other" not in fleet


_STEP_CODES = frozenset(get_args(StepCode))


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_fleet_refuses_the_logs_validate_reports(edition: str, data: st.DataObject) -> None:
    """Fed a whole payload, a fleet refuses each log ``validate`` gives a log diagnostic, with its code: the
    tracker's refusals, and the log after the final state the job reports (JOB_FINISH, entered silently), which
    log types alone cannot show. Fed again, the same payload gives nothing new."""
    if data.draw(st.booleans()):
        job = data.draw(job_payloads(edition=edition, max_size=20))
    else:
        job = data.draw(near_miss_payloads(edition=edition))[0]
    assume(isinstance(job, dict) and type(job.get("job_id")) is str)
    fleet = Fleet(edition=edition)
    events = fleet.update(job)
    refused = {(e.index, d.code) for e in events if e.kind == "refused" for d in e.diagnostics}
    report = validate(job, edition=edition, schema=False)
    expected = {(d.index, d.code) for d in report.diagnostics if d.code in _STEP_CODES and d.index is not None}
    assert refused == expected
    assert fleet.update(job) == []


def test_the_log_after_a_reported_job_finish_is_refused_once() -> None:
    """The example of the trial: the tracker took USER_REPAIR after SYSTEM_JOB_SUCCESS (the job may be waiting
    for the user's confirmation), but the job reports JOB_FINISH, which that confirmation enters silently."""
    payload = (DATA / "scenarios" / "after-final--log-after-job-finish.json").read_bytes()
    refused = [e for e in Fleet().update(payload) if e.kind == "refused"]
    assert [(e.index, e.log_type, [d.code for d in e.diagnostics]) for e in refused] == [
        (22, "USER_REPAIR", ["after-final"])
    ]
    assert [(d.index, d.code) for d in validate(payload).diagnostics] == [(22, "after-final")]


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_fleet_fed_a_growing_history_refuses_what_it_refuses_fed_it_whole(edition: str, data: st.DataObject) -> None:
    """As ``watch`` sees a job: one more log per poll, the state ``TRAINING`` until the last poll reports the
    job's own (a job turning ``JOB_FINISH`` changes variant: the fleet replays it, and its new logs still give
    their events, the refusal of the log after the reported final state included)."""
    if data.draw(st.booleans()):
        job = data.draw(job_payloads(edition=edition, max_size=20))
    else:
        job = data.draw(near_miss_payloads(edition=edition))[0]
    assume(isinstance(job, dict) and type(job.get("job_id")) is str and isinstance(job.get("operation_logs"), list))
    logs = job["operation_logs"]
    whole = {
        (e.index, d.code) for e in Fleet(edition=edition).update(job) if e.kind == "refused" for d in e.diagnostics
    }
    fleet, growing = Fleet(edition=edition), set()
    for k in range(len(logs) + 1):
        polled = dict(job, operation_logs=logs[:k], state=job.get("state") if k == len(logs) else "TRAINING")
        growing |= {(e.index, d.code) for e in fleet.update(polled) if e.kind == "refused" for d in e.diagnostics}
    assert growing == whole


def test_a_job_turning_job_finish_still_gets_its_refusal() -> None:
    """The review's example: polled log by log, the state following the job, then JOB_FINISH with USER_REPAIR."""
    job = json.loads((DATA / "scenarios" / "after-final--log-after-job-finish.json").read_text(encoding="utf-8"))
    logs, fleet, refused = job["operation_logs"], Fleet(), []
    for k in range(1, len(logs) + 1):
        state = job["state"] if k == len(logs) else "JOB_SUCCESS" if k == len(logs) - 1 else "TRAINING"
        events = fleet.update(dict(job, operation_logs=logs[:k], state=state))
        refused += [(e.index, e.log_type) for e in events if e.kind == "refused"]
    assert refused == [(22, "USER_REPAIR")]
