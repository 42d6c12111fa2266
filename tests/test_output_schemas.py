"""Every output format validates against its published schema (issue 19, item 6), checked with the
``jsonschema`` package (an implementation independent of pydantic, which wrote the schemas)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import DATA, ROOT, run

SCENARIOS = DATA / "scenarios"


def _schema(capsys: pytest.CaptureFixture[str], what: str) -> Draft202012Validator:
    code, out, _ = run(capsys, "schema", what)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("extra", [[], ["--statistics"], ["--quiet", "--ignore", "warning"]])
def test_the_json_report_matches_schema_report(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    validator = _schema(capsys, "report")
    _, out, _ = run(capsys, "validate", str(SCENARIOS), "--format", "json", *extra)
    document = json.loads(out)
    assert document["jobs"]
    assert list(validator.iter_errors(document)) == []
    found = next(d for job in document["jobs"] for d in job["diagnostics"])
    document["jobs"][0]["diagnostics"] = [{**found, "code": "no-such-code"}]
    assert list(validator.iter_errors(document)), "the schema can fail"


@pytest.mark.parametrize("extra", [[], ["--statistics"]])
def test_each_jsonl_line_matches_schema_report_line(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    validator = _schema(capsys, "report-line")
    _, out, _ = run(capsys, "validate", str(SCENARIOS), "--format", "jsonl", *extra)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(list(SCENARIOS.glob("*.json"))) + 1 + bool(extra)
    for line in lines:
        assert list(validator.iter_errors(line)) == [], line
    assert list(validator.iter_errors({"summary": {"jobs": "many"}})), "the schema can fail"


def test_the_example_job_matches_schema_job(capsys: pytest.CaptureFixture[str]) -> None:
    validator = _schema(capsys, "job")
    job = json.loads((ROOT / "examples" / "seed_job.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(job)) == []
    assert list(validator.iter_errors({**job, "operation_logs": "none"})), "the schema can fail"
