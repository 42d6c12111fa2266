"""The command line: spec dumps, explain, generate; bad arguments or unreadable input exit 2 with one line
(every command), no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DATA, ROOT, run

SEED = ROOT / "examples" / "seed_job.json"
SMALL = DATA / "mining" / "small.jsonl"


@pytest.mark.parametrize(("edition", "states", "logs"), [("2024-12", 40, 59), ("2025-11", 61, 101)])
def test_spec_json_lists_the_vocabulary(
    capsys: pytest.CaptureFixture[str], edition: str, states: int, logs: int
) -> None:
    code, out, _ = run(capsys, "spec", "--edition", edition, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["edition"] == edition
    assert len(doc["states"]) == states
    assert len(doc["log_types"]) == logs
    assert all(s["group"] for s in doc["states"])
    assert {"value", "group", "label_zh", "label_en", "na_only", "admin_internal", "final"} <= set(doc["states"][0])
    assert {"value", "actors", "effect"} <= set(doc["log_types"][0])
    assert {"log_type", "from", "to", "evidence", "confidence"} <= set(doc["rules"][0])
    assert all(r["evidence"] and r["confidence"] for r in doc["rules"] + doc["silent"])


def test_spec_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spec", "--lang", "en")
    assert code == 0
    assert "Under system review" in out
    assert "USER_VERIFYING_SUBMITTED: WAIT_FILE_UPLOAD -> AUTO_VERIFYING" in out


def test_explain_a_name_that_is_both_state_and_log(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "WAIT_TEST_VIDEO_CHECK", "--lang", "en")
    assert code == 0
    assert "— state" in out
    assert "— log type" in out


def test_explain_shows_what_user_and_admin_see(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "TRAINING", "--lang", "zh")
    assert code == 0
    assert "用户看到：算法训练中" in out
    assert "管理员看到：训练中" in out
    assert "SYSTEM_TRAIN_SUCCESS -> TRAIN_SUCCESS" in out


def test_explain_unknown_name_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", "USER_CREATE_JOB")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "USER_CREATE_JOD" in err


def test_explain_name_absent_from_seed_edition(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "explain", "ACTION_MARKING", "--edition", "2024-12")
    assert code == 2
    assert "2024-12" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nonsense"],
        ["spec", "--edition", "1999-01"],
        ["spec", "--format", "yaml"],
        ["spec", "--overlay", "/no/such/file.toml"],
        ["validate"],
        ["validate", "/no/such.json"],
        ["validate", str(SEED), "--jobs", "0"],
        ["validate", str(SEED), "--format", "xml"],
        ["mine"],
        ["mine", "/no/such.jsonl"],
        ["mine", str(SMALL), "--top", "-1"],
        ["mine", str(SMALL), "--format", "jsonl"],
        ["mine", str(SMALL), "--suggest-overlay", "mined.yaml"],
        ["mine", str(SMALL), "--overlay", "/no/such/overlay.toml"],
        ["mine", str(SMALL), "--suggest-overlay", "/no/such/dir/mined.toml"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("lifecycle: error:")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_invalid_overlay_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "o.toml"
    path.write_text('[[add.rules]]\nlog_type = "NOPE"\nfrom = ["TRAINING"]\nto = ["TRAINING"]\n', encoding="utf-8")
    code, _, err = run(capsys, "spec", "--overlay", str(path))
    assert code == 2
    assert "NOPE" in err
    assert err.count("\n") == 1


def test_generate_check_reports_drift(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    root = str(tmp_path)
    assert run(capsys, "generate", "--root", root, "--check")[0] == 1
    assert run(capsys, "generate", "--root", root)[0] == 0
    assert run(capsys, "generate", "--root", root, "--check")[0] == 0


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lifecycle", "explain", "JOB_FINISH", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "final: no log may follow" in done.stdout


_ELSEWHERE = ("lifecycle.diagrams", "lifecycle.remote", "lifecycle.spec.drift", "lifecycle.docs", "pydantic")


@pytest.mark.parametrize(("schema", "absent"), [(False, _ELSEWHERE), (True, _ELSEWHERE[:-1])])
def test_validate_loads_only_what_it_runs(schema: bool, absent: tuple[str, ...]) -> None:
    """``lifecycle validate`` imports the command it runs, not the others (their modules load diagrams, the
    SDK drift check, the remote commands); without the schema, not pydantic either."""
    script = (
        "import sys, contextlib, io\n"
        "from lifecycle.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validate', {str(DATA / 'scenarios' / 'valid--seed-example.json')!r}, '--jobs', '1'"
        f"{'' if schema else ', ' + repr('--no-schema')}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(" + repr(absent) + ")))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_command_is_known_to_the_lazy_parser() -> None:
    """The commands :data:`COMMANDS` names are exactly those of the full parser (a command added to one and
    not the other would load every module, or be refused)."""
    import argparse

    from lifecycle.cli.main import COMMANDS, build_parser

    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == COMMANDS
    for name in COMMANDS:
        [only] = [a for a in build_parser(name)._actions if isinstance(a, argparse._SubParsersAction)]
        assert name in only.choices
