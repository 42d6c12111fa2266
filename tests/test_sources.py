"""The shipped sources: every citation resolves, every source is cited, and nothing cites a private document."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from lifecycle import compile_edition
from lifecycle.docs.explain import explain, spec_to_dict
from lifecycle.docs.generate import generated_files
from lifecycle.errors import InvalidSpec
from lifecycle.spec import RULES_FILE, SOURCES_FILE, apply_overlay, load_edition, load_sources, read_overlay
from lifecycle.spec.sources import TRANSLATION, citations, read_sources
from lifecycle.spec.vocabulary import EDITION_SOURCES, FACT_SOURCES, LOG_TYPES, STATES

ROOT = Path(__file__).resolve().parent.parent


def _rules_citations() -> list[str]:
    """Every id cited by an evidence string of rules.toml, read as raw text (every edition at once)."""
    doc = RULES_FILE.read_text(encoding="utf-8")
    evidence = re.findall(r'^\s*(?:evidence = \[)?\s*"((?:[a-z-]+): [^"]*)"', doc, flags=re.MULTILINE)
    assert len(evidence) > 100  # the pattern reads the file, not nothing
    return [c.source for text in evidence for c in citations(text)]


def _vocabulary_citations() -> list[str]:
    ids = [s for info in STATES.values() for s in (info.label_zh_source, info.label_en_source)]
    ids += [info.label_zh_source for info in LOG_TYPES.values()]
    ids += [s for group in (FACT_SOURCES, EDITION_SOURCES) for sources in group.values() for s in sources]
    return [s for s in ids if s != TRANSLATION]


def test_every_cited_source_resolves_and_every_source_is_cited() -> None:
    with SOURCES_FILE.open("rb") as f:
        shipped = {t["id"] for t in tomllib.load(f)["source"]}
    cited = set(_rules_citations()) | set(_vocabulary_citations())
    assert cited - shipped == set()
    assert shipped - cited == set()
    assert set(load_sources()) == shipped


@pytest.mark.parametrize("edition", ["2024-12", "2025-11"])
def test_every_entry_of_the_shipped_spec_cites_a_source(edition: str) -> None:
    # Modelling choices may stand alone, but each entry also rests on something a reader can check.
    spec = load_edition(edition)
    for where, evidence in spec.evidence():
        assert any(e.citations for e in evidence), where


def test_sources_have_a_link_and_a_version() -> None:
    for sid, src in load_sources().items():
        assert src.link.startswith("https://"), sid
        assert src.version, sid
        assert src.establishes, sid
        if src.date:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", src.date), sid
        if src.copy:
            assert (ROOT / src.copy).is_file(), sid


def test_a_malformed_sources_file_is_invalid_spec() -> None:
    doc = {"source": [{"id": "Bad Id", "title": "t", "version": "v", "establishes": "e", "url": "https://x"}, {}]}
    with pytest.raises(InvalidSpec) as info:
        read_sources(doc)
    assert [p.subject for p in info.value.problems] == ["source[0]", "source[1]"]


def test_an_overlay_citing_an_unknown_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "overlay.toml"
    path.write_text(
        '[[add.side]]\nlog_types = ["SYSTEM_TRAINING"]\nin = ["JOB_SUCCESS"]\n'
        'evidence = ["guide: our runbook says so [our-runbook]"]\nconfidence = "assumed"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidSpec) as info:
        apply_overlay(load_edition("2025-11"), read_overlay(path))
    assert ("unknown-source", "our-runbook") in {(p.kind, p.message.split("'")[1]) for p in info.value.problems}


# -- readers see them ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SYSTEM_VERIFY_SUCCESS", "WAIT_MASK_UPLOAD", "USER_CREATE_JOD", "JOB_FINISH"])
def test_explain_lists_the_sources_of_what_it_shows(name: str) -> None:
    lc = compile_edition("2025-11")
    text = explain(lc, name, "en")
    assert text is not None
    shown, _, listed = text.partition("\nsources:\n")
    cited = {m for m in re.findall(r"\b([a-z][a-z0-9.-]*[a-z0-9])\b", shown) if m in lc.spec.references}
    assert cited, shown
    for sid in cited:
        src = lc.spec.references[sid]
        assert f"[{sid}] {src.title}" in listed
        assert f"{src.version}; {src.link}" in listed


def test_the_json_spec_carries_the_sources() -> None:
    doc = spec_to_dict(compile_edition("2025-11"))
    ids = {s["id"] for s in doc["sources"]}
    assert ids == set(load_sources())
    assert all(set(r["cites"]) <= ids and r["cites"] for r in doc["rules"])
    json.dumps(doc)  # plain JSON data


def test_lifecycle_md_links_every_rule_to_its_sources() -> None:
    text = generated_files()["LIFECYCLE.md"]
    assert "## Sources" in text
    for sid in load_sources():
        assert f'<a id="source-{sid}"></a>' in text
    rows = [line for line in text.splitlines() if line.startswith("| `") and "| documented |" in line]
    assert rows
    assert all("](#source-" in row for row in rows)


# -- no private document -------------------------------------------------------------------------


def _published_files() -> list[Path]:
    files = [p for p in (ROOT / "lifecycle").rglob("*") if p.is_file() and p.suffix in {".py", ".toml", ".md"}]
    files += [ROOT / "README.md", ROOT / "LIFECYCLE.md"]
    files += [p for p in (ROOT / "diagrams").rglob("*") if p.is_file()]
    return files


def test_no_published_file_names_the_dossier() -> None:
    naming = {
        p.relative_to(ROOT).as_posix()
        for p in _published_files()
        if re.search(r"dossier|shared/domain", p.read_text(encoding="utf-8", errors="replace"), re.IGNORECASE)
    }
    assert naming == set()
