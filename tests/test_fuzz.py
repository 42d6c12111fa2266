"""The command line under hostile files (issue 15, item 7): never a traceback, an exit code in {0, 1, 2}, one
report per input record, and no planted secret in any output. A longer campaign: ``python -m tools.fuzz``."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, run

SEED = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
SECRETS = ("13812345678", "SIGNATURE-SECRET-42", "AKIAPLANTED", "hunter2pw")
PLANTED = [
    "+86 138 1234 5678",
    "138-1234-5678",
    "https://h.example/a.mp4?AccessKeyId=AKIAPLANTED&Signature=SIGNATURE-SECRET-42",
    "https%3A%2F%2Fh%2Fa%3FSignature%3DSIGNATURE-SECRET-42",
    "//h/a.mp4?Signature=SIGNATURE-SECRET-42",
    "https://user:hunter2pw@h.example/a",
    "AccessKeyId=AKIAPLANTED&Signature=SIGNATURE-SECRET-42",
]

FIELDS = ["job_id", "state", "model_version", "create_time", "is_flexus", "contact"]


def _planted(in_field: bool, secret: str, field: str) -> bytes:
    """The seed job with a secret in one field, or in a log of its own (type, actor and time)."""
    if in_field:
        job = {**SEED, field: secret}
    else:
        log = {"log_type": secret, "operate_user": secret, "operate_time": secret}
        job = {**SEED, "operation_logs": [*SEED["operation_logs"], log]}
    return json.dumps(job, ensure_ascii=False).encode()


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _records(data: bytes) -> int:
    """The non-blank lines of a JSONL file, as the README says it is read: UTF-16 and UTF-32 text (with a
    byte order mark) as the text it encodes, anything else line by line as bytes."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding, "surrogatepass")
            except UnicodeDecodeError:  # cut short: the end reads as U+FFFD (README, Inputs)
                text = data.decode(encoding, "replace")
            return sum(1 for line in text.split("\n") if line.strip())
    return sum(1 for line in data.split(b"\n") if line.strip())


_hostile_line = st.one_of(
    st.just(b"[" * 1200),
    st.just(b'{"job_id": ' + b"9" * 5000 + b"}"),
    st.binary(max_size=64),
    st.sampled_from([b"\xef\xbb\xbf{}", b"\x00\x00", b'{"a": NaN}', b"\xff\xfe{", b'"\\ud800"', b"null", b"[]"]),
    st.builds(_planted, st.booleans(), st.sampled_from(PLANTED), st.sampled_from(FIELDS)),
    st.just(json.dumps(SEED, ensure_ascii=False).encode()),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_hostile_line, min_size=1, max_size=12), fmt=st.sampled_from(["text", "json", "jsonl"]))
@example(lines=[b"\xfe\xff\x00"], fmt="jsonl")  # a UTF-16 byte order mark, then one blank line
@example(lines=[b"\xfe\xff"], fmt="jsonl")  # the same, cut short: one record that is not JSON
def test_hostile_jsonl_never_breaks_the_command_line(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], lines: list[bytes], fmt: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "jobs.jsonl"
    data = b"".join(line.replace(b"\n", b" ") + b"\n" for line in lines)
    path.write_bytes(data)
    # A file that starts with a UTF-16 or UTF-32 byte order mark is the text it encodes: its lines are not
    # the bytes' lines (b"\xfe\xff\x00\n" is one blank line), so only _records counts them.
    wide = any(data.startswith(bom) for bom, _ in _WIDE_BOMS)
    kept = [] if wide else [line for line in lines if b"\n" not in line and line.strip()]
    code, out, err = run(capsys, "validate", str(path), "--format", fmt, "--lang", "en")
    assert code in (0, 1, 2), err
    assert "Traceback" not in out + err
    for secret in SECRETS:
        assert secret not in out
        assert secret not in err
    if fmt == "jsonl":
        docs = [json.loads(line) for line in out.splitlines()]
        assert docs[-1]["summary"]["jobs"] == _records(path.read_bytes())
        assert len(docs) - 1 == docs[-1]["summary"]["jobs"]
        assert len(kept) <= docs[-1]["summary"]["jobs"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | _hostile_line)
def test_a_hostile_json_file_never_breaks_validate_or_mine(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "job.json"
    path.write_bytes(data)
    for command in ("validate", "mine"):
        code, out, err = run(capsys, command, str(path))
        assert code in (0, 1, 2), err
        assert "Traceback" not in out + err
        for secret in SECRETS:
            assert secret not in out + err
