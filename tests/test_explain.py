"""``lifecycle explain``: Chinese throughout under ``--lang zh``; "since" says edition and API date apart;
a deprecated state says so with its sources."""

from __future__ import annotations

import re

import pytest

from lifecycle import compile_edition
from lifecycle.docs.explain import explain, spec_to_dict
from lifecycle.docs.explain_texts import TEXT, WORDS
from lifecycle.spec.history import API_SINCE
from lifecycle.spec.vocabulary import EDITIONS, FACT_SOURCES, LOG_TYPES, STATES, Edition

_CODE = re.compile(
    r"\b[a-z]+(?:_[a-z0-9]+)+\b|\[[^\]]*\]|\b[A-Z][A-Z0-9_]*\b|'[^']*'|\b\d[\d.\-]*\b|https?://\S+|\([^()]*\bSDK\b[^()]*\)"
)
"""Codes and wire values: field_names, [source ids], NAMES_IN_CAPITALS, quoted names, versions and dates,
links, "(... SDK ...)" release names."""


def _quoted(lines: list[str]) -> list[str]:
    """The lines that quote the sources' own words: the two label lines, evidence, the sources block."""
    out = [line for line in lines if re.search(r"  \[(zh|en): [^\]]+\]$", line) or line.strip().startswith("依据：")]
    if "来源：" in lines:
        out += lines[lines.index("来源：") :]
    return out


def _english_words(line: str) -> list[str]:
    words = re.findall(r"[A-Za-z]{2,}", _CODE.sub(" ", line))
    # Variant tags (flexus, na) are codes, as in the diagrams' [flexus] / [na].
    return [w for w in words if w not in {"SDK", "Go", "API", "NA", "zh", "en", "tr", "flexus", "na"}]


@pytest.mark.parametrize("edition", [e.value for e in EDITIONS])
def test_every_explained_line_is_chinese_under_zh(edition: str) -> None:
    lc = compile_edition(edition)
    for name in (*lc.states, *lc.log_types):
        text = explain(lc, name, "zh")
        assert text is not None
        lines = text.splitlines()
        quoted = _quoted(lines)
        for line in lines:
            if line and line not in quoted:
                assert not _english_words(line), (name, line)


def test_both_languages_have_every_text() -> None:
    for table in (TEXT, WORDS):
        for key, texts in table.items():
            assert set(texts) == {"en", "zh"}, key
            assert set(re.findall(r"\{\w+\}", texts["zh"])) <= set(re.findall(r"\{\w+\}", texts["en"])), key


def test_every_value_has_an_api_date_no_later_than_its_edition() -> None:
    """Every state and log type of every edition is dated by the SDK history; a value the API carried
    before the edition that first lists it is exactly a value whose API date precedes that edition's source."""
    for value, info in [*STATES.items(), *LOG_TYPES.items()]:
        version, date = API_SINCE[value]
        assert re.fullmatch(r"0\.1\.\d+", version), value
        edition_date = {Edition.SEED: "2024-12-26", Edition.CURRENT: "2025-11-20"}[info.since]
        assert date <= edition_date, value


def test_since_says_edition_and_api_date_apart() -> None:
    lc = compile_edition("2025-11")
    earlier = [s for s in lc.states if STATES[s].since is Edition.CURRENT and API_SINCE[s][1] < "2025-11-20"]
    assert earlier  # the enum-only states: in the enum long before the 2025-11 edition lists them
    for state in earlier:
        for lang, edition_word in (("en", "edition 2025-11"), ("zh", "规范版本 2025-11")):
            text = explain(lc, state, lang)
            assert text is not None
            (line,) = [line for line in text.splitlines() if edition_word in line]
            assert API_SINCE[state][1] in line, line
            assert f"Go SDK {API_SINCE[state][0]}" in line
    for entry in spec_to_dict(lc)["states"]:
        assert entry["api_since"] == {"go_sdk": API_SINCE[entry["value"]][0], "date": API_SINCE[entry["value"]][1]}


def test_a_deprecated_state_says_so_and_cites_why() -> None:
    lc = compile_edition("2025-11")
    deprecated = [s for s in lc.states if STATES[s].deprecated]
    assert deprecated
    for state in lc.states:
        text = explain(lc, state, "en")
        assert text is not None
        assert ("deprecated (implied)" in text) == (state in deprecated), state
    for state in deprecated:
        text = explain(lc, state, "en")
        assert text is not None
        assert all(f"[{sid}]" in text for sid in FACT_SOURCES["deprecated (state)"])
        # Only deprecated logs (and the administrator's re-runs and resets) leave a deprecated state.
        leaving = {r.log_type for r in lc.spec.rules if state in r.sources and len(r.sources) < 8}
        assert leaving
        assert all(LOG_TYPES[log].deprecated for log in leaving), leaving
    assert [e["value"] for e in spec_to_dict(lc)["states"] if e["deprecated"]] == deprecated
