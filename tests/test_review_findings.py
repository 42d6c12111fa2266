"""What a fresh user's review found (2026-11-30), each a kind fixed: status redacts what it echoes and never
counts a negative time, a record status leaves out sets its exit code, an argument echoed in a usage error
is redacted, the code table names scenario files that exist, the overdue message gives its unit."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.spec.expectations import Clock
from lifecycle.validation.codes import CODES
from lifecycle.validator import validate
from tests.conftest import DATA, run
from tests.fake_metastudio import make_job

NOW = "2026-11-30T08:00:00Z"
SECRETS = ("SECRET999", "13812345678", "138 1234 5678")
_secret_texts = st.sampled_from(
    [
        "https://x.com/a?Signature=SECRET999&tel=13812345678",
        "13812345678",
        "+86 138 1234 5678",
        "AccessKeyId=AK&Signature=SECRET999",
    ]
)


@settings(max_examples=12, deadline=None)
@given(_secret_texts, st.sampled_from(["job_id", "state"]), st.sampled_from(["text", "json"]))
def test_status_redacts_every_value_it_echoes(
    tmp_path_factory: pytest.TempPathFactory, secret: str, field: str, fmt: str
) -> None:
    import contextlib
    import io

    from lifecycle.cli.main import main

    job = make_job(1, 5, parse_rfc3339(NOW) - timedelta(days=3)) | {field: secret}
    path = tmp_path_factory.mktemp("status") / "jobs.jsonl"
    path.write_text(json.dumps(job) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["status", str(path), "--now", NOW, "--format", fmt, "--lang", "en"])
    assert code == 0, err.getvalue()
    assert not [s for s in SECRETS if s in out.getvalue() + err.getvalue()]


def test_status_counts_no_negative_time_and_a_left_out_record_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_text(json.dumps(make_job(1, 5, parse_rfc3339(NOW))) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "status", str(path), "--now", "2020-01-01T00:00:00Z", "--format", "json")
    assert code == 0, err
    [job] = json.loads(out)["jobs"]
    assert job["in_state_seconds"] == 0.0
    assert job["in_stage_seconds"] == 0.0
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"job_id": "j", "state"\n', encoding="utf-8")
    code, _, err = run(capsys, "status", str(broken), "--now", NOW, "--lang", "en")
    assert code == 1
    assert "not a job detail; left out" in err


def test_an_argument_echoed_in_a_usage_error_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "explain", "https://a/?Signature=SECRETX&p=13812345678")
    assert code == 2
    assert "SECRETX" not in err
    assert "13812345678" not in err
    assert "neither a state nor a log type" in err


@pytest.mark.parametrize("code", sorted(CODES))
def test_a_scenario_file_the_code_table_names_exists(code: str) -> None:
    for name in re.findall(r"`([^`]+\.json)`", CODES[code].example):
        assert list(DATA.glob(f"scenarios*/{name}")), f"{code}: {name} is not in tests/data/scenarios*"


def test_the_overdue_message_gives_its_unit_in_english() -> None:
    job = json.loads((DATA / "scenarios-clock" / "overdue--flexus-training-for-a-day.json").read_bytes())
    [found] = [d for d in validate(job, clock=Clock(parse_rfc3339(NOW))).diagnostics if d.code == "overdue"]
    assert "at most 3 hours" in found.message


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["", " ", "\n", "\ufeff"]), st.sampled_from([",", ", ", ",\n"]), st.integers(1, 4))
def test_a_compact_array_on_stdin_is_read_as_the_same_file_is(lead: str, comma: str, count: int) -> None:
    """`jq -c` or curl output piped in: one line holding an array (it used to be one invalid-json)."""
    import io

    from lifecycle.batch.inputs import records

    jobs = [json.dumps(json.loads(p.read_bytes())) for p in sorted((DATA / "scenarios").glob("*.json"))[:count]]
    data = (lead + "[" + comma.join(jobs) + "]\n").encode()
    got = [r.text for r in records(["-"], io.BytesIO(data))]
    assert [json.loads(t) for t in got] == [json.loads(j) for j in jobs]


@pytest.mark.parametrize("cut", [b"\xfe\xff\n", b"\xff\xfe{\x00}\x00\n\x00{"])
def test_utf16_text_cut_short_is_one_broken_record_not_an_error(tmp_path: Path, cut: bytes) -> None:
    """Found by the fuzz test: an odd byte at the end of UTF-16 text ended the run ("unexpected
    UnicodeDecodeError"); the broken end is now one invalid-json record, and the records before it stay."""
    from lifecycle.batch.inputs import records

    path = tmp_path / "jobs.jsonl"
    path.write_bytes(cut)
    texts = [r.text for r in records([str(path)])]
    assert texts
    assert "invalid-json" in validate(texts[-1]).codes()
    assert all(validate(t).codes() != ["invalid-json"] for t in texts[:-1])
