"""The ``transitions.Machine`` of a compiled lifecycle: one per lifecycle (and variant), shared by every
tracker. This is the one module that imports :mod:`transitions` (a ruff ban enforces it).

Triggers are the log types, plus :data:`~lifecycle.engine.compiled.SILENT` for silent transitions; a
side event is an internal transition (``dest=None``). ``auto_transitions`` is off: a job may only move the
way the spec says. The machine holds no model: trackers keep their own state (the replay's set of possible
states, :mod:`lifecycle.tracking`) and ask the machine to run the ``on_enter`` callbacks of the states
they enter, with themselves as the event's model (``event.model``), so that a thousand trackers cost a
thousand small objects, not a thousand machines (each of 2 812 transitions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

from transitions import EventData, Machine

from lifecycle.engine.compiled import BEFORE_CREATION, SILENT, Lifecycle

__all__ = ["Entering", "Machine", "build_machine", "enter", "machine_of"]


class Entering(Protocol):
    """What a model must offer the machine's ``on_enter`` callback."""

    def entered(self, state: str, log_type: str | None) -> None: ...


def _entered(event: EventData) -> None:
    entered = getattr(event.model, "entered", None)  # a model of one's own may not listen
    if entered is not None:
        cast(Entering, event.model).entered(event.state.name, event.kwargs.get("log_type"))


def _aimed_at(dest: str) -> Callable[[EventData], bool]:
    return lambda event: event.kwargs.get("target") in (None, dest)


_machines: dict[int, tuple[Lifecycle, Machine]] = {}


def machine_of(lc: Lifecycle) -> Machine:
    """The shared machine of ``lc`` (made once; compiled lifecycles are cached and live as long)."""
    found = _machines.get(id(lc))
    if found is not None and found[0] is lc:
        return found[1]
    machine = build_machine(lc)
    _machines[id(lc)] = (lc, machine)
    return machine


def build_machine(lc: Lifecycle, model: object = None) -> Machine:
    """A new machine of ``lc`` with ``model`` attached (``None``: no model). Trackers share
    :func:`machine_of`; this is for a caller that wants a machine of its own (the benchmark's baseline)."""
    states: list[dict[str, Any]] = [{"name": s, "on_enter": [_entered]} for s in (BEFORE_CREATION, *lc.states)]
    transitions: list[dict[str, Any]] = []
    for source, row in lc.table.items():
        for log in row:
            for dest in sorted(lc.moves(source, log)):
                transitions.append({"trigger": log, "source": source, "dest": dest, "conditions": [_aimed_at(dest)]})
            if log in lc.side(source):
                transitions.append({"trigger": log, "source": source, "dest": None})
    for source in lc.states:
        for dest in sorted(lc.silent_targets(source)):
            transitions.append({"trigger": SILENT, "source": source, "dest": dest, "conditions": [_aimed_at(dest)]})
    return Machine(
        model=model,
        states=states,
        transitions=transitions,
        initial=BEFORE_CREATION,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
        model_attribute="state",
    )


def enter(machine: Machine, model: Entering, state: str, log_type: str | None) -> None:
    """Run the ``on_enter`` callbacks of ``state`` for ``model`` (``log_type``: ``None`` for a silent move)."""
    event = machine.events.get(log_type or SILENT)
    data = EventData(machine.get_state(state), event, machine, model, args=(), kwargs={"log_type": log_type})
    machine.get_state(state).enter(data)
