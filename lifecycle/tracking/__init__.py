"""Live tracking: :class:`Tracker` follows one job log by log on the validator's replay and the shared
``transitions.Machine``; :class:`Fleet` keeps one per ``job_id`` for a polling loop."""

from lifecycle.tracking.fleet import Event, Fleet
from lifecycle.tracking.tracker import EnterCallback, RefuseCallback, Tracker

__all__ = ["EnterCallback", "Event", "Fleet", "RefuseCallback", "Tracker"]
