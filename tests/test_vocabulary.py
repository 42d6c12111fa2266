"""The vocabulary: exactly the seed's values in 2024-12, today's enums in 2025-11, wire spellings kept."""

from __future__ import annotations

import re

import pytest

from lifecycle.spec.vocabulary import (
    LOG_TYPES,
    STATES,
    ConsoleGroup,
    Edition,
    JobState,
    LogType,
    console_label,
    log_types_of,
    states_of,
)
from tests.conftest import DATA

SEED = (DATA / "seed" / "000_cf3fd7632c527ceb.txt").read_text(encoding="utf-8")


def _seed_section(start: str, end: str) -> list[tuple[str, str]]:
    text = SEED[SEED.index(start) : SEED.index(end)]
    return re.findall(r"•\s+([A-Z_]+)[:：]\s*(.+)", text)


SEED_STATES = _seed_section("与MetaStudio Console", "asset_id\n")
SEED_LOGS = _seed_section("命令执行结果", "log_description\n")


def test_seed_edition_is_exactly_the_seed_page() -> None:
    assert [s for s, _ in SEED_STATES] == list(states_of(Edition.SEED))
    assert [t for t, _ in SEED_LOGS] == list(log_types_of(Edition.SEED))
    assert (len(SEED_STATES), len(SEED_LOGS)) == (40, 59)


def test_seed_labels_are_copied_verbatim() -> None:
    for state, label in SEED_STATES:
        assert STATES[JobState(state)].label_zh == label.strip()
    for log, label in SEED_LOGS:
        assert LOG_TYPES[LogType(log)].label_zh == label.strip()


def test_seed_console_groups_match_the_page() -> None:
    # The page lists states under group headings: "  • 系统审核中" then indented "    • AUTO_VERIFYING: ...".
    text = SEED[SEED.index("与MetaStudio Console") : SEED.index("asset_id\n")]
    group = None
    seen = 0
    for line in text.splitlines():
        heading = re.match(r"\s*•\s+([^A-Z\s][^:：]*)$", line)
        if heading:  # "待用户审核,仅NA白名单用户有该状态": the group is before the comma
            group = re.split("[,，]", heading.group(1))[0].strip()
            continue
        m = re.match(r"\s*•\s+([A-Z_]+)[:：]", line)
        if m:
            assert group is not None
            assert STATES[JobState(m.group(1))].group.value == group, m.group(1)
            seen += 1
    assert seen == 40


def test_current_edition_has_the_full_enums() -> None:
    assert len(states_of(Edition.CURRENT)) == 61
    assert len(log_types_of(Edition.CURRENT)) == 101
    assert set(states_of(Edition.CURRENT)) == set(JobState)
    assert set(log_types_of(Edition.CURRENT)) == set(LogType)


@pytest.mark.parametrize("value", ["USER_CREATE_JOD", "MANUL_STOP_ACTION_MARK", "BEAUTYFACE_ROCESSING", "STOP_COMPILE"])
def test_wire_typos_are_kept(value: str) -> None:
    assert value in {*JobState, *LogType}


def test_na_final_and_internal_flags() -> None:
    assert {s for s, i in STATES.items() if i.final} == {JobState.JOB_FINISH}
    assert {s for s, i in STATES.items() if i.na_only} == {
        JobState.WAIT_USER_CONFIRM,
        JobState.JOB_REJECT,
        JobState.JOB_PENDING,
        JobState.JOB_FINISH,
    }
    assert all(i.admin_internal == (i.group is ConsoleGroup.TRAINING) for i in STATES.values())


def test_actor_of_prefixed_log_types_follows_the_prefix() -> None:
    for t, info in LOG_TYPES.items():
        for prefix in ("USER", "ADMIN", "SYSTEM"):
            if t.startswith(prefix + "_"):
                assert {a.value for a in info.actors} == {prefix}, t
                assert info.actors_confidence == "implied"


@pytest.mark.parametrize(
    ("state", "audience", "lang", "expected"),
    [
        ("TRAINING", "user", "zh", "算法训练中"),
        ("TRAINING", "admin", "zh", "训练中"),
        ("TRAINING", "user", "en", "Algorithm training ongoing"),
        ("AUTO_VERIFYING", "user", "en", "Under system review"),  # users see the group (the seed's mapping)
        ("AUTO_VERIFYING", "admin", "en", "Auto reviewing"),
        ("JOB_PENDING", "user", "zh", "挂起"),
        ("JOB_PENDING", "admin", "zh", "挂起任务"),
        ("NOT_A_STATE", "user", "zh", "NOT_A_STATE"),
    ],
)
def test_console_label(state: str, audience: str, lang: str, expected: str) -> None:
    assert console_label(state, audience, lang) == expected  # type: ignore[arg-type]
