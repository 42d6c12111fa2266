"""`lifecycle mine` and `lifecycle diagram --overlay-from`: output formats, the suggested overlay, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from lifecycle.mining.miner import MiningReport
from tests.conftest import DATA, VALID, run

SMALL = DATA / "mining" / "small.jsonl"


def test_text_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "mine", str(SMALL), str(VALID))
    assert code == 0
    assert err == ""
    assert out.startswith("mined 7 jobs against edition 2025-11\n")
    assert f"1 record not a JSON object, skipped: {SMALL}:5" in out
    assert "2×  ADMIN_VERIFY_SUCCESS from AUTO_VERIFYING -> MANUAL_VERIFY_SUCCESS" in out
    assert "(2 jobs: b-shortcut, f-shortcut-again)" in out
    assert "--format json lists them all" in out


def test_json_for_programs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mine", str(SMALL), "--format", "json", "--top", "2")
    assert code == 0
    doc = json.loads(out)
    assert (doc["jobs"], doc["invalid_records"], doc["fitness"]) == (6, 1, 14 / 17)
    assert doc["forbidden_steps"][0]["count"] == 2
    assert len(doc["variants"]) == 2
    assert MiningReport.from_dict(doc).jobs == 6


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SMALL.read_bytes())))
    code, out, _ = run(capsys, "mine", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["invalid_examples"] == ["<stdin>:5"]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_suggested_overlay_makes_validate_accept_the_jobs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    overlay = tmp_path / f"mined{suffix}"
    code, out, err = run(capsys, "mine", str(SMALL), "--format", "json", "--suggest-overlay", str(overlay))
    assert code == 0
    json.loads(out)  # stdout holds the report alone
    assert f"wrote {overlay}: 1 suggested entries" in err
    before = json.loads(run(capsys, "validate", str(SMALL), "--format", "json")[1])
    after = json.loads(run(capsys, "validate", str(SMALL), "--format", "json", "--overlay", str(overlay))[1])
    fixed = {"b-shortcut", "f-shortcut-again"}
    for b, a in zip(before["jobs"], after["jobs"], strict=True):
        if b["job_id"] in fixed:
            assert (b["valid"], a["valid"]) == (False, True)
        else:
            assert (a["valid"], a["diagnostics"]) == (b["valid"], b["diagnostics"])
    code, out, _ = run(capsys, "mine", str(SMALL), "--format", "json", "--overlay", str(overlay))
    assert json.loads(out)["forbidden_steps"] == []
    assert json.loads(out)["overlays"] == [str(overlay)]


def test_diagram_overlay_from_a_mining_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "mined.json"
    report.write_text(run(capsys, "mine", str(SMALL), "--format", "json")[1], encoding="utf-8")
    code, out, _ = run(capsys, "diagram", "--overlay-from", str(report), "--lang", "en")
    assert code == 0
    assert "AUTO_VERIFYING --> MANUAL_VERIFY_SUCCESS : ADMIN_VERIFY_SUCCESS (observed ×2)" in out
    assert "+ overlays mined" in out
    code, out, _ = run(
        capsys, "diagram", "--overlay-from", str(report), "--format", "dot", "--view", "user", "--lang", "en"
    )
    assert code == 0
    assert "ADMIN_VERIFY_SUCCESS (observed ×2)" in out


def test_diagram_overlay_from_refuses_what_is_not_a_report_of_its_edition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "mined.json"
    report.write_text(run(capsys, "mine", str(SMALL), "--format", "json")[1], encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"jobs": 1}', encoding="utf-8")
    for argv in (
        ["--overlay-from", str(report), "--edition", "2024-12"],
        ["--overlay-from", str(broken)],
        ["--overlay-from", str(tmp_path / "missing.json")],
        ["--overlay-from", str(SMALL)],
    ):
        code, out, err = run(capsys, "diagram", *argv)
        assert code == 2, argv
        assert out == ""
        assert err.startswith("lifecycle: error:")
        assert err.count("\n") == 1


def test_quiet_keeps_the_figures_and_what_disagrees_with_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    _, full, _ = run(capsys, "mine", str(SMALL), "--lang", "en")
    code, quiet, _ = run(capsys, "mine", str(SMALL), "--quiet", "--lang", "en")
    assert code == 0
    for kept in ("mined 6 jobs", "fitness ", "forbidden steps: 1 distinct", "ADMIN_VERIFY_SUCCESS from AUTO_VERIFYING"):
        assert kept in quiet
        assert kept in full
    for left_out in ("unused rules:", "unused silent transitions:", "variants: top"):
        assert left_out in full
        assert left_out not in quiet
    assert full.startswith(quiet.rstrip("\n"))  # the same report, cut after what disagrees with the spec


def test_select_and_ignore_decide_the_exit_code_without_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    # small.jsonl has illegal transitions (errors) and no job with only warnings.
    assert run(capsys, "mine", str(SMALL))[0] == 0  # a survey: no selection, no verdict
    assert run(capsys, "mine", str(SMALL), "--select", "illegal-transition")[0] == 1
    assert run(capsys, "mine", str(SMALL), "--ignore", "error")[0] == 0
    assert run(capsys, "mine", str(VALID), "--select", "error")[0] == 0
    code, out, err = run(capsys, "mine", str(SMALL), "--select", "no-such-code")
    assert (code, out) == (2, "")
    assert "no-such-code" in err
