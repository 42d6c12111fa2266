"""What mining finds, as records: forbidden steps, unused rules and silent transitions, variants, fitness,
and the whole :class:`MiningReport` with its JSON form (``lifecycle mine --format json``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lifecycle import compile_edition
from lifecycle.engine.compiled import Lifecycle
from lifecycle.mining.limits import DEFAULT_TOP, MAX_EXAMPLES, MAX_NAMES, MAX_VARIANTS
from lifecycle.mining.overlay import OVERLAY_NAME, suggest_overlay, write_overlay
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.vocabulary import Lang

__all__ = [
    "BINS",
    "COUNTED",
    "DEFAULT_TOP",
    "MAX_EXAMPLES",
    "MAX_NAMES",
    "MAX_VARIANTS",
    "REJECTIONS",
    "ForbiddenStep",
    "JobFitness",
    "MiningReport",
    "UnusedRule",
    "UnusedSilent",
    "Variant",
    "overlay_from_mining",
]

REJECTIONS: Final = ("illegal-transition", "after-final", "missing-creation")
"""The validator codes under which a known log is not accepted (see :mod:`lifecycle.mining.miner`)."""

COUNTED: Final = (*REJECTIONS, "state-mismatch")
"""What :attr:`MiningReport.rejected` counts: rejected logs, and reported states the replay cannot end in."""

BINS: Final = 10
"""Bins of the per-job fitness histogram."""


@dataclass(frozen=True, slots=True)
class ForbiddenStep:
    """A log the spec allows in none of the possible states, as the validator reports it."""

    sources: tuple[str, ...]
    """``from``: the sorted possible states before the log (the diagnostic's ``states``)."""
    log_type: str
    count: int
    """How many times the step occurred."""
    jobs: int
    """In how many jobs (a job with the step twice counts once)."""
    examples: tuple[str, ...]
    """The first few jobs with the step: their ``job_id``, else their source (``file.jsonl:12``)."""
    targets: tuple[str, ...]
    """``to``: where the rest of the histories continue from after the log (see :class:`Miner`)."""
    flexus: bool = False
    """Every occurrence was in a Flexus job (``is_flexus``): a suggested rule is scoped to them."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": list(self.sources),
            "log_type": self.log_type,
            "count": self.count,
            "jobs": self.jobs,
            "examples": list(self.examples),
            "to": list(self.targets),
            "flexus": self.flexus,
        }


@dataclass(frozen=True, slots=True)
class UnusedRule:
    """A rule of the compiled spec that no history used; ``index`` is its place in ``spec.rules``."""

    index: int
    log_type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    variant: str | None
    origin: str

    @property
    def id(self) -> str:
        """A stable, readable name: ``rules[12] LOG_TYPE: A,B -> C``."""
        return f"rules[{self.index}] {self.log_type}: {','.join(self.sources)} -> {','.join(self.targets)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "log_type": self.log_type,
            "from": list(self.sources),
            "to": list(self.targets),
            "variant": self.variant,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class UnusedSilent:
    """A silent transition no history needed; ``index`` is its place in ``spec.silent``."""

    index: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    trigger: str
    variant: str | None
    origin: str
    trigger_zh: str = ""
    """The trigger in Chinese, when the spec gives one."""

    def trigger_in(self, lang: Lang) -> str:
        """The trigger in ``lang`` (the English one when the spec gives no Chinese)."""
        return self.trigger_zh if lang == "zh" and self.trigger_zh else self.trigger

    @property
    def id(self) -> str:
        """``silent[3] A,B -> C``."""
        return f"silent[{self.index}] {','.join(self.sources)} -> {','.join(self.targets)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "from": list(self.sources),
            "to": list(self.targets),
            "trigger": self.trigger,
            "trigger_zh": self.trigger_zh,
            "variant": self.variant,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """A log-type sequence (unknown log types included, entries without a log type left out)."""

    log_types: tuple[str, ...]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"log_types": [redact_text(t) for t in self.log_types], "count": self.count}


@dataclass(frozen=True, slots=True)
class JobFitness:
    """Per-job fitness over the jobs with at least one known log.

    ``histogram[i]`` counts the jobs with fitness in [i/10, (i+1)/10); the last bin includes 1.0.
    """

    jobs: int = 0
    min: float | None = None
    mean: float | None = None
    perfect: int = 0
    """Jobs whose every known log was accepted."""
    histogram: tuple[int, ...] = (0,) * BINS

    def to_dict(self) -> dict[str, Any]:
        return {
            "jobs": self.jobs,
            "min": self.min,
            "mean": self.mean,
            "perfect": self.perfect,
            "histogram": list(self.histogram),
        }


@dataclass(frozen=True)
class MiningReport:
    """What :func:`mine` found; ``to_dict()`` is the JSON of ``lifecycle mine --format json``."""

    edition: str
    overlays: tuple[str, ...] = ()
    jobs: int = 0
    invalid_records: int = 0
    invalid_examples: tuple[str, ...] = ()
    jobs_without_logs: int = 0
    known_logs: int = 0
    accepted_logs: int = 0
    unknown_logs: int = 0
    invalid_logs: int = 0
    rejected: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    ends_checked: int = 0
    """Jobs whose reported state (a known one, after a known log) was checked against the replay's end."""
    readings: Mapping[str, int] = field(default_factory=dict)
    """Alternative readings of the sources -> the jobs that needed them (``unconfirmed-transition``): what
    real data says about which reading is right."""
    job_fitness: JobFitness = JobFitness()
    forbidden_steps: tuple[ForbiddenStep, ...] = ()
    unused_rules: tuple[UnusedRule, ...] = ()
    unused_silent: tuple[UnusedSilent, ...] = ()
    rules: int = 0
    """How many rules (and, below, silent transitions) the compiled spec has."""
    silent: int = 0
    unknown_states: Mapping[str, int] = field(default_factory=dict)
    unknown_log_types: Mapping[str, int] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()
    distinct_variants: int = 0
    """Distinct variants seen; only a lower bound when ``variant_count_error`` > 0."""
    variant_count_error: int = 0
    """Each variant count may be low by at most this much (0: every count is exact)."""

    @property
    def fitness(self) -> float:
        """Accepted moves / moves, where a move is a known log or a reported state checked against the end
        of the replay (1.0 when there is none: nothing was rejected)."""
        moves = self.known_logs + self.ends_checked
        accepted = self.accepted_logs + self.ends_checked - self.rejected.get("state-mismatch", 0)
        return accepted / moves if moves else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "overlays": list(self.overlays),
            "jobs": self.jobs,
            "invalid_records": self.invalid_records,
            "invalid_examples": list(self.invalid_examples),
            "jobs_without_logs": self.jobs_without_logs,
            "fitness": self.fitness,
            "logs": {
                "known": self.known_logs,
                "accepted": self.accepted_logs,
                "unknown": self.unknown_logs,
                "invalid": self.invalid_logs,
                "rejected": dict(self.rejected),
                "ends_checked": self.ends_checked,
            },
            "readings": dict(self.readings),
            "job_fitness": self.job_fitness.to_dict(),
            "forbidden_steps": [s.to_dict() for s in self.forbidden_steps],
            "rules": self.rules,
            "unused_rules": [r.to_dict() for r in self.unused_rules],
            "silent": self.silent,
            "unused_silent": [s.to_dict() for s in self.unused_silent],
            "unknown_states": dict(self.unknown_states),
            "unknown_log_types": dict(self.unknown_log_types),
            "variants": [v.to_dict() for v in self.variants],
            "distinct_variants": self.distinct_variants,
            "variant_count_error": self.variant_count_error,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self, *, quiet: bool = False, lang: Lang = "en") -> str:
        """The report for people (``lifecycle mine --format text``) in ``lang``; ``quiet``: the figures and
        what disagrees with the spec only (``--quiet``: no unused rules, silent transitions or variants)."""
        from lifecycle.mining.text import report_text

        return report_text(self, quiet=quiet, lang=lang)

    def lifecycle(self) -> Lifecycle:
        """The compiled lifecycle the corpus was mined against (edition and overlays)."""
        return compile_edition(self.edition, overlays=self.overlays)

    def suggest_overlay(self, *, name: str = OVERLAY_NAME) -> dict[str, Any]:
        """An overlay document making every forbidden step legal; see :func:`suggest_overlay`."""
        return suggest_overlay(self.forbidden_steps, self.lifecycle(), name=name)

    def write_overlay(self, path: str | Path, *, name: str = OVERLAY_NAME) -> dict[str, Any]:
        """Write :meth:`suggest_overlay` to ``path`` (``.toml`` or ``.json``); returns the document."""
        doc = self.suggest_overlay(name=name)
        write_overlay(doc, path)
        return doc

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> MiningReport:
        """Read back :meth:`to_dict` (e.g. a saved ``lifecycle mine --format json``); ``ValueError`` if malformed."""
        try:
            logs = doc["logs"]
            fit = doc["job_fitness"]
            return cls(
                edition=_str(doc["edition"]),
                overlays=tuple(_strs(doc.get("overlays", []))),
                jobs=_int(doc["jobs"]),
                invalid_records=_int(doc.get("invalid_records", 0)),
                invalid_examples=tuple(_strs(doc.get("invalid_examples", []))),
                jobs_without_logs=_int(doc.get("jobs_without_logs", 0)),
                known_logs=_int(logs["known"]),
                accepted_logs=_int(logs["accepted"]),
                unknown_logs=_int(logs.get("unknown", 0)),
                invalid_logs=_int(logs.get("invalid", 0)),
                rejected={_str(k): _int(v) for k, v in logs.get("rejected", {}).items()},
                ends_checked=_int(logs.get("ends_checked", 0)),
                readings={_str(k): _int(v) for k, v in doc.get("readings", {}).items()},
                job_fitness=JobFitness(
                    _int(fit["jobs"]),
                    fit["min"],
                    fit["mean"],
                    _int(fit["perfect"]),
                    tuple(_int(x) for x in fit["histogram"]),
                ),
                forbidden_steps=tuple(_step_from_dict(s) for s in doc["forbidden_steps"]),
                unused_rules=tuple(
                    UnusedRule(
                        _int(r["index"]),
                        _str(r["log_type"]),
                        tuple(_strs(r["from"])),
                        tuple(_strs(r["to"])),
                        r.get("variant"),
                        _str(r.get("origin", "spec")),
                    )
                    for r in doc["unused_rules"]
                ),
                unused_silent=tuple(
                    UnusedSilent(
                        _int(s["index"]),
                        tuple(_strs(s["from"])),
                        tuple(_strs(s["to"])),
                        _str(s.get("trigger", "")),
                        s.get("variant"),
                        _str(s.get("origin", "spec")),
                        _str(s.get("trigger_zh", "")),
                    )
                    for s in doc["unused_silent"]
                ),
                rules=_int(doc.get("rules", 0)),
                silent=_int(doc.get("silent", 0)),
                unknown_states={_str(k): _int(v) for k, v in doc["unknown_states"].items()},
                unknown_log_types={_str(k): _int(v) for k, v in doc["unknown_log_types"].items()},
                variants=tuple(Variant(tuple(_strs(v["log_types"])), _int(v["count"])) for v in doc["variants"]),
                distinct_variants=_int(doc.get("distinct_variants", 0)),
                variant_count_error=_int(doc.get("variant_count_error", 0)),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a mining report: {type(exc).__name__}: {exc}") from None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strs(value: object) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return [_str(v) for v in value]


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _step_from_dict(s: Mapping[str, Any]) -> ForbiddenStep:
    return ForbiddenStep(
        sources=tuple(_strs(s["from"])),
        log_type=_str(s["log_type"]),
        count=_int(s["count"]),
        jobs=_int(s.get("jobs", s["count"])),
        examples=tuple(_strs(s.get("examples", []))),
        targets=tuple(_strs(s["to"])),
        flexus=bool(s.get("flexus", False)),
    )


def overlay_from_mining(doc: Mapping[str, Any], lc: Lifecycle, *, name: str = OVERLAY_NAME) -> dict[str, Any]:
    """The suggested overlay of a saved mining report (``lifecycle mine --format json``) for ``lc``.

    ``ValueError`` when ``doc`` is not a mining report or was mined against another edition.
    """
    if not isinstance(doc, Mapping):
        raise ValueError("not a mining report: the top level must be an object")
    report = MiningReport.from_dict(doc)
    if report.edition != lc.edition:
        raise ValueError(
            f"the mining report is for edition {report.edition}, not {lc.edition}; pass --edition {report.edition}"
        )
    return suggest_overlay(report.forbidden_steps, lc, name=name)
