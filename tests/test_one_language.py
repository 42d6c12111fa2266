"""One language at a time (issue 19, item 5): with --lang zh every line the command line prints is Chinese,
codes and wire values excepted; a field is named once; explain finds a label in either language."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle import BEFORE_CREATION
from lifecycle.models import job_json_schema
from lifecycle.spec.expectations import Clock
from lifecycle.strategies import hostile_payloads, near_miss_payloads
from lifecycle.validation.codes import ALWAYS_CHECKED, CODES
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


_WIRE = {"JSON", "API", "URL", "UTF", "null", "true", "false", "\\uXXXX", BEFORE_CREATION} | _field_names(
    job_json_schema()
)
"""Words a Chinese line may hold: names of formats, JSON literals and escapes, the payload's field names
and the pseudo-state before the creation log (a name, like the states)."""


_SEPARATORS: Final = r"[\s,;:()\[\]{}=+—'\"@…]+"


def _wire(payload: object) -> frozenset[str]:
    """The words of every string a payload holds (keys and values): what a report may echo as sent,
    whole or as its redacted form (``https://h/a?<redacted>``)."""
    return frozenset(word for text in _strings(payload) for word in re.split(_SEPARATORS, text))


def _strings(value: object) -> set[str]:
    """Every string a payload holds (keys and values)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return set()


def _english_words(line: str, head: bool, wire: frozenset[str] = frozenset()) -> list[str]:
    """The English words of a report line, leaving out codes, wire values (identifiers in capitals,
    field paths, times, numbers, the payload's own strings in ``wire``) and, on a job's head line, the
    source and job_id it starts with."""
    if head:
        line = line.split("  ", 2)[-1]
    line = re.sub(r"'[^']*'", " ", line)  # a quoted value is the payload's, as it was sent
    # unconfirmed-transition ends with the rule's evidence, cited as its source words it: "(推测: …)".
    line = re.sub(r"\((?:有文档|可推断|推测): .*\)$", " ", line)
    words = []
    for token in re.split(_SEPARATORS, line.replace(BEFORE_CREATION, " ")):
        if (
            not token
            or token in CODES
            or token in _WIRE
            or token in wire
            or "_" in token
            or "/" in token
            or "." in token
        ):
            continue
        if token.isupper() or not re.search(r"[A-Za-z]", token) or re.search(r"\d", token):
            continue
        words.append(token)
    return words


_URL: Final = re.compile(r"https?://\S+")


def _chinese_text_problems(text: str, wire: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    found = []
    for line in text.splitlines():
        head = bool(line) and not line.startswith(" ")
        words = _english_words(_URL.sub("", line), head, wire)  # a cited source's address is no sentence
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
        near_miss_payloads(codes=[c for c in ALWAYS_CHECKED if c != "unconfirmed-transition"]).map(
            lambda pair: pair[0]
        ),
        hostile_payloads(),
    )
)
def test_every_zh_finding_is_chinese(payload: object) -> None:
    report = validate(payload, lang="zh").to_dict()
    # A state or log type the edition does not know is echoed as sent (hostile payloads draw "abc").
    assert _chinese_text_problems(job_text(report, "zh"), _wire(payload)) == []


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


def _code_examples(code: str) -> list[Path]:
    """The scenario files of a code: the code table's examples (``CODES[code].example``) as data files,
    each named after the codes it expects (``time-regression+invalid-field--….json``)."""
    folder = SCENARIOS if CODES[code].opt_in is None else SCENARIOS.parent / "scenarios-clock"
    return sorted(p for p in folder.glob("*.json") if code in p.name.split("--")[0].split("+"))


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_codes_example_reads_in_chinese_and_its_english_is_caught(code: str) -> None:
    examples = _code_examples(code)
    assert examples, f"{code} has no scenario file"
    # The clock scenarios are read as of a Monday (tests/test_validator.py, CLOCK_NOW).
    clock = None if CODES[code].opt_in is None else Clock(datetime(2026, 11, 30, 8, tzinfo=UTC))
    for path in examples:
        payload = path.read_bytes()
        zh = validate(payload, lang="zh", source=path.name, clock=clock).to_dict()
        assert code in {d["code"] for d in zh["diagnostics"]}, path.name
        lines = [line for line in job_text(zh, "zh").splitlines() if f" {code} " in line]
        assert lines
        assert _chinese_text_problems("\n".join(lines)) == [], path.name
        en = validate(payload, lang="en", source=path.name, clock=clock).to_dict()
        english = [line for line in job_text(en, "en").splitlines() if f" {code} " in line]
        assert _chinese_text_problems("\n".join(english)), f"the check cannot fail on {path.name}"


def _broken_json_texts() -> list[str]:
    """Texts json refuses in each way its decoder words (json/decoder.py), and limits of our own."""
    return [
        "",
        "{",
        '{"a" 1}',
        '{"a": 1 "b": 2}',
        "[1 2]",
        '{"a":1,}',
        "[1,]",
        '{"a": "\\x"}',
        '{"a": "\\u12"}',
        '{"a": "\x01"}',
        '{"a": "open',
        "{} x",
        "\ufeff{",  # a byte order mark is skipped (as in bytes): what follows is broken
        "[" * 1001 + "]" * 1001,
        "[]",
        '"text"',
        "1",
        "true",
        "null",
    ]


@pytest.mark.parametrize("text", _broken_json_texts())
def test_every_invalid_json_detail_is_chinese(text: str) -> None:
    report = validate(text, lang="zh").to_dict()
    assert [d["code"] for d in report["diagnostics"]] == ["invalid-json"]
    assert _chinese_text_problems(job_text(report, "zh")) == []


_WRONG: Final[tuple[object, ...]] = (
    None,
    True,
    -1,
    1.5,
    10**30,
    "",
    "x",
    "x" * 5000,
    "2024-13-45T99:00:00Z",
    [],
    [1],
    {},
    {"a": 1},
    "https://h/a?b=c",
)


def _with(payload: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def _paths(value: object, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [(*at, k), *_paths(v, (*at, k))]]
    if isinstance(value, list):
        return [p for i, v in enumerate(value[:1]) for p in [(*at, i), *_paths(v, (*at, i))]]
    return []


def _every_field_job() -> dict[str, Any]:
    """A valid long history with every field of the payload schema present (nested models too)."""
    job = json.loads((SCENARIOS / "valid--long-history-to-job-success.json").read_bytes())
    schema = job_json_schema()
    for name in schema["properties"]:
        job.setdefault(name, "x")
    job["samples"] = [dict.fromkeys(schema["$defs"]["ActionSampleInfo"]["properties"], "x")]
    job["voice_properties"] = dict.fromkeys(schema["$defs"]["VoiceProperties"]["properties"], "x")
    return job


def test_every_field_finding_is_chinese() -> None:
    """Each field of the payload, and of its nested objects, holding each kind of wrong value: every
    zh line is Chinese (pydantic's messages through their error types, the redacted stand-ins too)."""
    job = _every_field_job()
    checked = 0
    for path in _paths(job):
        for wrong in _WRONG:
            payload = _with(job, path, wrong)
            report = validate(payload, lang="zh").to_dict()
            problems = _chinese_text_problems(job_text(report, "zh"), _wire(payload))
            assert problems == [], (path, wrong)
            checked += any(d["code"] == "invalid-field" for d in report["diagnostics"])
    assert checked > 500  # wrong values were found wrong: the sweep reaches the field findings


@pytest.mark.parametrize(("lang", "said"), [("en", "the payload is an API error body"), ("zh", "负载是 API 错误响应")])
def test_a_finding_about_the_whole_payload_names_no_field(lang: str, said: str) -> None:
    report = validate({"error_code": "MSS.00000001", "error_msg": "not found"}, lang=lang)
    [message] = [d.message for d in report.diagnostics if d.field is None and d.code == "invalid-field"]
    assert message.startswith(said)


def _lang_defaults() -> dict[str, object]:
    """Each command's --lang default, from the parser the command line builds."""
    import argparse

    from lifecycle.cli.main import build_parser

    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return {
        name: action.default
        for name, sub in commands.choices.items()
        for action in sub._actions
        if "--lang" in action.option_strings
    }


def test_one_default_language_everywhere() -> None:
    """No command picks its own language: --lang left out is the locale's for all (README, "Language")."""
    defaults = _lang_defaults()
    assert {"validate", "mine", "spec", "explain", "diagram", "status", "watch"} <= set(defaults)
    assert set(defaults.values()) == {None}


@pytest.mark.parametrize(("locale", "said"), [("zh_CN.UTF-8", "个作业"), ("en_US.UTF-8", " jobs as of ")])
def test_status_follows_the_locale_and_its_chinese_is_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, locale: str, said: str
) -> None:
    from datetime import timedelta

    from lifecycle.payload.timestamps import parse_rfc3339
    from lifecycle.spec.expectations import DEFAULT_EXPECTATIONS
    from tests.fake_metastudio import make_job

    now = "2026-11-30T08:00:00Z"
    jobs = [make_job(n, cut, parse_rfc3339(now) - timedelta(days=2 * n)) for n, cut in enumerate((3, 5, 5, 10, 11), 1)]
    path = tmp_path / "jobs.jsonl"
    path.write_text("".join(json.dumps(j, ensure_ascii=False) + "\n" for j in jobs), encoding="utf-8")
    monkeypatch.setenv("LANG", locale)
    code, out, err = run(capsys, "status", str(path), "--now", now)
    assert code == 0, err
    assert said in out.splitlines()[0]
    # Rule names are the configuration's keys ([expectations.review]); sources are URLs.
    names = frozenset(rule.name for rule in DEFAULT_EXPECTATIONS) | {"https"}
    problems = _chinese_text_problems("\n".join("  " + line for line in out.splitlines()), names)
    assert (problems == []) == locale.startswith("zh"), problems


def test_the_zh_mining_report_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Every line of `mine --lang zh` is Chinese, silent transitions' triggers included (the spec's
    `trigger_zh`); the same lines in English are caught."""
    paths = (str(DATA / "mining" / "small.jsonl"), str(SCENARIOS))
    _, out, _ = run(capsys, "mine", *paths, "--format", "json")
    doc = json.loads(out)
    names = {*doc["readings"], *(e for s in doc["forbidden_steps"] for e in s["examples"])}
    # rules[3], silent[1]: entries of the spec, named as in rules.toml; "--format json": an option, as typed.
    wire = frozenset(names | {"flexus", "rules", "silent", "--format", "json"})
    for lang, chinese in (("zh", True), ("en", False)):
        _, out, _ = run(capsys, "mine", *paths, "--lang", lang, "--statistics")
        lines = [("  " + line) for line in out.splitlines()]
        assert any(line.startswith("    silent[") for line in lines)
        assert (_chinese_text_problems("\n".join(lines), wire) == []) == chinese
    assert "挖掘了" in run(capsys, "mine", *paths, "--lang", "zh", "--quiet")[1]
