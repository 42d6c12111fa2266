"""One pipeline: every entry point gives the same diagnostics, the shortcut changes nothing, the replay is
linear whatever a history holds, and the examples that once split the paths are tests (issue 13)."""

from __future__ import annotations

import codecs
import copy
import dataclasses
import gc
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.batch.partitions import validate_partition
from lifecycle.engine.table import INFO, Table, canonical_times, table
from lifecycle.engine.table import info as row_info
from lifecycle.models import parse_job
from lifecycle.payload.jsontext import MAX_DEPTH, NotJson, loads, shallow
from lifecycle.testing.strategies import hostile_payloads, job_payloads, near_miss_payloads
from lifecycle.validation import pipeline
from lifecycle.validation.checks import CHECKS, Subject
from lifecycle.validation.codes import CODES
from lifecycle.validation.decode import facts_from_mapping, facts_from_object, facts_from_text
from lifecycle.validation.facts import Problem
from lifecycle.validation.report import Diagnostic, Report
from lifecycle.validation.validator import replay_log_types, validate
from tests.conftest import DATA, EDITIONS, ROOT, no_shortcut, run
from tests.test_validator import walked_jobs

Key = tuple[str, int | None, str | None]


def _keys(report: Report | dict[str, Any]) -> list[Key]:
    if isinstance(report, Report):
        return [(d.code, d.index, d.field) for d in report.diagnostics]
    return [(d["code"], d["index"], d["field"]) for d in report["diagnostics"]]


_SCHEMA_CODES = {"invalid-field", "deprecated-value"}


def _assert_schema_adds_only_its_findings(on: Report, off: Report) -> None:
    """With the schema on, the same lifecycle diagnostics, plus invalid-field / deprecated-value ones."""
    with_schema = _keys(on)
    without = _keys(off)
    assert [k for k in with_schema if k in without] == without
    assert {k[0] for k in with_schema if k not in without} <= _SCHEMA_CODES
    assert on.final_states == off.final_states


# -- mutations aimed at the edges of the fast path ------------------------------------------------

_TIMES = [
    "2024-05-01T10:00:00Z",
    "2024-05-01T09:59:59Z",
    "2024-05-01T10:00:00+08:00",
    "2024-05-01T10:00:00.5Z",
    "2024-05-01t10:00:00z",
    "2023-02-30T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2024-05-01T10:00:60Z",
    "２０２４-05-01T10:00:00Z",
    "2030-01-01T00:00:00Z",
    "2000-01-01T00:00:00Z",
    "",
    None,
    5,
]
_ODD = st.sampled_from([None, 5, 1.5, [], {}, "", "user", "USER", "ADMIN", "SYSTEM", "NOPE", True])


@st.composite
def _mutated(draw: st.DrawFn, edition: str) -> dict[str, Any]:
    lc = compile_edition(edition)
    job: dict[str, Any] = copy.deepcopy(
        draw(st.one_of(walked_jobs(lc.restrict()), job_payloads(edition=edition, max_size=20)))
    )
    logs: list[Any] = job["operation_logs"]
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(["field", "time", "actor", "type", "swap", "dup", "drop", "entry", "job"]))
        i = draw(st.integers(0, max(0, len(logs) - 1)))
        if how == "job":
            key = draw(
                st.sampled_from(
                    ["state", "is_flexus", "create_time", "last_update_time", "model_version", "job_id", "name"]
                )
            )
            if key == "state":
                job[key] = draw(st.sampled_from([*lc.states, "FUTURE_STATE", None, 5, ""]))
            elif key in ("create_time", "last_update_time"):
                job[key] = draw(st.sampled_from(_TIMES))
            elif key == "model_version":
                job[key] = draw(st.sampled_from(["V3", "V2", "V3.2", 5, None]))
            elif key == "is_flexus":
                job[key] = draw(st.sampled_from([True, False, "true", None]))
            else:
                job[key] = draw(_ODD)
            continue
        if not logs:
            continue
        entry = logs[i]
        if how == "field" and isinstance(entry, dict):
            key = draw(st.sampled_from(["log_type", "operate_user", "operate_time"]))
            if draw(st.booleans()):
                entry.pop(key, None)
            else:
                entry[key] = draw(_ODD)
        elif how == "time" and isinstance(entry, dict):
            entry["operate_time"] = draw(st.sampled_from(_TIMES))
        elif how == "actor" and isinstance(entry, dict):
            entry["operate_user"] = draw(st.sampled_from(["USER", "ADMIN", "SYSTEM", "user", None]))
        elif how == "type" and isinstance(entry, dict):
            entry["log_type"] = draw(st.sampled_from([*lc.log_types, "SYSTEM_FUTURE"]))
        elif how == "swap":
            j = draw(st.integers(0, len(logs) - 1))
            logs[i], logs[j] = logs[j], logs[i]
        elif how == "dup":
            logs.insert(i, copy.deepcopy(entry))
        elif how == "drop":
            del logs[i]
        elif how == "entry":
            logs[i] = draw(_ODD)
    return job


_SEED_JOB = (ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8")


def _seed_with(extra: str | bytes) -> bytes:
    """The seed job with ``extra`` (raw JSON text, bytes as they are) as the value of a field the
    lifecycle does not read."""
    raw = extra if isinstance(extra, bytes) else extra.encode()
    head, tail = _SEED_JOB.encode().split(b'"name"', 1)
    return head + b'"x": ' + raw + b', "name"' + tail


def _forms(job: object) -> list[object]:
    """``job`` as every entry point takes it: the object, JSON text and bytes, a pydantic Job when the
    payload models hold it as sent."""
    if not isinstance(job, dict):
        return [job]
    text = json.dumps(job, ensure_ascii=False)
    forms: list[object] = [job, text, text.encode(), bytearray(text.encode())]
    parsed = parse_job(job)
    if parsed.job is not None and not parsed.problems:
        forms.append(parsed.job)
    return forms


def _assert_same(job: object, edition: str) -> None:
    reports = {}
    for schema in (False, True):
        expected: list[Key] | None = None
        for form in _forms(job):
            report = validate(form, edition=edition, schema=schema, source="s")
            keys = _keys(report)
            if form is job or isinstance(form, str | bytes | bytearray):
                if expected is None:
                    expected = keys
                assert keys == expected, (schema, type(form).__name__)
            else:  # a Job: the model's defaults fill what the payload left out; the lifecycle is the same
                assert [k for k in keys if k[0] not in _SCHEMA_CODES] == [
                    k for k in expected or [] if k[0] not in _SCHEMA_CODES
                ]
            with no_shortcut():
                assert validate(form, edition=edition, schema=schema, source="s") == report
        reports[schema] = validate(job, edition=edition, schema=schema)
    _assert_schema_adds_only_its_findings(reports[True], reports[False])


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_every_entry_point_gives_the_same_diagnostics(edition: str, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["valid", "near-miss", "hostile", "mutated"]))
    if kind == "valid":
        job: object = data.draw(job_payloads(edition=edition, max_size=20))
    elif kind == "near-miss":
        job = data.draw(near_miss_payloads(edition=edition))[0]
    elif kind == "hostile":
        job = data.draw(hostile_payloads(edition=edition))
    else:
        job = data.draw(_mutated(edition))
    _assert_same(job, edition)


@st.composite
def _mutated_bytes(draw: st.DrawFn) -> bytes:
    """A job's JSON text with a few bytes flipped, deleted or inserted."""
    job = draw(job_payloads(max_size=6))
    text = bytearray(json.dumps(job, ensure_ascii=draw(st.booleans())).encode())
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["flip", "delete", "insert"]))
        byte = draw(st.sampled_from(b'"{}[],:\\0159eE.-+ntfu\x00\x7f\xff\xc3\xa9'))
        if how == "flip":
            text[i] = byte
        elif how == "delete":
            del text[i]
        else:
            text.insert(i, byte)
    return bytes(text)


@given(_mutated_bytes())
def test_byte_mutations_read_the_same_by_both_decoders(raw: bytes) -> None:
    """The typed lifecycle decoder and the full decoder read every text alike (or both refuse it)."""
    value = loads(raw)
    full = value if isinstance(value, NotJson) else facts_from_object(value)
    assert facts_from_text(raw) == full
    report = validate(raw, schema=False)
    if not isinstance(value, NotJson):
        assert _keys(report) == _keys(validate(value, schema=False))
    else:
        assert report.codes() == ["invalid-json"]


@given(_mutated_bytes(), st.booleans(), st.booleans())
def test_a_text_and_its_utf8_bytes_get_the_same_report(raw: bytes, bom: bool, schema: bool) -> None:
    """``validate(text)`` and ``validate(text.encode())`` agree, a byte order mark included: a file read with
    ``encoding="utf-8"`` keeps it, as its bytes do (json refuses it in a ``str`` only)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    if bom:
        text, raw = "\ufeff" + text, codecs.BOM_UTF8 + raw
    assert validate(text, schema=schema) == validate(raw, schema=schema)


def test_a_byte_order_mark_in_a_str_is_read_as_in_bytes() -> None:
    text = (ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8")
    from_bytes = validate(codecs.BOM_UTF8 + text.encode())
    assert validate("\ufeff" + text).codes() == from_bytes.codes() == ["deprecated-value"]


@given(_mutated_bytes(), st.sampled_from([b"\n", b"\r\n", b" \t\n", b"\n\n"]), st.booleans())
def test_whitespace_after_a_text_changes_no_message(raw: bytes, end: bytes, schema: bool) -> None:
    """A JSONL line is validated without its newline (the command line) or with it (a Dask partition, a
    caller): the same report, messages included (``Expecting ',' delimiter: line 1 column 8``). (A text
    starting with a zero byte is read as UTF-16 or UTF-32, whose reading depends on its length.)"""
    assume(b"\x00" not in raw[:2])
    assert validate(raw + end, schema=schema).diagnostics == validate(raw, schema=schema).diagnostics


@pytest.mark.parametrize("path", sorted((DATA / "scenarios").glob("*.json")), ids=lambda p: p.stem)
def test_scenarios_agree_on_every_entry_point(path: Path) -> None:
    value = loads(path.read_bytes())
    for edition in EDITIONS:
        _assert_same(path.read_bytes() if isinstance(value, NotJson) else value, edition)


@pytest.mark.parametrize(
    "text",
    [
        b'{"job_id": "a", "x": NaN}',
        b'{"job_id": 123456789012345678901234567890}',
        b"\xef\xbb\xbf{}",
        b"[1]",
        b"{",
        # what the lifecycle-only decoder scans without building: json.loads has the last word on it
        _seed_with(b'"bad UTF-8 \xff"'),
        _seed_with("NaN"),
        _seed_with("1e400"),
        _seed_with("123456789012345678901234567890"),
        _seed_with('"\\ud800"'),
        _seed_with("[" * 5000 + "]" * 5000),
        b"\xef\xbb\xbf" + _seed_with("1"),
        _SEED_JOB.encode("utf-16"),
        _SEED_JOB.replace('"state"', '"st\\u0061te"', 1).encode(),
        _SEED_JOB.replace('"state"', '"state": "JOB_FINISH", "state"', 1).encode(),
    ],
)
def test_texts_json_reads_alike_are_read_alike_by_every_path(text: bytes) -> None:
    """(A byte order mark is skipped in a ``str`` too, by ``loads`` and every path: see the BOM test below.)"""
    for form in (text, text.decode("utf-8", "surrogateescape")):
        value = loads(form)
        reports = [validate(form, schema=schema) for schema in (False, True)]
        if isinstance(value, NotJson):
            assert all(r.codes() == ["invalid-json"] for r in reports)
        else:
            assert _keys(reports[0]) == _keys(validate(value, schema=False))
            _assert_schema_adds_only_its_findings(reports[1], reports[0])


# -- the command line and the partitions give the same reports --------------------------------------


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_command_line_and_partitions_agree_with_validate(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = data.draw(
        st.lists(job_payloads(max_size=12) | _mutated("2025-11") | hostile_payloads(), min_size=1, max_size=30)
    )
    lines = []
    for job in jobs:
        try:
            lines.append(json.dumps(job, ensure_ascii=False))
        except (TypeError, ValueError):  # hostile payloads hold bytes and cycles: not a JSON line
            continue
    assume(lines)
    path = tmp_path_factory.mktemp("cli") / "jobs.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    expected = [_keys(validate(line.encode(), schema=False)) for line in lines]
    for jobs_option in ("1", "2"):
        code, out, _ = run(capsys, "validate", str(path), "--format", "jsonl", "--no-schema", "--jobs", jobs_option)
        assert code in (0, 1)
        docs = [json.loads(line) for line in out.splitlines()]
        assert [_keys(doc) for doc in docs if "summary" not in doc] == expected
    partition = [_keys(r) for r in validate_partition(lines, name="p", schema=False)]
    assert partition == expected


# -- the shortcut is the checks' own verdict ----------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_no_check_finds_anything_in_a_job_the_shortcut_takes(edition: str, data: st.DataObject) -> None:
    job = data.draw(job_payloads(edition=edition, max_size=20) | _mutated(edition))
    facts = facts_from_object(job)
    assert not isinstance(facts, NotJson)
    ctx = pipeline.context(edition, (), "en")
    lc, tab = ctx.variant(facts)
    end = tab.walk(facts.pairs)
    if end is None or end is tab.start or facts.problems or type(facts.job_id) is not str:
        return
    if facts.state not in row_info(end).states or not pipeline._in_order(facts):
        return
    subject = Subject(facts, lc, tab, tab.replay(facts.log_types, trace=True))
    found = [f.code for check in CHECKS.values() for f in check(subject)]
    assert set(found) <= {"deprecated-value"}


def test_every_code_has_one_check_and_one_row() -> None:
    assert set(CHECKS) == set(CODES) - {"invalid-json"}
    assert list(CHECKS) == [c for c in CHECKS if c in CODES]


# -- the examples that split the old paths ------------------------------------------------------------


def _seed() -> dict[str, Any]:
    return json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))


def test_a_leap_second_first_log_still_shows_an_earlier_second_log_before_create_time() -> None:
    job = _seed()
    job["create_time"] = "2024-03-01T09:00:00Z"
    job["operation_logs"][0]["operate_time"] = "2024-03-01T09:59:60Z"
    job["operation_logs"][1]["operate_time"] = "2024-03-01T08:00:01Z"
    for form in _forms(job):
        for schema in (False, True):
            assert "inconsistent-time" in validate(form, schema=schema).codes()


def test_an_unused_4301_digit_integer_is_json_on_every_path() -> None:
    text = json.dumps(_seed())[:-1] + ', "x": ' + "9" * 4301 + "}"
    for schema in (False, True):
        assert validate(text, schema=schema).codes() == ["deprecated-value"]
        assert validate(text.encode(), schema=schema).codes() == ["deprecated-value"]


def test_nesting_is_limited_by_the_text_not_by_the_callers_stack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = json.dumps(_seed())[:-1]
    deep = seed + ', "x": ' + "[" * 985 + "]" * 985 + "}"
    too_deep = seed + ', "x": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}"

    def nested(depth: int, text: str) -> list[str]:
        return validate(text).codes() if depth == 0 else nested(depth - 1, text)

    for depth in (0, 400, 800):
        assert nested(depth, deep) == ["deprecated-value"]
        assert nested(depth, too_deep) == ["invalid-json"]
    path = tmp_path / "deep.jsonl"
    path.write_text(f"{deep}\n{too_deep}\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        _, out, _ = run(capsys, "validate", str(path), "--format", "jsonl", "--jobs", jobs)
        docs = [json.loads(line) for line in out.splitlines()]
        outputs.append([doc["valid"] for doc in docs if "summary" not in doc])
    assert outputs == [[True, False], [True, False]]


def test_an_unhashable_actor_after_an_actor_mismatch_is_reported_not_raised() -> None:
    job = _seed()
    job["operation_logs"][1]["operate_user"] = "ADMIN"
    job["operation_logs"][2]["operate_user"] = []
    for form in _forms(job):
        report = validate(form, schema=False)
        assert "actor-mismatch" in report.codes()


def test_a_huge_integer_state_is_an_invalid_field_not_a_crash() -> None:
    for schema in (False, True):
        report = validate({"job_id": "j", "state": 10**5000}, schema=schema)
        assert ("invalid-field", None, "state") in _keys(report)


def test_a_str_subclass_is_echoed_as_a_plain_string() -> None:
    class Name(str):
        def __str__(self) -> str:
            raise AssertionError("never asked")

    job = _seed()
    job["job_id"] = Name("j-1")
    job["state"] = Name("MANUAL_VERIFYING")
    report = validate(job)
    assert type(report.job_id) is str
    assert json.loads(report.to_json())["job_id"] == "j-1"


# -- the replay is linear -----------------------------------------------------------------------------


def _cost(tab: Table, types: list[str | None]) -> float:
    """The best of three replays, CPU time, the cyclic GC paused (its passes grow with the heap, not with
    the replay: a history of 2·10^5 unknown logs holds 2·10^5 step records)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            tab.replay(types)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def test_unknown_and_illegal_logs_cost_a_constant_times_legal_ones() -> None:
    """A ratio in one process, not a wall-clock bound: the old walk copied the rest of the history for
    every log it could not step (quadratic)."""
    tab = table(compile_edition().restrict())
    n = 100_000
    legal: list[str | None] = ["USER_CREATE_JOD", *["SYSTEM_MARKABLE_VIDEO"] * n]
    unknown: list[str | None] = ["USER_CREATE_JOD", *["SYSTEM_FROM_THE_FUTURE"] * n]
    illegal: list[str | None] = ["USER_CREATE_JOD", *["ADMIN_VERIFY_SUCCESS", "USER_CREATE_JOD"] * (n // 2)]
    base = _cost(tab, legal)
    for history in (unknown, illegal):
        assert _cost(tab, history) < 500 * base  # quadratic, as before, was over 4000
        doubled = history + history[1:]
        assert _cost(tab, doubled) < 4 * _cost(tab, history)


def test_replay_log_types_is_the_replay_and_its_log_checks() -> None:
    final, diagnostics = replay_log_types(["USER_CREATE_JOD", "ADMIN_VERIFY_SUCCESS", "NOPE"])
    assert [(d.code, d.index) for d in diagnostics] == [("illegal-transition", 1), ("unknown-log-type", 2)]
    lc = compile_edition().restrict()
    assert final == frozenset(lc.states)  # after an unknown log the job may be anywhere
    with pytest.raises(TypeError):
        replay_log_types(["USER_CREATE_JOD", 5])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "data" / "scenarios").glob("unconfirmed-transition--*.json")), ids=lambda p: p.stem
)
def test_replay_log_types_gives_the_log_findings_validate_gives(path: Path) -> None:
    """Every log-level code, an alternative reading's warning included, is the same from log types alone."""
    job = json.loads(path.read_bytes())
    types = [log["log_type"] for log in job["operation_logs"]]
    _, diagnostics = replay_log_types(types, flexus=job.get("is_flexus") is True)
    whole = validate(job)
    assert [(d.code, d.index) for d in diagnostics] == [
        (d.code, d.index) for d in whole.diagnostics if d.index is not None and d.code != "actor-mismatch"
    ]


def test_the_table_holds_known_log_types_only() -> None:
    tab = table(compile_edition().restrict())
    for garbage in ("NOPE", 5, ("NOPE", "USER"), ("USER_CREATE_JOD", "ROBOT"), ("USER_CREATE_JOD", [])):
        tab.walk([garbage])
        tab.replay([garbage])  # type: ignore[list-item]
    assert tab.walk([("USER_CREATE_JOD", "ADMIN")]) is None  # ADMIN never creates a job
    assert tab.walk([("USER_CREATE_JOD", "USER")]) is tab.start["USER_CREATE_JOD"]
    rows, seen = [tab.start], set()
    while rows:
        row = rows.pop()
        if id(row) in seen:
            continue
        seen.add(id(row))
        assert set(row) - {INFO} <= set(tab.lc.log_types) | tab.pairs | {None}
        rows.extend(v for k, v in row.items() if k is not INFO)


def test_canonical_times_needs_a_list_of_canonical_strings() -> None:
    assert canonical_times([])
    assert canonical_times(["2024-05-01T10:00:00Z"] * 300)
    assert not canonical_times(["2024-05-01T10:00:00Z", 5])
    assert not canonical_times(["2024-05-01T10:00:00.000Z"])


def test_scenario_seed_example() -> None:
    assert validate((ROOT / "examples" / "seed_job.json").read_bytes()).codes() == ["deprecated-value"]


def test_integers_past_python_s_conversion_limit_are_read_as_decimals() -> None:
    """Python's int() refuses more than 4300 digits (sys.get_int_max_str_digits): longer ones are Decimals."""
    from decimal import Decimal

    for digits, kind in ((4299, int), (4300, int), (4301, Decimal)):
        value = loads('{"n": ' + "9" * digits + ', "x": "\\ud800"}')
        assert isinstance(value, dict)
        assert type(value["n"]) is kind, digits
        assert value["n"] == Decimal("9" * digits)


def test_depth_is_counted_in_objects_as_in_arrays() -> None:
    too_deep = NotJson(f"nested deeper than {MAX_DEPTH} levels")
    for kind in (str, bytes):

        def read(text: str, kind: type = kind) -> object:
            return loads(text if kind is str else text.encode())

        for opener, closer in (("[", "]"), ('{"a":', "}")):
            assert not isinstance(read(opener * MAX_DEPTH + "1" + closer * MAX_DEPTH), NotJson), opener
            assert read(opener * (MAX_DEPTH + 1) + "1" + closer * (MAX_DEPTH + 1)) == too_deep, opener
        # More brackets than the limit, nested no deeper than it: read.
        wide = "[[]," + "[" * (MAX_DEPTH - 1) + "1" + "]" * MAX_DEPTH
        assert not isinstance(read(wide), NotJson), kind
        # Brackets inside strings are text, not nesting.
        assert read('"' + "[" * (MAX_DEPTH + 1) + '"') == "[" * (MAX_DEPTH + 1)
        assert read('["' + "{" * (MAX_DEPTH + 1) + '"]') == ["{" * (MAX_DEPTH + 1)]
        # A character outside ASCII between the brackets is no crash of the depth count.
        assert read("[" * (MAX_DEPTH + 1) + "\u00e9") == too_deep


def test_bytearrays_are_read_and_undecodable_bytes_said_so() -> None:
    assert loads(bytearray(b'{"a": 1}')) == {"a": 1}
    for raw in (b"\x80", b"\xff\xfe\x00"):
        assert loads(raw) == NotJson("the text is not UTF-8, UTF-16 or UTF-32"), raw


# -- the decoders, log by log: pair, time and problem, the fast path for plain histories included ---------


class _Sub(str):
    """A ``str`` subclass: the decoder must hand the checks a plain ``str``."""


_MISSING = object()
_values = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.text(max_size=8).map(_Sub),
    st.integers(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
_field = st.one_of(st.just(_MISSING), _values)


@st.composite
def _logs(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 4)) == 0:  # an entry that is not an object
        return draw(_values)
    log: dict[str, Any] = {}
    for name in ("log_type", "operate_user", "operate_time"):
        value = draw(_field)
        if value is not _MISSING:
            log[name] = value
    return log


def _plain_equal(got: object, sent: object) -> bool:
    """``got`` is what was sent, a ``str`` subclass as a plain ``str``."""
    if isinstance(sent, str):
        return type(got) is str and got == sent
    return type(got) is type(sent) and got == sent


def _check_logs(logs: list[object]) -> None:
    facts = facts_from_mapping({"job_id": "j", "operation_logs": logs})
    assert len(facts.pairs) == len(facts.times) == len(logs)
    expected: list[Problem] = []
    for i, entry in enumerate(logs):
        (log_type, actor), time = facts.pairs[i], facts.times[i]
        if not isinstance(entry, dict):
            assert (log_type, actor, time) == (None, None, None)
            expected.append(Problem(f"operation_logs[{i}]", "must be an object; skipped", i))
            continue
        sent_type = entry.get("log_type")
        if isinstance(sent_type, str):
            assert _plain_equal(log_type, sent_type)
        else:
            assert log_type is None
            detail = "is missing; the log is skipped" if sent_type is None else "must be a string; the log is skipped"
            expected.append(Problem(f"operation_logs[{i}].log_type", detail, i))
        assert _plain_equal(actor, entry.get("operate_user"))
        assert _plain_equal(time, entry.get("operate_time"))
    assert list(facts.problems) == expected


@given(st.lists(_logs(), max_size=5))
@example([{"log_type": 5, "operate_user": None, "operate_time": None}])  # all dicts, a number as log_type
@example([{"log_type": "USER_CREATE_JOD", "operate_user": "u", "operate_time": _Sub("2024-05-01T10:00:00Z")}])
@example([{"log_type": "USER_CREATE_JOD", "operate_user": _Sub("u"), "operate_time": None}])
@example([{"log_type": _Sub("USER_CREATE_JOD"), "operate_user": None, "operate_time": None}])
@example([{"log_type": "USER_CREATE_JOD", "operate_user": None, "operate_time": 7}])
@example([{"log_type": "USER_CREATE_JOD", "operate_user": "u"}])  # a field missing
def test_each_log_becomes_its_pair_time_and_problem(logs: list[object]) -> None:
    _check_logs(logs)


@given(st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.dictionaries(st.text(max_size=3), st.none())))
@example("abc")  # a string is iterable: it must not be read as a list of logs
@example({"log_type": "USER_CREATE_JOD"})
def test_operation_logs_that_is_not_a_list_is_treated_as_empty_and_said_so(raw: object) -> None:
    facts = facts_from_mapping({"job_id": "j", "state": "JOB_SUCCESS", "operation_logs": raw})
    assert (facts.pairs, facts.times) == ([], [])
    assert facts.problems == (Problem("operation_logs", "must be a list; treated as empty"),)
    assert facts.state == "JOB_SUCCESS"


def test_a_null_or_empty_history_is_no_problem() -> None:
    for raw in (None, []):
        facts = facts_from_mapping({"operation_logs": raw})
        assert (facts.pairs, facts.times, facts.problems) == ([], [], ())


@given(st.booleans() | st.none())
def test_a_boolean_or_null_is_flexus_is_no_problem(flag: bool | None) -> None:
    assert facts_from_mapping({"is_flexus": flag}).problems == ()


@given(st.one_of(st.integers(), st.text(max_size=4), st.lists(st.none(), max_size=1)))
def test_any_other_is_flexus_is_kept_and_said_so(flag: object) -> None:
    facts = facts_from_mapping({"is_flexus": flag})
    assert facts.is_flexus == flag
    assert facts.problems == (Problem("is_flexus", "must be a boolean; the job is checked as either variant"),)


def test_text_and_mapping_give_the_same_facts_for_a_plain_history() -> None:
    logs = [
        {"log_type": "USER_CREATE_JOD", "operate_user": "u", "operate_time": "2024-05-01T10:00:00Z"},
        {"log_type": "USER_CREATE_JOD", "operate_user": None, "operate_time": None},
    ]
    payload = {"job_id": "j", "state": "WAIT_FILE_UPLOAD", "operation_logs": logs}
    assert facts_from_text(json.dumps(payload)) == facts_from_mapping(payload)


# -- the replay table: a walk's prefixes, its trace and its shortcut agree --------------------------------
# A fresh Table per example (not the memo of table()): the rows are made by the code under test.


@st.composite
def _pairs(draw: st.DrawFn, edition: str) -> list[tuple[Any, Any]]:
    """(log type, operate_user) pairs: a legal walk, or any known, unknown or unreadable log types and actors."""
    lc = compile_edition(edition).restrict()
    if draw(st.booleans()):
        logs = draw(walked_jobs(lc))["operation_logs"]
        pairs = [(log["log_type"], log["operate_user"]) for log in logs]
        if pairs and draw(st.booleans()):  # one actor changed (ROBOT is no actor)
            n = draw(st.integers(0, len(pairs) - 1))
            pairs[n] = (pairs[n][0], draw(st.sampled_from(["USER", "SYSTEM", "ADMIN", "ROBOT"])))
        if draw(st.booleans()):  # one more log, after a final state or not
            pairs.append((draw(st.sampled_from(sorted(lc.spec.log_types))), "USER"))
        return pairs
    item = st.one_of(st.sampled_from(sorted(lc.spec.log_types)), st.sampled_from(["A_LOG_NOBODY_KNOWS", None]))
    actor = st.sampled_from(["USER", "SYSTEM", "ADMIN", "ROBOT"])
    start = draw(st.sampled_from([[("USER_CREATE_JOD", "USER")], []]))
    return start + draw(st.lists(st.tuples(item, actor), max_size=12))


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_replay_is_the_replay_of_its_prefixes(edition: str, data: st.DataObject) -> None:
    """trace[n] is where the replay of the first n+1 logs ends, and the steps of a prefix are those of the
    whole history before its end: each log is resolved from the row the logs before it reached."""
    tab = Table(compile_edition(edition).restrict())
    types = [log_type for log_type, _ in data.draw(_pairs(edition))]
    whole = tab.replay(types, trace=True)
    assert whole.trace is not None
    assert len(whole.trace) == len(types)
    assert tab.replay(types).end is whole.end
    assert tab.replay(types).steps == whole.steps
    assert [step[0] for step in whole.steps] == sorted({step[0] for step in whole.steps})
    for n in range(len(types) + 1):
        part = tab.replay(types[:n])
        assert part.end is (whole.trace[n - 1] if n else tab.start)
        assert part.steps == tuple(step for step in whole.steps if step[0] < n)
        assert part.clean == (not part.steps)
    for index, codes, before, after in whole.steps:
        assert codes
        assert before is (whole.trace[index - 1] if index else tab.start)
        assert after is whole.trace[index]
    assert row_info(tab.start).start
    known = [i for i, t in enumerate(types) if t in tab.lc.spec.log_types]
    if known and types[known[0]] != "USER_CREATE_JOD":  # the first readable known log is not the creation log
        assert "missing-creation" in {i: codes for i, codes, _, _ in whole.steps}[known[0]]


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_the_walk_is_the_clean_replay_with_allowed_actors(edition: str, data: st.DataObject) -> None:
    """Walked first, on a fresh table: the walk makes the rows itself."""
    lc = compile_edition(edition).restrict()
    pairs = data.draw(_pairs(edition))
    types = [log_type for log_type, _ in pairs]
    tab = Table(lc)
    walked = tab.walk(types)
    replay = tab.replay(types)
    assert (walked is not None) == replay.clean
    assert replay.trace is None  # only when asked
    if walked is not None:
        assert walked is replay.end
    tab = Table(lc)
    walked = tab.walk(pairs)
    replay = tab.replay(types)
    allowed = replay.clean and all(pair in tab.pairs for pair in pairs)
    assert (walked is not None) == allowed
    if walked is not None:
        assert walked is replay.end
        assert tab.walk(pairs) is walked  # and again, on the rows the first walk made


_CANONICAL_TIME = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.none()
).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


@given(st.lists(_CANONICAL_TIME, max_size=300))
@example(["2024-05-01T10:00:00Z"])
@example(["2024-05-01T10:00:00Z"] * 256)
@example(["2024-05-01T10:00:00Z"] * 257)
def test_canonical_times_holds_for_every_sorted_list_of_canonical_times(times: list[str]) -> None:
    assert canonical_times(sorted(times))
    if len(set(times)) > 1:
        assert not canonical_times(sorted(times, reverse=True))


def _check_each_step(tab: Table, types: list[Any]) -> None:
    """Each log of a replay on a fresh table, against the rules the module docstring states (an oracle)."""
    lc, known = tab.lc, tab.lc.spec.log_types
    replay = tab.replay(types, trace=True)
    assert replay.trace is not None
    codes_at = {index: codes for index, codes, _, _ in replay.steps}
    for i, log_type in enumerate(types):
        before, after = (replay.trace[i - 1] if i else tab.start), replay.trace[i]
        b, a = row_info(before), row_info(after)
        assert b.all_final == all(lc.is_final(s) for s in b.states)
        codes = codes_at.get(i, ())
        if type(log_type) is not str:  # None (unreadable) or anything else: skipped
            assert (codes, after) == ((), before)
            continue
        if log_type not in known:
            assert codes == ("unknown-log-type",)
            assert a.states == (b.states if b.start else frozenset(lc.states))
            assert a.once == b.once
            continue
        expected: list[str] = []
        once = b.once
        if known[log_type].once:
            if log_type in once:
                expected.append("repeated-log")
            once = once | {log_type}
        states = None
        if b.start and log_type != tab.creation:
            expected.append("missing-creation")
            states = lc.entry_states(log_type)
        elif b.all_final:
            expected.append("after-final")
            states = b.states
        elif lc.step(b.states, log_type):
            states = lc.step(b.states, log_type)
        else:
            expected.append(codes[-1] if codes else "illegal-transition")
            assert expected[-1] in ("illegal-transition", "unconfirmed-transition")
            assert b.states | lc.entry_states(log_type) <= a.states
        assert list(codes) == expected
        assert a.once == once
        assert not a.start
        if states is not None:
            assert a.states == states


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_each_step_of_a_fresh_table_follows_the_rules(edition: str, data: st.DataObject) -> None:
    tab = Table(compile_edition(edition).restrict())
    _check_each_step(tab, [log_type for log_type, _ in data.draw(_pairs(edition))])


@pytest.mark.parametrize(
    "types",
    [
        ["USER_CREATE_JOD", "USER_REPAIR", "USER_REPAIR"],  # a once-only log twice
        ["USER_REPAIR", "USER_CREATE_JOD"],  # no creation first
        [None, "A_LOG_NOBODY_KNOWS", "USER_VERIFYING_SUBMITTED"],  # nothing readable before it
        ["USER_CREATE_JOD", "A_LOG_NOBODY_KNOWS", "USER_CREATE_JOD"],
        ["USER_CREATE_JOD", ["unhashable"], 5, "USER_VERIFYING_SUBMITTED"],
    ],
)
def test_each_step_of_a_fresh_table_follows_the_rules_in_these_histories(types: list[Any]) -> None:
    for edition in EDITIONS:
        _check_each_step(Table(compile_edition(edition).restrict()), types)
        _check_each_step(Table(compile_edition(edition).restrict()), [*types, *types])


_TABLE_CODES = {"unknown-log-type", "repeated-log", "missing-creation", "after-final", "illegal-transition"}
_SCENARIO_FILES = [(p, "2025-11") for p in sorted((DATA / "scenarios").glob("*.json"))] + [
    (p, "2024-12") for p in sorted((DATA / "scenarios-2024-12").glob("*.json"))
]


@pytest.mark.parametrize(("path", "edition"), _SCENARIO_FILES, ids=lambda v: getattr(v, "stem", v))
def test_a_fresh_table_gives_each_scenario_its_codes(path: Path, edition: str) -> None:
    """A scenario's history on a fresh table of its variant: the log codes its name expects (no other), each
    step by the rules, and the history twice over (a log after a final state, a second once-only log)."""
    facts = facts_from_text(path.read_bytes())
    if isinstance(facts, NotJson):
        return
    lc, _ = pipeline.context(edition, (), "en").variant(facts)
    expected = set(path.name.split("--")[0].split("+")) - {"valid"}
    tab = Table(lc)
    codes = {code for _, step, _, _ in tab.replay(facts.log_types).steps for code in step}
    assert codes <= expected
    assert expected & _TABLE_CODES - {"after-final"} <= codes
    _check_each_step(Table(lc), facts.log_types)
    _check_each_step(Table(lc), [*facts.log_types, *facts.log_types])


def test_rows_past_max_rows_are_made_for_one_walk_and_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Table, "MAX_ROWS", 3)
    lc = compile_edition().restrict()
    tab = Table(lc)
    types = ["USER_CREATE_JOD", "A_LOG_NOBODY_KNOWS", "USER_REPAIR", "USER_REPAIR", "USER_VERIFYING_SUBMITTED"]
    _check_each_step(tab, types * 3)
    assert len(tab._rows) == 3
    kept = {id(row) for row in tab._rows.values()}
    assert all(row_info(row).kept is True for row in tab._rows.values())
    trace = tab.replay(types * 3, trace=True).trace
    assert trace is not None
    assert any(row_info(row).kept is False for row in trace)
    assert all((id(row) in kept) == row_info(row).kept for row in trace)
    assert {key[0] for key in tab._resolved} <= kept


@pytest.mark.parametrize("kind", [str, bytes])
def test_shallow_counts_the_brackets_outside_strings_only(kind: type) -> None:
    def text(s: str) -> str | bytes:
        return s if kind is str else s.encode()

    deep = MAX_DEPTH + 1
    assert shallow(text('"' + "[" * deep + '"'))  # every bracket inside a string: no nesting at all
    assert shallow(text("[" + '"' + "{" * deep + '"' + "]"))
    assert not shallow(text("[" * deep + "]" * deep))
    assert shallow(text("[" * MAX_DEPTH + "]" * MAX_DEPTH + "[]"))
    # a character outside ASCII between the brackets (not JSON): removed with everything but brackets and quotes
    assert not shallow(text("[" * deep + "é" + "]" * deep))
    assert shallow(text("[é]" * deep))
    assert loads(text("[" + '"' + "[" * deep + '"' + "]")) == ["[" * deep]


_diagnostic_values = st.tuples(
    st.sampled_from(["illegal-transition", "invalid-field", "overdue"]),
    st.text(max_size=20),
    st.none() | st.integers(0, 10**6),
    st.none() | st.text(max_size=10),
    st.none() | st.text(max_size=10),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.none() | st.sampled_from(["documented", "implied", "assumed"]),
    st.none() | st.text(max_size=10),
)


@given(_diagnostic_values)
def test_the_fast_diagnostic_constructor_makes_the_same_diagnostic(values: tuple[Any, ...]) -> None:
    from lifecycle.validation.pipeline import new_diagnostic

    made, built = new_diagnostic(*values), Diagnostic(*values)
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert made.to_dict() == built.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.code = "x"  # type: ignore[misc]


def test_a_memoryview_is_read_as_its_bytes() -> None:
    data = _SEED_JOB.encode()
    assert validate(memoryview(data)) == validate(data)
    assert validate(memoryview(data), schema=False) == validate(data, schema=False)


def test_a_clock_that_is_no_clock_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="clock must be a lifecycle Clock or None"):
        validate(_SEED_JOB, clock="now")  # type: ignore[arg-type]
