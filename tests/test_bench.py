"""The benchmark harness runs end to end (tiny sizes, nothing timed is asserted: speed is shown by
``python -m bench``, never by a test)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.measure import compare
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


@pytest.mark.parametrize("size", [2, 150, 450, 1000])
def test_no_timed_chunk_follows_a_warm_up_over_the_same_items(size: int) -> None:
    """A cache keyed by content (pydantic's timestamp validator keeps 8192 parsed strings) must not be
    handed every value a timed chunk asks for by the untimed run just before it: a stream of distinct
    jobs never warms it so. Each side's calls come in (warm-up, timed) pairs; they never cover the same
    items, and every item is timed once per round."""
    calls: dict[str, list[tuple[int, int]]] = {"num": [], "den": []}

    def side(name: str) -> Callable[[int, int], None]:
        return lambda lo, hi: calls[name].append((lo, hi))

    rounds = 3
    compare(side("num"), side("den"), size, rounds, warmup=False)
    for made in calls.values():
        warm, timed = made[0::2], made[1::2]
        assert all(w != t for w, t in zip(warm, timed, strict=True))
        assert sum(hi - lo for lo, hi in timed) == size * rounds


def test_rows_over_decoded_histories_warm_up_on_the_timed_chunk() -> None:
    """``warm="same"``: the timed items are in the processor's caches, as what a real run just decoded."""
    made: list[tuple[int, int]] = []
    compare(lambda lo, hi: made.append((lo, hi)), lambda lo, hi: None, 1000, 2, warmup=False, warm="same")
    assert made[0::2] == made[1::2]
    assert sum(hi - lo for lo, hi in made[1::2]) == 2000
