"""Text rendering of job reports for people: grouped by job, states with their console labels, colour."""

from __future__ import annotations

import os
from typing import IO

from lifecycle.spec.vocabulary import Lang, console_label
from lifecycle.validation.report import JobReportDict, SummaryDict

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "ok": "\033[32m", "dim": "\033[2m"}
_RESET = "\033[0m"


def use_colour(stream: IO[str]) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _paint(text: str, colour: str, on: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if on else text


def job_text(report: JobReportDict, lang: Lang, colour: bool = False) -> str:
    state = report["state"]
    shown = f"{state} ({console_label(state, 'admin', lang)})" if state else "(no state)"
    verdict = _paint("ok", "ok", colour) if report["valid"] else _paint("INVALID", "error", colour)
    head = f"{report['source'] or '-'}  {report['job_id'] or '(no job_id)'}  {shown}  {verdict}"
    lines = [head]
    for d in report["diagnostics"]:
        where = f"@{d['index']}" if d["index"] is not None else (d["field"] or "")
        severity = _paint(f"{d['severity']:<7}", d["severity"], colour)
        lines.append(f"  {severity} {d['code']:<18} {where:<10} {d['message']}")
    if report["final_states"] and not report["valid"]:
        ends = ", ".join(report["final_states"][:6]) + (" …" if len(report["final_states"]) > 6 else "")
        lines.append(_paint(f"  replay ends in: {ends}", "dim", colour))
    return "\n".join(lines)


def summary_text(summary: SummaryDict) -> str:
    s = summary
    return (
        f"{s['jobs']} job(s): {s['valid']} valid, {s['invalid']} invalid; "
        f"{s['errors']} error(s), {s['warnings']} warning(s)"
    )


class Progress:
    """A one-line counter on stderr, only when stderr is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.on = stream.isatty()
        self.count = 0

    def tick(self, jobs: int = 1) -> None:
        before, self.count = self.count, self.count + jobs
        if self.on and self.count // 100 > before // 100:
            self.stream.write(f"\rvalidated {self.count} jobs")
            self.stream.flush()

    def done(self) -> None:
        if self.on and self.count >= 100:
            self.stream.write(f"\rvalidated {self.count} jobs\n")
            self.stream.flush()
