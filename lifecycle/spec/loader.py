"""Read the shipped rules file into one edition's :class:`~lifecycle.spec.model.Spec`.

The rules file (``rules.toml`` beside this module) serves every edition: reading it for one edition
keeps the entries whose names that edition knows (see the file's header). Every problem found on
the way is collected, and :class:`~lifecycle.errors.InvalidSpec` lists them all at once; that
includes citations of sources ``sources.toml`` lacks and shipped sources that nothing cites.
Overlays live in :mod:`lifecycle.spec.overlay` (re-exported here: ``lifecycle.spec.loader.apply_overlay``
keeps working).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

from lifecycle.errors import InvalidSpec, Problem
from lifecycle.spec.check import check
from lifecycle.spec.model import Alternative, Confidence, Creation, Evidence, Silent, Spec, Stage
from lifecycle.spec.overlay import Overlay, apply_overlay, read_overlay, remember_readings
from lifecycle.spec.reader import EntryReader, groups_of, parse_edition
from lifecycle.spec.sources import TRANSLATION, Source, cited_ids, load_sources
from lifecycle.spec.vocabulary import (
    DEFAULT_EDITION,
    EDITION_SOURCES,
    FACT_SOURCES,
    LOG_TYPES,
    STATES,
    Edition,
    in_edition,
)

__all__ = ["RULES_FILE", "Overlay", "apply_overlay", "load_edition", "parse_edition", "read_overlay", "read_rules"]

RULES_FILE = Path(__file__).with_name("rules.toml")


def _stages(raw: object, problems: list[Problem]) -> tuple[Stage, ...]:
    if not isinstance(raw, list):
        problems.append(Problem("bad-value", "pipeline.stages", "stages must be a list of tables"))
        return ()
    stages: list[Stage] = []
    for i, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("entry"), str)
        ):
            problems.append(Problem("bad-value", f"pipeline.stages[{i}]", "a stage needs a name and an entry"))
            continue
        exits = item.get("exits", [])
        exits = tuple(exits) if isinstance(exits, list) else ()
        stages.append(Stage(item["name"], item["entry"], exits))
    return tuple(stages)


def _pipeline_silent(reader: EntryReader, evidence: tuple[Evidence, ...], confidence: Confidence) -> list[Silent]:
    """Each stage may be skipped, and a finished stage leads on: silent edges to the next entry."""
    silent: list[Silent] = []
    stages = reader.stages
    for stage, following in pairwise(stages):
        skip = f"stage {stage.name!r} is skipped (optional)"
        skip_zh = f"阶段 {stage.name!r} 被跳过（可选）"
        silent.append(
            Silent((stage.entry,), (following.entry,), skip, evidence, confidence, None, None, "pipeline", skip_zh)
        )
        exits = tuple(s for s in stage.exits if s in reader.states)
        if exits:
            done = f"stage {stage.name!r} is finished; the next stage is {following.name!r}"
            done_zh = f"阶段 {stage.name!r} 已完成，下一阶段为 {following.name!r}"
            silent.append(
                Silent(exits, (following.entry,), done, evidence, confidence, None, None, "pipeline", done_zh)
            )
    for stage in stages:
        for name in (stage.entry, *stage.exits):
            if name not in reader.states and name not in reader.other_states:
                reader.problem("unknown-name", f"pipeline.{stage.name}", f"unknown state {name!r}")
    return silent


def read_rules(
    doc: Mapping[str, Any],
    edition: str | Edition,
    *,
    source: str = "rules.toml",
    references: Mapping[str, Source] | None = None,
) -> Spec:
    """Build one edition's spec from a parsed rules document and self-check it.

    ``references`` are the sources its evidence may cite (default: the shipped ``sources.toml``).
    Raises :class:`InvalidSpec` listing every problem of the document and of the resulting spec,
    including each source that neither the document (any edition) nor the vocabulary cites.
    """
    ed = parse_edition(edition)
    states = {s.value: info for s, info in STATES.items() if in_edition(info.since, ed)}
    log_types = {t.value: info for t, info in LOG_TYPES.items() if in_edition(info.since, ed)}
    problems: list[Problem] = []
    raw_pipeline = doc.get("pipeline", {})
    stages = _stages(raw_pipeline.get("stages", []), problems) if isinstance(raw_pipeline, dict) else ()
    reader = EntryReader(
        source,
        ed,
        states,
        log_types,
        other_states=frozenset(s.value for s in STATES) - frozenset(states),
        other_log_types=frozenset(t.value for t in LOG_TYPES) - frozenset(log_types),
        stages=stages,
    )
    reader.problems.extend(problems)
    reader.read_sets(doc)
    creation = _creation(reader, doc.get("creation"))
    rules, silent, side = reader.read_entries(doc, "", "spec")
    if stages:
        pipeline = raw_pipeline if isinstance(raw_pipeline, dict) else {}
        evidence = reader.evidence(pipeline.get("evidence"), "pipeline")
        confidence = reader.confidence(pipeline.get("confidence"), "pipeline")
        silent = _pipeline_silent(reader, evidence, confidence) + silent
    refs = load_sources() if references is None else references
    alternatives = _alternatives(reader, doc, ed)
    spec = Spec(
        edition=ed.value,
        states=states,
        log_types=log_types,
        groups=groups_of(states),
        creation=creation,
        rules=tuple(rules),
        silent=tuple(silent),
        side=tuple(side),
        pipeline=reader.stages,
        references=refs,
    )
    checked = check(spec)
    found = reader.problems + _vocabulary_sources(refs) + _unused_sources(doc, refs) + checked
    applied: list[Spec] = []
    if not checked:  # each reading applied to a sound spec: every problem of every reading, at once
        found += _check_alternatives(spec, alternatives, applied)
    spec = replace(spec, alternatives=alternatives)
    if found:
        raise InvalidSpec(found, source=f"{source} ({ed.value})")
    remember_readings(spec, tuple(applied))  # compiled lifecycles compile their alternatives from these
    return spec


_ALTERNATIVE_KEYS: Final = frozenset({"name", "description", "evidence", "confidence", "add", "editions"})


def _alternatives(reader: EntryReader, doc: Mapping[str, Any], edition: Edition) -> tuple[Alternative, ...]:
    """The ``[[alternative]]`` readings of ``doc`` that apply to ``edition``."""
    found = []
    for where, table in reader.tables(doc, "alternative", ""):
        reader.keys(table, _ALTERNATIVE_KEYS, where)
        editions = reader.strings(table.get("editions"), where, "editions")
        if editions and edition.value not in editions:
            continue
        name = reader.text(table, "name", where) or where
        evidence = reader.evidence(table.get("evidence"), where)
        confidence = reader.confidence(table.get("confidence"), where)
        if confidence is Confidence.DOCUMENTED:
            reader.problem("bad-value", where, "an alternative reading is implied or assumed, never documented")
        add = table.get("add")
        if not isinstance(add, dict) or not add:
            reader.problem("bad-value", where, "an alternative reading needs an `add` table of entries")
            continue
        document = {"name": f"alternative:{name}", "sets": doc.get("sets", {}), "add": add}
        found.append(Alternative(name, reader.text(table, "description", where) or "", evidence, confidence, document))
    return tuple(found)


def _check_alternatives(spec: Spec, alternatives: tuple[Alternative, ...], applied: list[Spec]) -> list[Problem]:
    """Each reading applied on its own, self-checked like an overlay; it must allow something new. The specs
    of the readings that apply are appended to ``applied``."""
    problems: list[Problem] = []
    for alternative in alternatives:
        where = f"alternative {alternative.name}"
        try:
            read = apply_overlay(spec, alternative.document, shipped=True)
        except InvalidSpec as exc:
            problems += [Problem(p.kind, f"{where}: {p.subject}", p.message) for p in exc.problems]
            continue
        applied.append(read)
        if len(read.rules) + len(read.silent) + len(read.side) == len(spec.rules) + len(spec.silent) + len(spec.side):
            problems.append(Problem("bad-value", where, "adds no entry for this edition"))
    return problems


def _evidence_texts(node: object) -> Iterator[str]:
    """Every evidence string anywhere in a document, whatever edition its entry is for."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidence" and isinstance(value, str):
                yield value
            elif key == "evidence" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _evidence_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _evidence_texts(item)


def _vocabulary_citations() -> dict[str, set[str]]:
    """Where in the vocabulary -> the source ids cited there (labels, facts, editions)."""
    cited: dict[str, set[str]] = {}
    for state, info in STATES.items():
        cited[f"vocabulary: state {state}"] = {info.label_zh_source, info.label_en_source} - {TRANSLATION}
    for log, linfo in LOG_TYPES.items():
        cited[f"vocabulary: log type {log}"] = {linfo.label_zh_source} - {TRANSLATION}
    for fact, ids in FACT_SOURCES.items():
        cited[f"vocabulary: {fact}"] = set(ids)
    for edition, ids in EDITION_SOURCES.items():
        cited[f"vocabulary: edition {edition}"] = set(ids)
    return cited


def _vocabulary_sources(references: Mapping[str, Source]) -> list[Problem]:
    return [
        Problem("unknown-source", where, f"cites {sid!r}, which is not a known source")
        for where, ids in _vocabulary_citations().items()
        for sid in sorted(ids)
        if sid not in references
    ]


def _unused_sources(doc: Mapping[str, Any], references: Mapping[str, Source]) -> list[Problem]:
    used = cited_ids(_evidence_texts(doc)).union(*_vocabulary_citations().values())
    unused = [sid for sid in references if sid not in used]
    return [Problem("unused-source", sid, "no rule, label or vocabulary fact cites it") for sid in unused]


def _creation(reader: EntryReader, raw: object) -> Creation:
    if not isinstance(raw, dict):
        reader.problem("bad-value", "creation", "the [creation] table is missing")
        return Creation("", "", (), Confidence.ASSUMED)
    reader.keys(raw, frozenset({"log_type", "to", "evidence", "confidence"}), "creation")
    log_type = reader.log_type(raw.get("log_type"), "creation") or ""
    initial = reader.state_list(raw.get("to"), "creation")
    evidence = reader.evidence(raw.get("evidence"), "creation")
    confidence = reader.confidence(raw.get("confidence"), "creation")
    return Creation(log_type, initial[0] if initial else "", evidence, confidence)


@cache
def _rules_document() -> dict[str, Any]:
    with RULES_FILE.open("rb") as f:
        return tomllib.load(f)


@cache
def _load(edition: Edition) -> Spec:
    return read_rules(_rules_document(), edition)


def load_edition(edition: str | Edition = DEFAULT_EDITION) -> Spec:
    """The shipped spec of ``edition`` (default: today's API), checked, cached."""
    return _load(parse_edition(edition))
