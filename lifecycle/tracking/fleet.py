"""Many jobs at once: one :class:`~lifecycle.tracking.tracker.Tracker` per ``job_id``, fed whole payloads.

A polling loop fetches the same jobs again and again; :meth:`Fleet.update` takes each payload as fetched
(JSON text, a dict, a pydantic ``Job`` or an SDK response), applies only the logs it has not seen (by
position: a re-fetched history that grew gives its new logs), and returns what happened as
:class:`Event` records. A history that is shorter than what was seen, or a job whose variant changed, is
replayed again from the start, silently (its events were given before).

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
    late: bool = False
    """Whether the log after the reported final state was refused (it is once)."""


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
        quiet = watched is not None and (watched.lc is not lc or len(types) < watched.tracker.position)
        if watched is None or quiet:
            watched = self._watch(job_id, lc)
        tracker = watched.tracker
        for log_type in types[tracker.position :]:
            if log_type is None:
                tracker.skip()  # a log whose type cannot be read: validate reports it as invalid-field
            else:
                tracker.apply(log_type)
        if tracker.final and not watched.final:
            watched.final = True
            watched.pending.append(Event("final", job_id, state=tracker.state))
        if not watched.late:
            self._refuse_after_reported_final(job_id, facts, lc, watched)
        events, watched.pending = watched.pending, []
        return [] if quiet else events

    def _refuse_after_reported_final(self, job_id: str, facts: JobFacts, lc: Lifecycle, watched: _Watched) -> None:
        """The refusal ``validate`` gives a log after the final state the job reports, among the pending events
        at its place (before the first event of that log or a later one)."""
        state = facts.state
        if type(state) is not str or not lc.is_final(state) or state in watched.tracker.states:
            return  # the usual case, without a second replay
        finding = after_reported_final(examine(facts, self._ctx))
        if finding is None or finding.index is None or finding.log_type is None:
            return
        watched.late = True
        index = finding.index
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
