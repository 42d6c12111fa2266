"""The mining report for people (``lifecycle mine --format text``), in English or Chinese (codes, states, log
types, rule indices and job ids stay as they are)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from lifecycle.mining.limits import MAX_EXAMPLES
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.vocabulary import Lang

if TYPE_CHECKING:
    from lifecycle.mining.results import MiningReport

__all__ = ["report_text"]


_SHOWN: Final = 4

_WORDS: Final[dict[str, dict[Lang, str]]] = {
    "job": {"en": "{n} job{s}", "zh": "{n} 个作业"},
    "record": {"en": "{n} record{s}", "zh": "{n} 条记录"},
    "log": {"en": "{n} log{s}", "zh": "{n} 条日志"},
    "more": {"en": " (+{n} more)", "zh": " (另有 {n} 个)"},
    "no logs": {"en": "(no logs)", "zh": "(没有日志)"},
    "elided": {"en": "… {n} more …", "zh": "… 另有 {n} 条 …"},
    "listed": {"en": "  … {n} more (--format json lists them all)", "zh": "  … 另有 {n} 条 (--format json 全部列出)"},
    "head": {"en": "mined {jobs} against edition {edition}", "zh": "按 {edition} 版本挖掘了 {jobs}"},
    "overlays": {"en": " + overlays {names}", "zh": " + 覆盖文件 {names}"},
    "invalid": {
        "en": "  {records} not a JSON object, skipped: {names}",
        "zh": "  {records} 不是 JSON 对象, 已跳过: {names}",
    },
    "fitness": {
        "en": "fitness {fitness}: {accepted} of {known} known logs accepted, "
        "{consistent} of {ends} reported states consistent ({rejected})",
        "zh": "拟合度 {fitness}: 已知日志 {known} 条中接受 {accepted} 条, "
        "上报状态 {ends} 个中一致 {consistent} 个 ({rejected})",
    },
    "skipped": {
        "en": "  skipped: {unknown} of unknown type, {invalid} without a log type",
        "zh": "  已跳过: 未知类型的 {unknown}, 没有日志类型的 {invalid}",
    },
    "readings": {
        "en": "alternative readings the jobs needed (unconfirmed-transition): {readings}",
        "zh": "作业需要的另一种解读 (unconfirmed-transition): {readings}",
    },
    "per job": {
        "en": "per job ({jobs} with known logs, {without} without): min {min}, mean {mean}, {perfect} fully accepted",
        "zh": "每个作业 ({jobs} 个有已知日志, {without} 个没有): 最低 {min}, 平均 {mean}, {perfect} 个全部接受",
    },
    "forbidden": {"en": "forbidden steps: {n} distinct, {total} in all", "zh": "禁止的步骤: {n} 种, 共 {total} 次"},
    "step": {
        "en": "{log_type}{flexus} from {sources} -> {targets}",
        "zh": "{log_type}{flexus} 从 {sources} -> {targets}",
    },
    "unknown log types": {"en": "unknown log types: {n}", "zh": "未知的日志类型: {n}"},
    "unknown states": {"en": "unknown states: {n}", "zh": "未知的状态: {n}"},
    "unused rules": {"en": "unused rules: {n} of {total}", "zh": "未用到的规则: {total} 条中 {n} 条"},
    "unused silent": {
        "en": "unused silent transitions: {n} of {total}",
        "zh": "未用到的无事件转换: {total} 条中 {n} 条",
    },
    "variants": {"en": "variants: top {n} of {total} distinct", "zh": "变体: {total} 种中最常见的 {n} 种"},
    "inexact": {"en": "; counts may be low by up to {n}", "zh": "; 计数最多可能偏低 {n}"},
}
"""The words of the report in each language."""


def _say(key: str, lang: Lang, **values: object) -> str:
    return _WORDS[key][lang].format(**values)


def _count(key: str, n: int, lang: Lang) -> str:
    """``1 job``, ``2 jobs``; ``2 个作业``."""
    return _say(key, lang, n=n, s="" if n == 1 else "s")


def _names(names: Sequence[str], lang: Lang, shown: int = _SHOWN) -> str:
    items = ", ".join(names[:shown])
    return items + (_say("more", lang, n=len(names) - shown) if len(names) > shown else "") if names else "-"


def _sequence(log_types: Sequence[str], lang: Lang) -> str:
    if not log_types:
        return _say("no logs", lang)
    items = [redact_text(t) for t in log_types]
    if len(items) > 8:
        items = [*items[:5], _say("elided", lang, n=len(items) - 7), *items[-2:]]
    return f"[{len(log_types)}] " + " → ".join(items)


_LISTED: Final = 20


def _listed(lines: Iterable[str], lang: Lang) -> list[str]:
    # A small corpus leaves most of the spec unused: the text lists the first few, JSON all of them.
    out = list(lines)
    if len(out) > _LISTED:
        out = [*out[:_LISTED], _say("listed", lang, n=len(out) - _LISTED)]
    return out


def report_text(report: MiningReport, *, quiet: bool = False, lang: Lang = "en") -> str:
    """A mining report for people: figures first, then what to look at. ``quiet`` leaves out what agrees
    with the spec or only describes the corpus: the unused rules and silent transitions, and the variants.
    A silent transition's trigger is the spec's own description, in Chinese where the spec gives one."""
    r = report
    overlays = _say("overlays", lang, names=", ".join(r.overlays)) if r.overlays else ""
    out = [_say("head", lang, jobs=_count("job", r.jobs, lang), edition=r.edition) + overlays]
    if r.invalid_records:
        records = _count("record", r.invalid_records, lang)
        out.append(_say("invalid", lang, records=records, names=_names(r.invalid_examples, lang)))
    rejected = ", ".join(f"{n} {code}" for code, n in r.rejected.items())
    ends = r.ends_checked
    consistent = ends - r.rejected.get("state-mismatch", 0)
    known, accepted = r.known_logs, r.accepted_logs
    fitness = f"{r.fitness:.4f}"
    out.append(
        _say(
            "fitness",
            lang,
            fitness=fitness,
            accepted=accepted,
            known=known,
            consistent=consistent,
            ends=ends,
            rejected=rejected,
        )
    )
    if r.unknown_logs or r.invalid_logs:
        unknown, invalid = _count("log", r.unknown_logs, lang), _count("log", r.invalid_logs, lang)
        out.append(_say("skipped", lang, unknown=unknown, invalid=invalid))
    if r.readings:
        needed = ", ".join(f"{name} ({_count('job', n, lang)})" for name, n in r.readings.items())
        out.append(_say("readings", lang, readings=needed))
    f = r.job_fitness
    if f.jobs:
        figures = {"min": f"{f.min:.4f}", "mean": f"{f.mean:.4f}", "perfect": f.perfect}
        out.append(_say("per job", lang, jobs=f.jobs, without=r.jobs_without_logs, **figures))
    total = sum(s.count for s in r.forbidden_steps)
    out += ["", _say("forbidden", lang, n=len(r.forbidden_steps), total=total)]
    for s in r.forbidden_steps:
        jobs = f"{_count('job', s.jobs, lang)}: {_names(s.examples, lang, MAX_EXAMPLES)}"
        flexus = " [flexus]" if s.flexus else ""
        step = _say(
            "step",
            lang,
            log_type=s.log_type,
            flexus=flexus,
            sources=_names(s.sources, lang),
            targets=_names(s.targets, lang),
        )
        out.append(f"  {s.count:>6}×  {step}  ({jobs})")
    for title, counts in (("unknown log types", r.unknown_log_types), ("unknown states", r.unknown_states)):
        if counts:
            out += ["", _say(title, lang, n=len(counts))]
            out += [f"  {n:>6}×  {name}" for name, n in counts.items()]
    if quiet:
        return "\n".join(out)
    out += ["", _say("unused rules", lang, n=len(r.unused_rules), total=r.rules)]
    out += _listed(
        (
            f"  rules[{u.index}] {u.log_type}{f' [{u.variant}]' if u.variant else ''}: "
            f"{_names(u.sources, lang)} -> {_names(u.targets, lang)}"
            for u in r.unused_rules
        ),
        lang,
    )
    out += ["", _say("unused silent", lang, n=len(r.unused_silent), total=r.silent)]
    out += _listed(
        (
            f"  silent[{u.index}] {_names(u.sources, lang)} -> {_names(u.targets, lang)}  ({u.trigger_in(lang)})"
            for u in r.unused_silent
        ),
        lang,
    )
    inexact = _say("inexact", lang, n=r.variant_count_error) if r.variant_count_error else ""
    out += ["", _say("variants", lang, n=len(r.variants), total=r.distinct_variants) + inexact]
    out += [f"  {v.count:>6}×  {_sequence(v.log_types, lang)}" for v in r.variants]
    return "\n".join(out)
