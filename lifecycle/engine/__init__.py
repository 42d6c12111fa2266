"""The engine: a checked spec compiled into lookup tables (:mod:`.compiled`), the one replay on them
(:mod:`.table`), and the ``transitions.Machine`` live tracking shares (:mod:`.machine`)."""

from lifecycle.engine.compiled import BEFORE_CREATION, SILENT, Effect, Lifecycle, compile

__all__ = ["BEFORE_CREATION", "SILENT", "Effect", "Lifecycle", "compile"]
