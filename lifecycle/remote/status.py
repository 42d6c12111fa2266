"""``lifecycle status``: a fleet view of exported jobs — how many per console group and state, how long each
has been in its state, and which are over their documented expectation (:mod:`lifecycle.remote.expectations`).

Input: what ``lifecycle fetch`` writes (JSONL, one job detail per line), ``.json`` files, or ``-``.
"Time in state" runs from the ``operate_time`` of the job's last operation log (array order). "Time in stage"
runs from the first log of the trailing run of logs after which the job was in its current console group:
training passes through many states, and the vendor's "≤ 3 working days" is for the whole stage. The group
after each log comes from a replay on the compiled lifecycle (:meth:`Lifecycle.step`, resynchronising on an
illegal log like the validator does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.remote.expectations import ConfigError, Expectation, elapsed, load_expectations
from lifecycle.spec.vocabulary import ConsoleGroup, Lang, group_label


@dataclass(frozen=True, slots=True)
class JobStatus:
    """One job's place in the fleet. Seconds; None when the job has no readable log time."""

    job_id: str
    state: str
    group: str | None
    label: str
    in_state_seconds: float | None
    in_stage_seconds: float | None
    over: Expectation | None
    over_by: float | None
    """How much of the expectation's unit has passed (compare with ``over.limit``)."""


def _log_time(log: Any) -> datetime | None:
    if not isinstance(log, dict) or not isinstance(log.get("operate_time"), str):
        return None
    try:
        return parse_rfc3339(log["operate_time"])
    except ValueError:
        return None


def _possible_states(lc: Lifecycle, log_types: list[str | None]) -> list[frozenset[str]]:
    """The states a job may be in after each log (forward replay; an illegal log resynchronises on the states
    it can lead to, as the validator does; an unknown one keeps the states before it)."""
    possible = lc.closure_of(lc.start)
    after: list[frozenset[str]] = []
    for log_type in log_types:
        if log_type is not None:
            possible = lc.step(possible, log_type) or lc.entry_states(log_type) or possible
        after.append(possible)
    return after


def _refined(
    lc: Lifecycle, log_types: list[str | None], after: list[frozenset[str]], state: str
) -> list[frozenset[str]]:
    """Narrow each set to the states from which the rest of the history reaches the job's reported ``state``
    (a backward pass): a spec with several targets per log leaves the forward sets ambiguous."""
    refined = list(after)
    if refined and state in refined[-1]:
        refined[-1] = frozenset({state})
    for i in range(len(refined) - 2, -1, -1):
        log_type = log_types[i + 1]
        if log_type is None:
            continue
        keep = frozenset(s for s in refined[i] if lc.step(lc.closure(s), log_type) & refined[i + 1])
        refined[i] = keep or refined[i]
    return refined


def stage_start(lc: Lifecycle, logs: list[Any], state: str) -> datetime | None:
    """When the job entered the console group of ``state`` for the last time: the time of the first log of the
    trailing run of logs after each of which the job was in that group (the last log always counts)."""
    if not logs:
        return None
    group = lc.group(state)
    log_types = [log.get("log_type") if isinstance(log, dict) else None for log in logs]
    types = [t if isinstance(t, str) else None for t in log_types]
    refined = _refined(lc, types, _possible_states(lc, types), state)
    first = len(logs) - 1
    while first > 0 and any(lc.group(s) == group for s in refined[first - 1]):
        first -= 1
    return _log_time(logs[first])


def job_status(
    job: dict[str, Any], lc: Lifecycle, rules: tuple[Expectation, ...], now: datetime, lang: Lang
) -> JobStatus:
    """The status of one job detail (a dict as the API sent it)."""
    state = str(job.get("state"))
    info = lc.state_info(state)
    group = info.group.value if info else None
    logs = job.get("operation_logs") if isinstance(job.get("operation_logs"), list) else []
    assert isinstance(logs, list)
    last = _log_time(logs[-1]) if logs else None
    start = stage_start(lc, logs, state)
    over: Expectation | None = None
    over_by: float | None = None
    flexus = job.get("is_flexus") is True
    for rule in rules:
        if info is None or start is None or rule.group != info.group or info.kind not in rule.kinds:
            continue
        if rule.flexus is not None and rule.flexus != flexus:
            continue
        spent = elapsed(rule, start, now)
        if spent > rule.limit:
            over, over_by = rule, spent
    return JobStatus(
        str(job.get("job_id")),
        state,
        group,
        lc.label(state, "admin", lang),
        (now - last).total_seconds() if last else None,
        (now - start).total_seconds() if start else None,
        over,
        over_by,
    )


def _duration(seconds: float | None, lang: Lang = "en") -> str:
    if seconds is None:
        return "?"
    zh = lang == "zh"
    if seconds < 3600:
        return f"{seconds / 60:.0f} {'分钟' if zh else 'min'}"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} {'小时' if zh else 'h'}"
    return f"{seconds / 86400:.1f} {'天' if zh else 'd'}"


_WORDS: Final[dict[str, dict[Lang, str]]] = {
    "head": {"en": "{n} jobs as of {now}", "zh": "截至 {now} 共 {n} 个作业"},
    "unknown": {"en": "(unknown state)", "zh": "(未知状态)"},
    "longest": {"en": "longest in state {d}", "zh": "在此状态最久 {d}"},
    "over": {"en": "over their documented expectation: {n}", "zh": "超出文档所述时限: {n}"},
    "in stage": {"en": "{spent} in stage, expected {rule}", "zh": "在此阶段 {spent}, 预期 {rule}"},
    "expectations": {"en": "expectations:", "zh": "时限:"},
    "working_days": {"en": "working days", "zh": "个工作日"},
    "hours": {"en": "h", "zh": "小时"},
}
"""The words of the text view in each language (states, rule names and figures stay as they are)."""


def _describe(rule: Expectation, lang: Lang) -> str:
    return rule.describe() if lang == "en" else f"{rule.name} <= {rule.limit:g} {_WORDS[rule.unit][lang]}"


def render_text(jobs: list[JobStatus], rules: tuple[Expectation, ...], now: datetime, lang: Lang) -> str:
    """Counts per group and state (with the longest time in state), then the jobs over their expectation."""
    w = {key: words[lang] for key, words in _WORDS.items()}
    lines = [w["head"].format(n=len(jobs), now=now.isoformat().replace("+00:00", "Z")), ""]
    groups = Counter(j.group for j in jobs)
    order = [g.value for g in ConsoleGroup]  # the console's order: submitted, review, training … suspended
    for group in sorted(groups, key=lambda g: order.index(g) if g in order else len(order)):
        name = group_label(ConsoleGroup(group), lang) if group else w["unknown"]
        lines.append(f"{name}  {groups[group]}")
        states = Counter(j.state for j in jobs if j.group == group)
        for state, count in sorted(states.items()):
            longest = max((j.in_state_seconds or 0.0 for j in jobs if j.state == state), default=0.0)
            label = next(j.label for j in jobs if j.state == state)
            lines.append(f"  {state:<36} {label}  {count}  ({w['longest'].format(d=_duration(longest, lang))})")
    over = [j for j in jobs if j.over is not None]
    lines += ["", w["over"].format(n=len(over))]
    for j in over:
        assert j.over is not None
        assert j.over_by is not None
        spent = f"{j.over_by:.1f} {w[j.over.unit]}"
        lines.append(f"  {j.job_id}  {j.state}  {w['in stage'].format(spent=spent, rule=_describe(j.over, lang))}")
    lines += ["", w["expectations"]]
    lines += [f"  {_describe(rule, lang)}: {rule.source}" for rule in rules]
    return "\n".join(lines)


def to_dict(jobs: list[JobStatus], rules: tuple[Expectation, ...], now: datetime) -> dict[str, Any]:
    """The JSON document of ``--format json``."""
    groups: dict[str, dict[str, int]] = {}
    for j in jobs:
        per = groups.setdefault(j.group or "", {})
        per[j.state] = per.get(j.state, 0) + 1
    return {
        "now": now.isoformat().replace("+00:00", "Z"),
        "groups": groups,
        "expectations": [
            {"name": r.name, "group": r.group.value, "limit": r.limit, "unit": r.unit, "source": r.source}
            for r in rules
        ],
        "jobs": [
            {
                "job_id": j.job_id,
                "state": j.state,
                "group": j.group,
                "label": j.label,
                "in_state_seconds": j.in_state_seconds,
                "in_stage_seconds": j.in_stage_seconds,
                "over": None if j.over is None else {"rule": j.over.name, "elapsed": j.over_by, "limit": j.over.limit},
            }
            for j in jobs
        ],
    }


def register(sub: Any) -> None:
    """Add ``status`` to the command line's subparsers."""
    p = sub.add_parser("status", help="jobs per console group and state, and those over their documented time")
    p.add_argument("paths", nargs="+", metavar="PATH", help="what fetch wrote (.jsonl), .json files, or - for stdin")
    p.add_argument("--now", metavar="TIME", help="measure up to TIME (RFC 3339; default: the clock)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--config", type=Path, metavar="FILE", help="TOML file overriding the expectation limits")
    # None: the command line's default, the locale's language (lifecycle.cli.main; README, "Language").
    p.add_argument(
        "--lang", choices=["zh", "en"], default=None, help="language of the output (default: the locale's, else en)"
    )
    p.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"lifecycle: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run ``lifecycle status``: exit 0, or 2 for bad arguments or unreadable input. Lines that are no job
    object are named on stderr and left out."""
    from lifecycle.batch.pool import InputError, check_readable, records

    try:
        now = parse_rfc3339(args.now) if args.now else datetime.now(UTC)
    except ValueError as exc:
        return _fail(f"--now {args.now!r}: {exc}")
    try:
        rules = load_expectations(args.config)
        check_readable(args.paths)
    except (ConfigError, InputError) as exc:
        return _fail(str(exc))
    try:
        import holidays  # noqa: F401
    except ImportError:
        return _fail("status needs the holidays calendar: pip install 'lifecycle[sdk]'")
    lc = compile_edition()
    jobs: list[JobStatus] = []
    try:
        for record in records(args.paths):
            try:
                job = json.loads(record.text)
            except (ValueError, UnicodeDecodeError):
                job = None
            if not isinstance(job, dict) or "state" not in job:
                print(f"lifecycle: {record.source}: not a job detail; left out", file=sys.stderr)
                continue
            jobs.append(job_status(job, lc, rules, now, args.lang))
    except OSError as exc:
        return _fail(f"cannot read input: {exc}")
    if args.format == "json":
        print(json.dumps(to_dict(jobs, rules, now), ensure_ascii=False, indent=2))
    else:
        print(render_text(jobs, rules, now, args.lang))
    return 0
