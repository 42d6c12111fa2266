"""The diagnostic codes: one row each, with its severity and why (the README's code table and the JSON
Schema's code list are generated from :data:`CODES`; the check that produces each code is registered
against it in :mod:`lifecycle.validation.checks`).

Severity choices:

* **error** — the history or the reported state contradicts the lifecycle or a documented fact.
* **warning** — the payload deviates from documented form, or the library cannot judge a value it
  does not know (a newer API); the lifecycle was still checked as far as possible. ``--strict``
  makes warnings fail too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = ["ALWAYS_CHECKED", "CODES", "CodeInfo", "Severity"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    severity: Severity
    summary: str
    why: str
    example: str = ""
    """A case of it, as the README's code table shows it (scenario files in ``tests/data/scenarios/``)."""
    opt_in: str | None = None
    """The option that switches the check on (``None``: always checked)."""


CODES: Final[dict[str, CodeInfo]] = {
    "invalid-json": CodeInfo(
        Severity.ERROR,
        "the record is not JSON",
        "nothing in it can be checked",
        example="`invalid-json--truncated.json`",
    ),
    "invalid-field": CodeInfo(
        Severity.WARNING,
        "a field violates the payload schema (path given)",
        "the lifecycle can still be checked; a newer API may send values the schema does not know yet",
        example="`flexus_retry_count: 99`",
    ),
    "unknown-state": CodeInfo(
        Severity.WARNING,
        "the reported state is not in the edition",
        "a newer API may add states; the library cannot judge a state it does not know",
        example='`"state": "MANUAL_VERIFYING_AGAIN"`',
    ),
    "unknown-log-type": CodeInfo(
        Severity.WARNING,
        "a log type is not in the edition",
        "a newer API may add log types; the replay resynchronises after it (the job may be in any state), "
        "as after an illegal log",
        example="`SYSTEM_FUTURE_THING`",
    ),
    "illegal-transition": CodeInfo(
        Severity.ERROR,
        "a log that no possible state allows",
        "the history contradicts the lifecycle",
        example="`ADMIN_VERIFY_FAILED` after `SYSTEM_TRAIN_SUCCESS`",
    ),
    "unconfirmed-transition": CodeInfo(
        Severity.WARNING,
        "a log, or the reported state, that only an alternative reading of the sources allows (named)",
        "the sources do not settle it: the spec's own reading is a guess there; `lifecycle mine` counts "
        "the jobs each reading explains",
        example="a test-video check after compiling, in `unconfirmed-transition--test-video-check-after-compile.json`",
    ),
    "actor-mismatch": CodeInfo(
        Severity.WARNING,
        "operate_user is not an actor allowed to write that log type",
        "actors follow the log type's prefix (USER_, SYSTEM_, ADMIN_), which the API pages only imply",
        example="`ADMIN_VERIFY_SUCCESS` by `USER`",
    ),
    "time-regression": CodeInfo(
        Severity.WARNING,
        "operate_time earlier than the previous log's (equal times are normal)",
        "nothing documents the order of operation_logs, so a decrease is only a warning",
        example="a log one minute earlier",
    ),
    "missing-creation": CodeInfo(
        Severity.ERROR,
        "the history does not start with USER_CREATE_JOD",
        "every job starts with its creation log (seed example); the rest is replayed from any state",
        example="starts with `USER_VERIFYING_SUBMITTED`",
    ),
    "state-mismatch": CodeInfo(
        Severity.ERROR,
        "the reported state is not reachable at the end of the replay",
        "the reported state contradicts the history",
        example="`TRAINING` right after review",
    ),
    "after-final": CodeInfo(
        Severity.ERROR,
        "a log after the job reached a final state",
        "JOB_FINISH '不支持修改此状态' (seed)",
        example="`USER_REPAIR` while reporting `JOB_FINISH`",
    ),
    "repeated-log": CodeInfo(
        Severity.ERROR,
        "a log type documented as once-only appears again",
        "CONFIRM_REPAIR (log USER_REPAIR) may be sent only once (source guide-after-completion: https://support.huaweicloud.com/api-metastudio/metastudio_02_0068.html)",
        example="`USER_REPAIR` twice",
    ),
    "deprecated-value": CodeInfo(
        Severity.WARNING,
        "a deprecated value such as model_version V3",
        "still accepted by the API (the seed's own example uses V3)",
        example="the seed's own example",
    ),
    "inconsistent-time": CodeInfo(
        Severity.WARNING,
        "create_time / last_update_time inconsistent with the logs",
        "the seed example shows create_time equal to the first log's time; nothing makes it binding",
        example="created after its first log",
    ),
    "overdue": CodeInfo(
        Severity.WARNING,
        "the job has been in its console group longer than the vendor documents for that stage",
        "review takes at most 1 working day and training at most 3 (Flexus about 3 hours), per the "
        "MetaStudio FAQ; a late job is not a wrong one",
        example="`--now` two working days after manual review started",
        opt_in="--now",
    ),
}
"""Every diagnostic code, its severity and why."""
ALWAYS_CHECKED: Final = tuple(sorted(code for code, info in CODES.items() if info.opt_in is None))
"""The codes checked with no option given (sorted): every code but the opt-in ones (``overdue``: ``--now``)."""
_ERROR_CODES: Final = frozenset(code for code, info in CODES.items() if info.severity is Severity.ERROR)
