"""Views of a compiled lifecycle for people and programs: the spec as JSON, ``explain``, LIFECYCLE.md."""

from __future__ import annotations

import difflib
from typing import Any

from lifecycle.docs.explain_texts import say, word
from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.history import API_SINCE
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


def _api_since(value: str) -> dict[str, str] | None:
    """The first Go SDK release whose enum carries ``value`` (``None``: not known)."""
    api = API_SINCE.get(value)
    return None if api is None else {"go_sdk": api[0], "date": api[1]}


def spec_to_dict(lc: Lifecycle) -> dict[str, Any]:
    """The compiled spec as plain JSON data (the shape of ``lifecycle spec --format json``); a value's
    ``since`` is the first edition that lists it, ``api_since`` the first SDK enum that carries it."""
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
                "api_since": _api_since(s),
                "deprecated": info.deprecated,
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
                "api_since": _api_since(t),
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
    may also be a state's, log type's or console group's label in either language (see :func:`by_label`).

    Under ``lang="zh"`` every line is Chinese but for codes, wire values and the sources' own words
    (labels, evidence, source titles), which are quoted as they are (:mod:`lifecycle.docs.explain_texts`).
    """
    parts: list[str] = []
    cited: list[str] = []
    states: list[str] = [name] if name in lc.spec.states else []
    logs: list[str] = [name] if name in lc.spec.log_types else []
    if not states and not logs:
        states, logs, groups = by_label(lc, name)
        for group in groups:
            members = [n for n, info in lc.spec.states.items() if info.group.value == group]
            head = group if lang == "zh" else f"{group} / {GROUP_LABELS_EN[ConsoleGroup(group)]}"
            parts.append(say("group head", lang, head=head, states=", ".join(members)))
    parts += [_explain_state(lc, n, lang, cited) for n in states]
    parts += [_explain_log(lc, n, lang, cited) for n in logs]
    if not parts:
        return None
    return "\n\n".join([*parts, _sources(lc, cited, lang)] if cited else parts)


def _sources(lc: Lifecycle, cited: list[str], lang: Lang) -> str:
    """The sources of everything shown, each with its version and link."""
    out = [say("sources", lang)]
    for sid in dict.fromkeys(cited):
        src = lc.spec.references.get(sid)
        if src is None:  # an overlay may cite only known ids, so this is not expected
            out.append(f"  [{sid}] {say('unknown source', lang)}")
            continue
        out += [f"  [{sid}] {src.title}", f"      {src.version}; {src.link}"]
    return "\n".join(out)


def _shown(items: tuple[Evidence, ...], cited: list[str], lang: Lang) -> list[str]:
    """The evidence lines of an entry; its citations join ``cited``."""
    cited += _cites(items)
    return [f"      {say('evidence', lang, e=e)}" for e in items]


def _label_sources(cited: list[str], *sources: str) -> None:
    cited += [s for s in sources if s != TRANSLATION]


def _yes(flag: bool, lang: Lang) -> str:
    return say("yes" if flag else "no", lang)


def since_line(value: str, since: Edition, lang: Lang) -> str:
    """What "since" means for a state or log type: the first edition of this spec that lists it, and
    the first SDK release whose enum carries it (:data:`~lifecycle.spec.history.API_SINCE`), which
    may be much earlier (WAIT_MASK_UPLOAD: edition 2025-11, API enum since 2024-01-04).

    >>> since_line("WAIT_MASK_UPLOAD", Edition.CURRENT, "en")  # doctest: +NORMALIZE_WHITESPACE
    "since: edition 2025-11 (the first edition of this library's spec that lists it);
    in the API enum since 2024-01-04 (Go SDK 0.1.76)"
    """
    api = API_SINCE.get(value)
    tail = say("since api unknown", lang) if api is None else say("since api", lang, v=api[0], date=api[1])
    return say("since", lang, e=since.value) + tail


def _explain_state(lc: Lifecycle, name: str, lang: Lang, cited: list[str]) -> str:
    info = lc.spec.states[name]
    _label_sources(cited, info.label_zh_source, info.label_en_source)
    group_facts = FACT_SOURCES["group" if info.group_confidence == "documented" else "group (assumed)"]
    facts = [*group_facts, *FACT_SOURCES["since (state)"], *FACT_SOURCES["since (API)"]]
    facts += [src for flag in ("na_only", "final") if getattr(info, flag) for src in FACT_SOURCES[flag]]
    facts += FACT_SOURCES["admin_internal"] if info.admin_internal else ()
    facts += FACT_SOURCES["resting"] if info.resting else ()
    facts += FACT_SOURCES["deprecated (state)"] if info.deprecated else ()
    flag_facts = list(dict.fromkeys(facts[len(group_facts) :]))
    group = say(
        "console group", lang, zh=info.group.value, en=GROUP_LABELS_EN[info.group], c=word(info.group_confidence, lang)
    )
    flags = say(
        "flags",
        lang,
        kind=word(info.kind.value, lang),
        na=_yes(info.na_only, lang),
        final=_yes(info.final, lang),
        resting=_yes(info.resting, lang),
    )
    out = [
        f"{name} — {say('state', lang)} ({lc.edition})",
        f"  {info.label_zh}  [zh: {info.label_zh_source}]",
        f"  {info.label_en}  [en: {info.label_en_source}]",
        f"  {group}{_ids(list(group_facts))}",
        f"  {say('user sees', lang, label=lc.label(name, 'user', lang))}",
        f"  {say('admin sees', lang, label=lc.label(name, 'admin', lang))}",
        f"  {flags}",
        *([f"  {say('deprecated state', lang)}"] if info.deprecated else []),
        f"  {since_line(name, info.since, lang)}{_ids(flag_facts)}",
    ]
    cited += facts
    out += _incoming(lc, name, cited, lang)
    moves = [(log, lc.moves(name, log)) for log in lc.log_types if lc.moves(name, log)]
    if moves:
        out.append(f"  {say('next', lang)}")
        for log, targets in moves:
            rules = [r for r in lc.spec.rules if r.log_type == log and name in r.sources]
            ids = list(dict.fromkeys(i for r in rules for i in _cites(r.evidence)))
            cited += ids
            out.append(f"    {log} -> {', '.join(sorted(targets))}{_ids(ids)}")
    drift = sorted(lc.silent_targets(name))
    if drift:
        out.append(f"  {say('drift', lang, states=', '.join(drift))}")
        for t in lc.spec.silent:
            if name in t.sources:
                ids = _cites(t.evidence)
                cited += ids
                out.append(f"    -> {', '.join(t.targets)}: {t.trigger_in(lang)}{_ids(ids)}")
    side = sorted(log for log in lc.allowed(name) if not lc.moves(name, log))
    if side:
        out.append(f"  {say('side here', lang, n=len(side), logs=', '.join(side))}")
        cited += [i for e in lc.spec.side if name in e.states and e.log_type in side for i in _cites(e.evidence)]
    if info.final:
        out.append(f"  {say('final', lang)}")
    elif not moves and not drift:
        out.append(f"  {say('no way out', lang)}")
    return "\n".join(out)


def _ids(ids: list[str]) -> str:
    return f"  [{', '.join(ids)}]" if ids else ""


def _incoming(lc: Lifecycle, name: str, cited: list[str], lang: Lang) -> list[str]:
    """How a job reaches ``name``: the rules and silent transitions into it, with their sources."""
    out: list[str] = []
    if lc.spec.creation.initial == name:
        ids = _cites(lc.spec.creation.evidence)
        out.append(f"    {say('creates here', lang, log=lc.spec.creation.log_type)}{_ids(ids)}")
        cited += ids
    for r in lc.spec.rules:
        if name in r.targets and r.sources != (name,):
            ids = _cites(r.evidence)
            variant = say("variant only", lang, v=r.variant) if r.variant else ""
            more = say("more states", lang, n=len(r.sources))
            sources = r.sources if len(r.sources) <= 4 else (*r.sources[:3], more)
            out.append(f"    {say('from', lang, log=r.log_type, sources=', '.join(sources))}{variant}{_ids(ids)}")
            cited += ids
    for t in lc.spec.silent:
        if name in t.targets:
            ids = _cites(t.evidence)
            out.append(
                f"    {say('no log from', lang, sources=', '.join(t.sources), trigger=t.trigger_in(lang))}{_ids(ids)}"
            )
            cited += ids
    return [f"  {say('reached by', lang)}", *out] if out else []


def _explain_log(lc: Lifecycle, name: str, lang: Lang, cited: list[str]) -> str:
    info = lc.spec.log_types[name]
    _label_sources(cited, info.label_zh_source)
    facts = [*FACT_SOURCES["actors"], *FACT_SOURCES["since (log type)"], *FACT_SOURCES["since (API)"]]
    facts += FACT_SOURCES["deprecated"] if info.deprecated else ()
    facts += FACT_SOURCES["once"] if info.once else ()
    cited += facts
    effect = [say("effect", lang, effect=word(lc.effect(name) or "none", lang))]
    effect += [say("log deprecated", lang)] if info.deprecated else []
    effect += [say("once", lang)] if info.once else []
    actors = ", ".join(sorted(a.value for a in info.actors))
    out = [
        f"{name} — {say('log type', lang)} ({lc.edition})",
        f"  {info.label_zh}  [zh: {info.label_zh_source}]",
        f"  {info.label_en}  [en: {TRANSLATION}]",
        f"  {say('written by', lang, actors=actors, c=word(info.actors_confidence, lang))}",
        f"  {say('separator', lang).join(effect)}",
        f"  {since_line(name, info.since, lang)}{_ids(list(dict.fromkeys(facts)))}",
    ]
    if name == lc.spec.creation.log_type:
        out.append(f"  {say('creates', lang, state=lc.spec.creation.initial)}")
        out += _shown(lc.spec.creation.evidence, cited, lang)
    for r in lc.spec.rules:
        if r.log_type == name:
            variant = say("variant only", lang, v=r.variant) if r.variant else ""
            move = {"sources": ", ".join(r.sources), "targets": ", ".join(r.targets)}
            out.append(f"  {say('rule', lang, c=word(r.confidence.value, lang), variant=variant, **move)}")
            out += _shown(r.evidence, cited, lang)
    for e in lc.spec.side:
        if e.log_type == name:
            where = say("every non-final", lang) if len(e.states) >= len(lc.states) - 1 else ", ".join(e.states)
            out.append(f"  {say('side in', lang, where=where, c=word(e.confidence.value, lang))}")
            out += _shown(e.evidence, cited, lang)
    return "\n".join(out)
