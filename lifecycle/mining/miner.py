"""Mining real histories: where reality and the spec disagree, and an overlay that would reconcile them.

The transitions of the spec are inferred from documentation; an export of real jobs is the only
ground truth. :func:`mine` replays every job exactly as the validator does and reports:

* **forbidden steps** — a log the spec allows in none of the states the job may be in: exactly what
  :func:`~lifecycle.validation.validator.validate` reports as ``illegal-transition``, keyed by that
  diagnostic's ``states`` (the sorted set of possible states before the log) and ``log_type``,
  with how often, in how many jobs, and a few example job ids;
* **unused rules and silent transitions** — entries of the compiled spec no history used;
* **unknown states and log types** — names the edition does not know, counted;
* **fitness** — the share of logs the spec accepted, over the corpus and per job;
* **variants** — the most common log-type sequences.

:meth:`MiningReport.suggest_overlay` turns the forbidden steps into an overlay (the format of
:func:`lifecycle.spec.read_overlay`) that makes them legal, for a person to review before use.

Memory is bounded by the number of distinct steps and variants, never by the number of jobs: a
job is folded into counters and dropped. What is kept: per distinct forbidden step its counts, three
example ids and the states it led to; the distinct legal steps and end points (for rule usage); and
the variants and unknown names in Misra–Gries summaries of fixed capacity (see :class:`_Frequent`).

Definitions, precisely:

* A log is **known** when its ``log_type`` is a string the edition (with overlays) knows. Entries
  that are not objects or have no string ``log_type`` are **invalid**; logs of other strings are
  **unknown** (the validator skips both; so does mining).
* A known log is **rejected** when :func:`~lifecycle.validation.validator.validate` reports it as
  ``illegal-transition``, ``after-final`` or ``missing-creation``; otherwise it is **accepted**.
  Warnings about a log's actor, time or repetition do not count: fitness measures control flow only.
  Mining runs the validator's own replay and checks (:func:`lifecycle.validation.pipeline.examine`),
  so the two cannot disagree.
* A job's **moves** are its known logs, plus its reported state when that is a state the edition knows
  (the end of the replay, as token replay counts the tokens left at the end); the reported state is
  rejected when ``validate`` reports ``state-mismatch``.
* **Corpus fitness** = accepted moves / moves over the whole corpus (each weighs the same);
  **job fitness** = the same ratio for one job. A job with no known log has no fitness: it is left
  out of the per-job figures and counted in ``jobs_without_logs``. With no move at all the
  corpus fitness is 1.0 — nothing was rejected.
* ``jobs`` counts the records that are JSON objects; records that are not JSON, or whose top level
  is not an object, are counted in ``invalid_records`` (with up to three of their sources) and
  otherwise ignored. Nothing is dropped without being counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

from lifecycle import compile_edition
from lifecycle.batch.pool import Record
from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import Row
from lifecycle.engine.table import info as row_info
from lifecycle.mining.overlay import _plural, overlay_from_mining, overlay_toml, suggest_overlay, write_overlay
from lifecycle.payload.jsontext import NotJson
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition
from lifecycle.validation.checks import Subject
from lifecycle.validation.decode import facts_from_object, facts_from_text
from lifecycle.validation.pipeline import context, examine, findings_of

__all__ = [
    "DEFAULT_TOP",
    "MAX_EXAMPLES",
    "MAX_NAMES",
    "MAX_VARIANTS",
    "OVERLAY_NAME",
    "ForbiddenStep",
    "JobFitness",
    "Miner",
    "MiningReport",
    "UnusedRule",
    "UnusedSilent",
    "Variant",
    "mine",
    "overlay_from_mining",
    "overlay_toml",
    "suggest_overlay",
    "write_overlay",
]

DEFAULT_TOP: Final = 10
"""How many variants a report lists by default (``lifecycle mine --top``)."""

MAX_EXAMPLES: Final = 3
"""Example job ids kept per forbidden step: enough to look a few up, few enough to stay bounded."""

MAX_VARIANTS: Final = 10_000
"""Capacity of the variant summary. Real histories carry side events at any moment, so nearly
every long job may be a variant of its own: the table must not grow with the corpus."""

MAX_NAMES: Final = 1_000
"""Capacity of the unknown-state and unknown-log-type counters (a newer API adds a handful of
names; a corrupt export could add one per job)."""

OVERLAY_NAME: Final = "mined"
"""The name of suggested overlays: diagrams and specs list it among their overlays."""

REJECTIONS: Final = ("illegal-transition", "after-final", "missing-creation")
"""The validator codes under which a known log is not accepted (see the module docstring)."""

COUNTED: Final = (*REJECTIONS, "state-mismatch")
"""What :attr:`MiningReport.rejected` counts: rejected logs, and reported states the replay cannot end in."""

_BINS: Final = 10

K = TypeVar("K")


class _Frequent(Generic[K]):
    """A Misra–Gries frequent-items summary: at most ``capacity`` keys, whatever the stream.

    While fewer than ``capacity`` distinct keys have been seen, the counts are exact. Once the table
    is full, a new key decrements every counter by one (dropping those that reach zero) instead of
    being stored. Then each stored count is low by at most :attr:`error` (≤ n / (capacity + 1) for
    n keys added), and every key occurring more than :attr:`error` times is still in the table — the
    common variants survive, the long tail of one-offs does not. Each decrement round removes
    ``capacity + 1`` units from a total of n, so the rounds cost O(n) overall.
    """

    __slots__ = ("capacity", "counts", "error", "total")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.counts: dict[K, int] = {}
        self.error = 0
        self.total = 0

    def add(self, key: K) -> None:
        self.total += 1
        counts = self.counts
        if key in counts:
            counts[key] += 1
        elif len(counts) < self.capacity:
            counts[key] = 1
        else:
            self.error += 1
            for k, n in list(counts.items()):
                if n == 1:
                    del counts[k]
                else:
                    counts[k] = n - 1

    def most_common(self, n: int | None = None) -> list[tuple[K, int]]:
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], repr(kv[0])))
        return ranked if n is None else ranked[:n]


# -- the report ------------------------------------------------------------------------------------


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
    histogram: tuple[int, ...] = (0,) * _BINS

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

    def to_text(self) -> str:
        """The report for people (``lifecycle mine --format text``)."""
        return report_text(self)

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


# -- mining ----------------------------------------------------------------------------------------

_Key = tuple[frozenset[str], str]
"""A forbidden step: (possible states before the log, log type)."""


@dataclass(slots=True)
class _StepStats:
    count: int = 0
    jobs: int = 0
    flexus: int = 0
    examples: list[str] = field(default_factory=list)
    landed: set[str] = field(default_factory=set)


class _Window:
    """The states a job may have landed in after a forbidden step, each replayed on its own.

    After an illegal log the replay goes on from every state it may have led to (the validator's
    resynchronisation: the states before it, and every state the log can lead to). Replaying each
    of those candidates separately over the following logs tells which of them the rest of the
    history fits. The window closes at the next forbidden step or at the end of the history, where
    the reported state narrows it further. Some candidate always survives: the global replay is the
    union of theirs, and it accepted every log in the window.
    """

    __slots__ = ("candidates", "key")

    def __init__(self, key: _Key, lc: Lifecycle, states: frozenset[str]) -> None:
        self.key = key
        self.candidates = {x: lc.closure(x) for x in states}

    def advance(self, lc: Lifecycle, log_type: str) -> None:
        moved = {x: lc.step(p, log_type) for x, p in self.candidates.items()}
        self.candidates = {x: p for x, p in moved.items() if p}

    def landed(self, lc: Lifecycle, reported: str | None) -> set[str]:
        """The surviving candidates, read the way the log reads where both readings fit: a log the
        spec only knows as a side event stayed where it was, any other log moved the job."""
        alive = set(self.candidates)
        if reported is not None:
            alive = {x for x, p in self.candidates.items() if reported in p} or alive
        before, log_type = self.key
        stayed = alive & before
        preferred = stayed if lc.effect(log_type) == "side" else alive - stayed
        return preferred or alive


class Miner:
    """Folds jobs one at a time into bounded counters; :meth:`report` summarises them.

    :func:`mine` is this over an iterable. The replay is the validator's, line for line where it
    matters: the same compiled lifecycle and variant choice (``is_flexus``, NA by reported state),
    the same skipping of unknown and invalid logs, ``missing-creation`` at the first log,
    ``after-final`` when every possible state is final, and the same resynchronisation after an
    illegal log — so a forbidden step here is an ``illegal-transition`` there, with the same states.
    """

    def __init__(
        self,
        *,
        edition: str | Edition = DEFAULT_EDITION,
        overlays: Sequence[str | Path] = (),
        max_variants: int = MAX_VARIANTS,
    ) -> None:
        self.overlays = tuple(str(p) for p in overlays)
        self.context = context(edition, self.overlays, "en")
        self.base = self.context.base
        self.edition = self.base.edition
        self.ends_checked = 0
        self.readings: Counter[str] = Counter()
        """Jobs each alternative reading of the sources was needed for (``unconfirmed-transition``)."""
        self.jobs = 0
        self.invalid_records = 0
        self.invalid_examples: list[str] = []
        self.jobs_without_logs = 0
        self.known = 0
        self.accepted = 0
        self.unknown_logs = 0
        self.invalid_logs = 0
        self.rejected: Counter[str] = Counter(dict.fromkeys(COUNTED, 0))
        self.job_fitness_sum = 0.0
        self.job_fitness_min: float | None = None
        self.job_fitness_jobs = 0
        self.perfect = 0
        self.histogram = [0] * _BINS
        self.forbidden: dict[_Key, _StepStats] = {}
        # Legal steps and end points, for rule and silent usage; distinct ones only (bounded).
        self.steps: set[tuple[frozenset[str], frozenset[str], str]] = set()
        self.ends: set[tuple[frozenset[str], frozenset[str], str]] = set()
        self.variants: _Frequent[tuple[str, ...]] = _Frequent(max_variants)
        self.unknown_states: _Frequent[str] = _Frequent(MAX_NAMES)
        self.unknown_log_types: _Frequent[str] = _Frequent(MAX_NAMES)

    # -- input

    def add(self, job: object, source: str | None = None) -> None:
        """Mine one job: a dict, JSON text or bytes, a :class:`~lifecycle.batch.pool.Record`, a pydantic
        ``Job`` or an SDK response (the inputs :func:`~lifecycle.validation.validator.validate` takes)."""
        if isinstance(job, Record):
            source = job.source
            job = job.text
        facts = facts_from_text(job) if isinstance(job, str | bytes | bytearray) else facts_from_object(job)
        number = self.jobs + self.invalid_records + 1
        if isinstance(facts, NotJson):
            self.invalid_records += 1
            if len(self.invalid_examples) < MAX_EXAMPLES:
                self.invalid_examples.append(redact_text(source or f"#{number}"))
            return
        self.jobs += 1
        job_id = facts.job_id
        label = job_id if isinstance(job_id, str) and job_id else source or f"#{number}"
        self._mine(examine(facts, self.context), redact_text(label))

    def _mine(self, subject: Subject, label: str) -> None:
        """Count what the validator's replay and checks found in one job (see the module docstring)."""
        facts, lc, replay = subject.facts, subject.lc, subject.replay
        types = facts.log_types
        self.invalid_logs += sum(problem.index is not None for problem in facts.problems)
        self.variants.add(tuple(t for t in types if t is not None))
        state = facts.state
        reported = state if isinstance(state, str) and lc.state_info(state) is not None else None
        if isinstance(state, str) and reported is None:
            self.unknown_states.add(redact_text(state))
        findings = findings_of(subject)
        self.readings.update({f.reading for f in findings if f.reading is not None})
        rejected = {f.index: f.code for f in findings if f.code in REJECTIONS and f.index is not None}
        known = 0
        for index, log_type in enumerate(types):
            if log_type is None:
                continue
            if lc.log_type_info(log_type) is None:
                self.unknown_logs += 1
                self.unknown_log_types.add(redact_text(log_type))
                continue
            known += 1
            if index in rejected:
                self.rejected[rejected[index]] += 1
            else:
                self.steps.add((lc.variants or frozenset(), row_info(self._before(subject, index)).states, log_type))
        if not known:
            self.jobs_without_logs += 1
            return
        self._forbidden(subject, label, reported, set(rejected))
        accepted = known - len(rejected)
        # The reported state is one more move to replay (token replay's remaining tokens): a state the
        # replay cannot end in is rejected, as validate reports it (state-mismatch).
        ends = reported is not None
        mismatch = any(f.code == "state-mismatch" for f in findings)
        self.rejected["state-mismatch"] += mismatch
        self.ends_checked += ends
        if reported is not None:
            self.ends.add((lc.variants or frozenset(), row_info(replay.end).states, reported))
        self.known += known
        self.accepted += accepted
        fit = (accepted + ends - mismatch) / (known + ends)
        self.job_fitness_jobs += 1
        self.job_fitness_sum += fit
        self.job_fitness_min = fit if self.job_fitness_min is None else min(self.job_fitness_min, fit)
        self.perfect += fit == 1.0
        self.histogram[min(int(fit * _BINS), _BINS - 1)] += 1

    @staticmethod
    def _before(subject: Subject, index: int) -> Row:
        trace = subject.replay.trace
        return trace[index - 1] if index and trace else subject.table.start

    def _forbidden(self, subject: Subject, label: str, reported: str | None, rejected: set[int]) -> None:
        """Fold the job's illegal transitions into the forbidden steps, with where each job went on."""
        lc, types = subject.lc, subject.facts.log_types
        flexus = "flexus" in (lc.variants or ())
        illegal = [step for step in subject.replay.steps if "illegal-transition" in step[1]]
        seen: set[_Key] = set()
        for n, (index, _, before, after) in enumerate(illegal):
            log_type = types[index]
            assert log_type is not None  # the replay raises codes for known log types only
            key = (row_info(before).states, log_type)
            stats = self.forbidden.setdefault(key, _StepStats())
            stats.count += 1
            stats.flexus += flexus
            if key not in seen:
                seen.add(key)
                stats.jobs += 1
                if len(stats.examples) < MAX_EXAMPLES:
                    stats.examples.append(label)
            # Where the job went on: each state the resynchronisation allows, replayed on its own over the
            # logs up to the next illegal one (the reported state narrows the last window).
            window = _Window(key, lc, row_info(after).states)
            stop = illegal[n + 1][0] if n + 1 < len(illegal) else len(types)
            for later in range(index + 1, stop):
                following = types[later]
                if following is not None and later not in rejected and lc.log_type_info(following) is not None:
                    window.advance(lc, following)
            self._land(window, lc, reported if n + 1 == len(illegal) else None)

    def _land(self, window: _Window, lc: Lifecycle, reported: str | None) -> None:
        self.forbidden[window.key].landed |= window.landed(lc, reported)

    # -- output

    def report(self, *, top: int = DEFAULT_TOP) -> MiningReport:
        """The report so far (the miner can go on adding jobs afterwards)."""
        n = self.job_fitness_jobs
        fitness = JobFitness(
            jobs=n,
            min=self.job_fitness_min,
            mean=self.job_fitness_sum / n if n else None,
            perfect=self.perfect,
            histogram=tuple(self.histogram),
        )
        spec = self.base.spec
        used_rules, used_silent = self._usage()
        return MiningReport(
            edition=self.edition,
            overlays=self.overlays,
            jobs=self.jobs,
            invalid_records=self.invalid_records,
            invalid_examples=tuple(self.invalid_examples),
            jobs_without_logs=self.jobs_without_logs,
            known_logs=self.known,
            accepted_logs=self.accepted,
            unknown_logs=self.unknown_logs,
            invalid_logs=self.invalid_logs,
            rejected={code: self.rejected[code] for code in COUNTED},
            ends_checked=self.ends_checked,
            readings=dict(self.readings.most_common()),
            job_fitness=fitness,
            forbidden_steps=self._forbidden_steps(),
            unused_rules=tuple(
                UnusedRule(i, r.log_type, r.sources, r.targets, r.variant, r.origin)
                for i, r in enumerate(spec.rules)
                if i not in used_rules
            ),
            unused_silent=tuple(
                UnusedSilent(i, s.sources, s.targets, s.trigger, s.variant, s.origin)
                for i, s in enumerate(spec.silent)
                if i not in used_silent
            ),
            rules=len(spec.rules),
            silent=len(spec.silent),
            unknown_states=dict(self.unknown_states.most_common()),
            unknown_log_types=dict(self.unknown_log_types.most_common()),
            variants=tuple(Variant(k, c) for k, c in self.variants.most_common(top)),
            distinct_variants=len(self.variants.counts),
            variant_count_error=self.variants.error,
        )

    def _forbidden_steps(self) -> tuple[ForbiddenStep, ...]:
        # Roots by the standard lifecycle's silent moves: they are in every variant's, so a state
        # left out because another target drifts to it is reached by that drift in every job.
        standard = self.base.restrict()
        steps = [
            ForbiddenStep(
                sources=tuple(sorted(states)),
                log_type=log_type,
                count=s.count,
                jobs=s.jobs,
                examples=tuple(s.examples),
                targets=tuple(sorted(_roots(standard, s.landed))),
                flexus=s.flexus == s.count,
            )
            for (states, log_type), s in self.forbidden.items()
        ]
        return tuple(sorted(steps, key=lambda s: (-s.count, s.log_type, s.sources)))

    def _usage(self) -> tuple[set[int], set[int]]:
        """The rules and silent transitions some history may have used (an over-approximation).

        The replay knows only the *set* of states a job may be in, so a legal step with log L from
        possible states P counts every rule of L from any state of P as used, though the job was in
        one of them. A silent transition s -> d counts as used when s was possible before a legal
        step and d, or a state d drifts to, accepted the log; or at the end of a history, when s
        was possible and drifting along it reaches the reported state. So an *unused* entry is
        certain: no observed history could have taken it.
        """
        spec = self.base.spec
        rules_at: dict[tuple[str, str], list[int]] = {}
        for i, r in enumerate(spec.rules):
            for s in r.sources:
                rules_at.setdefault((s, r.log_type), []).append(i)
        silent_from: dict[str, list[int]] = {}
        for i, t in enumerate(spec.silent):
            for s in t.sources:
                silent_from.setdefault(s, []).append(i)

        def applies(variant: str | None, scope: frozenset[str]) -> bool:
            return variant is None or variant in scope

        used_rules: set[int] = set()
        used_silent: set[int] = set()
        for scope, possible, log_type in self.steps:
            lc = self.base.restrict(flexus="flexus" in scope, na="na" in scope)
            accepting = {x for x in possible if log_type in lc.table.get(x, {})}
            for s in possible:
                for i in rules_at.get((s, log_type), ()):
                    if applies(spec.rules[i].variant, scope):
                        used_rules.add(i)
                for i in silent_from.get(s, ()):
                    t = spec.silent[i]
                    if applies(t.variant, scope) and any(lc.closure(d) & accepting for d in t.targets):
                        used_silent.add(i)
        for scope, possible, reported in self.ends:
            lc = self.base.restrict(flexus="flexus" in scope, na="na" in scope)
            for s in possible:
                for i in silent_from.get(s, ()):
                    t = spec.silent[i]
                    if applies(t.variant, scope) and any(reported in lc.closure(d) for d in t.targets):
                        used_silent.add(i)
        return used_rules, used_silent


def _roots(lc: Lifecycle, states: Iterable[str]) -> set[str]:
    """The fewest of ``states`` whose silent closure covers them all: a state another one drifts
    to is left out (of states drifting to each other, the first by name stays)."""
    pool = set(states)
    return {
        x for x in pool if not any(y != x and x in lc.closure(y) and (y not in lc.closure(x) or y < x) for y in pool)
    }


def mine(
    jobs: Iterable[object],
    *,
    edition: str | Edition = DEFAULT_EDITION,
    overlays: Sequence[str | Path] = (),
    top: int = DEFAULT_TOP,
    max_variants: int = MAX_VARIANTS,
) -> MiningReport:
    """Mine a corpus of jobs, lazily: memory grows with distinct steps and variants, not with jobs.

    ``jobs`` may hold dicts, JSON text or bytes, records of :func:`lifecycle.batch.pool.records` (whose
    source names a job without a ``job_id``), pydantic jobs or SDK responses. Never raises on bad data.

    >>> job = {"job_id": "j1", "state": "MANUAL_VERIFY_SUCCESS", "operation_logs": [
    ...     {"log_type": "USER_CREATE_JOD"}, {"log_type": "USER_VERIFYING_SUBMITTED"},
    ...     {"log_type": "ADMIN_VERIFY_SUCCESS"}]}
    >>> report = mine([job])
    >>> [(s.sources, s.log_type, s.count, s.targets) for s in report.forbidden_steps]
    [(('AUTO_VERIFYING',), 'ADMIN_VERIFY_SUCCESS', 1, ('MANUAL_VERIFY_SUCCESS',))]
    >>> round(report.fitness, 3)
    0.75
    """
    miner = Miner(edition=edition, overlays=overlays, max_variants=max_variants)
    for job in jobs:
        miner.add(job)
    return miner.report(top=top)


# -- text ----------------------------------------------------------------------------------------

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


def report_text(report: MiningReport) -> str:
    """A mining report for people: figures first, then what to look at."""
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
