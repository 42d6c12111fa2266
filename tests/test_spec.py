"""The spec: both editions pass the self-check, every problem kind is caught and named, overlays."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from lifecycle import compile_edition
from lifecycle.errors import InvalidSpec
from lifecycle.spec import (
    RULES_FILE,
    Confidence,
    Evidence,
    EvidenceKind,
    Rule,
    SideEvent,
    Silent,
    Source,
    Spec,
    apply_overlay,
    check,
    load_edition,
    load_sources,
    read_overlay,
    read_rules,
)
from lifecycle.spec.check import CHECKS

SEED_HISTORY = [
    "USER_CREATE_JOD",
    "SYSTEM_MARKABLE_VIDEO",
    "USER_VERIFYING_SUBMITTED",
    "SYSTEM_VERIFY_SUCCESS",
    "SYSTEM_MARKABLE_VIDEO_SUCCESS",
]
EV = (Evidence(EvidenceKind.MODELLING_CHOICE, "test"),)


def test_shipped_editions_pass_the_self_check(edition: str) -> None:
    assert check(load_edition(edition)) == []


def test_seed_example_replays_to_manual_verifying(edition: str) -> None:
    # A standard job (not Flexus, not NA): the replay is exact.
    assert compile_edition(edition).restrict().replay(SEED_HISTORY) == {"MANUAL_VERIFYING"}
    # With every variant allowed, MANUAL_VERIFYING is still among the possible states.
    assert "MANUAL_VERIFYING" in compile_edition(edition).replay(SEED_HISTORY)


def test_every_entry_has_evidence_and_confidence(edition: str) -> None:
    spec = load_edition(edition)
    entries = [spec.creation, *spec.rules, *spec.silent, *spec.side]
    for entry in entries:
        assert entry.evidence, entry
        assert all(isinstance(e.kind, EvidenceKind) and e.text for e in entry.evidence), entry
        assert isinstance(entry.confidence, Confidence), entry


def test_every_state_has_one_console_group(edition: str) -> None:
    spec = load_edition(edition)
    members = [s for group in spec.groups.values() for s in group]
    assert sorted(members) == sorted(spec.states)


def test_nondeterministic_rules_say_why(edition: str) -> None:
    for rule in load_edition(edition).rules:
        if len(rule.targets) > 1:
            assert rule.ambiguity, rule


# -- one broken spec per problem kind ------------------------------------------------------------


def _add_rule(spec: Spec, rule: Rule) -> Spec:
    return replace(spec, rules=(*spec.rules, rule))


def _drop_rules(spec: Spec, keep: Callable[[Rule], bool]) -> Spec:
    return replace(spec, rules=tuple(r for r in spec.rules if keep(r)))


BROKEN: dict[str, tuple[Callable[[Spec], Spec], str]] = {
    "unknown-name": (
        lambda s: _add_rule(s, Rule("SYSTEM_TRAINING", ("TRAIN_SUCCESS",), ("NOWHERE",), EV, Confidence.ASSUMED)),
        "NOWHERE",
    ),
    "missing-evidence": (
        lambda s: replace(s, rules=(replace(s.rules[0], evidence=()), *s.rules[1:])),
        "USER_VERIFYING_SUBMITTED",
    ),
    "group-partition": (
        lambda s: replace(s, groups={g: tuple(m for m in ms if m != "TRAINING") for g, ms in s.groups.items()}),
        "TRAINING",
    ),
    "ambiguous-rule": (
        lambda s: _add_rule(
            s, Rule("ADMIN_VERIFY_SUCCESS", ("MANUAL_VERIFYING",), ("MANUAL_VERIFY_FAILED",), EV, Confidence.ASSUMED)
        ),
        "MANUAL_VERIFYING + ADMIN_VERIFY_SUCCESS",
    ),
    "unreachable-state": (
        lambda s: _drop_rules(s, lambda r: "TRAIN_FAILED" not in r.targets),
        "TRAIN_FAILED",
    ),
    "trap-state": (
        lambda s: _drop_rules(s, lambda r: "TRAINING" not in r.sources),
        "TRAINING",
    ),
    "unused-log-type": (
        lambda s: replace(s, side=tuple(e for e in s.side if e.log_type != "SYSTEM_UPDATE_COVER")),
        "SYSTEM_UPDATE_COVER",
    ),
    "final-state-exit": (
        lambda s: replace(
            s, silent=(*s.silent, Silent(("JOB_FINISH",), ("JOB_SUCCESS",), "t", EV, Confidence.ASSUMED))
        ),
        "JOB_FINISH",
    ),
    "unknown-source": (
        lambda s: replace(
            s, creation=replace(s.creation, evidence=(Evidence(EvidenceKind.SEED_TEXT, "it says so [hearsay-blog]"),))
        ),
        "hearsay-blog",
    ),
    "uncited-evidence": (
        lambda s: replace(
            s, silent=(replace(s.silent[0], evidence=(Evidence(EvidenceKind.GUIDE, "a guide says so"),)), *s.silent[1:])
        ),
        "a guide says so",
    ),
    "documented-guess": (
        lambda s: replace(
            s,
            side=(
                replace(
                    s.side[0],
                    confidence=Confidence.DOCUMENTED,
                    evidence=(*s.side[0].evidence, Evidence(EvidenceKind.MODELLING_CHOICE, "we think so")),
                ),
                *s.side[1:],
            ),
        ),
        "side[0]",
    ),
}


# How each kind's message starts for the breaks above.
MESSAGE_START = {
    "unknown-name": "unknown state 'NOWHERE'",
    "missing-evidence": "no evidence given",
    "group-partition": "belongs to no console group",
    "ambiguous-rule": "leads to ['MANUAL_VERIFY_FAILED', 'MANUAL_VERIFY_SUCCESS'] with no declared reason",
    "unreachable-state": "no history reaches it from creation",
    "trap-state": "no resting or final state is reachable from it",
    "unused-log-type": "used by no rule and not declared a side event",
    "final-state-exit": "is final but a silent transition leaves it (t)",
    "unknown-source": "cites 'hearsay-blog', which is not a known source",
    "uncited-evidence": "'guide: a guide says so' cites no source: add [id]",
    "documented-guess": "is documented, but 'modelling-choice: we think so' is an inference",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_problem_kind_is_named(kind: str, edition: str) -> None:
    breaker, subject = BROKEN[kind]
    problems = check(breaker(load_edition(edition)))
    assert any(p.kind == kind and subject in p.subject + p.message for p in problems), problems
    assert any(p.kind == kind and p.message.startswith(MESSAGE_START[kind]) for p in problems), problems


def test_a_rule_leaving_a_final_state_and_a_group_mismatch_are_named(edition: str) -> None:
    spec = load_edition(edition)
    declared = spec.states["TRAINING"].group
    other = next(g for g in spec.groups if g != declared)
    broken = replace(
        _add_rule(spec, Rule("USER_REPAIR", ("JOB_FINISH",), ("JOB_FINISH",), EV, Confidence.ASSUMED)),
        groups={
            g: (*(m for m in ms if m != "TRAINING"), *(("TRAINING",) if g == other else ()))
            for g, ms in spec.groups.items()
        },
    )
    found = {(p.kind, p.subject, p.message) for p in check(broken)}
    assert ("final-state-exit", "JOB_FINISH", "is final but USER_REPAIR leaves it") in found
    assert ("group-partition", "TRAINING", f"listed in {other}, declared {declared}") in found


def test_a_resting_state_is_no_trap_even_when_nothing_leaves_it(edition: str) -> None:
    spec = load_edition(edition)
    resting = next(s for s, info in spec.states.items() if info.resting and not info.final)
    cut = replace(
        _drop_rules(spec, lambda r: resting not in r.sources),
        silent=tuple(t for t in spec.silent if resting not in t.sources),
    )
    assert not [p for p in check(cut) if p.kind == "trap-state" and p.subject == resting]


def test_a_declared_reason_covers_every_rule_of_its_state_and_log_type(edition: str) -> None:
    spec = load_edition(edition)
    reasoned = next(r for r in spec.rules if r.ambiguity or r.variant)
    other = next(t for t in spec.states if t not in reasoned.targets and not spec.states[t].final)
    more = _add_rule(spec, Rule(reasoned.log_type, reasoned.sources[:1], (other,), EV, Confidence.ASSUMED))
    subject = f"{reasoned.sources[0]} + {reasoned.log_type}"
    assert not [p for p in check(more) if p.kind == "ambiguous-rule" and p.subject == subject]


def _first_group_without(s: Spec, state: str) -> str:
    return next(g for g, ms in s.groups.items() if state not in ms)


# More breaks of the same kinds: the places a check looks that the table above does not reach.
# (kind, where the problem is reported, a word of its message)
BROKEN_ELSEWHERE: dict[str, tuple[Callable[[Spec], Spec], str, str, str]] = {
    "creation names an unknown state": (
        lambda s: replace(s, creation=replace(s.creation, initial="NOWHERE")),
        "unknown-name",
        "creation",
        "unknown state 'NOWHERE'",
    ),
    "a side event names an unknown state": (
        lambda s: replace(s, side=(replace(s.side[0], states=(*s.side[0].states, "NOWHERE")), *s.side[1:])),
        "unknown-name",
        "side[0]",
        "unknown state 'NOWHERE'",
    ),
    "a dead end names an unknown state": (
        lambda s: replace(s, dead_ends={**s.dead_ends, "NOWHERE": "test"}),
        "unknown-name",
        "dead_ends",
        "unknown state 'NOWHERE'",
    ),
    "creation names an unknown log type": (
        lambda s: replace(s, creation=replace(s.creation, log_type="NOPE_LOG")),
        "unknown-name",
        "creation",
        "unknown log type 'NOPE_LOG'",
    ),
    "a rule names an unknown log type": (
        lambda s: _add_rule(s, Rule("NOPE_LOG", ("TRAIN_SUCCESS",), ("TRAIN_SUCCESS",), EV, Confidence.ASSUMED)),
        "unknown-name",
        "rules[",
        "unknown log type 'NOPE_LOG'",
    ),
    "a side event names an unknown log type": (
        lambda s: replace(s, side=(replace(s.side[0], log_type="NOPE_LOG"), *s.side[1:])),
        "unknown-name",
        "side[0]",
        "unknown log type 'NOPE_LOG'",
    ),
    "a silent transition names an unknown state": (
        lambda s: replace(s, silent=(replace(s.silent[0], targets=(*s.silent[0].targets, "NOWHERE")), *s.silent[1:])),
        "unknown-name",
        "silent[0]",
        "unknown state 'NOWHERE'",
    ),
    "a stage names an unknown state": (
        lambda s: replace(
            s, pipeline=(replace(s.pipeline[0], exits=(*s.pipeline[0].exits, "NOWHERE")), *s.pipeline[1:])
        ),
        "unknown-name",
        "pipeline.",
        "unknown state 'NOWHERE'",
    ),
    "a group that is not a console group": (
        lambda s: replace(s, groups={**s.groups, "NOT_A_GROUP": ()}),
        "group-partition",
        "NOT_A_GROUP",
        "not a console group",
    ),
    "a group lists an unknown state": (
        lambda s: replace(
            s, groups={g: (*ms, "NOWHERE") if i == 0 else ms for i, (g, ms) in enumerate(s.groups.items())}
        ),
        "group-partition",
        "",  # the group's name
        "lists unknown state 'NOWHERE'",
    ),
    "a silent transition without evidence": (
        lambda s: replace(s, silent=(replace(s.silent[0], evidence=()), *s.silent[1:])),
        "missing-evidence",
        "silent[0]",
        "no evidence given",
    ),
    "a state in two groups": (
        lambda s: replace(
            s,
            groups={
                g: (*ms, "TRAINING") if g == _first_group_without(s, "TRAINING") else ms for g, ms in s.groups.items()
            },
        ),
        "group-partition",
        "TRAINING",
        "is in both",
    ),
    "a side event that is also a move": (
        lambda s: replace(
            s,
            side=(
                *s.side,
                SideEvent(s.rules[0].log_type, (s.rules[0].sources[0],), EV, Confidence.ASSUMED),
            ),
        ),
        "ambiguous-rule",
        "",  # "<state> + <log type>"
        "is both a side event and a move",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ELSEWHERE))
def test_each_place_a_check_looks_is_checked(case: str, edition: str) -> None:
    breaker, kind, where, word = BROKEN_ELSEWHERE[case]
    problems = check(breaker(load_edition(edition)))
    assert not check(load_edition(edition)), "the unbroken spec is sound"
    # The message starts with the words: a message mangled around them fails too.
    assert any(p.kind == kind and p.subject.startswith(where) and p.message.startswith(word) for p in problems), [
        p for p in problems if p.kind == kind
    ]


def test_the_broken_table_covers_every_check() -> None:
    assert len(BROKEN) == len(CHECKS) + 2  # _reachability and _citations report two kinds each


def test_all_problems_are_reported_at_once() -> None:
    spec = load_edition()
    for breaker, _ in BROKEN.values():
        spec = breaker(spec)
    kinds = {p.kind for p in check(spec)}
    assert kinds >= set(BROKEN)


# -- problems found while reading the rules document ---------------------------------------------


def _document() -> dict[str, object]:
    with RULES_FILE.open("rb") as f:
        return tomllib.load(f)


def _break(path: list[object], value: object) -> dict[str, object]:
    doc = copy.deepcopy(_document())
    target: object = doc
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return doc


@pytest.mark.parametrize(
    ("path", "value", "kind"),
    [
        (["rules", 0, "from"], ["NOT_A_STATE"], "unknown-name"),
        (["rules", 0, "log_type"], "NOT_A_LOG", "unknown-name"),
        (["rules", 0, "evidence"], ["hearsay: a friend said so"], "bad-evidence"),
        (["rules", 0, "evidence"], [], "missing-evidence"),
        (["rules", 0, "confidence"], "certain", "missing-confidence"),
        (["rules", 0, "colour"], "blue", "unknown-key"),
        (["rules", 0, "to"], ["$no_such_set"], "unknown-name"),
        (["silent", 0, "variant"], "vip", "bad-value"),
        (["creation"], "USER_CREATE_JOD", "bad-value"),
        (["rules", 0, "evidence"], ["command-api: SUBMITVERIFYING [no-such-source]"], "unknown-source"),
        (["rules", 0, "evidence"], ["command-api: SUBMITVERIFYING, as a page says"], "uncited-evidence"),
    ],
)
def test_document_problems_are_named(path: list[object], value: object, kind: str) -> None:
    with pytest.raises(InvalidSpec) as info:
        read_rules(_break(path, value), "2025-11")
    assert any(p.kind == kind for p in info.value.problems), info.value.problems
    assert isinstance(info.value, ValueError)


def test_a_source_nothing_cites_is_reported() -> None:
    extra = Source(id="blog-post", title="A blog", version="2026-01-01", establishes="nothing", url="https://x.test")
    with pytest.raises(InvalidSpec) as info:
        read_rules(_document(), "2025-11", references={**load_sources(), "blog-post": extra})
    assert [(p.kind, p.subject) for p in info.value.problems] == [("unused-source", "blog-post")]


def test_invalid_spec_lists_every_problem_in_its_message() -> None:
    doc = _break(["rules", 0, "from"], ["NOT_A_STATE"])
    doc["rules"][1]["log_type"] = "NOT_A_LOG"  # type: ignore[index]
    with pytest.raises(InvalidSpec) as info:
        read_rules(doc, "2025-11")
    assert "NOT_A_STATE" in str(info.value)
    assert "NOT_A_LOG" in str(info.value)


# -- overlays -------------------------------------------------------------------------------------

OVERLAY = """
name = "observed-admin-shortcut"
edition = "2025-11"

[[add.rules]]
log_type = "ADMIN_VERIFY_SUCCESS"
from = ["AUTO_VERIFYING"]
to = ["MANUAL_VERIFY_SUCCESS"]
evidence = ["observed: seen in 3 jobs"]
confidence = "assumed"

[[remove.side]]
log_types = ["USER_DELETE_JOB_VIDEO"]
in = ["JOB_SUCCESS"]
evidence = ["observed: never seen after completion"]
"""


def test_overlay_adds_and_removes_rules(tmp_path: Path) -> None:
    path = tmp_path / "overlay.toml"
    path.write_text(OVERLAY, encoding="utf-8")
    base = compile_edition("2025-11")
    lc = compile_edition("2025-11", overlays=(path,))
    shortcut = ["USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "ADMIN_VERIFY_SUCCESS"]
    assert base.replay(shortcut) == set()
    assert "MANUAL_VERIFY_SUCCESS" in lc.replay(shortcut)
    assert "USER_DELETE_JOB_VIDEO" in base.allowed("JOB_SUCCESS")
    assert "USER_DELETE_JOB_VIDEO" not in lc.allowed("JOB_SUCCESS")
    assert lc.spec.overlays == ("observed-admin-shortcut",)
    assert [r.origin for r in lc.spec.rules if r.origin != "spec"] == ["overlay:observed-admin-shortcut"]


def test_overlay_in_json_can_add_a_log_type(tmp_path: Path) -> None:
    path = tmp_path / "overlay.json"
    path.write_text(
        '{"add": {"log_types": [{"value": "SYSTEM_NEW_THING", "actors": ["SYSTEM"]}],'
        ' "side": [{"log_types": ["SYSTEM_NEW_THING"], "in": ["*"],'
        ' "evidence": ["observed: 2 jobs"], "confidence": "assumed"}]}}',
        encoding="utf-8",
    )
    lc = compile_edition("2025-11", overlays=(path,))
    assert lc.effect("SYSTEM_NEW_THING") == "side"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('[[add.rules]]\nlog_type = "SYSTEM_TRAINING"\nfrom = ["NOPE"]\nto = ["TRAINING"]\n'
         'evidence = ["observed: x"]\nconfidence = "assumed"\n', "unknown-name"),
        ('[[add.rules]]\nlog_type = "SYSTEM_TRAINING"\nfrom = ["TRAINING"]\nto = ["TRAINING"]\n'
         'confidence = "assumed"\n', "missing-evidence"),
        ('[[remove.rules]]\nlog_type = "SYSTEM_TRAIN_FAILED"\nfrom = ["TRAINING"]\n'
         'evidence = ["observed: never"]\n', "unreachable-state"),
        ('edition = "2024-12"\n', "bad-value"),
        ("[add.colours]\n", "unknown-key"),
    ],
)  # fmt: skip
def test_overlay_is_checked_like_the_spec(tmp_path: Path, text: str, kind: str) -> None:
    path = tmp_path / "overlay.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidSpec) as info:
        apply_overlay(load_edition("2025-11"), read_overlay(path))
    assert any(p.kind == kind for p in info.value.problems), info.value.problems


def test_unreadable_overlay_is_invalid_spec(tmp_path: Path) -> None:
    path = tmp_path / "overlay.toml"
    path.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(InvalidSpec, match="not a valid overlay"):
        read_overlay(path)
