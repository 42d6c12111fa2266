"""What the validator is measured against: a bare dict loop, pytransitions, the SDK's deserialiser.

All three are built from the same compiled spec as the validator. They are baselines, not validators:
the dict loop and the pytransitions replay follow one state (the first target of a rule, silent drift
ignored) and skip a log their state does not allow, which is less work than the validator's replay of
*sets* of states with diagnostics — so the ratios against them are conservative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from lifecycle.engine import BEFORE_CREATION, Lifecycle
from lifecycle.engine.machine import build_machine

Next = dict[tuple[str, str], str]


def dict_table(lc: Lifecycle) -> Next:
    """(state, log type) -> next state: the first target of each rule, the state itself for a side event."""
    return {(state, log): sorted(dests)[0] for state, row in lc.table.items() for log, dests in row.items()}


def dict_replay(nxt: Next, histories: Sequence[Sequence[str]]) -> str:
    """The bare dict loop: one ``dict.get`` per log; a log the state does not allow leaves it."""
    state = BEFORE_CREATION
    get = nxt.get
    for history in histories:
        state = BEFORE_CREATION
        for log in history:
            state = get((state, log), state)
    return state


def dict_replay_entries(nxt: Next, jobs: Sequence[dict[str, Any]]) -> str:
    """The bare dict loop reading the log type out of each ``operation_logs`` entry (parsed payloads)."""
    state = BEFORE_CREATION
    get = nxt.get
    for job in jobs:
        state = BEFORE_CREATION
        for entry in job["operation_logs"]:
            state = get((state, entry["log_type"]), state)
    return state


class _Model:
    state: str = BEFORE_CREATION


class TransitionsReplay:
    """pytransitions: one ``Machine`` of the lifecycle with one model, reset per job with ``set_state``.

    Each log the current state allows fires its event (conditions and callbacks run, as in live
    tracking); other logs are skipped, like the dict loop does. Building a Machine per job would
    cost far more (the ``per_job`` option, for the record).
    """

    def __init__(self, lc: Lifecycle) -> None:
        self.lc = lc
        self.model = _Model()
        self.machine = build_machine(lc, self.model)
        self.events = self.machine.events

    def replay(self, history: Sequence[str]) -> str:
        model, events = self.model, self.events
        self.machine.set_state(BEFORE_CREATION, model=model)
        for log in history:
            event = events.get(log)
            if event is not None and model.state in event.transitions:
                event.trigger(model)
        return model.state

    def replay_all(self, histories: Sequence[Sequence[str]]) -> str:
        state = BEFORE_CREATION
        for history in histories:
            state = self.replay(history)
        return state


def transitions_per_job(lc: Lifecycle, histories: Sequence[Sequence[str]]) -> str:
    """A new ``Machine`` for every job (what a naive integration does)."""
    state = BEFORE_CREATION
    for history in histories:
        state = TransitionsReplay(lc).replay(history)
    return state


class _Response:
    """What ``requests`` hands the SDK: the body and its headers."""

    status_code = 200
    headers: ClassVar[dict[str, str]] = {"Content-Type": "application/json"}

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.text = content.decode("utf-8")


def sdk_deserialiser() -> Callable[[bytes], Any]:
    """The official SDK's own path from an HTTP body to ``Show2dModelTrainingJobResponse``.

    ``Client.sync_response_handler`` is what ``MetaStudioClient.show2d_model_training_job`` runs on
    the HTTP response: ``json.loads`` with ``Decimal`` floats, then one SDK object per nested model.
    """
    from huaweicloudsdkmetastudio.v1.metastudio_client import MetaStudioClient

    client = MetaStudioClient()

    def deserialise(body: bytes) -> Any:
        return client.sync_response_handler(_Response(body), "Show2dModelTrainingJobResponse", None, None)

    return deserialise


def naive_stack(lc: Lifecycle) -> Callable[[bytes], str]:
    """SDK deserialiser + pytransitions: bytes to an end state, the way one would glue the two."""
    deserialise = sdk_deserialiser()
    machine = TransitionsReplay(lc)

    def check(body: bytes) -> str:
        response = deserialise(body)
        logs = response.operation_logs or []
        return machine.replay([log.log_type for log in logs])

    return check
