"""The Hypothesis names the testing kit uses: the one module of the kit that imports Hypothesis.

Hypothesis comes with the ``testing`` extra. Without it, importing any strategy module of the kit
(``lifecycle.strategies``, ``lifecycle.testing.strategies`` ...) raises an :class:`ImportError` that
says what to install; ``import lifecycle`` alone never imports Hypothesis.
"""

from __future__ import annotations

MISSING = (
    "lifecycle's testing kit needs Hypothesis, which comes with the 'testing' extra: pip install 'lifecycle[testing]'"
)

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule
except ImportError as exc:
    raise ImportError(MISSING, name=exc.name) from exc

__all__ = ["MISSING", "InvalidArgument", "RuleBasedStateMachine", "initialize", "precondition", "rule", "st"]
