"""The engine: the transitions.Machine and the lookup table agree; only engine/machine.py imports transitions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lifecycle
from lifecycle import BEFORE_CREATION, compile_edition
from lifecycle.engine import Lifecycle
from lifecycle.tracking import Tracker
from tests.conftest import EDITIONS


@pytest.mark.parametrize("edition", EDITIONS)
def test_machine_and_table_agree_on_every_pair(edition: str) -> None:
    lc = compile_edition(edition)
    machine = Tracker(lc).machine
    driven: set[tuple[str, str, str]] = set()
    for state in (BEFORE_CREATION, *lc.states):
        triggers = set(machine.get_triggers(state))
        for log in lc.log_types:
            dests = {t.dest or state for t in machine.get_transitions(trigger=log, source=state)}
            assert dests == set(lc.targets(state, log)), (state, log)
            assert (log in triggers) == bool(lc.targets(state, log)), (state, log)
            for dest in lc.targets(state, log):
                if lc.is_final(state) or (state == BEFORE_CREATION) != (log == "USER_CREATE_JOD"):
                    continue  # the replay's own rules (after-final, creation first) come first
                tracker = Tracker(lc)
                tracker.sync(state)
                assert tracker.apply(log, target=dest), (state, log, dest)
                assert tracker.state == dest, (state, log, dest)
                driven.add((state, log, dest))
    # The loop above drove the machine, not only compared empty sets: every log type (each moves a job or is a
    # side event somewhere) was applied through the Tracker, creation included (the seed's first log).
    assert {log for _, log, _ in driven} == set(lc.log_types)
    assert any(lc.effect(log) == "side" and src == dest for src, log, dest in driven)
    assert (BEFORE_CREATION, "USER_CREATE_JOD", "WAIT_FILE_UPLOAD") in driven


@pytest.mark.parametrize("edition", EDITIONS)
def test_machine_silent_transitions_agree_with_the_closure(edition: str) -> None:
    lc = compile_edition(edition)
    machine = Tracker(lc).machine
    for state in lc.states:
        dests = {t.dest for t in machine.get_transitions(trigger=lifecycle.SILENT, source=state)}
        assert dests == set(lc.silent_targets(state))
        assert lc.closure(state) >= {state} | dests


@st.composite
def walks(draw: st.DrawFn, lc: Lifecycle) -> list[tuple[str, str]]:
    """A random path through the machine: (trigger, target) pairs, silent moves included."""
    state = BEFORE_CREATION
    path: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(0, 40))):
        options = [(log, dest) for log, dests in sorted(lc.table[state].items()) for dest in sorted(dests)]
        options += [(lifecycle.SILENT, dest) for dest in sorted(lc.silent_targets(state))]
        if not options:
            break
        trigger, state = draw(st.sampled_from(options))
        path.append((trigger, state))
    return path


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_tracker_walks_stay_inside_the_replayed_set(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition)
    path = data.draw(walks(lc))
    tracker = Tracker(lc)
    possible = lc.closure_of(lc.start)
    for trigger, dest in path:
        if trigger == lifecycle.SILENT:
            assert tracker.drift(dest)
        else:
            assert tracker.apply(trigger, target=dest)
            possible = lc.step(possible, trigger)
        assert tracker.state == dest
        assert dest in possible


def test_tracker_reports_states_entered() -> None:
    entered: list[tuple[str, str]] = []
    tracker = Tracker(compile_edition(), on_enter=lambda state, trigger: entered.append((state, str(trigger))))
    for log in ["USER_CREATE_JOD", "SYSTEM_MARKABLE_VIDEO", "USER_VERIFYING_SUBMITTED"]:
        assert tracker.apply(log)
    assert not tracker.apply("SYSTEM_JOB_SUCCESS")
    assert entered == [("WAIT_FILE_UPLOAD", "USER_CREATE_JOD"), ("AUTO_VERIFYING", "USER_VERIFYING_SUBMITTED")]


def test_final_state_accepts_nothing(edition: str) -> None:
    lc = compile_edition(edition)
    assert lc.allowed("JOB_FINISH") == frozenset()
    assert lc.closure("JOB_FINISH") == {"JOB_FINISH"}


def test_only_the_engine_imports_transitions() -> None:
    package = Path(lifecycle.__file__).parent
    importers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "transitions" or n.startswith("transitions.") for n in names):
                importers.add(path.relative_to(package).as_posix())
    assert importers == {"engine/machine.py"}


def test_effects_partition_the_log_types(edition: str) -> None:
    lc = compile_edition(edition)
    effects = {log: lc.effect(log) for log in lc.log_types}
    assert set(effects.values()) <= {"move", "side", "mixed"}
    assert effects["SYSTEM_MARKABLE_VIDEO"] == "side"
    assert effects["SYSTEM_VERIFY_SUCCESS"] == "move"


def _every_compiled() -> list[Lifecycle]:
    """Every edition's lifecycle, each variant, and each variant's alternative readings."""
    from lifecycle import compile_edition
    from lifecycle.spec.vocabulary import EDITIONS

    out = []
    for edition in EDITIONS:
        for flexus in (False, True):
            for na in (False, True):
                lc = compile_edition(edition).restrict(flexus=flexus, na=na)
                out += [lc, *(alt for _, alt in lc.alternatives)]
    return out


def test_the_compiled_table_and_entries_are_those_the_spec_says() -> None:
    """The table (a state's moves from the rules of its variant, its side events overriding them) and each
    log's entry states, computed the plain way, rule by rule, against what the compiled lifecycle made."""
    from collections import defaultdict

    for lc in _every_compiled():
        spec = lc.spec
        table: dict[str, dict[str, set[str]]] = {s: defaultdict(set) for s in (BEFORE_CREATION, *lc.states)}
        table[BEFORE_CREATION][spec.creation.log_type].add(spec.creation.initial)
        for rule in spec.rules:
            if rule.variant is None or lc.variants is None or rule.variant in lc.variants:
                for source in rule.sources:
                    table[source][rule.log_type].update(rule.targets)
        for event in spec.side:
            for state in event.states:
                if state in table:
                    table[state][event.log_type] = {state}
        assert {s: dict(r) for s, r in lc.table.items()} == {s: dict(r) for s, r in table.items()}
        entries: dict[str, set[str]] = defaultdict(set)
        for row in table.values():
            for log, dests in row.items():
                for dest in dests:
                    entries[log] |= lc.closure(dest)
        assert {log: lc.entry_states(log) for log in lc.log_types} == {
            log: frozenset(entries.get(log, ())) for log in lc.log_types
        }


def test_alternative_readings_are_applied_once_by_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader applies each reading to check it; the compiled lifecycles take those specs (the same as a
    fresh application) instead of applying the readings again."""
    from dataclasses import replace

    from lifecycle.spec import loader, overlay

    for edition in EDITIONS:
        spec = loader.read_rules(loader._rules_document(), edition)
        base = replace(spec, alternatives=())
        fresh = tuple(overlay.apply_overlay(base, alt.document, shipped=True) for alt in spec.alternatives)
        with monkeypatch.context() as patched:
            patched.setattr(overlay, "apply_overlay", lambda *a, **k: pytest.fail("applied again"))
            assert overlay.alternative_specs(spec) == fresh
