"""The spec as inert data: what the rules file says, with every state list already expanded.

A :class:`Spec` is one edition's lifecycle: its vocabulary, the creation rule, the rules (a log
moves the job), the silent transitions (the state moves with no log), the side events (a log that
never moves the state) and the post-inference pipeline they were partly generated from. Nothing
here runs; :func:`lifecycle.engine.compile` turns a spec into something that does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from lifecycle.spec.sources import Citation, Source, citations
from lifecycle.spec.vocabulary import Lang, LogTypeInfo, StateInfo


class Confidence(StrEnum):
    """How sure we are of a rule."""

    DOCUMENTED = "documented"  # a source states it
    IMPLIED = "implied"  # follows from matching names or labels, or an example payload
    ASSUMED = "assumed"  # a modelling choice where the sources are silent

    def label(self, lang: Lang) -> str:
        """The confidence as explain and the diagrams word it: ``assumed`` / ``假设``."""
        return self.value if lang == "en" else _CONFIDENCE_ZH[self]


_CONFIDENCE_ZH: Final = {Confidence.DOCUMENTED: "有据", Confidence.IMPLIED: "推断", Confidence.ASSUMED: "假设"}
"""The diagrams' legend words: 有据 (a source states it), 推断 (inferred), 假设 (a modelling choice)."""


class EvidenceKind(StrEnum):
    """What kind of statement supports a rule; the text cites the sources (``[id]``, see ``sources.toml``)."""

    SEED_TEXT = "seed-text"  # the text of the seed page [api-show]
    SEED_EXAMPLE = "seed-example"  # the seed page's example payload
    API_DOC = "api-doc"  # another API reference page (Update, Delete, List, Create)
    COMMAND_API = "command-api"  # the Execute command page: a user command
    GUIDE = "guide"  # a walkthrough, user guide or FAQ
    SDK = "sdk"  # an SDK docstring, enum constant or changelog line
    NAME_MATCH = "name-match"  # a log and a state share a name or a label
    MODELLING_CHOICE = "modelling-choice"  # our choice where the sources are silent
    OBSERVED = "observed"  # real histories showed it (overlays written by `lifecycle mine`)


CITING_KINDS: Final = frozenset(EvidenceKind) - {EvidenceKind.MODELLING_CHOICE, EvidenceKind.OBSERVED}
"""Evidence of these kinds reports what a source says, so it must cite one."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """``kind: text``; the text cites its sources as ``[id]`` or ``[id, where]``."""

    kind: EvidenceKind
    text: str

    @property
    def citations(self) -> tuple[Citation, ...]:
        """The sources the text cites, in order."""
        return citations(self.text)

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass(frozen=True, slots=True)
class Rule:
    """``log_type`` moves a job from any of ``sources`` to one of ``targets``."""

    log_type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    confidence: Confidence
    variant: str | None = None
    """Applies only to jobs of this variant (``flexus``, ``na``)."""
    ambiguity: str | None = None
    """Why several targets are allowed; required when the rule is nondeterministic."""
    origin: str = "spec"


@dataclass(frozen=True, slots=True)
class Silent:
    """The state moves from any of ``sources`` to one of ``targets`` and no log records it."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    trigger: str
    evidence: tuple[Evidence, ...]
    confidence: Confidence
    variant: str | None = None
    ambiguity: str | None = None
    origin: str = "spec"
    trigger_zh: str = ""
    """The trigger in Chinese (``lifecycle explain --lang zh``, Chinese diagrams); empty: say ``trigger``."""

    def trigger_in(self, lang: Lang) -> str:
        """The trigger in ``lang`` (the English one when the spec gives no Chinese)."""
        return self.trigger_zh if lang == "zh" and self.trigger_zh else self.trigger


@dataclass(frozen=True, slots=True)
class SideEvent:
    """``log_type`` is accepted in ``states`` and leaves the state as it is."""

    log_type: str
    states: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    confidence: Confidence
    origin: str = "spec"


@dataclass(frozen=True, slots=True)
class Creation:
    """The log that creates a job and the state it starts in."""

    log_type: str
    initial: str
    evidence: tuple[Evidence, ...]
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Stage:
    """One optional post-inference stage: where it starts and the states that finish it."""

    name: str
    entry: str
    exits: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    """Another reading of the sources where they do not settle a question: entries that, added to the
    spec, would allow what the spec's own reading does not.

    A history only an alternative reading explains is reported as ``unconfirmed-transition`` (a warning
    naming the reading and its evidence), never as an error; ``lifecycle mine`` counts the jobs each
    reading was needed for, so real data can tell which reading is right. ``document`` is an overlay
    document (``name``, ``sets``, ``add``) that :func:`lifecycle.spec.apply_overlay` applies.
    """

    name: str
    description: str
    evidence: tuple[Evidence, ...]
    confidence: Confidence
    document: Mapping[str, Any]


@dataclass(frozen=True)
class Spec:
    """One edition of the lifecycle, every state list expanded to concrete names."""

    edition: str
    states: Mapping[str, StateInfo]
    log_types: Mapping[str, LogTypeInfo]
    groups: Mapping[str, tuple[str, ...]]
    """Console group -> its states; must partition ``states``."""
    creation: Creation
    rules: tuple[Rule, ...]
    silent: tuple[Silent, ...]
    side: tuple[SideEvent, ...]
    pipeline: tuple[Stage, ...] = ()
    dead_ends: Mapping[str, str] = field(default_factory=dict)
    """States allowed to reach no resting state, with the reason."""
    overlays: tuple[str, ...] = ()
    """Names of the overlays applied, in order."""
    references: Mapping[str, Source] = field(default_factory=dict)
    """The sources evidence may cite, by id (the shipped ``sources.toml``); not to be confused with
    the source *states* of a rule."""
    alternatives: tuple[Alternative, ...] = ()
    """Other readings of the sources, each checked by applying it (see :class:`Alternative`)."""

    def evidence(self) -> list[tuple[str, tuple[Evidence, ...]]]:
        """(where, evidence) of every entry: creation, rules, silent transitions, side events."""
        entries: list[tuple[str, tuple[Evidence, ...]]] = [("creation", self.creation.evidence)]
        entries += [(f"rules[{i}] ({r.log_type})", r.evidence) for i, r in enumerate(self.rules)]
        entries += [(f"silent[{i}] ({s.trigger})", s.evidence) for i, s in enumerate(self.silent)]
        entries += [(f"side[{i}] ({e.log_type})", e.evidence) for i, e in enumerate(self.side)]
        entries += [(f"alternative[{i}] ({a.name})", a.evidence) for i, a in enumerate(self.alternatives)]
        return entries
