"""Job facts: what the lifecycle checks read from one job, decoded once, whatever the input was.

Every entry point (JSON bytes or text, a dict, the pydantic ``Job``, an SDK response) is decoded by
:mod:`lifecycle.validation.decode` into one :class:`JobFacts`, or into :class:`NotJson` when the input is
not a JSON object. The checks never look at the input itself, so they cannot disagree about it.

Values are kept as sent (a number where a string belongs stays a number: the checks say what is wrong with
it), except that strings are plain ``str`` (a subclass is copied) and a log whose ``log_type`` cannot be
read is ``None`` (the decoder records why, as a :class:`Problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Final, NamedTuple

from lifecycle.payload.jsontext import NotJson

__all__ = ["JobFacts", "NotJson", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural problem the decoder met: a field the checks cannot read. Reported as ``invalid-field``."""

    field: str
    """JSON path, such as ``operation_logs[3].log_type``."""
    detail: str
    """What is wrong and what was done about it (English; the message renders it)."""
    index: int | None = None
    """The log's position in ``operation_logs``, for a problem inside a log."""


class JobFacts(NamedTuple):
    """The lifecycle fields of one job-detail payload (``GET .../2d-model-training-jobs/{job_id}``).

    ``pairs[n]`` and ``times[n]`` are the ``(log_type, operate_user)`` and ``operate_time`` of
    ``operation_logs[n]``: positions are those of the payload, an entry that is not an object included
    (its pair is ``(None, None)``). Times are the raw values (RFC 3339 text when well formed, in UTC or with
    an offset); the checks parse them.

    An immutable record (a named tuple: one is made per job validated, and a tuple is made several times
    faster than a frozen dataclass).
    """

    job_id: object
    state: object
    is_flexus: object
    model_version: object
    create_time: object
    last_update_time: object
    pairs: list[tuple[str | None, Any]]
    times: list[Any]
    problems: tuple[Problem, ...] = ()

    @property
    def log_types(self) -> list[str | None]:
        return list(map(_FIRST, self.pairs))

    @property
    def actors(self) -> list[Any]:
        return list(map(_SECOND, self.pairs))


_FIRST: Final = itemgetter(0)
_SECOND: Final = itemgetter(1)
