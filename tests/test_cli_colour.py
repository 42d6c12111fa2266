"""--color auto|always|never with NO_COLOR and FORCE_COLOR (issue 19, item 9); lifecycle generate refuses a
folder that is not a checkout of the project unless --root is given (item 7)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x202E, 0x2066)]


def _with_controls(*words: str, size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from([*words, *_CONTROLS]), max_size=size).map("".join)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "job_id": _with_controls("a", "7", " "),
            "state": _with_controls("X", "JOB_FINISH"),
            "model_version": _with_controls("V", "V3"),
            "operation_logs": st.lists(
                st.fixed_dictionaries({"log_type": _with_controls("U", "USER_CREATE_JOD")}), max_size=3
            ),
        },
    ),
    st.sampled_from(["en", "zh"]),
)
def test_text_output_never_carries_a_control_character_from_the_payload(job: dict[str, object], lang: str) -> None:
    """Every value the text report echoes (job_id, state, fields, messages, log types) is written with its
    control characters escaped: the only ones left are the report's own newlines (and colour, off here)."""
    from lifecycle.validation.render import job_text
    from lifecycle.validation.validator import validate

    text = job_text(validate(job, source="jobs\x1b.jsonl:1").to_dict(), lang)  # type: ignore[arg-type]
    assert set(text) & set(_CONTROLS) <= {"\n"}
    assert len(text.splitlines()) == 1 + len(validate(job).diagnostics) + (not validate(job).ok)


def _read_back(shown: str) -> str:
    """The text :func:`~lifecycle.validation.render.visible` wrote, read back: before an escape, an odd run of
    backslashes ends in the escape of a control character, an even one is backslashes typed."""

    def one(m: re.Match[str]) -> str:
        run, escape = m[1], m[2]
        return "\\" * (len(run) // 2) + (chr(int(escape[1:], 16)) if len(run) % 2 else escape)

    return re.sub(r"(\\+)(x[0-9a-f]{2}|u[0-9a-f]{4})", one, shown)


@given(
    st.text(st.sampled_from(["\\", "x", "u", "1", "b", "2", "0", "e", "\x1b", "\u202e", "\n", "a", "C", ":"]))
    | st.text()
)
def test_a_value_written_visible_reads_back_as_it_was(text: str) -> None:
    """No two values look alike in a text report: a literal ``\\x1b`` (four characters) and an ESC are told
    apart, whatever backslashes stand before them; a Windows path keeps its single backslashes."""
    from lifecycle.validation.render import visible

    shown = visible(text)
    assert not set(shown) & set(_CONTROLS)
    assert _read_back(shown) == text
    if not set(text) & set(_CONTROLS) and not re.search(r"\\\\*(x[0-9a-f]{2}|u[0-9a-f]{4})", text):
        assert shown == text
