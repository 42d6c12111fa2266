"""Mining: forbidden steps as the validator sees them, fitness by hand, bounded memory, suggested overlays."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.batch.pool import records
from lifecycle.diagrams import build_diagram, to_dot, to_mermaid
from lifecycle.engine import Lifecycle, compile
from lifecycle.mining.frequent import Frequent as _Frequent
from lifecycle.mining.miner import (
    MAX_EXAMPLES,
    REJECTIONS,
    ForbiddenStep,
    Miner,
    MiningReport,
    mine,
    overlay_from_mining,
    overlay_toml,
    suggest_overlay,
    write_overlay,
)
from lifecycle.spec import apply_overlay, load_edition, read_overlay
from lifecycle.validation.validator import validate
from tests.conftest import DATA, EDITIONS
from tests.test_diagrams import GRAMMAR
from tests.test_validator import SCENARIOS, insert_illegal, walked_jobs

SMALL = DATA / "mining" / "small.jsonl"


def valid_jobs(lc: Lifecycle) -> st.SearchStrategy[dict[str, Any]]:
    """Whole jobs that validate without a diagnostic."""
    # TODO switch to lifecycle.testing.strategies.job_payloads
    return walked_jobs(lc)


def inject(data: st.DataObject, lc: Lifecycle, job: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """Insert a log at a moment the spec forbids it; returns the step as mining should report it.

    :func:`~tests.test_validator.insert_illegal`, at a moment not after a final state (where the
    validator says after-final instead).
    """
    logs = job["operation_logs"]
    positions = [
        p
        for p in range(1, len(logs) + 1)
        if not all(lc.is_final(s) for s in lc.replay(e["log_type"] for e in logs[:p]))
    ]
    position = data.draw(st.sampled_from(positions))
    before, log = insert_illegal(data, lc, logs, position)
    return tuple(sorted(before)), log


def counts(report: MiningReport) -> dict[tuple[tuple[str, ...], str], int]:
    return {(s.sources, s.log_type): s.count for s in report.forbidden_steps}


def illegal_steps(jobs: list[Any], **options: Any) -> Counter[tuple[tuple[str, ...], str]]:
    """The illegal-transition diagnostics of the validator, as (states, log type) -> count."""
    found: Counter[tuple[tuple[str, ...], str]] = Counter()
    for job in jobs:
        for d in validate(job, schema=False, **options).diagnostics:
            if d.code == "illegal-transition":
                assert d.log_type is not None
                found[d.states, d.log_type] += 1
    return found


# -- acceptance: injected steps, the overlay that fixes them, and nothing else changes ------------


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_mining_finds_exactly_the_injected_steps_and_the_overlay_fixes_only_them(
    edition: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    lc = compile_edition(edition).restrict()
    jobs = data.draw(st.lists(valid_jobs(lc), min_size=1, max_size=6))
    expected: Counter[tuple[tuple[str, ...], str]] = Counter()
    injected: set[int] = set()
    for i, job in enumerate(jobs):
        job["job_id"] = f"job-{i}"
        if data.draw(st.booleans(), label=f"inject into job-{i}"):
            expected[inject(data, lc, job)] += 1
            injected.add(i)

    report = mine(jobs, edition=edition)
    assert counts(report) == dict(expected)
    assert sum(s.jobs for s in report.forbidden_steps) == len(injected)
    assert {e for s in report.forbidden_steps for e in s.examples} <= {f"job-{i}" for i in injected}
    assert all(len(s.examples) == min(s.jobs, MAX_EXAMPLES) for s in report.forbidden_steps)
    assert report.rejected == {
        "illegal-transition": len(injected),
        "after-final": 0,
        "missing-creation": 0,
        "state-mismatch": 0,
    }

    path = tmp_path_factory.mktemp("mined") / f"mined{data.draw(st.sampled_from(['.toml', '.json']))}"
    suggested = report.write_overlay(path)
    overlay = read_overlay(path)
    assert overlay.document == suggested
    apply_overlay(load_edition(edition), overlay)  # passes the spec's self-check

    for i, job in enumerate(jobs):
        before = validate(job, edition=edition)
        after = validate(job, edition=edition, overlays=[path])
        if i in injected:
            assert not before.ok
            assert after.ok, after.diagnostics
            assert after.codes() == [c for c in before.codes() if c != "illegal-transition"]
        else:
            assert (after.ok, after.codes()) == (before.ok, before.codes())
    again = mine(jobs, edition=edition, overlays=[path])
    assert again.forbidden_steps == ()
    assert again.fitness == 1.0


# -- the same replay as the validator -------------------------------------------------------------


def mutated(data: st.DataObject, lc: Lifecycle, job: dict[str, Any]) -> dict[str, Any]:
    """A walked job broken at random: logs dropped, duplicated, moved, replaced or of unknown type."""
    logs = job["operation_logs"]
    for _ in range(data.draw(st.integers(0, 4))):
        i = data.draw(st.integers(0, len(logs)))
        action = data.draw(st.sampled_from(["drop", "copy", "insert", "unknown", "untyped"]))
        if action == "drop" and i < len(logs):
            del logs[i]
        elif action == "copy" and logs:
            logs.insert(i, dict(data.draw(st.sampled_from(logs))))
        elif action == "insert":
            logs.insert(i, {"log_type": data.draw(st.sampled_from(lc.log_types))})
        elif action == "unknown":
            logs.insert(i, {"log_type": "SYSTEM_FROM_A_NEWER_API"})
        elif action == "untyped":
            logs.insert(i, {"operate_user": "SYSTEM"})
    job["state"] = data.draw(st.sampled_from([job["state"], *lc.states[:5], "NOT_A_STATE"]))
    job["is_flexus"] = data.draw(st.booleans())
    return job


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_forbidden_steps_are_the_validators_illegal_transitions(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition).restrict()
    jobs = [mutated(data, lc, job) for job in data.draw(st.lists(valid_jobs(lc), min_size=1, max_size=4))]
    report = mine(jobs, edition=edition)
    assert counts(report) == dict(illegal_steps(jobs, edition=edition))
    missing = sum(
        d.code == "missing-creation" and d.index is not None
        for job in jobs
        for d in validate(job, edition=edition, schema=False).diagnostics
    )
    assert report.rejected["missing-creation"] == missing


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenarios_agree_with_the_validator(path: Path) -> None:
    text = path.read_bytes()
    report = mine([text])
    assert counts(report) == dict(illegal_steps([text]))
    assert report.jobs + report.invalid_records == 1


# -- fitness by hand -------------------------------------------------------------------------------


def test_small_corpus_by_hand() -> None:
    """tests/data/mining/small.jsonl, job by job (moves: known logs, plus a known reported state / accepted):

    1 a-valid           create, submit, system verify                    3+1 / 3+1
    2 b-shortcut        create, submit, ADMIN_VERIFY_SUCCESS (illegal)   3+1 / 2+1 (the state fits the resync)
    3 c-newer-api       create, SYSTEM_SOMETHING_NEW (unknown), submit   2 / 2, state NEW_STATE unknown: no end
    4 d-no-logs         no operation_logs                                0 / 0: no job fitness
    5 (broken line)     not JSON                                         an invalid record, not a job
    6 e-no-creation     submit (missing-creation), system verify         2+1 / 1+1
    7 f-shortcut-again  as b                                             3+1 / 2+1
    """
    report = mine(records([str(SMALL)]))
    assert (report.jobs, report.invalid_records, report.jobs_without_logs) == (6, 1, 1)
    assert report.invalid_examples == (f"{SMALL}:5",)
    assert (report.known_logs, report.accepted_logs, report.unknown_logs, report.invalid_logs) == (13, 10, 1, 0)
    assert report.ends_checked == 4
    assert report.fitness == pytest.approx(14 / 17)
    assert report.rejected == {"illegal-transition": 2, "after-final": 0, "missing-creation": 1, "state-mismatch": 0}
    per_job = [Fraction(4, 4), Fraction(3, 4), Fraction(2, 2), Fraction(2, 3), Fraction(3, 4)]
    fit = report.job_fitness
    assert fit.jobs == 5
    assert fit.min == pytest.approx(2 / 3)
    assert fit.mean == pytest.approx(float(sum(per_job) / 5))
    assert fit.perfect == 2
    assert fit.histogram == (0, 0, 0, 0, 0, 0, 1, 2, 0, 2)
    assert report.forbidden_steps == (
        ForbiddenStep(
            ("AUTO_VERIFYING",),
            "ADMIN_VERIFY_SUCCESS",
            count=2,
            jobs=2,
            examples=("b-shortcut", "f-shortcut-again"),
            targets=("MANUAL_VERIFY_SUCCESS",),
        ),
    )
    assert report.unknown_states == {"NEW_STATE": 1}
    assert report.unknown_log_types == {"SYSTEM_SOMETHING_NEW": 1}
    assert report.variants[0].count == 2
    assert report.variants[0].log_types == ("USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "ADMIN_VERIFY_SUCCESS")
    assert sorted(v.count for v in report.variants) == [1, 1, 1, 1, 2]
    assert ((), 1) in {(v.log_types, v.count) for v in report.variants}
    assert (report.distinct_variants, report.variant_count_error) == (5, 0)


def test_empty_corpus() -> None:
    report = mine([])
    assert (report.jobs, report.known_logs, report.fitness) == (0, 0, 1.0)
    assert report.job_fitness.mean is None
    assert len(report.unused_rules) == report.rules


def test_json_shape_and_round_trip() -> None:
    report = mine(records([str(SMALL)]), top=3)
    doc = json.loads(report.to_json())
    assert doc == report.to_dict()
    assert {
        "jobs",
        "fitness",
        "forbidden_steps",
        "unused_rules",
        "unused_silent",
        "unknown_states",
        "unknown_log_types",
        "variants",
    } <= set(doc)
    assert isinstance(doc["jobs"], int)
    assert isinstance(doc["fitness"], float)
    step = doc["forbidden_steps"][0]
    assert {"from": ["AUTO_VERIFYING"], "log_type": "ADMIN_VERIFY_SUCCESS", "count": 2}.items() <= step.items()
    assert step["examples"] == ["b-shortcut", "f-shortcut-again"]
    assert {"log_types", "count"} == set(doc["variants"][0])
    assert len(doc["variants"]) == 3
    assert {"index", "log_type", "from", "to"} <= set(doc["unused_rules"][0])
    assert {"index", "from", "to", "trigger"} <= set(doc["unused_silent"][0])
    assert MiningReport.from_dict(doc) == report
    with pytest.raises(ValueError, match="not a mining report"):
        MiningReport.from_dict({"jobs": 1})


# -- usage of rules and silent transitions ---------------------------------------------------------


def job(*log_types: str, state: str, **fields: Any) -> dict[str, Any]:
    return {"job_id": "j", "state": state, "operation_logs": [{"log_type": t} for t in log_types], **fields}


VERIFIED = ("USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "SYSTEM_VERIFY_SUCCESS", "ADMIN_VERIFY_SUCCESS")


def _silent(report: MiningReport, source: str, target: str) -> bool:
    """Whether the silent transition source -> target is reported unused."""
    return any(source in u.sources and target in u.targets for u in report.unused_silent)


def test_unused_rules_are_those_no_step_could_use() -> None:
    report = mine(records([str(SMALL)]))
    lc = compile_edition()
    used = set(range(report.rules)) - {u.index for u in report.unused_rules}
    assert {(lc.spec.rules[i].log_type, lc.spec.rules[i].sources) for i in used} == {
        ("USER_VERIFYING_SUBMITTED", ("WAIT_FILE_UPLOAD",)),
        ("SYSTEM_VERIFY_SUCCESS", ("AUTO_VERIFYING",)),
        # c-newer-api: after its unknown log the job may be anywhere, so a resubmission may have been it
        ("USER_VERIFYING_SUBMITTED", ("AUTO_VERIFY_FAILED", "MANUAL_VERIFY_FAILED", "VIDEO_ANALYZE_FAILED")),
    }
    assert report.unused_rules[0].id.startswith(f"rules[{report.unused_rules[0].index}] ")


def test_a_silent_transition_is_used_when_a_log_or_the_reported_state_needs_it() -> None:
    ended = mine([job(*VERIFIED, state="WAIT_TRAINING_DATA_PREPROCESS")])
    assert not _silent(ended, "MANUAL_VERIFY_SUCCESS", "WAIT_TRAINING_DATA_PREPROCESS")
    assert _silent(ended, "MANUAL_VERIFY_SUCCESS", "WAIT_MASK_UPLOAD")
    stayed = mine([job(*VERIFIED, state="MANUAL_VERIFY_SUCCESS")])
    assert _silent(stayed, "MANUAL_VERIFY_SUCCESS", "WAIT_TRAINING_DATA_PREPROCESS")
    masked = mine([job(*VERIFIED, "ADMIN_MASK_UPLOADED", state="WAIT_TRAINING_DATA_PREPROCESS")])
    assert not _silent(masked, "MANUAL_VERIFY_SUCCESS", "WAIT_MASK_UPLOAD")
    assert _silent(masked, "MANUAL_VERIFY_SUCCESS", "WAIT_BEAUTY")


# -- where a forbidden log led, and the overlay entry it becomes ------------------------------------


def test_a_side_log_out_of_place_becomes_a_side_event() -> None:
    lc = compile_edition()
    assert lc.effect("USER_REPAIR") == "side"
    assert "USER_REPAIR" not in lc.allowed("AUTO_VERIFYING")
    jobs = [
        job(
            "USER_CREATE_JOD",
            "USER_VERIFYING_SUBMITTED",
            "USER_REPAIR",
            "SYSTEM_VERIFY_SUCCESS",
            state="MANUAL_VERIFYING",
        )
    ]
    report = mine(jobs)
    (step,) = report.forbidden_steps
    assert (step.sources, step.log_type, step.targets) == (("AUTO_VERIFYING",), "USER_REPAIR", ("AUTO_VERIFYING",))
    doc = report.suggest_overlay()
    assert doc["add"] == {
        "side": [
            {
                "log_types": ["USER_REPAIR"],
                "in": ["AUTO_VERIFYING"],
                "evidence": ["observed: observed in 1 job, 1 time (examples: j)"],
                "confidence": "assumed",
            }
        ]
    }
    fixed = compile(apply_overlay(lc.spec, doc))
    assert fixed.effect("USER_REPAIR") == "side"
    assert "USER_REPAIR" in fixed.allowed("AUTO_VERIFYING")
    # Drawn as an observed self-loop, not added to the count of documented side events.
    diagram = build_diagram(fixed, lang="en")
    (loop,) = [e for e in diagram.edges if e.kind == "observed"]
    assert (loop.source, loop.target, [(i.text, i.count) for i in loop.items]) == (
        "AUTO_VERIFYING",
        "AUTO_VERIFYING",
        [("USER_REPAIR", 1)],
    )
    side = [n for n in diagram.notes if n.key == "side"]
    assert side == [n for n in build_diagram(lc, lang="en").notes if n.key == "side"]


def test_the_following_logs_say_where_a_forbidden_log_led() -> None:
    # ADMIN_VERIFY_SUCCESS straight after submission, then training-data preprocessing: it led to
    # MANUAL_VERIFY_SUCCESS (the only state the rest fits), not back to the automatic review.
    report = mine(
        [
            job(
                "USER_CREATE_JOD",
                "USER_VERIFYING_SUBMITTED",
                "ADMIN_VERIFY_SUCCESS",
                "SYSTEM_TRAIN_DATA_PREPROCESSING",
                state="TRAINING_DATA_PREPROCESSING",
            )
        ]
    )
    (step,) = report.forbidden_steps
    assert step.targets == ("MANUAL_VERIFY_SUCCESS",)
    (rule,) = report.suggest_overlay()["add"]["rules"]
    assert (rule["from"], rule["to"], "ambiguity" in rule) == (["AUTO_VERIFYING"], ["MANUAL_VERIFY_SUCCESS"], False)


def test_a_step_only_flexus_jobs_took_is_scoped_to_them(tmp_path: Path) -> None:
    flexus = job(*VERIFIED[:2], "ADMIN_VERIFY_SUCCESS", state="MANUAL_VERIFY_SUCCESS", is_flexus=True)
    standard = {**flexus, "is_flexus": False}
    report = mine([flexus])
    assert report.forbidden_steps[0].flexus
    path = tmp_path / "mined.toml"
    (rule,) = report.write_overlay(path)["add"]["rules"]
    assert rule["variant"] == "flexus"
    assert validate(flexus, overlays=[path]).ok
    assert "illegal-transition" in validate(standard, overlays=[path]).codes()
    assert not mine([flexus, standard]).forbidden_steps[0].flexus


def test_a_log_without_a_type_leaves_the_creation_check_to_the_next_log() -> None:
    untyped_first = {
        "job_id": "j",
        "state": "AUTO_VERIFYING",
        "operation_logs": [{}, {"log_type": "USER_VERIFYING_SUBMITTED"}],
    }
    report = mine([untyped_first])
    assert counts(report) == {} == dict(illegal_steps([untyped_first]))
    assert report.rejected["missing-creation"] == 1
    assert [(d.code, d.index) for d in validate(untyped_first).diagnostics if d.code == "missing-creation"] == [
        ("missing-creation", 1)
    ]
    assert report.invalid_logs == 1
    assert report.suggest_overlay()["add"] == {}


def test_conflicting_side_events_become_rules_with_a_reason() -> None:
    lc = compile_edition()
    log = "ADMIN_VERIFY_SUCCESS"

    def step(sources: tuple[str, ...], targets: tuple[str, ...]) -> ForbiddenStep:
        return ForbiddenStep(sources, log, 1, 1, ("j",), targets)

    # One history stayed in AUTO_VERIFYING, another moved on from it: a side event and a move of
    # one log in one state, which the self-check forbids.
    doc = suggest_overlay(
        [
            step(("AUTO_VERIFYING",), ("AUTO_VERIFYING",)),
            step(("AUTO_VERIFYING", "WAIT_FILE_UPLOAD"), ("MANUAL_VERIFY_SUCCESS",)),
        ],
        lc,
    )
    assert "side" not in doc["add"]
    assert [(r["from"], r["to"]) for r in doc["add"]["rules"]] == [
        (["AUTO_VERIFYING"], ["AUTO_VERIFYING"]),
        (["AUTO_VERIFYING", "WAIT_FILE_UPLOAD"], ["MANUAL_VERIFY_SUCCESS"]),
    ]
    assert all("ambiguity" in r for r in doc["add"]["rules"])
    fixed = compile(apply_overlay(lc.spec, doc))
    assert fixed.targets("AUTO_VERIFYING", log) == {"AUTO_VERIFYING", "MANUAL_VERIFY_SUCCESS"}


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_any_suggestion_passes_the_self_check_and_makes_its_steps_legal(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition)
    standard = lc.restrict()
    steps = []
    for _ in range(data.draw(st.integers(1, 5))):
        log = data.draw(st.sampled_from(lc.log_types))
        forbidden = [s for s in lc.states if log not in standard.allowed(s)]
        if not forbidden:
            continue
        sources = data.draw(st.lists(st.sampled_from(forbidden), min_size=1, max_size=4, unique=True))
        targets = data.draw(st.lists(st.sampled_from([*lc.states]), min_size=1, max_size=3, unique=True))
        flexus = data.draw(st.booleans())
        steps.append(ForbiddenStep(tuple(sorted(sources)), log, 1, 1, ("j",), tuple(sorted(targets)), flexus))
    fixed = compile(apply_overlay(lc.spec, suggest_overlay(steps, lc)))
    for s in steps:
        if all(lc.is_final(x) for x in s.sources) and not set(s.targets) <= set(s.sources):
            continue  # a rule may not leave a final state: nothing to suggest
        assert fixed.restrict(flexus=s.flexus).step(frozenset(s.sources), s.log_type), s


# -- overlay files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_overlay_files_round_trip(tmp_path: Path, suffix: str) -> None:
    doc = suggest_overlay(
        [
            ForbiddenStep(
                ("AUTO_VERIFYING",), "ADMIN_VERIFY_SUCCESS", 12, 9, ('a"b', "c\\d", "é"), ("MANUAL_VERIFY_SUCCESS",)
            ),
            ForbiddenStep(("AUTO_VERIFYING",), "USER_REPAIR", 1, 1, (), ("AUTO_VERIFYING",)),
        ],
        compile_edition(),
    )
    path = tmp_path / f"mined{suffix}"
    write_overlay(doc, path)
    assert read_overlay(path).document == doc
    assert read_overlay(path).name == "mined"
    if suffix == ".toml":
        text = path.read_text(encoding="utf-8")
        assert "# observed in 9 jobs, 12 times" in text
        assert "Review each one" in text


def test_an_empty_overlay_says_so(tmp_path: Path) -> None:
    doc = mine([]).suggest_overlay()
    assert "Nothing to suggest" in overlay_toml(doc)
    path = tmp_path / "mined.toml"
    write_overlay(doc, path)
    apply_overlay(load_edition(), read_overlay(path))
    with pytest.raises(ValueError, match=r"\.toml or \.json"):
        write_overlay(doc, tmp_path / "mined.yaml")


# -- bounded memory --------------------------------------------------------------------------------


def test_memory_is_bounded_by_distinct_steps_and_variants() -> None:
    templates = [
        job("USER_CREATE_JOD", "USER_VERIFYING_SUBMITTED", "SYSTEM_VERIFY_SUCCESS", state="MANUAL_VERIFYING"),
        job(*VERIFIED[:2], "ADMIN_VERIFY_SUCCESS", state="MANUAL_VERIFY_SUCCESS"),
        job("USER_CREATE_JOD", "SYSTEM_SOMETHING_NEW", state="NEW_STATE"),
    ]

    def corpus(n: int) -> Iterator[dict[str, Any]]:
        for i in range(n):
            yield {**templates[i % 3], "job_id": f"job-{i}"}

    def sizes(miner: Miner) -> tuple[int, ...]:
        return (
            len(miner.variants.counts),
            len(miner.forbidden),
            len(miner.steps),
            len(miner.ends),
            len(miner.unknown_states.counts),
            len(miner.unknown_log_types.counts),
            *(len(s.landed) for s in miner.forbidden.values()),
        )

    first, big = Miner(), Miner()
    for j in corpus(3):
        first.add(j)
    for j in corpus(10_000):
        big.add(j)
    assert big.jobs == 10_000
    assert sizes(big) == sizes(first)
    assert len(big.invalid_examples) == 0
    report = big.report()
    assert report.forbidden_steps[0].count == 3_333
    assert len(report.forbidden_steps[0].examples) == MAX_EXAMPLES
    assert [v.count for v in report.variants] == [3_334, 3_333, 3_333]


def test_the_variant_table_keeps_the_frequent_ones_within_its_capacity() -> None:
    table: _Frequent[int] = _Frequent(4)
    stream = [0 if i % 3 == 0 else i for i in range(3_000)]  # 0 a thousand times, 2000 one-offs
    for x in stream:
        table.add(x)
    assert len(table.counts) <= 4
    assert table.most_common(1)[0][0] == 0
    assert 0 < table.error <= len(stream) / 5
    assert 1_000 - table.error <= table.counts[0] <= 1_000


def test_a_capped_report_says_its_counts_may_be_low() -> None:
    jobs = [job("USER_CREATE_JOD", *["USER_REPAIR"] * i, state="WAIT_FILE_UPLOAD") for i in range(50)]
    report = mine(jobs, max_variants=8)
    assert report.distinct_variants <= 8
    assert report.variant_count_error > 0
    assert "counts may be low" in report.to_text()


# -- input handling --------------------------------------------------------------------------------


def test_every_input_form_and_bad_records_are_counted() -> None:
    text = json.dumps(job(*VERIFIED[:2], state="AUTO_VERIFYING"))
    report = mine([text, text.encode(), json.loads(text), "not json", b"[1, 2]", 42, None])
    assert (report.jobs, report.invalid_records) == (3, 4)
    assert report.invalid_examples == ("#4", "#5", "#6")


def test_sources_name_jobs_without_an_id(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    anonymous = job(*VERIFIED[:2], "ADMIN_VERIFY_SUCCESS", state="MANUAL_VERIFY_SUCCESS")
    del anonymous["job_id"]
    path.write_text(json.dumps(anonymous) + "\n", encoding="utf-8")
    report = mine(records([str(path)]))
    assert report.forbidden_steps[0].examples == (f"{path}:1",)


def test_secrets_in_unknown_names_are_redacted() -> None:
    phone = "13812345678"
    url = "https://x.example/a?Signature=abc"
    report = mine([job("USER_CREATE_JOD", url, state=phone)])
    out = report.to_json() + report.to_text()
    assert phone not in out
    assert "Signature=abc" not in out
    assert report.unknown_states == {"*" * len(phone): 1}


# -- diagrams with observed edges ------------------------------------------------------------------


def test_a_mining_report_draws_as_observed_edges(tmp_path: Path) -> None:
    doc = mine(records([str(SMALL)])).to_dict()
    lc = compile_edition()
    fixed = compile(apply_overlay(lc.spec, overlay_from_mining(doc, lc)))
    diagram = build_diagram(fixed, lang="en")
    observed = [e for e in diagram.edges if e.kind == "observed"]
    assert [(e.source, e.target) for e in observed] == [("AUTO_VERIFYING", "MANUAL_VERIFY_SUCCESS")]
    (item,) = observed[0].items
    assert (item.text, item.observed, item.count) == ("ADMIN_VERIFY_SUCCESS", True, 2)
    assert "observed" in dict(diagram.legend)
    text = to_mermaid(diagram)
    assert "AUTO_VERIFYING --> MANUAL_VERIFY_SUCCESS : ADMIN_VERIFY_SUCCESS (observed ×2)" in text
    for line in text.splitlines():
        assert any(g.fullmatch(line) for g in GRAMMAR), line
    assert 'color="#c0392b"' in to_dot(diagram)
    user = build_diagram(fixed, view="user", lang="en")
    assert any(e.kind == "observed" for e in user.edges)
    assert "observed" not in dict(build_diagram(lc, lang="en").legend)


def test_a_mining_report_of_another_edition_is_refused() -> None:
    doc = mine([], edition="2024-12").to_dict()
    with pytest.raises(ValueError, match="pass --edition 2024-12"):
        overlay_from_mining(doc, compile_edition("2025-11"))


@given(st.data())
def test_fitness_counts_what_validate_reports(data: st.DataObject) -> None:
    """Mining runs the validator's replay and checks: its rejected logs are the logs validate reports as
    illegal-transition, after-final or missing-creation, and its rejected ends are validate's state-mismatch."""
    from lifecycle.strategies import job_payloads, near_miss_payloads

    codes = ["illegal-transition", "after-final", "missing-creation", "state-mismatch"]
    jobs = data.draw(st.lists(job_payloads() | near_miss_payloads(codes=codes).map(lambda pair: pair[0]), max_size=6))
    report = mine(jobs)
    rejected_logs = mismatches = 0
    for job in jobs:
        diagnostics = validate(job, schema=False).diagnostics
        rejected_logs += len({d.index for d in diagnostics if d.code in REJECTIONS and d.index is not None})
        mismatches += sum(d.code == "state-mismatch" for d in diagnostics)
    assert report.known_logs - report.accepted_logs == rejected_logs
    assert report.rejected["state-mismatch"] == mismatches
    moves = report.known_logs + report.ends_checked
    assert report.fitness == (pytest.approx((moves - rejected_logs - mismatches) / moves) if moves else 1.0)


def test_mining_counts_the_jobs_each_alternative_reading_explains() -> None:
    paths = sorted((DATA / "scenarios").glob("unconfirmed-transition--*.json"))
    jobs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    report = mine(jobs)
    expected = Counter(d.reading for job in jobs for d in validate(job).diagnostics if d.reading is not None)
    assert report.readings == dict(expected)
    assert sum(report.readings.values()) == len(jobs)
    assert "alternative readings the jobs needed" in report.to_text()
    assert MiningReport.from_dict(report.to_dict()).readings == report.readings
