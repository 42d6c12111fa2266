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

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from lifecycle.batch.inputs import Record
from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import Row
from lifecycle.engine.table import info as row_info
from lifecycle.mining.frequent import Frequent
from lifecycle.mining.overlay import OVERLAY_NAME, overlay_toml, suggest_overlay, write_overlay
from lifecycle.mining.results import (
    BINS,
    COUNTED,
    DEFAULT_TOP,
    MAX_EXAMPLES,
    MAX_NAMES,
    MAX_VARIANTS,
    REJECTIONS,
    ForbiddenStep,
    JobFitness,
    MiningReport,
    UnusedRule,
    UnusedSilent,
    Variant,
    overlay_from_mining,
)
from lifecycle.mining.steps import Key, StepStats, Window, roots
from lifecycle.mining.text import report_text
from lifecycle.payload.jsontext import NotJson
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.vocabulary import DEFAULT_EDITION, Edition
from lifecycle.validation.checks import Subject
from lifecycle.validation.decode import facts_from_object, facts_from_text
from lifecycle.validation.pipeline import context, examine, findings_of

__all__ = [
    "COUNTED",
    "DEFAULT_TOP",
    "MAX_EXAMPLES",
    "MAX_NAMES",
    "MAX_VARIANTS",
    "OVERLAY_NAME",
    "REJECTIONS",
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
    "report_text",
    "suggest_overlay",
    "write_overlay",
]


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
        self.histogram = [0] * BINS
        self.forbidden: dict[Key, StepStats] = {}
        # Legal steps and end points, for rule and silent usage; distinct ones only (bounded).
        self.steps: set[tuple[frozenset[str], frozenset[str], str]] = set()
        self.ends: set[tuple[frozenset[str], frozenset[str], str]] = set()
        self.variants: Frequent[tuple[str, ...]] = Frequent(max_variants)
        self.unknown_states: Frequent[str] = Frequent(MAX_NAMES)
        self.unknown_log_types: Frequent[str] = Frequent(MAX_NAMES)

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
        self.histogram[min(int(fit * BINS), BINS - 1)] += 1

    @staticmethod
    def _before(subject: Subject, index: int) -> Row:
        trace = subject.replay.trace
        return trace[index - 1] if index and trace else subject.table.start

    def _forbidden(self, subject: Subject, label: str, reported: str | None, rejected: set[int]) -> None:
        """Fold the job's illegal transitions into the forbidden steps, with where each job went on."""
        lc, types = subject.lc, subject.log_types
        flexus = "flexus" in (lc.variants or ())
        illegal = [step for step in subject.replay.steps if "illegal-transition" in step[1]]
        seen: set[Key] = set()
        for n, (index, _, before, after) in enumerate(illegal):
            log_type = types[index]
            assert log_type is not None  # the replay raises codes for known log types only
            key = (row_info(before).states, log_type)
            stats = self.forbidden.setdefault(key, StepStats())
            stats.count += 1
            stats.flexus += flexus
            if key not in seen:
                seen.add(key)
                stats.jobs += 1
                if len(stats.examples) < MAX_EXAMPLES:
                    stats.examples.append(label)
            # Where the job went on: each state the resynchronisation allows, replayed on its own over the
            # logs up to the next illegal one (the reported state narrows the last window).
            window = Window(key, lc, row_info(after).states)
            stop = illegal[n + 1][0] if n + 1 < len(illegal) else len(types)
            for later in range(index + 1, stop):
                following = types[later]
                if following is not None and later not in rejected and lc.log_type_info(following) is not None:
                    window.advance(lc, following)
            self._land(window, lc, reported if n + 1 == len(illegal) else None)

    def _land(self, window: Window, lc: Lifecycle, reported: str | None) -> None:
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
                UnusedSilent(i, s.sources, s.targets, s.trigger, s.variant, s.origin, s.trigger_zh)
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
                targets=tuple(sorted(roots(standard, s.landed))),
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
