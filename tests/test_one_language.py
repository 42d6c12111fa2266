"""One language at a time (issue 19, item 5): with --lang zh every line the command line prints is Chinese,
codes and wire values excepted; a field is named once; explain finds a label in either language."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle import BEFORE_CREATION
from lifecycle.models import job_json_schema
from lifecycle.strategies import hostile_payloads, near_miss_payloads
from lifecycle.validation.codes import CODES
from lifecycle.validation.render import job_text
from lifecycle.validator import validate
from tests.conftest import DATA, run

SCENARIOS = DATA / "scenarios"


def _field_names(schema: object) -> set[str]:
    if isinstance(schema, dict):
        names = set(schema.get("properties", {})) if isinstance(schema.get("properties"), dict) else set()
        return names.union(*(_field_names(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_field_names(v) for v in schema))
    return set()


_WIRE = {"JSON", "API", "URL", "UTF", "null", "true", "false", BEFORE_CREATION} | _field_names(job_json_schema())
"""Words a Chinese line may hold: names of formats, JSON literals, the payload's field names and the
pseudo-state before the creation log (a name, like the states)."""


def _english_words(line: str, head: bool) -> list[str]:
    """The English words of a report line, leaving out codes, wire values (identifiers in capitals,
    field paths, times, numbers) and, on a job's head line, the source and job_id it starts with."""
    if head:
        line = line.split("  ", 2)[-1]
    line = re.sub(r"'[^']*'", " ", line)  # a quoted value is the payload's, as it was sent
    # unconfirmed-transition ends with the rule's evidence, cited as its source words it: "(推测: …)".
    line = re.sub(r"\((?:有文档|可推断|推测): .*\)$", " ", line)
    words = []
    for token in re.split(r"[\s,;:()\[\]{}=+—'\"@…]+", line.replace(BEFORE_CREATION, " ")):
        if not token or token in CODES or token in _WIRE or "_" in token or "/" in token or "." in token:
            continue
        if token.isupper() or not re.search(r"[A-Za-z]", token) or re.search(r"\d", token):
            continue
        words.append(token)
    return words


def _chinese_text_problems(text: str) -> list[tuple[str, list[str]]]:
    found = []
    for line in text.splitlines():
        head = bool(line) and not line.startswith(" ")
        words = _english_words(line, head)
        if words:
            found.append((line, words))
    return found


def test_the_zh_batch_report_has_no_english_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "validate", str(SCENARIOS), "--lang", "zh", "--statistics")
    assert "个作业" in out
    assert _chinese_text_problems(out) == []
    _, out, _ = run(capsys, "validate", str(SCENARIOS), "--lang", "en")
    assert _chinese_text_problems(out), "the check can fail (English output)"


@settings(max_examples=60)
# near_miss_payloads cannot draw unconfirmed-transition yet (the strategy has no case for it).
@given(
    st.one_of(
        near_miss_payloads(
            codes=sorted(c for c, i in CODES.items() if i.opt_in is None and c != "unconfirmed-transition")
        ).map(lambda pair: pair[0]),
        hostile_payloads(),
    )
)
def test_every_zh_finding_is_chinese(payload: object) -> None:
    report = validate(payload, lang="zh").to_dict()
    assert _chinese_text_problems(job_text(report, "zh")) == []


def test_a_field_is_named_once(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, said in (("en", "V3 is deprecated"), ("zh", "V3 已废弃")):
        _, out, _ = run(capsys, "validate", str(SCENARIOS / "deprecated-value--model-version-v3.json"), "--lang", lang)
        line = next(line for line in out.splitlines() if line.startswith("  ") and "deprecated-value" in line)
        assert line.count("model_version") == 1
        assert line.endswith(f"model_version {said}")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("人工审核中", "MANUAL_VERIFYING — "), ("Manually reviewing", "MANUAL_VERIFYING — "), ("算法训练中", "TRAINING,")],
)
def test_explain_finds_a_label_in_either_language(
    capsys: pytest.CaptureFixture[str], label: str, expected: str
) -> None:
    code, out, _ = run(capsys, "explain", label, "--lang", "en")
    assert code == 0
    assert expected in out
