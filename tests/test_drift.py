"""``lifecycle drift``: the installed SDK against the editions, and synthetic SDK docstrings that moved on."""

from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.errors import InvalidSpec
from lifecycle.spec.drift import (
    LOG_FILE,
    STATE_FILE,
    SdkVocabulary,
    compare,
    installed_sdk,
    suggest_overlay,
    values_in,
)
from lifecycle.spec.vocabulary import LOG_TYPES, STATES, Edition, log_types_of, states_of
from tests.conftest import run

HAVE_SDK = importlib.util.find_spec("huaweicloudsdkmetastudio") is not None
needs_sdk = pytest.mark.skipif(not HAVE_SDK, reason="the sdk extra is not installed")

DESCRIBED = {"api-show", "py-show-response", "py-operation-log"}
STATES_NOW = {s.value: STATES[s].label_zh for s in states_of(Edition.CURRENT) if STATES[s].label_zh_source in DESCRIBED}
LOGS_NOW = {
    t.value: LOG_TYPES[t].label_zh for t in log_types_of(Edition.CURRENT) if LOG_TYPES[t].label_zh_source in DESCRIBED
}


def _docstring(values: dict[str, str]) -> str:
    # The SDK's shape: group headings, an "&gt;" note, full-width colons, one entry without a colon.
    items = [f"* {v}{'：' if i % 3 else ': '}{label}" for i, (v, label) in enumerate(values.items())]
    return (
        "任务的状态。  - 待提交   " + "   ".join(items[:3]) + "  - 算法训练中   &gt; 注意。   " + "  ".join(items[3:])
    )


def _package(tmp_path: Path, states: dict[str, str], logs: dict[str, str], version: str = "3.1.300") -> Path:
    pkg = tmp_path / "huaweicloud-sdk-metastudio" / "huaweicloudsdkmetastudio"
    for rel, param, values in ((STATE_FILE, "state", states), (LOG_FILE, "log_type", logs)):
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'class M:\n    def __init__(self):\n        """\n        :param {param}: {_docstring(values)}\n'
            f'        :type {param}: str\n        """\n',
            encoding="utf-8",
        )
    (pkg.parent / "setup.py").write_text(f'VERSION = "{version}"\n', encoding="utf-8")
    return pkg


# -- the installed SDK ---------------------------------------------------------------------------


@needs_sdk
def test_the_installed_sdk_has_not_drifted_from_2025_11() -> None:
    drift = compare(installed_sdk(), "2025-11")
    assert drift.to_dict()["drifted"] is False, drift.to_dict()
    assert set(drift.not_compared["states"]) == {s for s in map(str, states_of(Edition.CURRENT)) if s not in STATES_NOW}


@needs_sdk
def test_the_seed_edition_lacks_what_2025_11_added(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift", "--edition", "2024-12", "--format", "json")
    report = json.loads(out)
    assert code == 1
    added = {s.value for s in states_of(Edition.CURRENT)} - {s.value for s in states_of(Edition.SEED)}
    assert {v["value"] for v in report["new_states"]} == added & set(STATES_NOW)
    assert report["missing_states"] == report["missing_log_types"] == report["label_changes"] == []
    assert report["sdk"]["version"] == installed_sdk().version


@needs_sdk
def test_drift_text_names_the_sdk_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift")
    assert code == 0
    assert f"huaweicloudsdkmetastudio {installed_sdk().version}" in out
    assert "no drift" in out


# -- a synthetic SDK that moved on ---------------------------------------------------------------


def test_a_new_state_and_a_renamed_label_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    states = {**STATES_NOW, "TRAINING": "模型训练中", "WAIT_VOICE_CLONE": "等待声音克隆"}
    pkg = _package(tmp_path, states, LOGS_NOW)
    draft = tmp_path / "draft.toml"
    code, out, err = run(capsys, "drift", "--sdk-dir", str(pkg), "--format", "json", "--suggest-overlay", str(draft))
    report = json.loads(out)
    assert code == 1
    assert report["sdk"]["version"] == "3.1.300"
    assert report["new_states"] == [{"value": "WAIT_VOICE_CLONE", "label_zh": "等待声音克隆"}]
    assert [(c["value"], c["edition_label"], c["sdk_labels"]) for c in report["label_changes"]] == [
        ("TRAINING", "训练中", ["模型训练中"])
    ]
    assert report["new_log_types"] == report["missing_states"] == report["missing_log_types"] == []
    assert "choose each new state's group" in err

    # The draft names the SDK version and leaves the console group to a person.
    doc = tomllib.loads(draft.read_text(encoding="utf-8"))
    (state,) = doc["add"]["states"]
    assert (state["value"], state["group"], state["confidence"]) == ("WAIT_VOICE_CLONE", "", "assumed")
    assert "3.1.300" in doc["add"]["silent"][0]["evidence"][0]
    with pytest.raises(InvalidSpec, match="WAIT_VOICE_CLONE: group ''"):
        compile_edition("2025-11", overlays=(draft,))
    draft.write_text(draft.read_text(encoding="utf-8").replace('group = ""', 'group = "算法训练中"'), encoding="utf-8")
    lc = compile_edition("2025-11", overlays=(draft,))
    assert "WAIT_VOICE_CLONE" in lc.spec.states
    assert lc.spec.states["WAIT_VOICE_CLONE"].group_confidence == "assumed"


def test_values_the_sdk_dropped_and_new_log_types(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    states = {k: v for k, v in STATES_NOW.items() if k != "JOB_PENDING"}
    logs = {**LOGS_NOW, "SYSTEM_VOICE_CLONED": "声音克隆完成"}
    pkg = _package(tmp_path, states, logs)
    draft = tmp_path / "draft.json"
    code, out, _ = run(capsys, "drift", "--sdk-dir", str(pkg), "--suggest-overlay", str(draft))
    assert code == 1
    assert "states the SDK no longer lists (1):\n  JOB_PENDING" in out
    assert "SYSTEM_VOICE_CLONED  声音克隆完成" in out
    lc = compile_edition("2025-11", overlays=(draft,))  # no new state: the draft loads as it is
    assert lc.effect("SYSTEM_VOICE_CLONED") == "side"
    assert lc.spec.log_types["SYSTEM_VOICE_CLONED"].actors == frozenset({"SYSTEM"})


@given(
    dropped=st.sets(st.sampled_from(sorted(STATES_NOW)), max_size=5),
    added=st.sets(st.from_regex(r"NEW_[A-Z]{1,8}", fullmatch=True), max_size=3),
)
def test_compare_reports_exactly_what_changed(dropped: set[str], added: set[str]) -> None:
    states = {k: v for k, v in STATES_NOW.items() if k not in dropped} | dict.fromkeys(added, "新")
    parsed = values_in(_docstring(states))
    drift = compare(SdkVocabulary("x", parsed, values_in(_docstring(LOGS_NOW))), "2025-11")
    assert {v.value for v in drift.new_states} == added
    assert set(drift.missing_states) == dropped
    assert drift.label_changes == ()
    assert drift.drifted == bool(added or dropped)


def test_sdk_docstring_quirks_are_read() -> None:
    # From 3.1.219: an entry without a colon, one listed twice, a group heading after a label.
    text = (
        "- 算法训练中   &gt; 仅管理员。   * WAIT_ASSET_SYNC: 等待资产同步   * WAIT_GENERATE_ACTION_MARK 等待动作标定"
        "   * ACTION_MARKING: 动作标定生成 - 待用户审核，仅NA白名单用户有该状态"
        "   * WAIT_USER_CONFIRM: 等待用户确认训练效果"
        "  * ACTION_MARKING：动作标定中"
    )
    assert values_in(text) == {
        "WAIT_ASSET_SYNC": ("等待资产同步",),
        "WAIT_GENERATE_ACTION_MARK": ("等待动作标定",),
        "ACTION_MARKING": ("动作标定生成", "动作标定中"),
        "WAIT_USER_CONFIRM": ("等待用户确认训练效果",),
    }


def test_suggested_overlay_is_empty_without_drift() -> None:
    sdk = SdkVocabulary("x", {k: (v,) for k, v in STATES_NOW.items()}, {k: (v,) for k, v in LOGS_NOW.items()})
    drift = compare(sdk, "2025-11")
    assert not drift.drifted
    assert suggest_overlay(drift)["add"] == {}


# -- exit 2 --------------------------------------------------------------------------------------


def test_no_sdk_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    code, out, err = run(capsys, "drift")
    assert (code, out) == (2, "")
    assert "huaweicloudsdkmetastudio is not installed" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sdk-dir", "no/such/dir"], "cannot read"),
        (["--suggest-overlay", "draft.yaml"], "must end in .toml or .json"),
    ],
)
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "drift", *argv)
    assert (code, out) == (2, "")
    assert message in err
