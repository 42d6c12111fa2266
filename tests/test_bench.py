"""The benchmark harness runs end to end (tiny sizes, nothing timed is asserted: speed is shown by
``python -m bench``, never by a test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import main


def test_the_smoke_run_measures_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "smoke.json"
    assert main(["--smoke", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    keys = [row["key"] for row in doc["rows"]]
    assert keys[:2] == ["replay-vs-dict", "transitions-vs-replay"]
    assert {"rules-vs-dict", "full-vs-pydantic", "lifecycle-only-vs-orjson", "naive-vs-e2e"} <= set(keys)
    assert {"stream-rss", "jobs2-vs-jobs1", "jobs2-vs-ceiling", "import"} <= set(keys)
    assert {
        "cli-vs-floor",
        "cli-noschema-vs-floor",
        "gate-vs-floor",
        "facts-vs-floor",
        "naive-vs-full",
        "gate-vs-pydantic",
        "naive-vs-gate",
    } <= set(keys)
    assert all(row["measured"] is not None and row["measured"] > 0 for row in doc["rows"])
    assert doc["meta"]["corpus"]["codes_not_drawn"] == {}
    assert "| ratio | measured | target |" in capsys.readouterr().out
