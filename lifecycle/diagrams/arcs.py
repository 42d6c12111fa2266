"""A lifecycle's rules and silent transitions as arcs: one target, all its sources, one labelled reason.

Every view is made from these arcs; what a view does with an arc (merge it with its parallel arcs,
draw it from a re-run stub, lift it to console groups) is the view's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lifecycle.diagrams.model import EdgeItem, EdgeKind
from lifecycle.diagrams.texts import text
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.model import Evidence, EvidenceKind, Rule, SideEvent, Silent
from lifecycle.spec.vocabulary import Lang

RERUN_MIN_SOURCES: Final = 8
"""A rule with this many sources (or more) is a re-run or reset (``REDO_*``, ``ADMIN_RESET``: an
administrator may send them from any of 51 states): it is drawn from a small re-run stub next to
each target and its sources are listed once, in the view's note, instead of as a bundle of long
arrows. The shipped rules have at most 4 sources or at least 33, so any value in between gives the
same diagrams."""

ALT_STUB_MIN_SOURCES: Final = 3
"""An alternative reading's transition with this many sources (or more) is drawn from a small stub
next to each target, its sources listed once in the view's note: ``stages-in-any-order`` lets any of
6 (2024-12) or 9 (2025-11) stage states go to any stage, 30 or 63 arrows otherwise."""

_OBSERVED_TIMES: Final = re.compile(r"\b(\d+) times?\b")
"""How :func:`lifecycle.mining.miner.suggest_overlay` words a count: ``observed in 9 jobs, 12 times``."""


@dataclass(frozen=True, slots=True)
class Arc:
    """One target of one rule or silent transition, with all of its sources."""

    sources: tuple[str, ...]
    target: str
    kind: EdgeKind
    item: EdgeItem

    @property
    def rerun(self) -> bool:
        return self.kind == "rule" and len(self.sources) >= RERUN_MIN_SOURCES

    @property
    def stub(self) -> bool:
        """Drawn from a stub next to its target (a re-run, or a reading's many-source transition)."""
        return self.rerun or (self.kind == "alternative" and len(self.sources) >= ALT_STUB_MIN_SOURCES)


def applies(lc: Lifecycle, variant: str | None) -> bool:
    """The engine's rule: a variant rule applies unless the lifecycle is restricted to other variants."""
    return variant is None or lc.variants is None or variant in lc.variants


def observed(evidence: tuple[Evidence, ...]) -> tuple[str, int | None] | None:
    """(evidence text, count) of an entry only real histories back; ``None`` for any other entry."""
    if not evidence or any(e.kind is not EvidenceKind.OBSERVED for e in evidence):
        return None
    joined = "; ".join(e.text for e in evidence)
    counts = [int(m.group(1)) for e in evidence if (m := _OBSERVED_TIMES.search(e.text))]
    return joined, sum(counts) if counts else None


def log_detail(lc: Lifecycle, log_type: str, lang: Lang) -> str:
    info = lc.log_type_info(log_type)
    if info is None:
        return log_type
    return info.label_zh if lang == "zh" else info.label_en


def arcs(lc: Lifecycle, lang: Lang) -> list[Arc]:
    """Creation, every rule and silent transition that applies to ``lc``, and observed side events
    (drawn as self-loops: the point of drawing them is to see what the data add)."""
    spec = lc.spec
    c = spec.creation
    creation = EdgeItem(c.log_type, c.confidence, None, log_detail(lc, c.log_type, lang))
    out = [Arc((BEFORE_CREATION,), c.initial, "rule", creation)]
    for r in spec.rules:
        if applies(lc, r.variant):
            seen = observed(r.evidence)
            if seen is None:
                item = EdgeItem(r.log_type, r.confidence, r.variant, log_detail(lc, r.log_type, lang))
                out += [Arc(r.sources, t, "rule", item) for t in r.targets]
            else:
                item = EdgeItem(r.log_type, r.confidence, r.variant, seen[0], observed=True, count=seen[1])
                out += [Arc(r.sources, t, "observed", item) for t in r.targets]
    silent = text("silent", lang)
    for s in spec.silent:
        if applies(lc, s.variant):
            item = EdgeItem(silent, s.confidence, s.variant, s.trigger_in(lang))
            out += [Arc(s.sources, t, "silent", item) for t in s.targets]
    for e in spec.side:
        if (seen := observed(e.evidence)) is not None:
            item = EdgeItem(e.log_type, e.confidence, None, seen[0], observed=True, count=seen[1])
            out += [Arc((state,), state, "observed", item) for state in e.states]
    return out


def added_by(lc: Lifecycle, reading: Lifecycle) -> tuple[list[Rule], list[Silent], list[SideEvent]]:
    """The rules, silent transitions and side events an alternative reading's lifecycle has and ``lc``
    has not (the reading's ``add`` entries, as they apply to this edition)."""
    base, spec = lc.spec, reading.spec
    return (
        [r for r in spec.rules if r not in base.rules],
        [t for t in spec.silent if t not in base.silent],
        [e for e in spec.side if e not in base.side],
    )


def alternative_arcs(lc: Lifecycle, lang: Lang) -> list[Arc]:
    """Every rule and silent transition an alternative reading adds (:attr:`Lifecycle.alternatives`),
    as arcs of kind ``alternative`` whose item names the reading; its side events are in
    :func:`alternative_side` (they never move a state, so they are listed, not drawn)."""
    out: list[Arc] = []
    for alternative, reading in lc.alternatives:
        rules, silent, _ = added_by(lc, reading)
        name = alternative.name
        for r in rules:
            if applies(lc, r.variant):
                detail = log_detail(lc, r.log_type, lang)
                item = EdgeItem(r.log_type, r.confidence, r.variant, detail, alternative=True, reading=name)
                out += [Arc(r.sources, t, "alternative", item) for t in r.targets]
        for t in silent:
            if applies(lc, t.variant):
                label = text("silent", lang)
                item = EdgeItem(label, t.confidence, t.variant, t.trigger_in(lang), alternative=True, reading=name)
                out += [Arc(t.sources, target, "alternative", item) for target in t.targets]
    return out


def alternative_side(lc: Lifecycle) -> list[tuple[str, str, frozenset[str]]]:
    """(reading, log type, states) of every side event an alternative reading adds."""
    out = []
    for alternative, reading in lc.alternatives:
        for event in added_by(lc, reading)[2]:
            out.append((alternative.name, event.log_type, frozenset(event.states)))
    return out


def side_events(lc: Lifecycle) -> dict[str, set[str]]:
    """log type -> the states where it is a side event (observed ones excepted: drawn as self-loops)."""
    out: dict[str, set[str]] = {}
    for event in lc.spec.side:
        if observed(event.evidence) is None:
            out.setdefault(event.log_type, set()).update(event.states)
    return out
