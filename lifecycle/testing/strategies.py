"""Hypothesis strategies derived from the spec: legal histories, valid jobs, near misses, hostile input,
and the stateful machine — the public face of the testing kit.

Install the ``testing`` extra (``pip install 'lifecycle[testing]'``); without it, importing this module
raises :class:`ImportError` saying so, and ``import lifecycle`` alone never imports Hypothesis. In
Hypothesis's house style every function returns a strategy, takes keyword-only options and raises
:class:`hypothesis.errors.InvalidArgument` at call time for a request no example could satisfy.

Where each part lives: :mod:`.walks` (:func:`walks`, :func:`histories`, how a history is drawn and
with what distribution), :mod:`.payloads` (:func:`job_payloads`, :func:`hostile_payloads`),
:mod:`.near_misses` (:func:`near_miss_payloads`), :mod:`.machine` (:func:`lifecycle_machine`,
:class:`Event`), :mod:`.plan` (the lookup tables they share), :mod:`.coverage` (what a set of histories
exercised).

>>> from hypothesis import given, settings
>>> @settings(max_examples=20)
... @given(walks(edition="2025-11", end_state="TRAINING"))
... def test_training_walks(walk):
...     assert walk.end_state == "TRAINING" and walk.log_types[0] == "USER_CREATE_JOD"
>>> test_training_walks()
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lifecycle import compile_edition
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition
from lifecycle.testing.coverage import Coverage
from lifecycle.testing.machine import Event, lifecycle_machine
from lifecycle.testing.near_misses import near_miss_payloads
from lifecycle.testing.payloads import hostile_payloads, job_payloads
from lifecycle.testing.plan import LogEntry
from lifecycle.testing.walks import Walk, histories, walks

__all__ = [
    "Event",
    "Walk",
    "coverage_of",
    "histories",
    "hostile_payloads",
    "job_payloads",
    "lifecycle_machine",
    "near_miss_payloads",
    "walks",
]


def coverage_of(
    items: Iterable[Walk | Sequence[LogEntry] | dict[str, Any]], *, edition: str | Edition = DEFAULT_EDITION
) -> Coverage:
    """The :class:`~lifecycle.testing.coverage.Coverage` of walks (exact), histories or job payloads (inferred)."""
    cov = Coverage(compile_edition(edition))
    for item in items:
        if isinstance(item, Walk):
            cov.add_path(item.moves)
        elif isinstance(item, dict):
            state = item.get("state")
            info = cov.lifecycle.state_info(state) if isinstance(state, str) else None
            cov.add_history(
                [e["log_type"] for e in item.get("operation_logs") or []],
                end_state=state if info else None,
                flexus=item.get("is_flexus") is True,
                na=info is None or info.na_only,
            )
        else:
            cov.add_history([e["log_type"] for e in item], flexus=True, na=True)
    return cov
