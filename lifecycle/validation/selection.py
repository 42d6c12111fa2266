"""Which diagnostics a run reports (``--select`` / ``--ignore``, as ruff spells them) and counts over what
it reports (``--statistics``): pure functions over job reports, applied where reports are rendered.

A selector is a code (``illegal-transition``), a prefix of codes (``unknown`` is ``unknown-state`` and
``unknown-log-type``) or a severity (``error``, ``warning``, ``info``). A diagnostic is reported when some
``select`` selector matches it (all are, by default) and no ``ignore`` selector does: ignoring wins. A job's
``valid`` then says whether an *error* is left among what is reported, so the exit code follows the
selection.

>>> s = Selection.parse(ignore="deprecated-value")
>>> job = {"valid": True, "state": "JOB_SUCCESS", "diagnostics": [{"code": "deprecated-value",
...        "severity": "warning"}]}
>>> select_report(job, s)["diagnostics"]
[]
>>> Selection.parse(select="unknown").codes == frozenset({"unknown-state", "unknown-log-type"})
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from lifecycle.spec.vocabulary import STATES, ConsoleGroup, JobState, Lang, group_label
from lifecycle.validation.codes import CODES, Severity
from lifecycle.validation.render import width as _width
from lifecycle.validation.report import CodeCountDict, GroupCountDict, StatisticsDict

__all__ = ["NO_GROUP", "Selection", "Statistics", "select_report"]

NO_GROUP: Final = "-"
"""The console group of a job whose state is missing or unknown to every edition."""

R = TypeVar("R", bound=Any)


def _matches(selector: str) -> frozenset[str]:
    """The codes one selector names (raises ``ValueError`` naming the choices when it names none)."""
    token = selector.strip().lower()
    if token in {s.value for s in Severity}:
        return frozenset(c for c, info in CODES.items() if info.severity.value == token)
    found = frozenset(c for c in CODES if c.startswith(token))
    if not token or not found:
        choices = ", ".join([*CODES, *(s.value for s in Severity)])
        raise ValueError(
            f"{selector!r} names no diagnostic code; choose codes, their prefixes or severities: {choices}"
        )
    return found


def _codes(selectors: str | None) -> frozenset[str] | None:
    if selectors is None:
        return None
    parts = [part for part in selectors.split(",") if part.strip()]
    if not parts:  # `--select "$CODES"` with CODES empty: selecting nothing would pass every job silently
        raise ValueError(f"{selectors!r} names no diagnostic code; give codes, their prefixes or severities")
    out: frozenset[str] = frozenset()
    for part in parts:
        out |= _matches(part)
    return out


@dataclass(frozen=True, slots=True)
class Selection:
    """The codes reported: ``codes`` (every code by default)."""

    codes: frozenset[str] = frozenset(CODES)

    @classmethod
    def parse(cls, select: str | None = None, ignore: str | None = None) -> Selection:
        """From comma-separated selectors (``"error,deprecated"``); raises ``ValueError`` for a selector
        that names no code."""
        chosen = _codes(select)
        kept = frozenset(CODES) if chosen is None else chosen
        return cls(kept - (_codes(ignore) or frozenset()))

    @property
    def everything(self) -> bool:
        return self.codes == frozenset(CODES)


def select_report(report: R, selection: Selection) -> R:
    """``report`` (a job report dict) with only the selected diagnostics, and ``valid`` saying whether an
    error is left among them. The same object when everything is selected."""
    if selection.everything:
        return report
    kept = [d for d in report["diagnostics"] if d["code"] in selection.codes]
    out = dict(report)
    out["diagnostics"] = kept
    out["valid"] = not any(d["severity"] == Severity.ERROR for d in kept)
    return out  # type: ignore[return-value]


def console_group(state: str | None) -> str:
    """The console group (its ``ConsoleGroup`` value) of a reported state, :data:`NO_GROUP` when unknown."""
    try:
        return STATES[JobState(state)].group.value if state else NO_GROUP
    except ValueError:
        return NO_GROUP


@dataclass(slots=True)
class Statistics:
    """Counts over reported jobs: per code (diagnostics, jobs with it) and per console group of the
    reported state (jobs, invalid jobs, diagnostics). Add reports as they come; merge the counts of
    other blocks."""

    code_diagnostics: Counter[str] = field(default_factory=Counter)
    code_jobs: Counter[str] = field(default_factory=Counter)
    group_jobs: Counter[str] = field(default_factory=Counter)
    group_invalid: Counter[str] = field(default_factory=Counter)
    group_diagnostics: Counter[str] = field(default_factory=Counter)

    def add(self, report: Any) -> None:
        group = console_group(report["state"])
        self.group_jobs[group] += 1
        self.group_invalid[group] += not report["valid"]
        self.group_diagnostics[group] += len(report["diagnostics"])
        codes = [d["code"] for d in report["diagnostics"]]
        self.code_diagnostics.update(codes)
        self.code_jobs.update(set(codes))

    def merge(self, other: Statistics) -> None:
        self.code_diagnostics.update(other.code_diagnostics)
        self.code_jobs.update(other.code_jobs)
        self.group_jobs.update(other.group_jobs)
        self.group_invalid.update(other.group_invalid)
        self.group_diagnostics.update(other.group_diagnostics)

    def to_dict(self) -> StatisticsDict:
        """``{"codes": [...], "groups": [...]}``: codes most frequent first, groups in the console's order."""
        codes: list[CodeCountDict] = [
            {"code": c, "severity": CODES[c].severity.value, "diagnostics": n, "jobs": self.code_jobs[c]}
            for c, n in sorted(self.code_diagnostics.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        order = [g.value for g in ConsoleGroup] + [NO_GROUP]
        groups: list[GroupCountDict] = [
            {
                "group": g,
                "jobs": self.group_jobs[g],
                "invalid": self.group_invalid[g],
                "diagnostics": self.group_diagnostics[g],
            }
            for g in order
            if self.group_jobs[g]
        ]
        return {"codes": codes, "groups": groups}

    def to_text(self, lang: Lang) -> str:
        """Two aligned tables, headed in ``lang``."""
        d = self.to_dict()
        zh = lang == "zh"
        heads = ("代码", "级别", "诊断数", "作业数") if zh else ("code", "severity", "diagnostics", "jobs")
        rows = [[r["code"], _severity(r["severity"], lang), str(r["diagnostics"]), str(r["jobs"])] for r in d["codes"]]
        out = _table(list(heads), rows) if rows else ["(没有诊断)" if zh else "(no diagnostics)"]
        heads = (
            ("控制台分组", "作业数", "无效", "诊断数") if zh else ("console group", "jobs", "invalid", "diagnostics")
        )
        rows = [
            [_group(r["group"], lang), str(r["jobs"]), str(r["invalid"]), str(r["diagnostics"])] for r in d["groups"]
        ]
        return "\n".join([*out, "", *_table(list(heads), rows)])


_SEVERITY_ZH: Final = {"error": "错误", "warning": "警告", "info": "提示"}


def _severity(value: str, lang: Lang) -> str:
    return _SEVERITY_ZH.get(value, value) if lang == "zh" else value


def _group(value: str, lang: Lang) -> str:
    if value == NO_GROUP:
        return "(无状态或未知状态)" if lang == "zh" else "(no or unknown state)"
    return group_label(ConsoleGroup(value), lang)


def _table(heads: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    counts = {i for i in range(len(heads)) if rows and all(r[i].isdigit() for r in rows)}

    def line(cells: list[str]) -> str:
        # Names left-aligned, counts right-aligned.
        parts = [
            " " * (w - _width(c)) + c if i in counts else c + " " * (w - _width(c))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(heads), *(line(r) for r in rows)]
