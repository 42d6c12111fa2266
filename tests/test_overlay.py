"""Suggested overlays always load again (issue 15, item 5): any job id, TOML or JSON, never a partial file."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import compile_edition
from lifecycle.mining.miner import ForbiddenStep
from lifecycle.mining.overlay import overlay_toml, storable, suggest_overlay, write_overlay
from lifecycle.payload.redaction import redact_text
from lifecycle.spec import apply_overlay, load_edition, read_overlay
from tests.conftest import DATA, run

ILLEGAL = DATA / "scenarios" / "illegal-transition--injected-into-long-history.json"


def _job_file(tmp_path: Path, job_id: str) -> Path:
    """The illegal-transition scenario under ``job_id``, as JSON text (a lone surrogate as ``\\ud800``)."""
    job = json.loads(ILLEGAL.read_bytes())
    job["job_id"] = job_id
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job), encoding="ascii")  # ensure_ascii: "\ud800" stays an escape
    return path


@pytest.mark.parametrize(
    ("job_id", "shown"),
    [
        ("a\ud800b", "a\\ud800b"),  # a lone surrogate: was a UnicodeEncodeError traceback and an empty file
        ("a\x7fb", "a\x7fb"),  # a DEL: was written raw, and TOML forbids it (validate --overlay refused the file)
    ],
)
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_mine_suggests_an_overlay_that_validate_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], job_id: str, shown: str, suffix: str
) -> None:
    job = _job_file(tmp_path, job_id)
    out = tmp_path / f"o{suffix}"
    code, _, err = run(capsys, "mine", str(job), "--suggest-overlay", str(out))
    assert (code, "Traceback" in err) == (0, False), err
    assert f"wrote {out}: 1 suggested entries" in err

    overlay = read_overlay(out)  # raises InvalidSpec if the file is not valid TOML / JSON
    (entry,) = overlay.document["add"]["side"]
    assert entry["log_types"] == ["ADMIN_VERIFY_FAILED"]
    assert entry["evidence"] == [f"observed: observed in 1 job, 1 time (examples: {shown})"]
    apply_overlay(load_edition(), overlay)  # passes the spec's self-check

    code, stdout, err = run(capsys, "validate", "--overlay", str(out), str(job))
    assert (code, err) == (0, ""), err
    assert "1 valid, 0 invalid" in stdout
    if suffix == ".toml":
        text = out.read_text(encoding="utf-8")  # the whole file is UTF-8
        assert "\x7f" not in text  # escaped, in the strings and in the comments
        assert "# observed in 1 job, 1 time (examples: a" in text


def _steps(example: str) -> list[ForbiddenStep]:
    return [
        ForbiddenStep(("AUTO_VERIFYING",), "ADMIN_VERIFY_SUCCESS", 3, 2, (example, "j2"), ("MANUAL_VERIFY_SUCCESS",)),
        ForbiddenStep(("AUTO_VERIFYING",), "USER_REPAIR", 1, 1, (example,), ("AUTO_VERIFYING",)),
    ]


# Job ids as JSON can carry anything: lone surrogates (Cs) and control characters (Cc, Cf) included.
JOB_IDS = st.text() | st.text(st.characters(categories=["Cs", "Cc", "Cf", "Ll", "Nd", "Po"]))


@given(example=JOB_IDS, suffix=st.sampled_from([".toml", ".json"]))
def test_any_job_id_gives_an_overlay_that_loads_and_applies(
    tmp_path_factory: pytest.TempPathFactory, example: str, suffix: str
) -> None:
    lc = compile_edition()
    doc = suggest_overlay(_steps(example), lc)
    path = tmp_path_factory.mktemp("overlay") / f"mined{suffix}"
    write_overlay(doc, path)
    loaded = read_overlay(path)
    assert loaded.document == doc  # the suggested document is already storable: nothing changes on disk
    rule = loaded.document["add"]["rules"][0]
    shown = storable(redact_text(example))
    assert rule["evidence"] == [f"observed: observed in 2 jobs, 3 times (examples: {shown}, j2)"]
    apply_overlay(lc.spec, loaded)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary file left


def test_storable_escapes_only_lone_surrogates() -> None:
    assert storable("a\ud800b\udfffc") == "a\\ud800b\\udfffc"
    assert storable("é😀\x7f") == "é😀\x7f"  # valid text is kept as it is
    assert storable({"k\ud800": ["x\ud800", 1, None]}) == {"k\\ud800": ["x\\ud800", 1, None]}


def test_a_toml_comment_holds_no_control_character() -> None:
    text = overlay_toml(suggest_overlay(_steps("a\x00\x1b\x7f\x85b"), compile_edition()))
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("(examples: a\\u0000\\u001b\\u007f b, j2)" in line for line in comments)  # \x85 is a line break
    assert all(ch.isprintable() for line in comments for ch in line)
    assert tomllib.loads(text)["add"]["rules"][0]["evidence"] == [
        "observed: observed in 2 jobs, 3 times (examples: a\x00\x1b\x7f\x85b, j2)"
    ]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    doc = suggest_overlay(_steps("j1"), compile_edition())
    path = tmp_path / f"mined{suffix}"
    path.write_text("old", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_overlay(doc, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]

    monkeypatch.undo()
    write_overlay(doc, path)
    assert read_overlay(path).document == doc
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_written_overlay_has_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "mined.toml"
    write_overlay(suggest_overlay(_steps("j1"), compile_edition()), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
