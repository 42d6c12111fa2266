"""The README's commands are the ones CI runs, and its codes match the code (pydantic's habit)."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_has_exactly_two_commands() -> None:
    assert len(_commands()) == 2


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _commands()[1]
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_documents_exactly_the_codes_of_the_code() -> None:
    from lifecycle.validation.report import CODES

    table = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", README, flags=re.M)
    assert dict(table) == {code: info.severity.value for code, info in CODES.items()}


def test_the_readme_triage_examples_are_real_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run

    monkeypatch.chdir(ROOT)
    shown = re.findall(
        r"```console\n\$ lifecycle (validate tests/data/scenarios [^\n|]+?)(?: \| tail -(\d+))?\n(.*?)\n```",
        README,
        re.S,
    )
    assert len(shown) == 3
    for command, tail, output in shown:
        _, out, _ = run(capsys, *shlex.split(command))
        lines = out.rstrip("\n").splitlines()
        assert "\n".join(lines[-int(tail) :] if tail else lines) == output, command
