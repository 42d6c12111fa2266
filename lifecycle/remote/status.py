"""``lifecycle status``: a fleet view of exported jobs — how many per console group and state, how long each
has been in its state, and which are over their documented expectation (:mod:`lifecycle.spec.expectations`).

Input: what ``lifecycle fetch`` writes (JSONL, one job detail per line), ``.json`` files, or ``-``.
"Time in state" runs from the ``operate_time`` of the job's last operation log (array order). "Time in stage"
runs from the start of the job's stage, measured as ``lifecycle validate --now`` measures it
(:mod:`lifecycle.validation.stages`, on the validator's own decoding and replay), so the two name the same
jobs.
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

from lifecycle.engine.table import info as row_info
from lifecycle.payload.redaction import redact_text
from lifecycle.payload.timestamps import parse_now
from lifecycle.spec.expectations import Clock, ConfigError, Expectation, load_expectations
from lifecycle.spec.vocabulary import DEFAULT_EDITION, ConsoleGroup, Lang, group_label
from lifecycle.validation.decode import facts_from_text
from lifecycle.validation.facts import JobFacts
from lifecycle.validation.pipeline import Context, context, examine
from lifecycle.validation.render import visible
from lifecycle.validation.stages import stage_of


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


def job_status(facts: JobFacts, ctx: Context) -> JobStatus:
    """The status of one job (its facts, as the validator decodes them), measured against ``ctx.clock``.
    Every value echoed from the payload is redacted as the validator's reports are; a time before the job's
    last log counts as none (0 s), not as a negative duration."""
    assert ctx.clock is not None
    subject = examine(facts, ctx)
    trace = subject.replay.trace or ()
    stage = stage_of(subject.lc, facts, [row_info(row).states for row in trace], ctx.clock)
    state = str(facts.state)
    info = subject.lc.state_info(state)
    now = ctx.clock.now
    return JobStatus(
        redact_text(str(facts.job_id)),
        redact_text(state),
        info.group.value if info else None,
        redact_text(subject.lc.label(state, "admin", ctx.lang)),
        max((now - stage.last).total_seconds(), 0.0) if stage.last else None,
        max((now - stage.start).total_seconds(), 0.0) if stage.start else None,
        stage.over,
        stage.spent,
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
            longest_text = w["longest"].format(d=_duration(longest, lang))
            lines.append(f"  {visible(state):<36} {visible(label)}  {count}  ({longest_text})")
    over = [j for j in jobs if j.over is not None]
    lines += ["", w["over"].format(n=len(over))]
    for j in over:
        assert j.over is not None
        assert j.over_by is not None
        spent = f"{j.over_by:.1f} {w[j.over.unit]}"
        in_stage = w["in stage"].format(spent=spent, rule=j.over.describe(lang))
        lines.append(f"  {visible(j.job_id)}  {visible(j.state)}  {in_stage}")
    lines += ["", w["expectations"]]
    lines += [f"  {rule.describe(lang)}: {rule.source}" for rule in rules]
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
    p.add_argument("--now", metavar="TIME", help="measure up to TIME (RFC 3339, or now: the clock, the default)")
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
    """Run ``lifecycle status``: exit 0; 1 when a record was left out (it is no job detail: named on stderr,
    as ``validate`` would report it ``invalid-json``); 2 for bad arguments or unreadable input."""
    from lifecycle.batch.pool import InputError, check_readable, records

    try:
        now = parse_now(args.now) if args.now else datetime.now(UTC)
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
    ctx = context(DEFAULT_EDITION, (), args.lang, Clock(now, rules))
    jobs: list[JobStatus] = []
    left_out = 0
    said = "不是作业详情, 已略过" if args.lang == "zh" else "not a job detail; left out"
    try:
        for record in records(args.paths):
            facts = facts_from_text(record.text)
            if not isinstance(facts, JobFacts) or facts.state is None:
                print(f"lifecycle: {redact_text(record.source)}: {said}", file=sys.stderr)
                left_out += 1
                continue
            jobs.append(job_status(facts, ctx))
    except OSError as exc:
        return _fail(f"cannot read input: {exc}")
    if args.format == "json":
        print(json.dumps(to_dict(jobs, rules, now), ensure_ascii=False, indent=2))
    else:
        print(render_text(jobs, rules, now, args.lang))
    return 1 if left_out else 0
