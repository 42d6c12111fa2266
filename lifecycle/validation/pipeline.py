"""The one validation pipeline: job facts -> replay -> checks -> report.

:func:`judge` takes the facts a decoder made (:mod:`lifecycle.validation.decode`), picks the job's variant,
replays its log types on the variant's table (:mod:`lifecycle.engine.table`), runs every check
(:mod:`lifecycle.validation.checks`) and renders the findings in one language. The usual job — its
(log type, operate_user) pairs walk the table to the end, it reports a state the walk may end in, its
times are canonical and in order, nothing else is off — takes a shortcut through the same table: each of
those conditions is the condition under which one check finds nothing (a property test runs every check
on the jobs the shortcut takes, and finds nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lifecycle.engine.compiled import Lifecycle
from lifecycle.engine.table import Table, canonical_times, table
from lifecycle.engine.table import info as row_info
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.expectations import Clock
from lifecycle.spec.vocabulary import DEPRECATED_MODEL_VERSIONS, Edition, Lang
from lifecycle.validation.checks import CHECKS, Finding, Subject, rank
from lifecycle.validation.facts import JobFacts, NotJson
from lifecycle.validation.messages import listing, render
from lifecycle.validation.report import Diagnostic, Report

if TYPE_CHECKING:
    from lifecycle.payload.parsing import FieldFinding

__all__ = [
    "SHORTCUT",
    "Context",
    "context",
    "diagnostic",
    "examine",
    "findings_of",
    "judge",
    "na_job",
    "new_diagnostic",
    "variant_of",
]

SHORTCUT = True
"""Switch for the tests: ``False`` runs every check on every job (the shortcut must change nothing)."""

Schema = Callable[[], "Iterable[FieldFinding]"]
"""The payload-schema findings of a job, computed when asked (``None``: the schema is not checked)."""


def na_job(lc: Lifecycle, state: object) -> bool:
    """Whether a job reporting ``state`` is taken for an NA-whitelist job.

    No field says so: a job reporting an NA-only state is one, and a job whose state is unknown or
    missing gets the benefit of the doubt. (Flexus, the other variant, is the payload's ``is_flexus``;
    absent means a standard job, as in the seed example.)
    """
    info = lc.state_info(state) if type(state) is str else None
    return info is None or info.na_only


def variant_of(lc: Lifecycle, payload: Mapping[str, Any]) -> Lifecycle:
    """The lifecycle a job's payload is checked against: ``lc`` restricted to the job's variant (flexus from
    ``is_flexus``, NA from the state, see :func:`na_job`)."""
    return lc.restrict(flexus=payload.get("is_flexus") is True, na=na_job(lc, payload.get("state")))


class Context:
    """What validating against one edition (with overlays) in one language needs, made once."""

    def __init__(self, base: Lifecycle, lang: Lang, clock: Clock | None = None) -> None:
        self.base = base
        self.lang = lang
        self.clock = clock
        self._variants: list[tuple[Lifecycle, Table] | None] = [None] * 4

    def variant(self, facts: JobFacts) -> tuple[Lifecycle, Table]:
        """The lifecycle of the job's variant and its replay table. An ``is_flexus`` that is not a boolean
        gives the job the benefit of the doubt, as an unknown state does: the Flexus variant's rules only
        add to the standard ones, so it accepts what either would."""
        flexus = facts.is_flexus
        return self.restricted(
            flexus is True or (flexus is not None and type(flexus) is not bool), na_job(self.base, facts.state)
        )

    def restricted(self, flexus: bool, na: bool) -> tuple[Lifecycle, Table]:
        slot = 2 * flexus + na
        found = self._variants[slot]
        if found is None:
            lc = self.base.restrict(flexus=flexus, na=na)
            found = self._variants[slot] = (lc, table(lc))
        return found


@cache
def _lifecycle(edition: str, overlays: tuple[str, ...]) -> Lifecycle:
    from lifecycle import compile_edition

    return compile_edition(edition, overlays=overlays)


_contexts: dict[tuple[object, ...], Context] = {}


def context(edition: str | Edition, overlays: Sequence[str | Path], lang: Lang, clock: Clock | None = None) -> Context:
    """The context of an edition, overlays, language and clock (made once; raises ``UnknownEdition`` or
    ``InvalidSpec`` for a bad edition or overlay)."""
    key = (edition, lang, clock, *overlays) if overlays or clock else (edition, lang)
    try:
        return _contexts[key]
    except (KeyError, TypeError):  # TypeError: an unhashable overlay path
        pass
    ctx = Context(_lifecycle(str(edition), tuple(str(p) for p in overlays)), lang, clock)
    if len(_contexts) < 256:
        with suppress(TypeError):
            _contexts[key] = ctx
    return ctx


@lru_cache(maxsize=8192)
def _message(code: str, lang: Lang, field: str, params: tuple[tuple[str, object], ...]) -> str:
    return redact_text(render(code, lang, field=field, **dict(params)))


def _echo(value: object) -> str | None:
    """A payload value as a report echoes it: strings only, with any secret masked."""
    return _redacted(value) if type(value) is str else None


# The same few sets of states and log types come back in every report of a batch: sorted (and listed)
# once each. Bounded, so a stream of odd values cannot grow them.
_redacted: Final = lru_cache(maxsize=4096)(redact_text)
_listed: Final = lru_cache(maxsize=4096)(listing)


@lru_cache(maxsize=4096)
def _ordered(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(names))


def diagnostic(finding: Finding, lang: Lang) -> Diagnostic:
    """``finding`` rendered in ``lang``; every raw value it echoes is redacted (one place: the message)."""
    params: dict[str, Any] = {"states": _listed(finding.states), "log_type": finding.log_type, **finding.params}
    field = finding.field or ""
    try:
        message = _message(finding.code, lang, field, tuple(params.items()))
    except TypeError:  # an unhashable value: render it uncached
        message = redact_text(render(finding.code, lang, field=field, **params))
    return new_diagnostic(
        finding.code,
        message,
        finding.index,
        finding.field,
        _echo(finding.log_type),
        _ordered(finding.states),
        _ordered(finding.allowed),
        finding.confidence,
        finding.reading,
    )


_bare: Final = object.__new__
_DIAGNOSTIC_SLOTS: Final = tuple(getattr(Diagnostic, name).__set__ for name in Diagnostic.__dataclass_fields__)


def new_diagnostic(*values: object) -> Diagnostic:
    """``Diagnostic(*values)``, made faster: a frozen dataclass's ``__init__`` sets each of its nine fields
    through ``object.__setattr__`` (about 3 µs a diagnostic here); its slots' own setters take a third of that.
    Same fields, same object (``tests/test_pipeline.py`` holds the two to each other)."""
    made: Diagnostic = _bare(Diagnostic)
    for set_slot, value in zip(_DIAGNOSTIC_SLOTS, values, strict=True):
        set_slot(made, value)
    return made


def _report(
    edition: str,
    facts: JobFacts | None,
    source: str | None,
    final: tuple[str, ...],
    diagnostics: tuple[Diagnostic, ...],
) -> Report:
    """``Report(...)``, made faster: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which costs as much as replaying a short history. Same fields, same object."""
    report: Report = _bare(Report)
    report.__dict__.update(
        edition=edition,
        job_id=None if facts is None or type(facts.job_id) is not str else facts.job_id,
        state=None if facts is None or type(facts.state) is not str else facts.state,
        source=source,
        final_states=final,
        diagnostics=diagnostics,
    )
    return report


@lru_cache(maxsize=64)
def _deprecated(version: str, lang: Lang) -> Diagnostic:
    return diagnostic(Finding("deprecated-value", field="model_version", params={"value": version}), lang)


def _in_order(facts: JobFacts) -> bool:
    """create_time, every log's time and last_update_time (those that are strings) canonical and in order."""
    created, updated, times = facts.create_time, facts.last_update_time, facts.times
    edges = type(created) is str, type(updated) is str
    if edges == (False, False):
        return canonical_times(times)
    return canonical_times(
        [created, *times, updated] if all(edges) else [created, *times] if edges[0] else [*times, updated]
    )


def _shortcut(
    facts: JobFacts, ctx: Context, schema_findings: tuple[FieldFinding, ...] | None, source: str | None
) -> Report | None:
    """The report on the usual job, or ``None`` for any other: its (log type, operate_user) pairs walk the
    table to the end, it reports a state the walk may end in, its times are canonical and in order, and the
    schema found nothing but a deprecated ``model_version``. Each condition is one under which a check finds
    nothing (a property test runs every check on the jobs taken here)."""
    if not SHORTCUT or facts.problems or type(facts.job_id) is not str or ctx.clock is not None:
        return None
    lc, tab = ctx.variant(facts)
    end = tab.walk(facts.pairs)
    state = facts.state
    if (
        end is None
        or end is tab.start
        or type(state) is not str
        or state not in row_info(end).states
        or not _in_order(facts)
        or (schema_findings and any(f.kind != "deprecated" or f.path != "model_version" for f in schema_findings))
    ):
        return None
    version = facts.model_version
    deprecated: tuple[Diagnostic, ...] = ()
    if type(version) is str and version in DEPRECATED_MODEL_VERSIONS:
        deprecated = (_deprecated(version, ctx.lang),)
    return _report(lc.edition, facts, source, row_info(end).final_states, deprecated)


def judge(facts: JobFacts | NotJson, ctx: Context, schema: Schema | None, source: str | None) -> Report:
    """The report on one job's facts (never raises on bad data)."""
    if isinstance(facts, NotJson):
        found = diagnostic(Finding("invalid-json", params={"detail": facts.detail}), ctx.lang)
        return _report(ctx.base.edition, None, source, (), (found,))
    schema_findings = None if schema is None else tuple(schema())
    usual = _shortcut(facts, ctx, schema_findings, source)
    if usual is not None:
        return usual
    subject = examine(facts, ctx, schema_findings)
    diagnostics = tuple(diagnostic(f, ctx.lang) for f in findings_of(subject))
    return _report(subject.lc.edition, facts, source, row_info(subject.replay.end).final_states, diagnostics)


def examine(facts: JobFacts, ctx: Context, schema_findings: tuple[FieldFinding, ...] | None = None) -> Subject:
    """The job's facts replayed on its variant's table, with the trace: what every check reads (and mining)."""
    lc, tab = ctx.variant(facts)
    return Subject(facts, lc, tab, tab.replay(facts.log_types, trace=True), schema_findings, ctx.clock)


def findings_of(subject: Subject) -> list[Finding]:
    """Every check's findings on ``subject``, in report order."""
    findings = [finding for run in CHECKS.values() for finding in run(subject)]
    findings.sort(key=rank)
    return findings
