"""The mining report for people (``lifecycle mine --format text``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from lifecycle.mining.limits import MAX_EXAMPLES
from lifecycle.mining.overlay import _plural
from lifecycle.payload.redaction import redact_text

if TYPE_CHECKING:
    from lifecycle.mining.results import MiningReport

__all__ = ["report_text"]


_SHOWN: Final = 4


def _names(names: Sequence[str], shown: int = _SHOWN) -> str:
    items = ", ".join(names[:shown])
    return items + (f" (+{len(names) - shown} more)" if len(names) > shown else "") if names else "-"


def _sequence(log_types: Sequence[str]) -> str:
    if not log_types:
        return "(no logs)"
    items = [redact_text(t) for t in log_types]
    if len(items) > 8:
        items = [*items[:5], f"… {len(items) - 7} more …", *items[-2:]]
    return f"[{len(log_types)}] " + " → ".join(items)


_LISTED: Final = 20


def _listed(lines: Iterable[str]) -> list[str]:
    # A small corpus leaves most of the spec unused: the text lists the first few, JSON all of them.
    out = list(lines)
    if len(out) > _LISTED:
        out = [*out[:_LISTED], f"  … {len(out) - _LISTED} more (--format json lists them all)"]
    return out


def report_text(report: MiningReport, *, quiet: bool = False) -> str:
    """A mining report for people: figures first, then what to look at. ``quiet`` leaves out what agrees
    with the spec or only describes the corpus: the unused rules and silent transitions, and the variants."""
    r = report
    overlays = f" + overlays {', '.join(r.overlays)}" if r.overlays else ""
    out = [f"mined {_plural(r.jobs, 'job')} against edition {r.edition}{overlays}"]
    if r.invalid_records:
        out.append(f"  {_plural(r.invalid_records, 'record')} not a JSON object, skipped: {_names(r.invalid_examples)}")
    rejected = ", ".join(f"{n} {code}" for code, n in r.rejected.items())
    consistent = r.ends_checked - r.rejected.get("state-mismatch", 0)
    out.append(
        f"fitness {r.fitness:.4f}: {r.accepted_logs} of {r.known_logs} known logs accepted, "
        f"{consistent} of {r.ends_checked} reported states consistent ({rejected})"
    )
    if r.unknown_logs or r.invalid_logs:
        unknown, invalid = _plural(r.unknown_logs, "log"), _plural(r.invalid_logs, "log")
        out.append(f"  skipped: {unknown} of unknown type, {invalid} without a log type")
    if r.readings:
        needed = ", ".join(f"{name} ({_plural(n, 'job')})" for name, n in r.readings.items())
        out.append(f"alternative readings the jobs needed (unconfirmed-transition): {needed}")
    f = r.job_fitness
    if f.jobs:
        out.append(
            f"per job ({f.jobs} with known logs, {r.jobs_without_logs} without): "
            f"min {f.min:.4f}, mean {f.mean:.4f}, {f.perfect} fully accepted"
        )
    total = sum(s.count for s in r.forbidden_steps)
    out += ["", f"forbidden steps: {len(r.forbidden_steps)} distinct, {total} in all"]
    for s in r.forbidden_steps:
        jobs = f"{_plural(s.jobs, 'job')}: {_names(s.examples, MAX_EXAMPLES)}"
        flexus = " [flexus]" if s.flexus else ""
        out.append(f"  {s.count:>6}×  {s.log_type}{flexus} from {_names(s.sources)} -> {_names(s.targets)}  ({jobs})")
    for title, counts in (("unknown log types", r.unknown_log_types), ("unknown states", r.unknown_states)):
        if counts:
            out += ["", f"{title}: {len(counts)}"]
            out += [f"  {n:>6}×  {name}" for name, n in counts.items()]
    if quiet:
        return "\n".join(out)
    out += ["", f"unused rules: {len(r.unused_rules)} of {r.rules}"]
    out += _listed(
        f"  rules[{u.index}] {u.log_type}{f' [{u.variant}]' if u.variant else ''}: "
        f"{_names(u.sources)} -> {_names(u.targets)}"
        for u in r.unused_rules
    )
    out += ["", f"unused silent transitions: {len(r.unused_silent)} of {r.silent}"]
    out += _listed(
        f"  silent[{u.index}] {_names(u.sources)} -> {_names(u.targets)}  ({u.trigger})" for u in r.unused_silent
    )
    inexact = f"; counts may be low by up to {r.variant_count_error}" if r.variant_count_error else ""
    out += ["", f"variants: top {len(r.variants)} of {r.distinct_variants} distinct{inexact}"]
    out += [f"  {v.count:>6}×  {_sequence(v.log_types)}" for v in r.variants]
    return "\n".join(out)
