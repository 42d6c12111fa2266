"""Near misses: a valid job with exactly one defect, for which the validator reports exactly one code.

Each diagnostic code of :data:`lifecycle.validation.report.CODES` has its own defect here, made on a
job drawn from :func:`~lifecycle.testing.payloads.job_payloads` that reaches what the defect needs.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.vocabulary import DEFAULT_EDITION, DEPRECATED_MODEL_VERSIONS, Edition
from lifecycle.testing.hypothesis_api import InvalidArgument, st
from lifecycle.testing.payloads import job_payloads
from lifecycle.testing.plan import TIME_FORMAT, LogEntry, check_edition, stamp
from lifecycle.validation.codes import ALWAYS_CHECKED


def _shift(text: str, seconds: int) -> str:
    moment = datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
    return stamp(moment + timedelta(seconds=seconds))


def _actor_for(lc: Lifecycle, log: str) -> str:
    info = lc.log_type_info(log)
    assert info is not None
    return sorted(a.value for a in info.actors)[0]


def _lifecycle_of(payload: dict[str, Any], edition: str) -> Lifecycle:
    info = compile_edition(edition).state_info(payload["state"])
    return compile_edition(edition).restrict(flexus=payload.get("is_flexus") is True, na=info is None or info.na_only)


def _possible_before(lc: Lifecycle, logs: Sequence[LogEntry], position: int) -> frozenset[str]:
    return lc.replay(entry["log_type"] for entry in logs[:position])


@st.composite
def _near_miss(draw: st.DrawFn, edition: str, code: str) -> tuple[object, str]:
    base = _NEEDS.get(code, {})
    job = draw(job_payloads(edition=edition, **base))
    logs: list[LogEntry] = job["operation_logs"]
    lc = _lifecycle_of(job, edition)
    if code == "invalid-json":
        text = json.dumps(job, ensure_ascii=False).encode()
        return text[: draw(st.integers(0, len(text) - 1))], code
    if code == "invalid-field":
        field_name, value = draw(st.sampled_from(_BAD_FIELDS))
        job[field_name] = value
    elif code == "unknown-state":
        job["state"] = "FUTURE_" + draw(st.text(string.ascii_uppercase, min_size=3, max_size=12))
    elif code == "unknown-log-type":
        position = draw(st.integers(1, len(logs)))
        unknown = "SYSTEM_FUTURE_" + draw(st.text(string.ascii_uppercase, min_size=3, max_size=12))
        logs.insert(
            position,
            {"operate_time": logs[position - 1]["operate_time"], "log_type": unknown, "operate_user": "SYSTEM"},
        )
    elif code in ("illegal-transition", "unconfirmed-transition"):
        # Illegal: no reading of the sources allows the log there; unconfirmed: the spec's reading does
        # not, an alternative reading does (lifecycle/spec/rules.toml, its alternatives).
        wanted = code == "unconfirmed-transition"
        places = [
            (position, t)
            for position in range(1, len(logs) + 1)
            for before in [_possible_before(lc, logs, position)]
            for t in lc.log_types
            if not lc.step(before, t) and not _repeats(lc, t, logs) and _alternative_allows(lc, before, t) == wanted
        ]
        position, log = draw(st.sampled_from(places))
        logs.insert(
            position,
            {"operate_time": logs[position - 1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)},
        )
    elif code == "actor-mismatch":
        candidates = [
            (i, actor)
            for i, entry in enumerate(logs)
            for actor in ("USER", "ADMIN", "SYSTEM")
            if actor not in _actors(lc, entry["log_type"])
        ]
        i, actor = draw(st.sampled_from(candidates))
        logs[i]["operate_user"] = actor
    elif code == "time-regression":
        i = draw(st.integers(1, len(logs) - 1))
        earlier = _shift(logs[i - 1]["operate_time"], -draw(st.integers(1, 3600)))
        logs[i]["operate_time"] = earlier
        job["create_time"] = min(job["create_time"], earlier)
    elif code == "missing-creation":
        del logs[0]
    elif code == "state-mismatch":
        final = lc.replay(entry["log_type"] for entry in logs)
        na_only = _na_only(lc, job["state"])
        types = [entry["log_type"] for entry in logs]
        explained = {t for _, alt in lc.alternatives for t in alt.replay(types)}
        others = [
            s
            for s in lc.states
            if s not in final and s not in explained and not lc.is_final(s) and _na_only(lc, s) == na_only
        ]
        job["state"] = draw(st.sampled_from(others))
    elif code == "after-final":
        possible = lc.replay(entry["log_type"] for entry in logs)
        later = [
            t
            for t in sorted(lc.allowed_in(possible))
            if not any(lc.is_final(s) for s in lc.step(possible, t)) and not _repeats(lc, t, logs)
        ]
        log = draw(st.sampled_from(later))
        logs.append({"operate_time": logs[-1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)})
    elif code == "repeated-log":
        repair = [t for t in lc.log_types if (info := lc.log_type_info(t)) is not None and info.once]
        log = draw(st.sampled_from(repair))
        times = 1 if any(entry["log_type"] == log for entry in logs) else 2
        for _ in range(times):
            logs.append(
                {"operate_time": logs[-1]["operate_time"], "log_type": log, "operate_user": _actor_for(lc, log)}
            )
    elif code == "deprecated-value":
        job["model_version"] = draw(st.sampled_from(sorted(DEPRECATED_MODEL_VERSIONS)))
    elif code == "inconsistent-time":
        if draw(st.booleans()):
            job["create_time"] = _shift(logs[0]["operate_time"], draw(st.integers(1, 86400)))
            job["last_update_time"] = max(job["last_update_time"], job["create_time"])
        else:
            job["last_update_time"] = _shift(job["create_time"], -draw(st.integers(1, 86400)))
    else:  # pragma: no cover - guarded by near_miss_payloads
        raise AssertionError(code)
    if logs and code != "inconsistent-time":
        job["last_update_time"] = max(job["last_update_time"], logs[-1]["operate_time"])
    return job, code


def _alternative_allows(lc: Lifecycle, before: frozenset[str], log: str) -> bool:
    """Whether an alternative reading of the sources allows ``log`` from the possible states ``before``."""
    return any(alt.step(alt.closure_of(before), log) for _, alt in lc.alternatives)


def _repeats(lc: Lifecycle, log: str, logs: Sequence[LogEntry]) -> bool:
    """Whether adding ``log`` would repeat a once-only log (a second defect: repeated-log)."""
    info = lc.log_type_info(log)
    return info is not None and info.once and any(entry["log_type"] == log for entry in logs)


def _actors(lc: Lifecycle, log: str) -> set[str]:
    info = lc.log_type_info(log)
    return {a.value for a in info.actors} if info is not None else set()


def _na_only(lc: Lifecycle, state: str) -> bool:
    info = lc.state_info(state)
    return info is not None and info.na_only


# The base job each defect needs: a history long enough to break, or one that reaches the state
# the defect is about (after-final needs a finished NA job, repeated-log the state USER_REPAIR is
# written in).
_NEEDS: dict[str, dict[str, Any]] = {
    "time-regression": {"min_size": 2},
    # An NA job in JOB_FINISH may be in any NA-only state as far as its logs tell: use a standard one.
    "state-mismatch": {"na_whitelist": False},
    "after-final": {"end_state": "JOB_FINISH"},
    "repeated-log": {"end_state": "JOB_SUCCESS", "flexus": False, "na_whitelist": False},
}

# Fields whose bad value the schema reports and the lifecycle replay never reads.
_BAD_FIELDS: list[tuple[str, object]] = [
    ("matting_type", "PAINTED"),
    ("model_resolution", "8K"),
    ("flexus_retry_count", 11),
    ("is_background_replacement", "sometimes"),
    ("comment_logs", "none"),
    ("model_version", "V" * 65),
]


def near_miss_payloads(
    *, edition: str | Edition = DEFAULT_EDITION, codes: Iterable[str] | None = None
) -> st.SearchStrategy[tuple[object, str]]:
    """``(payload, code)``: a valid job with exactly one defect, for which the validator reports
    exactly ``code`` (and nothing else), validated as :func:`lifecycle.validate` does by default. Every
    diagnostic code can be asked for, except those an option switches on (``overdue``: ``--now``).

    The payload is a dict, except for ``invalid-json``, where it is the JSON text of a valid job
    cut short (bytes).
    """
    name = check_edition(edition)
    always = list(ALWAYS_CHECKED)
    wanted = always if codes is None else list(codes)
    if isinstance(codes, str):
        raise InvalidArgument(f"codes={codes!r} must be a collection of codes, not one string")
    unknown = [c for c in wanted if c not in always]
    if unknown:
        raise InvalidArgument(f"codes {unknown} cannot be drawn; known: {always} (opt-in checks excluded)")
    if not wanted:
        raise InvalidArgument("codes is empty: there is nothing to draw")
    return st.sampled_from(wanted).flatmap(lambda code: _near_miss(name, code))
