"""Many jobs at once: one :class:`~lifecycle.tracking.tracker.Tracker` per ``job_id``, fed whole payloads.

A polling loop fetches the same jobs again and again; :meth:`Fleet.update` takes each payload as fetched
(JSON text, a dict, a pydantic ``Job`` or an SDK response), applies only the logs it has not seen (by
position: a re-fetched history that grew gives its new logs), and returns what happened as
:class:`Event` records. A history that is shorter than what was seen, or a job whose variant changed, is
replayed again from the start, and only its new logs give events (the others gave theirs before).

A fleet sees the payload, not only its log types, so its refusals are those of ``validate``'s replay: besides
the tracker's, the log that came after the final state the job *reports* (JOB_FINISH, entered silently)
is refused once (:func:`lifecycle.validation.checks.after_reported_final`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lifecycle.engine.compiled import Lifecycle
from lifecycle.payload.jsontext import NotJson
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition, Lang
from lifecycle.tracking.tracker import Tracker
from lifecycle.validation.checks import after_reported_final
from lifecycle.validation.decode import facts_from_object, facts_from_text
from lifecycle.validation.facts import JobFacts
from lifecycle.validation.pipeline import context, diagnostic, examine
from lifecycle.validation.report import Diagnostic, echoed

__all__ = ["Event", "Fleet"]

EventKind = Literal["entered", "refused", "final"]


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened to one job: it entered a state, a log was refused, or it reached a final
    state. ``index`` is the log's position in ``operation_logs`` (``None`` for a silent move)."""

    kind: EventKind
    job_id: str
    state: str | None = None
    log_type: str | None = None
    index: int | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.kind,
            "job_id": echoed(self.job_id),  # as validate's reports echo them: never a phone number or URL secret
            "state": echoed(self.state),
            "log_type": echoed(self.log_type),
            "index": self.index,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


@dataclass(slots=True)
class _Watched:
    lc: Lifecycle
    tracker: Tracker
    final: bool = False
    pending: list[Event] = field(default_factory=list)
    late: int | None = None
    """The log refused as the one after the reported final state (each such log is refused once; a later payload
    may move it, its history having grown)."""
    checked: tuple[int, object] | None = None
    """(logs, reported state) when that refusal was last looked for: not again until one changes."""


def _apply(tracker: Tracker, log_types: list[str | None]) -> None:
    for log_type in log_types:
        if log_type is None:
            tracker.skip()  # a log whose type cannot be read: validate reports it as invalid-field
        else:
            tracker.apply(log_type)


class Fleet:
    """Trackers by ``job_id``, for the validator's edition, overlays and language."""

    def __init__(
        self, *, edition: str | Edition = DEFAULT_EDITION, overlays: tuple[str | Path, ...] = (), lang: Lang = "en"
    ) -> None:
        self._ctx = context(edition, overlays, lang)
        self._jobs: dict[str, _Watched] = {}

    def __len__(self) -> int:
        return len(self._jobs)

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._jobs

    def tracker(self, job_id: str) -> Tracker | None:
        found = self._jobs.get(job_id)
        return None if found is None else found.tracker

    def forget(self, job_id: str) -> None:
        """Stop tracking ``job_id`` (nothing of it is kept)."""
        self._jobs.pop(job_id, None)

    def update(self, payload: object) -> list[Event]:
        """Apply what is new in one job's payload; the events, in order. A payload that is not a job with a
        string ``job_id`` gives no event (``validate`` reports it)."""
        facts = facts_from_text(payload) if isinstance(payload, str | bytes | bytearray) else facts_from_object(payload)
        if isinstance(facts, NotJson) or type(facts.job_id) is not str:
            return []
        job_id = facts.job_id
        lc, _ = self._ctx.variant(facts)
        types = facts.log_types
        watched = self._jobs.get(job_id)
        if watched is None:
            watched = self._watch(job_id, lc)
        elif watched.lc is not lc or len(types) < watched.tracker.position:
            # Replayed from the start on the job's (new) variant: the logs seen before give no event again,
            # the new ones do (a job whose reported state turns JOB_FINISH changes variant with its last log).
            old, seen = watched, min(len(types), watched.tracker.position)
            watched = self._watch(job_id, lc)
            _apply(watched.tracker, types[:seen])
            watched.pending, watched.final, watched.late = [], old.final, old.late
        tracker = watched.tracker
        _apply(tracker, types[tracker.position :])
        if tracker.final and not watched.final:
            watched.final = True
            watched.pending.append(Event("final", job_id, state=tracker.state))
        if watched.checked != (len(types), facts.state):
            watched.checked = (len(types), facts.state)
            self._refuse_after_reported_final(job_id, facts, lc, watched)
        events, watched.pending = watched.pending, []
        return events

    def _refuse_after_reported_final(self, job_id: str, facts: JobFacts, lc: Lifecycle, watched: _Watched) -> None:
        """The refusal ``validate`` gives a log after the final state the job reports, among the pending events
        at its place (before the first event of that log or a later one)."""
        state = facts.state
        if type(state) is not str or not lc.is_final(state) or state in watched.tracker.states:
            return  # the usual case, without a second replay
        finding = after_reported_final(examine(facts, self._ctx))
        if finding is None or finding.index is None or finding.log_type is None or finding.index == watched.late:
            return
        watched.late = index = finding.index
        event = Event("refused", job_id, None, finding.log_type, index, (diagnostic(finding, self._ctx.lang),))
        pending = watched.pending
        at = next((n for n, e in enumerate(pending) if e.index is not None and e.index >= index), len(pending))
        pending.insert(at, event)

    def _watch(self, job_id: str, lc: Lifecycle) -> _Watched:
        watched: _Watched

        def entered(state: str, log_type: str | None) -> None:
            index = watched.tracker.position - 1 if log_type is not None else None
            watched.pending.append(Event("entered", job_id, state, log_type, index))

        def refused(log_type: str, diagnostics: tuple[Diagnostic, ...]) -> None:
            index = watched.tracker.position - 1
            watched.pending.append(Event("refused", job_id, None, log_type, index, diagnostics))

        tracker = Tracker(lc, on_enter=entered, on_refuse=refused, lang=self._ctx.lang)
        watched = self._jobs[job_id] = _Watched(lc, tracker)
        return watched
