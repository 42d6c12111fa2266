"""Triage of a batch (issue 19, item 1): --select, --ignore, --quiet, --statistics, and the exit code that
follows the selection; the same with worker processes."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.validation.codes import CODES
from lifecycle.validation.selection import Selection, Statistics, select_report
from tests.conftest import DATA, run

SCENARIOS = DATA / "scenarios"


def _expected_codes() -> Counter[str]:
    """Each scenario file is named after the code it expects (``valid--`` expects none)."""
    return Counter(
        code
        for p in SCENARIOS.glob("*.json")
        if not p.name.startswith("valid--")
        for code in p.name.split("--")[0].split("+")
    )


def _jsonl(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = run(capsys, "validate", str(SCENARIOS), "--format", "jsonl", *argv)
    return code, [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_statistics_count_each_code_once_per_scenario(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    code, lines = _jsonl(capsys, "--statistics", "--jobs", jobs)
    stats = next(line["statistics"] for line in lines if "statistics" in line)
    assert {row["code"]: row["jobs"] for row in stats["codes"]} == dict(_expected_codes())
    summary = lines[-1]["summary"]
    assert sum(row["jobs"] for row in stats["groups"]) == summary["jobs"]
    assert sum(row["invalid"] for row in stats["groups"]) == summary["invalid"]
    assert code == 1


def test_quiet_prints_only_jobs_with_findings_plus_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, lines = _jsonl(capsys, "--quiet")
    jobs = [line for line in lines if "summary" not in line]
    assert jobs
    assert all(job["diagnostics"] for job in jobs)
    assert len(jobs) == sum(not p.name.startswith("valid--") for p in SCENARIOS.glob("*.json"))
    assert lines[-1]["summary"]["jobs"] == len(list(SCENARIOS.glob("*.json")))


def test_ignoring_every_error_makes_the_batch_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _jsonl(capsys, "--ignore", "error", "--quiet")
    assert code == 0
    assert all(d["severity"] != "error" for job in lines if "summary" not in job for d in job["diagnostics"])
    code, _ = _jsonl(capsys, "--select", "state-mismatch")
    assert code == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_select_a_prefix_in_text_with_statistics(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    code, out, _ = run(
        capsys, "validate", str(SCENARIOS), "--select", "unknown", "-q", "--statistics", "--lang", "en", "--jobs", jobs
    )
    assert code == 0  # the unknown-* codes are warnings
    assert "unknown-state" in out
    assert "unknown-log-type" in out
    assert "illegal-transition" not in out
    n = len(list(SCENARIOS.glob("*.json")))
    assert out.rstrip().splitlines()[-1] == f"{n} job(s): {n} valid, 0 invalid; 0 error(s), 2 warning(s)"


def test_a_selector_naming_no_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(SCENARIOS), "--ignore", "no-such-code")
    assert (code, out) == (2, "")
    assert "no-such-code" in err
    assert "illegal-transition" in err


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["", ",,", " , "])
def test_an_empty_selector_is_a_usage_error(capsys: pytest.CaptureFixture[str], option: str, value: str) -> None:
    """`--select "$CODES"` with CODES unset selected nothing, so every job passed (the trial's example)."""
    code, out, err = run(capsys, "validate", str(DATA / "scenarios"), option, value)
    assert (code, out) == (2, "")
    assert err == f"lifecycle: error: {value!r} names no diagnostic code; give codes, their prefixes or severities\n"


def test_the_json_document_carries_the_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "validate", str(SCENARIOS), "--format", "json", "--statistics", "-q")
    doc = json.loads(out)
    assert {row["code"] for row in doc["statistics"]["codes"]} == set(_expected_codes())
    assert len(doc["jobs"]) == sum(not p.name.startswith("valid--") for p in SCENARIOS.glob("*.json"))


_diagnostic = st.sampled_from(sorted(CODES)).map(lambda c: {"code": c, "severity": CODES[c].severity.value})
_report = st.builds(
    lambda ds, state: {"valid": all(d["severity"] != "error" for d in ds), "state": state, "diagnostics": ds},
    st.lists(_diagnostic, max_size=6),
    st.sampled_from([None, "TRAINING", "JOB_SUCCESS", "NOT_A_STATE"]),
)
_selector = st.sampled_from([*CODES, "error", "warning", "info", "unknown", "in", "re"])


@given(_report, st.lists(_selector, max_size=3), st.lists(_selector, max_size=3))
def test_selection_keeps_what_is_selected_and_not_ignored(
    report: dict[str, object], select: list[str], ignore: list[str]
) -> None:
    selection = Selection.parse(",".join(select) if select else None, ",".join(ignore) if ignore else None)
    ignored = Selection.parse(",".join(ignore)).codes if ignore else frozenset()
    kept = select_report(report, selection)
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        selected = not select or any(d["code"] == s or d["code"].startswith(s) or d["severity"] == s for s in select)
        assert (d in kept["diagnostics"]) == (selected and d["code"] not in ignored)
    assert kept["valid"] == (not any(d["severity"] == "error" for d in kept["diagnostics"]))


@given(st.lists(_report, max_size=8), st.integers(0, 8))
def test_statistics_merge_like_one_pass(reports: list[dict[str, object]], cut: int) -> None:
    whole, left, right = Statistics(), Statistics(), Statistics()
    for i, report in enumerate(reports):
        whole.add(report)
        (left if i < cut else right).add(report)
    left.merge(right)
    assert left.to_dict() == whole.to_dict()
    assert sum(row["jobs"] for row in whole.to_dict()["groups"]) == len(reports)


def test_mine_counts_the_lifecycle_findings_per_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mine", str(SCENARIOS), "--format", "json", "--statistics", "--select", "error")
    assert code == 1  # a selected error was found
    stats = json.loads(out)["statistics"]
    errors = {c for c, n in _expected_codes().items() if CODES[c].severity.value == "error"}
    assert {row["code"] for row in stats["codes"]} == errors
    code, out, _ = run(capsys, "mine", str(SCENARIOS), "--format", "json", "--statistics")
    assert code == 0  # no selection: mine surveys and does not judge
    lifecycle_codes = set(_expected_codes()) - {"invalid-field"}  # mine reads no payload schema
    assert lifecycle_codes <= {row["code"] for row in json.loads(out)["statistics"]["codes"]}


@pytest.mark.parametrize(
    "selection",
    [
        ["--ignore", "warning"],
        ["--ignore", "error"],
        ["--select", "warning"],
        ["--select", "state-mismatch"],
        ["--select", "error", "--ignore", "illegal,state,after,missing,repeated,invalid"],
        ["--select", "unknown,illegal"],
    ],
)
def test_mine_exits_as_validate_does_on_what_is_selected(
    capsys: pytest.CaptureFixture[str], selection: list[str]
) -> None:
    """With --select or --ignore, mine fails exactly when validate (lifecycle only) fails on the same jobs."""
    validated, _, _ = run(capsys, "validate", str(SCENARIOS), "--no-schema", "--format", "jsonl", *selection)
    mined, out, _ = run(capsys, "mine", str(SCENARIOS), *selection)
    assert out.startswith("mined ")
    assert mined == validated
    assert mined in (0, 1)
