"""The lifecycle spec: declarative rules with evidence, per edition, with overlays and a self-check."""

from lifecycle.spec.check import check
from lifecycle.spec.loader import (
    RULES_FILE,
    Overlay,
    apply_overlay,
    load_edition,
    parse_edition,
    read_overlay,
    read_rules,
)
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

__all__ = [
    "RULES_FILE",
    "Confidence",
    "Creation",
    "Evidence",
    "EvidenceKind",
    "Overlay",
    "Rule",
    "SideEvent",
    "Silent",
    "Spec",
    "Stage",
    "apply_overlay",
    "check",
    "load_edition",
    "parse_edition",
    "read_overlay",
    "read_rules",
]
