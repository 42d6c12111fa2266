"""The engine: a checked spec compiled into lookup tables (:mod:`.compiled`), the replay table the
validator walks (:mod:`.table`), and the ``transitions.Machine`` for live tracking."""

from lifecycle.engine.compiled import BEFORE_CREATION, SILENT, Effect, EnterCallback, Lifecycle, Tracker, compile

__all__ = ["BEFORE_CREATION", "SILENT", "Effect", "EnterCallback", "Lifecycle", "Tracker", "compile"]
