"""Views of a compiled lifecycle for people and programs: the spec as JSON, ``explain``, LIFECYCLE.md."""

from __future__ import annotations

import difflib
from typing import Any

from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.model import Evidence
from lifecycle.spec.sources import TRANSLATION
from lifecycle.spec.vocabulary import (
    EDITION_SOURCES,
    FACT_SOURCES,
    GROUP_LABELS_EN,
    ConsoleGroup,
    Edition,
    Lang,
    group_label,
)


def _evidence(items: tuple[Evidence, ...]) -> list[str]:
    return [str(e) for e in items]


def _cites(items: tuple[Evidence, ...]) -> list[str]:
    """The source ids the evidence cites, in order of first citation."""
    return list(dict.fromkeys(c.source for e in items for c in e.citations))


def spec_to_dict(lc: Lifecycle) -> dict[str, Any]:
    """The compiled spec as plain JSON data (the shape of ``lifecycle spec --format json``)."""
    spec = lc.spec
    return {
        "edition": spec.edition,
        "overlays": list(spec.overlays),
        "edition_sources": list(EDITION_SOURCES[Edition(spec.edition)]),
        "fact_sources": {fact: list(ids) for fact, ids in FACT_SOURCES.items()},
        "states": [
            {
                "value": s,
                "group": info.group.value,
                "group_en": GROUP_LABELS_EN[info.group],
                "label_zh": info.label_zh,
                "label_zh_source": info.label_zh_source,
                "label_en": info.label_en,
                "label_en_source": info.label_en_source,
                "kind": info.kind.value,
                "na_only": info.na_only,
                "admin_internal": info.admin_internal,
                "final": info.final,
                "resting": info.resting,
                "since": info.since.value,
                "group_confidence": info.group_confidence,
            }
            for s, info in spec.states.items()
        ],
        "log_types": [
            {
                "value": t,
                "label_zh": info.label_zh,
                "label_zh_source": info.label_zh_source,
                "label_en": info.label_en,
                "actors": sorted(a.value for a in info.actors),
                "actors_confidence": info.actors_confidence,
                "effect": lc.effect(t),
                "deprecated": info.deprecated,
                "once": info.once,
                "since": info.since.value,
            }
            for t, info in spec.log_types.items()
        ],
        "creation": {
            "log_type": spec.creation.log_type,
            "to": spec.creation.initial,
            "evidence": _evidence(spec.creation.evidence),
            "cites": _cites(spec.creation.evidence),
            "confidence": spec.creation.confidence.value,
        },
        "rules": [
            {
                "log_type": r.log_type,
                "from": list(r.sources),
                "to": list(r.targets),
                "evidence": _evidence(r.evidence),
                "cites": _cites(r.evidence),
                "confidence": r.confidence.value,
                "variant": r.variant,
                "ambiguity": r.ambiguity,
                "origin": r.origin,
            }
            for r in spec.rules
        ],
        "silent": [
            {
                "from": list(s.sources),
                "to": list(s.targets),
                "trigger": s.trigger,
                "evidence": _evidence(s.evidence),
                "cites": _cites(s.evidence),
                "confidence": s.confidence.value,
                "variant": s.variant,
                "ambiguity": s.ambiguity,
                "origin": s.origin,
            }
            for s in spec.silent
        ],
        "side": [
            {
                "log_type": e.log_type,
                "in": list(e.states),
                "evidence": _evidence(e.evidence),
                "cites": _cites(e.evidence),
                "confidence": e.confidence.value,
                "origin": e.origin,
            }
            for e in spec.side
        ],
        "pipeline": [{"name": st.name, "entry": st.entry, "exits": list(st.exits)} for st in spec.pipeline],
        "sources": [src.to_dict() for src in spec.references.values()],
    }


def spec_to_text(lc: Lifecycle, lang: Lang = "zh") -> str:
    """A compact human summary of the compiled spec."""
    spec = lc.spec
    out = [
        f"edition {spec.edition}: {len(spec.states)} states, {len(spec.log_types)} log types, "
        f"{len(spec.rules)} rules, {len(spec.silent)} silent transitions, {len(spec.side)} side events"
    ]
    if spec.overlays:
        out.append(f"overlays: {', '.join(spec.overlays)}")
    for group, members in spec.groups.items():
        out.append(f"\n{group_label(ConsoleGroup(group), lang)}")
        for s in members:
            info = spec.states[s]
            flags = [f for f, on in (("NA", info.na_only), ("final", info.final)) if on]
            label = info.label_zh if lang == "zh" else info.label_en
            out.append(f"  {s:<46} {label}" + (f"  [{', '.join(flags)}]" if flags else ""))
    out.append("\nrules")
    for r in spec.rules:
        variant = f" ({r.variant} only)" if r.variant else ""
        out.append(f"  {r.log_type}: {', '.join(r.sources)} -> {', '.join(r.targets)}  [{r.confidence}]{variant}")
    out.append("\nsilent transitions")
    for t in spec.silent:
        out.append(f"  {', '.join(t.sources)} ~> {', '.join(t.targets)}  [{t.confidence}] {t.trigger}")
    return "\n".join(out)


def known_names(lc: Lifecycle) -> list[str]:
    return sorted({*lc.states, *lc.log_types})


def suggest(lc: Lifecycle, name: str) -> list[str]:
    """Close matches for a misspelt state or log type."""
    return difflib.get_close_matches(name.upper(), known_names(lc), n=3, cutoff=0.6)


def by_label(lc: Lifecycle, label: str) -> tuple[list[str], list[str], list[str]]:
    """The states, log types and console groups (their Chinese names) whose label, in Chinese or English
    (English compared without case), is ``label``: how ``lifecycle explain 人工审核中`` finds
    ``MANUAL_VERIFYING``.

    >>> from lifecycle import compile_edition
    >>> by_label(compile_edition(), "人工审核中")[0], by_label(compile_edition(), "manually reviewing")[0]
    (['MANUAL_VERIFYING'], ['MANUAL_VERIFYING'])
    """
    wanted = label.strip()
    folded = wanted.casefold()

    def hit(zh: str, en: str) -> bool:
        return zh == wanted or en.casefold() == folded

    states = [n for n, info in lc.spec.states.items() if hit(info.label_zh, info.label_en)]
    logs = [n for n, info in lc.spec.log_types.items() if hit(info.label_zh, info.label_en)]
    groups = [g.value for g in ConsoleGroup if hit(g.value, GROUP_LABELS_EN[g])]
    return states, logs, groups


def explain(lc: Lifecycle, name: str, lang: Lang = "zh") -> str | None:
    """What a state and/or log type called ``name`` means; ``None`` when the edition has neither. ``name``
    may also be a state's, log type's or console group's label in either language (see :func:`by_label`)."""
    parts: list[str] = []
    cited: list[str] = []
    states: list[str] = [name] if name in lc.spec.states else []
    logs: list[str] = [name] if name in lc.spec.log_types else []
    if not states and not logs:
        states, logs, groups = by_label(lc, name)
        for group in groups:
            members = [n for n, info in lc.spec.states.items() if info.group.value == group]
            head = f"{group} / {GROUP_LABELS_EN[ConsoleGroup(group)]}"
            parts.append(
                f"{head} — 控制台分组; 其中的状态: {', '.join(members)}"
                if lang == "zh"
                else f"{head} — console group; its states: {', '.join(members)}"
            )
    parts += [_explain_state(lc, n, lang, cited) for n in states]
    parts += [_explain_log(lc, n, lang, cited) for n in logs]
    if not parts:
        return None
    return "\n\n".join([*parts, _sources(lc, cited)] if cited else parts)


def _sources(lc: Lifecycle, cited: list[str]) -> str:
    """The sources of everything shown, each with its version and link."""
    out = ["sources:"]
    for sid in dict.fromkeys(cited):
        src = lc.spec.references.get(sid)
        if src is None:  # an overlay may cite only known ids, so this is not expected
            out.append(f"  [{sid}] (unknown)")
            continue
        out += [f"  [{sid}] {src.title}", f"      {src.version}; {src.link}"]
    return "\n".join(out)


def _shown(items: tuple[Evidence, ...], cited: list[str]) -> list[str]:
    """The evidence lines of an entry; its citations join ``cited``."""
    cited += _cites(items)
    return [f"      evidence: {e}" for e in items]


def _label_sources(cited: list[str], *sources: str) -> None:
    cited += [s for s in sources if s != TRANSLATION]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _explain_state(lc: Lifecycle, name: str, lang: Lang, cited: list[str]) -> str:
    info = lc.spec.states[name]
    zh = lang == "zh"
    _label_sources(cited, info.label_zh_source, info.label_en_source)
    group_facts = FACT_SOURCES["group" if info.group_confidence == "documented" else "group (assumed)"]
    facts = [*group_facts, *FACT_SOURCES["since (state)"]]
    facts += [src for flag in ("na_only", "final") if getattr(info, flag) for src in FACT_SOURCES[flag]]
    facts += FACT_SOURCES["admin_internal"] if info.admin_internal else ()
    facts += FACT_SOURCES["resting"] if info.resting else ()
    flag_facts = list(dict.fromkeys(facts[len(group_facts) :]))
    out = [
        f"{name} — {'状态' if zh else 'state'} ({lc.edition})",
        f"  {info.label_zh}  [zh: {info.label_zh_source}]",
        f"  {info.label_en}  [en: {info.label_en_source}]",
        f"  console group: {info.group.value} / {GROUP_LABELS_EN[info.group]} ({info.group_confidence})"
        + _ids(list(group_facts)),
        f"  a user sees: {lc.label(name, 'user', lang)}",
        f"  an admin sees: {lc.label(name, 'admin', lang)}",
        f"  kind: {info.kind.value}; NA-only: {_yes(info.na_only)}; final: {_yes(info.final)}; "
        f"resting: {_yes(info.resting)}; since: {info.since.value}{_ids(flag_facts)}",
    ]
    cited += facts
    out += _incoming(lc, name, cited)
    moves = [(log, lc.moves(name, log)) for log in lc.log_types if lc.moves(name, log)]
    if moves:
        out.append("  may come next (log -> state):")
        for log, targets in moves:
            rules = [r for r in lc.spec.rules if r.log_type == log and name in r.sources]
            ids = list(dict.fromkeys(i for r in rules for i in _cites(r.evidence)))
            cited += ids
            out.append(f"    {log} -> {', '.join(sorted(targets))}{_ids(ids)}")
    drift = sorted(lc.silent_targets(name))
    if drift:
        out.append(f"  may move with no log to: {', '.join(drift)}")
        for t in lc.spec.silent:
            if name in t.sources:
                ids = _cites(t.evidence)
                cited += ids
                out.append(f"    -> {', '.join(t.targets)}: {t.trigger}{_ids(ids)}")
    side = sorted(log for log in lc.allowed(name) if not lc.moves(name, log))
    if side:
        out.append(f"  side events accepted here ({len(side)}): {', '.join(side)}")
        cited += [i for e in lc.spec.side if name in e.states and e.log_type in side for i in _cites(e.evidence)]
    if info.final:
        out.append("  final: no log may follow")
    elif not moves and not drift:
        out.append("  no way out is known")
    return "\n".join(out)


def _ids(ids: list[str]) -> str:
    return f"  [{', '.join(ids)}]" if ids else ""


def _incoming(lc: Lifecycle, name: str, cited: list[str]) -> list[str]:
    """How a job reaches ``name``: the rules and silent transitions into it, with their sources."""
    out: list[str] = []
    if lc.spec.creation.initial == name:
        ids = _cites(lc.spec.creation.evidence)
        out.append(f"    {lc.spec.creation.log_type} creates the job here{_ids(ids)}")
        cited += ids
    for r in lc.spec.rules:
        if name in r.targets and r.sources != (name,):
            ids = _cites(r.evidence)
            variant = f" ({r.variant} jobs only)" if r.variant else ""
            sources = r.sources if len(r.sources) <= 4 else (*r.sources[:3], f"... ({len(r.sources)} states)")
            out.append(f"    {r.log_type} from {', '.join(sources)}{variant}{_ids(ids)}")
            cited += ids
    for t in lc.spec.silent:
        if name in t.targets:
            ids = _cites(t.evidence)
            out.append(f"    no log, from {', '.join(t.sources)}: {t.trigger}{_ids(ids)}")
            cited += ids
    return ["  reached by:", *out] if out else []


def _explain_log(lc: Lifecycle, name: str, lang: Lang, cited: list[str]) -> str:
    info = lc.spec.log_types[name]
    zh = lang == "zh"
    _label_sources(cited, info.label_zh_source)
    facts = [*FACT_SOURCES["actors"], *FACT_SOURCES["since (log type)"]]
    facts += FACT_SOURCES["deprecated"] if info.deprecated else ()
    facts += FACT_SOURCES["once"] if info.once else ()
    cited += facts
    out = [
        f"{name} — {'操作日志类型' if zh else 'log type'} ({lc.edition})",
        f"  {info.label_zh}  [zh: {info.label_zh_source}]",
        f"  {info.label_en}  [en: {TRANSLATION}]",
        f"  written by: {', '.join(sorted(a.value for a in info.actors))} ({info.actors_confidence})",
        f"  effect: {lc.effect(name) or 'none'}"
        + ("; deprecated" if info.deprecated else "")
        + ("; at most once per job" if info.once else "")
        + f"; since: {info.since.value}{_ids(list(dict.fromkeys(facts)))}",
    ]
    if name == lc.spec.creation.log_type:
        out.append(f"  creates the job: -> {lc.spec.creation.initial}")
        out += _shown(lc.spec.creation.evidence, cited)
    for r in lc.spec.rules:
        if r.log_type == name:
            variant = f" ({r.variant} jobs only)" if r.variant else ""
            out.append(f"  {', '.join(r.sources)} -> {', '.join(r.targets)}  [{r.confidence}]{variant}")
            out += _shown(r.evidence, cited)
    for e in lc.spec.side:
        if e.log_type == name:
            where = "every non-final state" if len(e.states) >= len(lc.states) - 1 else ", ".join(e.states)
            out.append(f"  side event (state unchanged) in: {where}  [{e.confidence}]")
            out += _shown(e.evidence, cited)
    return "\n".join(out)
