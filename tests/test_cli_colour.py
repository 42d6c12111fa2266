"""--color auto|always|never with NO_COLOR and FORCE_COLOR (issue 19, item 9); lifecycle generate refuses a
folder that is not a checkout of the project unless --root is given (item 7)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lifecycle.validation.render import use_colour
from tests.conftest import DATA, ROOT, run

INVALID = DATA / "scenarios" / "state-mismatch--reported-training-after-review.json"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("mode", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # an empty NO_COLOR does not count (no-color.org)
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_follows_the_flag_then_the_environment_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch, mode: str, env: dict[str, str], tty: bool, expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Terminal() if tty else io.StringIO()
    assert use_colour(stream, mode) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("argv", "coloured"), [(["--color", "always"], True), (["--color", "never"], False)])
def test_the_command_line_colours_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], coloured: bool
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "validate", str(INVALID), "--lang", "en", *argv)
    assert ("\x1b[31m" in out) is coloured
    monkeypatch.delenv("FORCE_COLOR")
    _, out, _ = run(capsys, "validate", str(INVALID), "--lang", "en")
    assert "\x1b[" not in out  # captured output is no terminal


def test_generate_refuses_a_folder_that_is_not_a_checkout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "generate")
    assert (code, out) == (2, "")
    assert "--root" in err
    assert list(tmp_path.iterdir()) == []
    monkeypatch.chdir(ROOT)
    assert run(capsys, "generate", "--check")[0] == 0  # the checkout itself is fine


@pytest.mark.parametrize(
    ("env", "expected"), [({"LANG": "zh_CN.UTF-8"}, "个作业"), ({"LANG": "en_US.UTF-8"}, "job(s)")]
)
def test_the_command_line_follows_the_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = run(capsys, "validate", str(INVALID))
    assert expected in out.splitlines()[-1]
    _, out, _ = run(capsys, "validate", str(INVALID), "--lang", "en")
    assert "job(s)" in out.splitlines()[-1]
