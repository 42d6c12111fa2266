"""Text rendering of job reports for people: grouped by job, states with their console labels, colour, in one
language; and the progress bar of a batch (on a terminal only)."""

from __future__ import annotations

import os
import re
from typing import IO, Any, Final, Literal

from lifecycle.spec.vocabulary import Lang, console_label
from lifecycle.validation.report import JobReportDict, SummaryDict

__all__ = ["ColourMode", "Progress", "job_text", "summary_text", "use_colour", "visible", "width"]

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "ok": "\033[32m", "dim": "\033[2m"}
_RESET = "\033[0m"

ColourMode = Literal["auto", "always", "never"]

_WORDS: Final[dict[str, dict[Lang, str]]] = {
    "ok": {"en": "ok", "zh": "有效"},
    "invalid": {"en": "INVALID", "zh": "无效"},
    "no state": {"en": "(no state)", "zh": "(无状态)"},
    "no job_id": {"en": "(no job_id)", "zh": "(无 job_id)"},
    "ends": {"en": "replay ends in", "zh": "重放结束于"},
    "error": {"en": "error", "zh": "错误"},
    "warning": {"en": "warning", "zh": "警告"},
    "info": {"en": "info", "zh": "提示"},
    "summary": {
        "en": "{jobs} job(s): {valid} valid, {invalid} invalid; {errors} error(s), {warnings} warning(s)",
        "zh": "{jobs} 个作业: {valid} 个有效, {invalid} 个无效; {errors} 个错误, {warnings} 个警告",
    },
}
"""The words of the text report, in each language (codes and wire values stay as they are)."""


_LABELS: Final = {"validating": "校验中", "mining": "挖掘中"}


def use_colour(stream: IO[str], mode: ColourMode = "auto") -> bool:
    """Whether to colour ``stream``: ``always`` and ``never`` as said; ``auto`` colours a terminal, except
    that ``NO_COLOR`` (https://no-color.org) turns colour off and ``FORCE_COLOR`` (https://force-color.org)
    turns it on even for a pipe; ``NO_COLOR`` wins when both are set (any value but empty counts)."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _paint(text: str, colour: str, on: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if on else text


def width(text: str) -> int:
    """Columns a terminal gives ``text``: CJK characters take two."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


_VISIBLE: Final = str.maketrans(
    {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
    | {c: f"\\u{c:04x}" for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)
"""Control characters (C0, DEL, C1), line and paragraph separators and bidirectional formatting, written as
escapes: a payload's value printed to a terminal cannot move the cursor, clear the screen, start a line of its
own or reorder what follows it."""


_LOOKS_ESCAPED: Final = re.compile(
    r"\\(?=\\*(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]))"
)
"""A backslash before what reads as one of :data:`_VISIBLE`'s escapes (``\\x1b`` typed as four characters), or
before a character it escapes, a run of backslashes between: doubled. So before an escape in the output, an
odd run of backslashes ends in the escape of a control character, an even one is backslashes typed, as
Python's string literals read (other backslashes, as in ``C:\\jobs``, are left as they are)."""


def visible(text: str) -> str:
    """``text`` with its control characters escaped (see :data:`_VISIBLE`): how a text report writes a value
    from the payload. Unambiguous: a backslash that would read as such an escape is doubled."""
    if "\\" in text:
        text = _LOOKS_ESCAPED.sub(r"\\\\", text)
    return text.translate(_VISIBLE)


def job_text(report: JobReportDict, lang: Lang, colour: bool = False) -> str:
    """One job's report: a head line (source, job_id, state with its console label, verdict), one line per
    diagnostic, and where the replay ended when the job is invalid. Values from the payload (and the input's
    name) are written with their control characters escaped (see :data:`_VISIBLE`)."""
    w = {k: v[lang] for k, v in _WORDS.items()}
    state = report["state"]
    shown = f"{visible(state)} ({visible(console_label(state, 'admin', lang))})" if state else w["no state"]
    verdict = _paint(w["ok"], "ok", colour) if report["valid"] else _paint(w["invalid"], "error", colour)
    head = f"{visible(report['source'] or '-')}  {visible(report['job_id'] or w['no job_id'])}  {shown}  {verdict}"
    lines = [head]
    for d in report["diagnostics"]:
        where = f"@{d['index']}" if d["index"] is not None else (d["field"] or "")
        severity = _paint(_pad(w.get(d["severity"], d["severity"]), 7), d["severity"], colour)
        message = visible(_unlocated(d["message"], where))  # the message as written, its field taken off
        lines.append(f"  {severity} {d['code']:<18} {visible(where):<10} {message}")
    if report["final_states"] and not report["valid"]:
        ends = ", ".join(report["final_states"][:6]) + (" …" if len(report["final_states"]) > 6 else "")
        lines.append(_paint(f"  {w['ends']}: {ends}", "dim", colour))
    return "\n".join(lines)


def _unlocated(message: str, where: str) -> str:
    """The message without the field it starts with when that field is already shown as where the finding
    is (``model_version  V3 is deprecated``, not ``model_version  model_version V3 is deprecated``)."""
    if where and not where.startswith("@") and message.startswith(where):
        rest = message[len(where) :]
        if rest[:1] in (" ", ":"):
            return rest.lstrip(": ")
    return message


def summary_text(summary: SummaryDict, lang: Lang = "en") -> str:
    """The last line of a text report."""
    return _WORDS["summary"][lang].format(**summary)


class Progress:
    """A tqdm progress bar on ``stream`` (stderr) when it is a terminal, and nothing otherwise.

    It counts bytes of input (``total`` when known, so tqdm shows a percentage and an ETA) and says how
    many jobs were read. :meth:`write` clears the bar before writing report text (to stdout, which shares
    the terminal), so a report line never starts where the bar was; :meth:`close` removes it.
    """

    def __init__(self, stream: IO[str], total: int | None, lang: Lang = "en", *, label: str = "validating") -> None:
        self._bar: Any = None
        self._jobs = 0
        self._label = "个作业" if lang == "zh" else "jobs"
        if stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                file=stream,
                leave=False,
                dynamic_ncols=True,
                desc=_LABELS.get(label, label) if lang == "zh" else label,
            )

    def advance(self, size: int, jobs: int) -> None:
        """``size`` more bytes and ``jobs`` more jobs done."""
        if self._bar is not None:
            self._jobs += jobs
            self._bar.set_postfix_str(f"{self._jobs} {self._label}", refresh=False)
            self._bar.update(size)

    def write(self, out: IO[str], text: str) -> None:
        """Write report ``text`` to ``out`` with the bar out of its way."""
        if not text:
            return
        if self._bar is not None:
            self._bar.clear()
            out.write(text)
            out.flush()  # before the bar is drawn again on the shared terminal
        else:
            out.write(text)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
