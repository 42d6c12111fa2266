"""A ``documented`` entry claims no more than its source shows: an entry resting on the seed page's
example payload only covers exactly the states and logs the example passes through."""

from __future__ import annotations

import json

import pytest

from lifecycle import compile_edition
from lifecycle.engine import BEFORE_CREATION, Lifecycle
from lifecycle.spec.model import Confidence, EvidenceKind
from tests.conftest import DATA

EXAMPLE = DATA / "scenarios" / "valid--seed-example.json"
"""The example payload of the seed page [api-show, example], as a scenario file."""


def example_steps(lc: Lifecycle) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """(state, log) of each log of the example, in every state the job may be in when it comes, and
    (state, log, next state) of each step that moves (a standard job, as the example's is)."""
    job = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    pairs: set[tuple[str, str]] = set()
    moves: set[tuple[str, str, str]] = set()
    possible = frozenset({BEFORE_CREATION})
    for log in (entry["log_type"] for entry in job["operation_logs"]):
        after = lc.step(possible, log)
        assert after, log
        pairs |= {(s, log) for s in possible}
        moves |= {(s, log, t) for s in possible for t in lc.moves(s, log) or ()}
        possible = after
    assert job["state"] in possible
    return pairs, moves


def _example_only(evidence: tuple[object, ...]) -> bool:
    return all(getattr(e, "kind", None) is EvidenceKind.SEED_EXAMPLE for e in evidence)


@pytest.mark.parametrize("edition", ["2024-12", "2025-11"])
def test_what_only_the_example_documents_is_what_the_example_shows(edition: str) -> None:
    lc = compile_edition(edition).restrict()
    pairs, moves = example_steps(lc)
    checked = 0
    for e in lc.spec.side:
        if e.confidence is Confidence.DOCUMENTED and _example_only(e.evidence):
            assert {(s, e.log_type) for s in e.states} <= pairs, (e.log_type, e.states)
            checked += 1
    for r in lc.spec.rules:
        if r.confidence is Confidence.DOCUMENTED and _example_only(r.evidence):
            assert {(s, r.log_type) for s in r.sources} <= pairs, (r.log_type, r.sources)
            assert {(s, r.log_type, t) for s in r.sources for t in r.targets} <= moves, (r.log_type, r.targets)
            checked += 1
    assert checked  # the example documents some entries: this test checks something


def test_the_example_logs_are_covered_as_documented() -> None:
    """Each log of the example, in the state it came in, is allowed by a documented entry or by one
    whose evidence is the example itself."""
    lc = compile_edition("2025-11").restrict()
    pairs, _ = example_steps(lc)
    backed = {(s, e.log_type) for e in lc.spec.side if e.confidence is Confidence.DOCUMENTED for s in e.states}
    backed |= {(s, r.log_type) for r in lc.spec.rules if r.confidence is Confidence.DOCUMENTED for s in r.sources}
    assert ("WAIT_FILE_UPLOAD", "SYSTEM_MARKABLE_VIDEO") in pairs & backed
    assert ("MANUAL_VERIFYING", "SYSTEM_MARKABLE_VIDEO_SUCCESS") in pairs & backed
