"""The lifecycle spec: declarative rules with evidence, per edition, with overlays and a self-check."""

from lifecycle.spec.check import check
from lifecycle.spec.loader import RULES_FILE, load_edition, read_rules
from lifecycle.spec.model import (
    Confidence,
    Creation,
    Evidence,
    EvidenceKind,
    Rule,
    SideEvent,
    Silent,
    Spec,
    Stage,
)
from lifecycle.spec.overlay import Overlay, apply_overlay, read_overlay
from lifecycle.spec.reader import parse_edition
from lifecycle.spec.sources import SOURCES_FILE, Citation, Source, load_sources

__all__ = [
    "RULES_FILE",
    "SOURCES_FILE",
    "Citation",
    "Confidence",
    "Creation",
    "Evidence",
    "EvidenceKind",
    "Overlay",
    "Rule",
    "SideEvent",
    "Silent",
    "Source",
    "Spec",
    "Stage",
    "apply_overlay",
    "check",
    "load_edition",
    "load_sources",
    "parse_edition",
    "read_overlay",
    "read_rules",
]
