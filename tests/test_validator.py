"""The validator: one scenario file per code, properties over histories walked from the spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.engine import Lifecycle
from lifecycle.validation.checks import CHECKS, Finding, rank
from lifecycle.validation.codes import ALWAYS_CHECKED
from lifecycle.validation.report import CODES, Severity, check_report_dict
from lifecycle.validation.validator import validate, validate_many
from tests.conftest import DATA, EDITIONS, ROOT
from tests.scenario_expectations import PINNED

# Diagnostics about one log that name its log type (missing-creation does not yet: reported).
LOG_CODES = {"illegal-transition", "unconfirmed-transition", "after-final", "repeated-log", "unknown-log-type"}
VALID_JOB = DATA / "scenarios" / "valid--long-history-to-job-success.json"

SCENARIOS = sorted((DATA / "scenarios").glob("*.json"))
"""Scenarios of the default edition; ``scenarios-2024-12`` holds those of the older one. A file is named
after what it expects: ``valid--…``, ``CODE--…``, or ``CODE+CODE--…`` for several codes."""
SCENARIOS_2024 = sorted((DATA / "scenarios-2024-12").glob("*.json"))


def _expected(path: Path) -> list[str]:
    head = path.name.split("--")[0]
    return [] if head == "valid" else head.split("+")


@pytest.mark.parametrize(
    ("path", "edition"),
    [(p, "2025-11") for p in SCENARIOS] + [(p, "2024-12") for p in SCENARIOS_2024],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_scenario_yields_exactly_its_codes(path: Path, edition: str) -> None:
    report = validate(path.read_bytes(), source=path.name, edition=edition)
    expected = _expected(path)
    assert sorted(set(report.codes())) == sorted(expected)
    assert report.ok == all(CODES[code].severity is not Severity.ERROR for code in expected)
    check_report_dict(report.to_dict())


@pytest.mark.parametrize(
    ("path", "edition"),
    [(p, "2025-11") for p in SCENARIOS if _expected(p)] + [(p, "2024-12") for p in SCENARIOS_2024 if _expected(p)],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_scenario_pins_index_field_and_message(path: Path, edition: str) -> None:
    """Not only the code: where (index, field path) and what the message says, in English and Chinese."""
    pinned = PINNED[path.stem]
    try:
        logs = json.loads(path.read_bytes())["operation_logs"]
    except ValueError:
        logs = []
    assert sorted({e.code for e in pinned}) == sorted(set(_expected(path)))
    for lang in ("en", "zh"):
        report = validate(path.read_bytes(), source=path.name, edition=edition, lang=lang)
        got = sorted((d.code, d.index if d.index is not None else -1, d.field or "") for d in report.diagnostics)
        assert got == sorted((e.code, e.index if e.index is not None else -1, e.field or "") for e in pinned), lang
        for d in report.diagnostics:
            (e,) = [e for e in pinned if (e.code, e.index, e.field) == (d.code, d.index, d.field)]
            for word in e.en if lang == "en" else e.zh:
                assert word in d.message, (lang, d.code, word, d.message)
            assert "None" not in d.message, d.message
            if d.index is not None and d.code in LOG_CODES:
                assert d.log_type == logs[d.index]["log_type"], (d.code, d.log_type)
            if d.code == "unconfirmed-transition":
                assert d.confidence in ("documented", "implied", "assumed"), d
                assert d.reading, d
                assert d.reading in d.message, d


SCENARIOS_CLOCK = sorted((DATA / "scenarios-clock").glob("*.json"))
"""Scenarios of checks switched on by ``--now``, validated as of :data:`CLOCK_NOW` (a Monday)."""
CLOCK_NOW = "2026-11-30T08:00:00Z"


def test_every_code_has_a_scenario() -> None:
    always = set(ALWAYS_CHECKED)
    assert {code for p in SCENARIOS for code in _expected(p)} == always
    assert {code for p in SCENARIOS_CLOCK for code in _expected(p)} == set(CODES) - always


@pytest.mark.parametrize("path", SCENARIOS_CLOCK, ids=lambda p: p.stem)
def test_clock_scenario_yields_exactly_its_codes_and_none_without_the_clock(path: Path) -> None:
    from lifecycle.payload.timestamps import parse_rfc3339
    from lifecycle.spec.expectations import Clock

    report = validate(path.read_bytes(), source=path.name, clock=Clock(parse_rfc3339(CLOCK_NOW)))
    assert sorted(set(report.codes())) == sorted(_expected(path))
    check_report_dict(report.to_dict())
    assert validate(path.read_bytes()).codes() == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_seed_example_is_valid_with_a_deprecation_warning(edition: str) -> None:
    report = validate((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"), edition=edition)
    assert report.ok
    assert [(d.code, d.severity) for d in report.diagnostics] == [("deprecated-value", Severity.WARNING)]
    assert report.final_states == ("MANUAL_VERIFYING",)


def test_injected_illegal_log_gives_exactly_one_diagnostic() -> None:
    path = DATA / "scenarios" / "illegal-transition--injected-into-long-history.json"
    report = validate(path.read_bytes())
    assert len(json.loads(path.read_bytes())["operation_logs"]) > 20
    (diagnostic,) = report.diagnostics
    assert diagnostic.index == 11
    assert diagnostic.states == ("TRAIN_SUCCESS",)
    assert "SYSTEM_INFERENCE_DATA_PREPROCESSING" in diagnostic.allowed


@pytest.mark.parametrize("value", [None, 3, "text", [1, 2], "[1,", b"\xff\xfe", "{}"])
def test_garbage_never_raises(value: Any) -> None:
    report = validate(value)
    assert not report.ok or report.diagnostics


# -- properties over histories walked from the spec -------------------------------------------------

ACTOR = {"USER": "USER", "ADMIN": "ADMIN", "SYSTEM": "SYSTEM"}


@st.composite
def walked_jobs(draw: st.DrawFn, lc: Lifecycle) -> dict[str, Any]:
    """A legal job: a walk through a standard job's lifecycle, silent moves and side events included."""
    state = "<new>"
    logs: list[dict[str, str]] = []
    for step in range(draw(st.integers(1, 45))):
        moves = sorted((log, dest) for log, dests in lc.table[state].items() for dest in dests)
        drift = sorted(lc.silent_targets(state))
        if step and drift and draw(st.booleans()):
            state = draw(st.sampled_from(drift))
            continue
        if not moves:
            break
        log, state = draw(st.sampled_from(moves))
        info = lc.log_type_info(log)
        assert info is not None
        actor = draw(st.sampled_from(sorted(a.value for a in info.actors)))
        logs.append(
            {
                "operate_time": f"2024-05-01T10:{len(logs) // 60:02d}:{len(logs) % 60:02d}Z",
                "log_type": log,
                "operate_user": actor,
            }
        )
        if step == 0:
            continue
    return {
        "job_id": "j" * 32,
        "name": "n",
        "state": state,
        "create_time": "2024-05-01T10:00:00Z",
        "operation_logs": logs,
    }


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_walked_histories_validate_without_error(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition).restrict()
    job = data.draw(walked_jobs(lc))
    report = validate(job, edition=edition)
    assert report.diagnostics == (), report.diagnostics


def insert_illegal(
    data: st.DataObject, lc: Lifecycle, logs: list[dict[str, Any]], position: int
) -> tuple[frozenset[str], str]:
    """Insert at ``position`` a log no state possible there accepts, under the spec's reading and every
    alternative reading: a known log type, with an allowed actor and the previous log's time. Returns the
    possible states before it and its log type."""
    before = lc.replay(entry["log_type"] for entry in logs[:position])

    def nowhere(log: str) -> bool:
        return not lc.step(before, log) and not any(a.step(a.closure_of(before), log) for _, a in lc.alternatives)

    illegal = sorted(t for t in lc.log_types if nowhere(t) and lc.entry_states(t))
    log = data.draw(st.sampled_from(illegal))
    info = lc.log_type_info(log)
    assert info is not None
    time = logs[position - 1]["operate_time"]
    logs.insert(position, {"operate_time": time, "log_type": log, "operate_user": sorted(info.actors)[0].value})
    return before, log


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_inserting_an_illegal_log_yields_one_illegal_transition(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition).restrict()
    job = data.draw(walked_jobs(lc))
    logs = job["operation_logs"]
    position = data.draw(st.integers(1, len(logs)))
    insert_illegal(data, lc, logs, position)
    report = validate(job, edition=edition)
    assert [d.code for d in report.diagnostics if d.severity is Severity.ERROR] == ["illegal-transition"]
    assert report.diagnostics[0].index == position


@given(data=st.data())
def test_dropping_the_creation_log_yields_missing_creation(data: st.DataObject) -> None:
    lc = compile_edition().restrict()
    job = data.draw(walked_jobs(lc))
    del job["operation_logs"][0]
    report = validate(job)
    assert "missing-creation" in report.codes()
    assert not report.ok


@given(data=st.data())
def test_reports_round_trip_through_json(data: st.DataObject) -> None:
    job = data.draw(walked_jobs(compile_edition().restrict()))
    job["state"] = data.draw(st.sampled_from(["TRAINING", "NOPE", "JOB_FINISH"]))
    report = validate(job, lang=data.draw(st.sampled_from(["zh", "en"])))
    assert json.loads(report.to_json()) == report.to_dict()
    check_report_dict(report.to_dict())


# st.text() leaves lone surrogates out whatever its alphabet: joined from characters, they stay in.
_ODD_TEXT = st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=12).map("".join)


@given(data=st.data(), text=_ODD_TEXT)
def test_reports_echoing_any_string_round_trip_through_json(data: st.DataObject, text: str) -> None:
    """Any string a payload may hold (lone surrogates included: JSON can escape them) in the fields
    a report echoes."""
    text = json.loads(json.dumps(text))  # what JSON text can hold: an escaped pair reads as one character
    job = data.draw(walked_jobs(compile_edition().restrict()))
    field = data.draw(st.sampled_from(["job_id", "state", "log_type"]))
    if field == "log_type":
        job["operation_logs"][-1]["log_type"] = text
    else:
        job[field] = text
    report = validate(job, schema=data.draw(st.booleans()))
    assert json.loads(report.to_json()) == report.to_dict()


def test_validate_many_streams_in_order() -> None:
    jobs = [{"job_id": str(i), "state": "WAIT_FILE_UPLOAD", "name": "n"} for i in range(5)]
    assert [r.job_id for r in validate_many(iter(jobs))] == [str(i) for i in range(5)]


def test_no_output_contains_the_phone_number_or_a_query_string() -> None:
    job = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    job["contact"] = "13812345678"
    job["state"] = "https://evil.example/x?Signature=abc"
    job["operation_logs"].append(
        {
            "operate_time": "bad 13812345678",
            "log_type": "https://evil.example/y?Signature=abc",
            "operate_user": "13812345678",
        }
    )
    job["cover_download_url"] = 12
    text = validate(job, lang="zh").to_json() + validate(job, lang="en").to_json()
    assert "13812345678" not in text
    assert "Signature=abc" not in text


@pytest.mark.parametrize("schema", [True, False])
def test_a_job_without_state_gets_a_diagnostic_with_or_without_the_schema(schema: bool) -> None:
    job = json.loads(VALID_JOB.read_bytes())
    del job["state"]
    report = validate(json.dumps(job), schema=schema)
    assert [(d.code, d.field) for d in report.diagnostics] == [("invalid-field", "state")]
    assert "state" in report.diagnostics[0].message


def test_after_final_points_at_the_first_log_after_the_final_state() -> None:
    """The log that entered JOB_FINISH is legal; the one after it is the one reported (not one early)."""
    job = json.loads((DATA / "scenarios" / "after-final--log-after-job-finish.json").read_bytes())
    logs = job["operation_logs"]
    job["operation_logs"] = logs[:22]
    clean = validate(json.dumps(job))
    assert "JOB_FINISH" in clean.final_states
    assert "after-final" not in clean.codes()
    for extra in (1, 2):
        job["operation_logs"] = [*logs[:22], *[logs[22]] * extra]
        found = [d.index for d in validate(json.dumps(job)).diagnostics if d.code == "after-final"]
        assert found[0] == 22, found


@pytest.mark.parametrize(("text", "kind"), [("null", "null"), ("[1]", "list"), ("5", "int"), ('"s"', "str")])
def test_a_top_level_that_is_no_object_is_named(text: str, kind: str) -> None:
    (d,) = validate(text).diagnostics
    assert (d.code, d.message) == ("invalid-json", f"not a JSON object: the top level is {kind}")


@pytest.mark.parametrize(("state", "says"), [(None, "is missing"), (5, "must be a string"), ([], "must be a string")])
def test_a_state_that_is_no_string_says_why(state: object, says: str) -> None:
    job = json.loads(VALID_JOB.read_bytes())
    if state is None:
        del job["state"]
    else:
        job["state"] = state
    for schema in (True, False):
        messages = [d.message for d in validate(json.dumps(job), schema=schema).diagnostics if d.field == "state"]
        assert messages == [f"state: {says}"], schema


def test_an_unconfirmed_transition_cites_the_first_evidence_of_its_reading() -> None:
    from lifecycle import load_edition

    (alt,) = [a for a in load_edition().alternatives if a.name == "stages-in-any-order"]
    assert len(alt.evidence) >= 2
    path = DATA / "scenarios" / "unconfirmed-transition--test-video-check-after-compile.json"
    (d,) = validate(path.read_bytes()).diagnostics
    assert str(alt.evidence[0]) in d.message
    assert str(alt.evidence[1]) not in d.message  # one line of evidence, not all of it


def test_diagnostics_about_logs_come_first_in_log_order_then_the_job_s() -> None:
    path = DATA / "scenarios" / "time-regression+invalid-field--offset-without-colon.json"
    report = validate(path.read_bytes())
    assert [(d.code, d.index, d.field) for d in report.diagnostics] == [
        ("time-regression", 2, "operation_logs[2].operate_time"),
        ("invalid-field", None, "operation_logs[1].operate_time"),
        ("invalid-field", None, "operation_logs[2].operate_time"),
    ]


@given(st.permutations(list(CHECKS)), st.integers(0, 5))
def test_rank_orders_a_logs_findings_by_position_then_as_checks_lists_them(codes: list[str], index: int) -> None:
    """Whatever order the findings come in: a log's by position, then in CHECKS order; the job's last."""
    job = [Finding(code) for code in codes]
    findings = job + [Finding(code, index=i) for i in (index + 1, index) for code in codes]
    ordered = [(f.index, f.code) for f in sorted(findings, key=rank)]
    by_checks = list(CHECKS)
    assert ordered == [(i, code) for i in (index, index + 1, None) for code in by_checks]


@pytest.mark.parametrize(
    "times",
    [
        ["2024-05-01T12:00:00", "2024-05-01T10:00:00"],  # no offset: ambiguous, no part in the order
        ["2024-05-01T10:00:00Z", "2024-05-01T09:00:00", "2024-05-01T10:00:00Z"],
    ],
)
def test_a_time_without_an_offset_takes_no_part_in_the_time_order(times: list[str]) -> None:
    logs = [{"log_type": "USER_CREATE_JOD", "operate_user": "USER", "operate_time": times[0]}]
    logs += [{"log_type": "A_LOG_NOBODY_KNOWS", "operate_user": "SYSTEM", "operate_time": t} for t in times[1:]]
    report = validate({"job_id": "j", "state": "WAIT_FILE_UPLOAD", "operation_logs": logs}, schema=False)
    assert "time-regression" not in report.codes()
    assert "unknown-log-type" in report.codes()
