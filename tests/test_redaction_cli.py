"""No output of the command line shows a planted phone number or URL secret (issue 15, item 6).

Every form is planted where the audit found leaks: ``job_id``, ``state``, a ``log_type``, an invalid value
echoed in a message, and the example ids of a suggested overlay. Each output must hide the secret and still
show the value, redacted (a value dropped whole would hide the secret too).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from lifecycle.payload.redaction import redact_text
from tests.conftest import DATA, run

ILLEGAL = DATA / "scenarios" / "illegal-transition--injected-into-long-history.json"
PHONE = "13957468203"
FORMS = [
    "139-5746-8203",
    "+86 139 5746 8203",
    "(+86)13957468203",
    "１３９５７４６８２０３",
    "user13957468203",
    "AccessKeyId=AK&Signature=SECRET",
    "https%3A%2F%2Fh%2Fa%3FSignature%3DSECRET",
    "https%253A%252F%252Fh%252Fa%253FSignature%253DSECRET",
    "//h/a.mp4?Signature=SECRET",
    "https://user:SECRET@h/x",
    "https://h/a#token=SECRET",
]


def leaks(text: str) -> list[str]:
    """The planted secrets found in ``text``: "SECRET", or the phone number's digits in any script."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    found = ["SECRET"] if "SECRET" in text else []
    return [*found, PHONE] if PHONE[3:] in re.sub(r"[^0-9]", "", digits) else found


def test_leaks_finds_every_planted_form() -> None:
    assert all(leaks(form) for form in FORMS)  # the check itself can fail


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = json.loads(ILLEGAL.read_bytes())
    lines = []
    for i, form in enumerate(FORMS):
        job = {**base, "job_id": f"job{i} {form}", "state": form, "matting_type": form}
        job["operation_logs"] = [*base["operation_logs"], {"log_type": form, "operate_time": "2030-01-01T00:00:00Z"}]
        lines.append(json.dumps(job, ensure_ascii=False))
    path = tmp_path_factory.mktemp("planted") / "jobs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--lang", "en"],
        ["validate", "--format", "json"],
        ["validate", "--format", "jsonl"],
        ["mine"],
        ["mine", "--format", "json"],
    ],
)
def test_no_output_shows_a_planted_secret(capsys: pytest.CaptureFixture[str], jobs: Path, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv, str(jobs))
    assert code in (0, 1), err
    assert leaks(out + err) == []
    if "--format" not in argv:  # the text for people echoes each value, redacted
        for form in FORMS:
            assert redact_text(form) in out, form


def test_a_suggested_overlay_shows_no_planted_secret(
    capsys: pytest.CaptureFixture[str], jobs: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "o.toml"
    code, out, err = run(capsys, "mine", str(jobs), "--suggest-overlay", str(overlay))
    assert code == 0, err
    text = overlay.read_text(encoding="utf-8")
    assert leaks(out + err + text) == []
    assert "(examples: job0 *************, job1 *****************, " in text  # example ids, redacted
