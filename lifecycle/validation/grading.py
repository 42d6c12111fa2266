"""How sure a diagnostic about the rules is: the confidence of the evidence it rests on.

A rule's evidence is graded ``documented`` (a source states it), ``implied`` (matching names or labels, or
an example payload) or ``assumed`` (a modelling choice). A diagnostic that says the history contradicts the
rules is as sure as the rules it contradicts: for a log out of place, the strongest evidence of where that
log belongs; for a reported state the replay cannot reach, the strongest evidence of how a job reaches it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.model import Confidence

__all__ = ["FINAL", "placed", "reached"]

FINAL: Final = Confidence.DOCUMENTED.value
"""Final states and once-only logs are stated by the sources: JOB_FINISH '不支持修改此状态' (api-show),
CONFIRM_REPAIR 'only once' (guide-after-completion)."""

_STRENGTH: Final = {Confidence.DOCUMENTED: 3, Confidence.IMPLIED: 2, Confidence.ASSUMED: 1}


def _strongest(confidences: Iterable[Confidence]) -> str | None:
    found = max(confidences, key=_STRENGTH.__getitem__, default=None)
    return None if found is None else found.value


@lru_cache(maxsize=1024)
def placed(lc: Lifecycle, log_type: str) -> str | None:
    """How sure the spec is of where ``log_type`` belongs: the strongest evidence among its entries."""
    spec = lc.spec
    return _strongest(
        [r.confidence for r in spec.rules if r.log_type == log_type]
        + [e.confidence for e in spec.side if e.log_type == log_type]
    )


@lru_cache(maxsize=1024)
def reached(lc: Lifecycle, state: str) -> str | None:
    """How sure the spec is of how a job reaches ``state``: the strongest evidence among its ways in."""
    spec = lc.spec
    return _strongest(
        [r.confidence for r in spec.rules if state in r.targets]
        + [t.confidence for t in spec.silent if state in t.targets]
        + ([spec.creation.confidence] if spec.creation.initial == state else [])
    )
