"""The testing kit: its strategies keep their promises, and the library's own properties use them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import run_state_machine_as_test

from lifecycle import Tracker, compile_edition
from lifecycle.engine import BEFORE_CREATION
from lifecycle.testing.coverage import Coverage
from lifecycle.testing.strategies import (
    Event,
    Walk,
    coverage_of,
    histories,
    hostile_payloads,
    job_payloads,
    lifecycle_machine,
    near_miss_payloads,
    walks,
)
from lifecycle.validation.codes import ALWAYS_CHECKED
from lifecycle.validation.report import CODES, Severity, check_report_dict
from lifecycle.validation.validator import validate
from tests.conftest import EDITIONS

# -- the strategies keep their promises -------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_every_job_payload_validates_with_no_diagnostic(edition: str, data: st.DataObject) -> None:
    job = data.draw(job_payloads(edition=edition))
    report = validate(job, edition=edition)
    assert report.diagnostics == (), [d.message for d in report.diagnostics]
    assert job["state"] in report.final_states


def test_an_opt_in_code_cannot_be_asked_of_near_misses() -> None:
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="opt-in"):
        near_miss_payloads(codes=["overdue"])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("code", ALWAYS_CHECKED)
@settings(max_examples=25)
@given(data=st.data())
def test_near_miss_yields_exactly_its_code(edition: str, code: str, data: st.DataObject) -> None:
    payload, expected = data.draw(near_miss_payloads(edition=edition, codes=[code]))
    assert expected == code
    report = validate(payload, edition=edition)
    assert report.codes() == [code], [d.message for d in report.diagnostics]
    assert report.ok == (CODES[code].severity is not Severity.ERROR)


@given(data=st.data())
def test_near_misses_of_any_code(data: st.DataObject) -> None:
    edition = data.draw(st.sampled_from(EDITIONS))
    payload, code = data.draw(near_miss_payloads(edition=edition))
    assert validate(payload, edition=edition).codes() == [code]


def _states(edition: str) -> list[tuple[str, str]]:
    return [(edition, s) for s in compile_edition(edition).states]


@pytest.mark.parametrize(("edition", "state"), [p for e in EDITIONS for p in _states(e)])
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_state_is_an_end_state_of_some_history(edition: str, state: str, data: st.DataObject) -> None:
    walk = data.draw(walks(edition=edition, end_state=state))
    logs = data.draw(histories(edition=edition, end_state=state))
    assert walk.end_state == state
    for log_types, w in ((walk.log_types, walk), ([e["log_type"] for e in logs], None)):
        lc = compile_edition(edition)
        if w is not None:
            lc = lc.restrict(flexus=w.flexus, na=w.na)
        assert state in lc.replay(log_types)


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_histories_respect_their_options(edition: str, data: st.DataObject) -> None:
    low = data.draw(st.integers(1, 12))
    high = data.draw(st.integers(low, 30))
    side = data.draw(st.booleans())
    flexus = data.draw(st.booleans())
    walk = data.draw(walks(edition=edition, min_size=low, max_size=high, side_events=side, flexus=flexus))
    lc = compile_edition(edition).restrict(flexus=walk.flexus, na=walk.na)
    assert low <= len(walk.logs) <= high
    assert walk.flexus is flexus
    assert walk.logs[0]["log_type"] == lc.spec.creation.log_type
    if not side:
        assert all(m[0] == "silent" or lc.moves(m[1], m[2]) for m in walk.moves)
    times = [e["operate_time"] for e in walk.logs]
    assert times == sorted(times)


@pytest.mark.parametrize(
    "make",
    [
        lambda: histories(edition="1999-01"),
        lambda: histories(end_state="NOT_A_STATE"),
        lambda: histories(end_state="JOB_FINISH", na_whitelist=False),  # only NA jobs finish this way
        lambda: histories(end_state="WAIT_ASSET_SYNC", max_size=2),  # too deep for two logs
        lambda: histories(min_size=5, max_size=4),
        lambda: histories(max_size=0),
        lambda: histories(min_size=-1),
        lambda: histories(flexus="yes"),  # type: ignore[arg-type]
        lambda: job_payloads(end_state="NOPE"),
        lambda: job_payloads(end_state="JOB_FINISH", na_whitelist=False),
        lambda: job_payloads(end_state="TRAINING", na_whitelist=True),  # an NA job shows an NA-only state
        lambda: near_miss_payloads(codes=["no-such-code"]),
        lambda: near_miss_payloads(codes=[]),
        lambda: near_miss_payloads(codes="illegal-transition"),
        lambda: hostile_payloads(edition="nope"),
        lambda: lifecycle_machine(setup=object, apply=print, flexus=None),  # type: ignore[arg-type]
        lambda: lifecycle_machine(setup=object, apply=3),  # type: ignore[arg-type]
    ],
)
def test_impossible_requests_raise_invalid_argument(make: Any) -> None:
    with pytest.raises(InvalidArgument):
        make()


# -- the library's own properties, over the strategies -----------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_the_machine_and_the_tables_agree_on_every_walk(edition: str, data: st.DataObject) -> None:
    # A walk is drawn from the lookup tables; the Tracker (the validator's replay and the shared
    # transitions.Machine) must take exactly its moves.
    walk = data.draw(walks(edition=edition))
    tracker = Tracker(compile_edition(edition).restrict(flexus=walk.flexus, na=walk.na))
    for move in walk.moves:
        if move[0] == "log":
            assert move[1] in tracker.states, move
            assert tracker.apply(move[2], target=move[3]), move
        else:
            assert move[1] in tracker.states, move
            assert tracker.drift(move[2]), move
    assert walk.end_state in tracker.states
    assert tracker.state in (None, walk.end_state)


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_hostile_input_never_raises_and_reports_round_trip(edition: str, data: st.DataObject) -> None:
    payload = data.draw(hostile_payloads(edition=edition))
    lang = data.draw(st.sampled_from(["zh", "en"]))
    report = validate(payload, edition=edition, lang=lang)
    document = report.to_dict()
    check_report_dict(document)
    assert json.loads(report.to_json()) == document


@given(data=st.data())
def test_inferred_coverage_contains_the_exact_path(data: st.DataObject) -> None:
    edition = data.draw(st.sampled_from(EDITIONS))
    walk = data.draw(walks(edition=edition))
    exact, inferred = Coverage(compile_edition(edition)), Coverage(compile_edition(edition))
    exact.add_path(walk.moves)
    assert inferred.add_history(walk.log_types, end_state=walk.end_state, flexus=walk.flexus, na=walk.na)
    for kind in ("states", "rules", "silent", "side"):
        assert getattr(exact, kind) <= getattr(inferred, kind), kind


def test_coverage_rejects_what_it_cannot_replay() -> None:
    cov = Coverage(compile_edition())
    assert not cov.add_history(["USER_CREATE_JOD", "ADMIN_VERIFY_SUCCESS"])
    assert not cov.add_history(["USER_CREATE_JOD"], end_state="JOB_SUCCESS")
    assert (cov.histories, cov.rejected) == (0, 2)
    assert cov.ratios()["states"] == (0, len(cov.lifecycle.states))


COVERAGE_EXAMPLES = 1000


@pytest.mark.parametrize("edition", EDITIONS)
def test_default_walks_cover_every_state_rule_silent_move_and_side_event(edition: str) -> None:
    # The bound of the claim: 1000 examples at the default options, derandomized so that the
    # figure is reproducible (measured: the rarest element is then hit about a dozen times).
    drawn: list[Walk] = []

    @settings(max_examples=COVERAGE_EXAMPLES, derandomize=True, database=None, deadline=None)
    @given(walks(edition=edition))
    def collect(walk: Walk) -> None:
        drawn.append(walk)

    collect()
    cov = coverage_of(drawn, edition=edition)
    print(cov.summary())
    assert cov.complete(), cov.summary()


def test_coverage_of_payloads_and_plain_histories() -> None:
    jobs: list[dict[str, Any]] = []
    logs: list[list[dict[str, str]]] = []

    @settings(max_examples=30, database=None)
    @given(job_payloads(), histories())
    def collect(job: dict[str, Any], history: list[dict[str, str]]) -> None:
        jobs.append(job)
        logs.append(history)

    collect()
    assert coverage_of(jobs).rejected == 0
    assert coverage_of(logs).rejected == 0
    assert coverage_of([[{"log_type": "SYSTEM_TRAIN_SUCCESS"}]]).rejected == 1


# -- the stateful machine -----------------------------------------------------------------------------


class Dashboard:
    """A user's system under test: it keeps the last state and the console group it shows."""

    def __init__(self) -> None:
        self.state = BEFORE_CREATION
        self.logs: list[str] = []

    def on(self, event: Event[Dashboard]) -> None:
        self.state = event.state
        if event.log is not None:
            self.logs.append(event.log["log_type"])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("flexus", "na"), [(False, False), (True, False), (False, True)])
def test_stateful_machine_drives_a_system_and_checks_it(edition: str, flexus: bool, na: bool) -> None:
    lc = compile_edition(edition).restrict(flexus=flexus, na=na)

    def check(event: Event[Dashboard]) -> None:
        assert event.system.state == event.state
        report = validate(event.job, edition=edition)
        assert report.ok, report.diagnostics
        assert event.state in lc.replay(event.system.logs)

    machine = lifecycle_machine(
        setup=Dashboard, apply=lambda e: e.system.on(e), check=check, edition=edition, flexus=flexus, na_whitelist=na
    )
    run_state_machine_as_test(machine, settings=settings(max_examples=30, stateful_step_count=40, deadline=None))


def test_stateful_machine_tracks_the_transitions_machine() -> None:
    # The library's own Tracker as the system under test: it must accept every step the machine takes.
    lc = compile_edition()

    def apply(event: Event[Any]) -> None:
        tracker = event.system
        move = event.moves[-1] if event.moves else None
        if move is None or (event.log is None and move[0] == "log"):
            return
        if tracker.state != event.state and move[0] == "silent":
            assert tracker.drift(move[2])
        elif move[0] == "log" and event.log is not None:
            assert tracker.apply(move[2], target=move[3])
        assert tracker.state == event.state

    machine = lifecycle_machine(setup=lambda: Tracker(lc.restrict()), apply=apply)
    run_state_machine_as_test(machine, settings=settings(max_examples=30, stateful_step_count=40, deadline=None))


def test_a_failing_system_shrinks_to_a_shortest_history() -> None:
    # A buggy system that crashes on a failed manual review: the failing history Hypothesis
    # reports must be as short as the lifecycle allows (the shortest route to that state).
    systems: list[Dashboard] = []

    def setup() -> Dashboard:
        systems.append(Dashboard())
        return systems[-1]

    def apply(event: Event[Dashboard]) -> None:
        event.system.on(event)
        if event.state == "MANUAL_VERIFY_FAILED":
            raise RuntimeError("dashboard cannot show a failed review")

    machine = lifecycle_machine(setup=setup, apply=apply, side_events=False)
    with pytest.raises(RuntimeError):
        run_state_machine_as_test(
            # derandomize: shrinking is a search, and a search from some seeds stops at a local minimum
            # (seen: 1 run in 6 kept a detour through VIDEO_ANALYZE_FAILED); a fixed seed makes the
            # test say the same thing every run.
            machine,
            settings=settings(max_examples=400, stateful_step_count=20, deadline=None, database=None, derandomize=True),
        )
    lc = compile_edition().restrict()
    shortest = min(len(h) for h in _routes_to(lc, "MANUAL_VERIFY_FAILED"))
    assert len(systems[-1].logs) == shortest, systems[-1].logs
    assert "MANUAL_VERIFY_FAILED" in lc.replay(systems[-1].logs)


def _routes_to(lc: Any, goal: str) -> list[list[str]]:
    """Every shortest log route from creation to ``goal`` (breadth first over possible-state sets)."""
    start = lc.closure_of(lc.start)
    frontier: list[tuple[frozenset[str], list[str]]] = [(start, [])]
    seen = {start}
    while frontier:
        found = [route for states, route in frontier if goal in states]
        if found:
            return found
        following = []
        for states, route in frontier:
            for log in sorted(lc.allowed_in(states)):
                if lc.effect(log) == "side":
                    continue
                nxt = lc.step(states, log)
                if nxt and nxt not in seen:
                    seen.add(nxt)
                    following.append((nxt, [*route, log]))
        frontier = following
    return []
