"""The payload gate (lifecycle.payload.gate) against pydantic: same verdicts, same findings, same reports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.models import OperationLogInfo, parse_job_json, parse_rfc3339
from lifecycle.payload import gate, gate_build, gate_structs
from lifecycle.payload.models import Job
from lifecycle.payload.timestamps import all_rfc3339
from lifecycle.testing.strategies import job_payloads, near_miss_payloads
from lifecycle.validation.decode import facts_from_gate, facts_from_text
from lifecycle.validation.validator import validate

# Values that sit on the edges of the models' rules (types, ranges, enumerations, formats, lengths).
_EDGES: list[object] = [
    None, True, False, 0, -1, 1, 10, 11, 100, 101, 3840, 3841, 7680, 7681, 2**63 - 1, 2**63, -(2**63), 5.0, 1e2,
    "", "null", "5", "true", "V3", "V2", "V3.2", "x" * 64, "x" * 65, "USER", "user", "SYSTEM", "AI", "ai",
    "ECOMMERCE", "CN", "FEMALE", "ON_DEMAND", "SILENCE", "RESERVED", "USER_REJECT", "VIDEO_2D", "WAITING",
    "00:01:02.500", "00:01:02.500\n", "00:61:02.500", "99:59:59.999", "00:01:02.5",
    "2023-12-09T07:31:37Z", "2023-12-09t07:31:37z", "2023-12-09 07:31:37Z", "2023-12-09T07:31:37+0800",
    "2023-12-09T07:31:37+08:00", "2023-12-09T07:31:37-23:59", "2023-12-09T07:31:37+24:00",
    "2023-12-09T07:31:37", "2023-12-09T07:31:60Z", "2023-12-09T24:00:00Z", "2023-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2023-04-31T00:00:00Z",
    "0000-01-01T00:00:00Z", "0001-01-01T00:00:00.1234567Z", "2023-12-09T07:31:37Z\n", "2023-12-09T07:31:37.Z",
    "\n2023-12-09T07:31:37Z", "2023-12-09T07:31:37Z\n2023-12-09T07:31:37Z", "2023-12-09T07:31:37\u0100Z",
    "2023-12-09T07:31:37.5-05:60", "9999-12-31T23:59:59.9999999Z", "2023-12-09T07:31:37+08",
    [], [None], ["x"], [1], [{}], {}, {"action_tag": "x"}, {"action_tag": None}, {"action_info": [{}]},
    {"job_tag": "NEWS", "sex": "MALE", "language": "EN"}, {"job_tag": "NEWS", "sex": "MALE"},
    {"video_start_time": "00:00:01.000"}, {"charge_mode": "PERIODIC", "expire_time": "2023-12-09T07:31:37Z"},
    {"dx": 0, "width": 0}, [{"operate_time": "2023-12-09T07:31:37Z\\n"}], [{"operate_time": "2023-12-09 07:31:37Z"}],
    {"expire_time": "2023-12-09T07:31:37+0800"}, {"expire_time": ""}, [{"comment_type": "USER_REJECT"}],
    {"create_time": 2**63}, {"operate_user": "ADMIN", "operate_time": "2023-13-01T00:00:00Z"},
]  # fmt: skip
_FIELDS = sorted(
    set(gate.GATE.__struct_fields__) | {"error_code", "error_msg", "unknown_extra"}  # extras are kept as sent
)
_LOG_FIELDS = sorted(OperationLogInfo.model_fields)
_NESTED = [
    "samples", "voice_properties", "allocated_resource", "sub_training_job_info", "comment_logs",
    "traning_video_mark_info", "inference_data_process_action_mark_info", "verify_video_matting_info",
]  # fmt: skip
ROOT = Path(__file__).parent.parent


def _pydantic_says(text: bytes) -> tuple[Any, ...]:
    return parse_job_json(text).findings


def _check(text: bytes) -> None:
    """The gate accepts iff pydantic finds nothing but deprecations, and then gives pydantic's findings."""
    findings = _pydantic_says(text)
    clean = not [f for f in findings if f.kind != "deprecated"]
    accepted = gate.clean_findings(text)
    if accepted is None and clean:
        assert _documented_stricter(text), (findings, text[:300])
        return
    assert (accepted is not None) == clean, (findings, text[:300])
    if accepted is not None:
        assert accepted == findings


def _documented_stricter(text: bytes) -> bool:
    """The payloads the gate sends to pydantic although pydantic finds nothing (gate.py's docstring)."""
    if re.search(rb"9999-12-31[Tt]23:59:59\.9999995|9999-12-31[Tt]23:59:59\.999999[6-9]", text):
        return True
    duplicated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicated
        duplicated = duplicated or len({k for k, _ in items}) < len(items)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return duplicated


@st.composite
def _edited(draw: st.DrawFn) -> bytes:
    """A valid job with fields (top-level, in a log, nested) set to edge values."""
    payload: dict[str, Any] = draw(job_payloads(max_size=6))
    for _ in range(draw(st.integers(1, 3))):
        value = draw(st.sampled_from(_EDGES))
        where = draw(st.sampled_from(["top", "log", "nested"]))
        if where == "top":
            payload[draw(st.sampled_from(_FIELDS))] = value
        elif where == "log":
            logs = payload["operation_logs"]
            if not isinstance(logs, list) or not logs or not all(isinstance(e, dict) for e in logs):
                continue  # an earlier edit replaced the history itself
            log = draw(st.sampled_from(logs))
            log[draw(st.sampled_from(_LOG_FIELDS))] = value
        else:
            parent = draw(st.sampled_from(_NESTED))
            payload[parent] = [value] if parent in ("samples", "sub_training_job_info", "comment_logs") else value
    return json.dumps(payload, ensure_ascii=draw(st.booleans())).encode()


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """A valid job's JSON with a few bytes flipped, inserted or deleted."""
    data = bytearray(json.dumps(draw(job_payloads(max_size=4)), ensure_ascii=False).encode())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1))
        byte = draw(st.sampled_from(b'0123456789"{}[],:.-+ TZtzn\\\x00\xff\xc3'))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip":
            data[at] = byte
        elif action == "insert":
            data.insert(at, byte)
        else:
            del data[at]
    return bytes(data)


@given(job_payloads())
def test_gate_accepts_valid_jobs(payload: dict[str, Any]) -> None:
    _check(json.dumps(payload).encode())


@given(near_miss_payloads())
def test_gate_on_near_misses(case: tuple[object, str]) -> None:
    payload, _ = case
    _check(payload if isinstance(payload, bytes) else json.dumps(payload).encode())


@given(_edited())
def test_gate_on_edge_values(text: bytes) -> None:
    _check(text)


@given(_mutated())
def test_gate_on_byte_mutations(text: bytes) -> None:
    _check(text)


@given(st.one_of(job_payloads().map(lambda p: json.dumps(p).encode()), _edited(), _mutated()))
def test_diagnostics_identical_with_gate_on_and_off(text: bytes) -> None:
    with_gate = validate(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate, "admit", lambda _: None)
        without = validate(text)
    assert with_gate.diagnostics == without.diagnostics
    assert (with_gate.job_id, with_gate.state, with_gate.final_states) == (
        without.job_id,
        without.state,
        without.final_states,
    )


@given(st.one_of(job_payloads().map(lambda p: json.dumps(p).encode()), _edited(), _mutated()))
def test_facts_from_the_gate_are_the_facts_of_the_text(text: bytes) -> None:
    """The default validation decodes a text once, with the gate, and reads the job facts out of its Struct:
    the facts must be those the lifecycle decoder reads from the text itself."""
    job = gate.admit(text)
    if job is None:
        return
    facts = facts_from_gate(job)
    if facts is None:  # only for a log without a log_type, which the text's decoder reports
        assert any(not log.log_type for log in job.operation_logs or ())
        return
    assert facts == facts_from_text(text)


def _decoded_openly(text: bytes) -> Any:
    """What the gate decoded before it had a closed twin: the UTF-8 of the whole text, then the open Struct."""
    try:
        text.decode("utf-8")
        return gate._decode(text)
    except ValueError:  # UnicodeDecodeError and msgspec's errors are ValueErrors
        return None


@st.composite
def _extra_fields(draw: st.DrawFn) -> bytes:
    """A valid job with non-ASCII text and unknown fields (at the top, in a log), some bytes maybe broken."""
    payload: dict[str, Any] = draw(job_payloads(max_size=4))
    payload["name"] = draw(st.sampled_from(["分身数字人", "Ünïcode", "n"]))
    extra = draw(st.sampled_from(["unknown_extra", "备注", "x\u00e9"]))
    if draw(st.booleans()):
        payload[extra] = draw(st.sampled_from(["中文", "ok", ["列表", 1], {"内": "层"}]))
    logs = payload.get("operation_logs")
    if isinstance(logs, list) and logs and isinstance(logs[0], dict) and draw(st.booleans()):
        logs[0][extra] = "日志"
    data = bytearray(json.dumps(payload, ensure_ascii=False).encode())
    for _ in range(draw(st.integers(0, 2))):
        data.insert(draw(st.integers(0, len(data))), draw(st.sampled_from(b"\xff\xc3\xe4\x80")))
    return bytes(data)


@given(st.one_of(_extra_fields(), _mutated(), _edited()))
def test_the_closed_twin_decodes_what_the_open_gate_decodes(text: bytes) -> None:
    """A non-ASCII text is first decoded by the gate's closed twin (unknown fields refused), which leaves no
    string undecoded and so none with its UTF-8 unchecked: the same verdict and the same values as the UTF-8
    of the whole text checked, then the open Struct."""
    ours, theirs = gate._decoded(text), _decoded_openly(text)
    assert (ours is None) == (theirs is None), text[:300]
    if ours is not None:
        assert isinstance(ours, gate.GATE)
        assert msgspec.to_builtins(ours) == msgspec.to_builtins(theirs)


def test_after_unknown_fields_the_closed_twin_rests_and_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text with unknown fields makes the next non-ASCII texts skip the closed twin (an API newer than the
    models would fail it every time): they are read as before, bad UTF-8 in an unknown field refused."""
    monkeypatch.setattr(gate, "_open_only", 0)
    head = b'{"job_id": "j", "name": "\xe5\x88\x86", "state": "WAIT_FILE_UPLOAD"'
    assert gate._decoded(head + b', "newer": "\xe5\x88\x86"}') is not None
    assert gate._open_only == gate._OPEN_ONLY
    assert type(gate._decoded(head + b"}")) is gate.GATE  # the open Struct: the closed twin was not tried
    assert gate._decoded(head + b', "newer": "\xff"}') is None
    assert gate._open_only == gate._OPEN_ONLY - 2
    monkeypatch.setattr(gate, "_open_only", 0)
    assert type(gate._decoded(head + b"}")) is not gate.GATE  # its closed twin again


@pytest.mark.parametrize(
    "tail",
    [b', "x": "\xff"', b', "\xff": 1', b', "operation_logs": [{"x": "\xe4\xb8"}]', b', "tags": ["\xff"]'],
)
def test_bad_utf8_anywhere_is_refused_by_the_gate(tail: bytes) -> None:
    text = b'{"job_id": "j", "name": "\xe5\x88\x86", "state": "WAIT_FILE_UPLOAD"' + tail + b"}"
    assert gate.admit(text) is None
    assert [f for f in _pydantic_says(text) if f.kind != "deprecated"]


def test_a_log_without_log_type_is_read_from_the_text() -> None:
    text = b'{"job_id": "j", "name": "n", "state": "WAIT_FILE_UPLOAD", "operation_logs": [{"operate_user": "USER"}]}'
    assert gate.admit(text) is not None
    assert facts_from_gate(gate.admit(text)) is None
    found = [(d.code, d.field) for d in validate(text).diagnostics]
    assert ("invalid-field", "operation_logs[0].log_type") in found


def test_deprecated_model_version_without_pydantic() -> None:
    text = b'{"job_id": "j", "name": "n", "state": "JOB_SUCCESS", "model_version": "V2"}'
    found = gate.clean_findings(text)
    assert found is not None
    assert [f.kind for f in found] == ["deprecated"]
    assert found == _pydantic_says(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (b'{"job_id": 5, "job_id": "j", "name": "n", "state": "S"}', "a duplicated key is checked at every occurrence"),
        (b'{"job_id": "j", "name": "n", "state": "S", "create_time": "9999-12-31T23:59:59.9999999Z"}', "rounding"),
        (b'\xef\xbb\xbf{"job_id": "j", "name": "n", "state": "S"}', "a byte order mark"),
        (b'{"job_id": "j", "name": "\xed\xa0\x80", "state": "S"}', "a surrogate encoded in UTF-8"),
        (b'{"job_id": "j", "name": "n", "state": "S", "x": "\\ud800"}', "a lone surrogate escape, unknown field"),
        (b'{"job_id": "j", "name": "n", "state": "S", "x": NaN}', "NaN in an unknown field"),
        ('{"job_id": "j", "name": "n", "state": "S"}'.encode("utf-16-le"), "UTF-16 without a byte order mark"),
    ],
)
def test_gate_is_stricter_where_documented(text: bytes, why: str) -> None:
    assert not [f for f in _pydantic_says(text) if f.kind != "deprecated"], why
    assert gate.clean_findings(text) is None, why


def _parses(text: str) -> bool:
    try:
        parse_rfc3339(text)
    except ValueError:
        return False
    return True


@given(
    st.lists(st.datetimes(timezones=st.timezones() | st.just(None)), max_size=4),
    st.sampled_from(["T", "t", " "]),
    st.sampled_from(["seconds", "milliseconds", "microseconds"]),
)
def test_all_rfc3339_never_looser_than_parse_rfc3339(moments: list[Any], sep: str, spec: str) -> None:
    """A list passes iff each of its timestamps passes parse_rfc3339."""
    stamps = [m.isoformat(sep, spec) for m in moments]
    expected = all(_parses(s) for s in stamps)
    assert all_rfc3339(stamps) == expected


_STAMP_NOISE = st.text(alphabet="0123456789-:TtZz+. \n", min_size=0, max_size=32)


@given(st.lists(st.one_of(_STAMP_NOISE, st.sampled_from([e for e in _EDGES if isinstance(e, str)])), max_size=4))
def test_all_rfc3339_on_noise(stamps: list[str]) -> None:
    if all_rfc3339(stamps):
        for stamp in stamps:
            parse_rfc3339(stamp)
    elif all(_parses(s) for s in stamps):  # the documented false no: rounding past the year 9999
        assert any(s.startswith("9999-12-31") for s in stamps), stamps


def test_every_edge_value_in_every_field() -> None:
    """Exhaustive over one valid job: each edge value in each field, top level, log and nested."""
    base: dict[str, Any] = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    for value in _EDGES:
        for name in _FIELDS:
            _check(json.dumps(dict(base, **{name: value})).encode())
        for name in _LOG_FIELDS:
            logs = [dict(base["operation_logs"][0], **{name: value}), *base["operation_logs"][1:]]
            _check(json.dumps(dict(base, operation_logs=logs)).encode())
        for parent in _NESTED:
            nested = [value] if parent in ("samples", "sub_training_job_info", "comment_logs") else value
            _check(json.dumps(dict(base, **{parent: nested})).encode())


def test_the_gate_has_every_field_of_every_model() -> None:
    from lifecycle.payload import models

    for model in (models.Job, models.OperationLogInfo, models.ActionSampleInfo, models.VoiceProperties):
        assert set(gate_build.gate_type(model).__struct_fields__) == set(model.model_fields)


def test_a_rule_the_gate_cannot_express_stops_its_build() -> None:
    from typing import Annotated

    from pydantic import AfterValidator, ConfigDict

    from lifecycle.payload.models import WireModel

    class Odd(WireModel):
        model_config = ConfigDict(strict=True, extra="allow")
        even: Annotated[int, AfterValidator(lambda v: v)] | None = None

    with pytest.raises(TypeError, match="cannot express"):
        gate_build.gate_type(Odd)


def test_the_generated_structs_are_those_the_models_make() -> None:
    """gate_structs.py (generated) against a fresh build from the pydantic models, Struct by Struct: the same
    fields, types (by their source), defaults and configuration, and the same timestamp and nested fields.
    (tests/test_generated.py compares the text.)"""
    opened = gate_build.Builder()
    opened.model(Job)
    closed = gate_build.Builder(opened)
    closed.model(Job)
    for builder, shipped in ((opened, gate_structs.OPEN), (closed, gate_structs.CLOSED)):
        assert list(shipped) == [cls.__name__ for cls in builder.structs]
        for cls, built in builder.structs.items():
            ours = shipped[cls.__name__]
            assert ours.__name__ == built.__name__
            assert ours.__struct_config__.forbid_unknown_fields == built.__struct_config__.forbid_unknown_fields
            # the same fields, types (by their source) and defaults; a closed twin may order them otherwise
            assert {(f.name, gate_build._source(f.type), f.default) for f in msgspec.structs.fields(ours)} == {
                (f.name, gate_build._source(f.type), f.default) for f in msgspec.structs.fields(built)
            }
    assert {name: gate_structs.STAMPS.get(name, ()) for name in gate_structs.OPEN} == {
        cls.__name__: tuple(names) for cls, names in opened.stamps.items()
    }
    assert {name: gate_structs.CHILDREN.get(name, ()) for name in gate_structs.OPEN} == {
        cls.__name__: tuple((f, m.__name__, listed) for f, m, listed in v) for cls, v in opened.children.items()
    }


def test_a_clean_payload_is_validated_without_loading_pydantic() -> None:
    """The gate imports its generated Structs, not the models: a process whose payloads all pass the gate never
    imports pydantic (about 0.12 s of its start); a payload the gate refuses loads it for the findings."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from lifecycle import validate\n"
        "seed = Path('examples/seed_job.json').read_bytes()\n"
        "assert validate(seed).codes() == ['deprecated-value']\n"
        "print('pydantic' in sys.modules)\n"
        "assert 'invalid-field' in validate(seed.replace(b'\"MANUAL_VERIFYING\"', b'7')).codes()\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
