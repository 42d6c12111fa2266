"""The planted-bug experiment of issue 17: does :func:`lifecycle.strategies.lifecycle_machine` find a bug
that lives in one state, at Hypothesis's default settings?

For every state of both editions, a system under test that fails whenever the job is in that state
is plugged into the machine (the variant that reaches the state: a standard job, or an NA-whitelist
job for the NA-only states) and run once with :func:`hypothesis.stateful.run_state_machine_as_test`
at Hypothesis's ``default`` profile (100 examples, 50 steps). The state counts as found when the run
fails with the planted error. Shrinking is switched off: it only shortens a failure already found,
and it is what costs the time. The table gives, per edition, the states found and the share.

    python -m bench.planted                 # every state of both editions, once
    python -m bench.planted --runs 3        # three runs per state: the share of runs that found it
    python -m bench.planted --edition 2025-11 --states TRAINING,JOB_FINISH
    python -m bench.planted --derandomize   # Hypothesis's fixed seed, as the tests run it
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from lifecycle import compile_edition
from lifecycle.strategies import Event, lifecycle_machine

EDITIONS = ("2024-12", "2025-11")

DEFAULT = settings(
    settings.get_profile("default"),
    database=None,  # each run starts afresh: a saved failure would make every later run "find" it
    deadline=None,  # the subject is reaching the state, not how long a step takes on a busy machine
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    suppress_health_check=[HealthCheck.too_slow],
)
"""Hypothesis's default profile (100 examples, 50 steps), without the database, deadline and shrinking."""


class PlantedBug(Exception):
    """The failure of the planted system: it was told the job is in the planted state."""


@dataclass(frozen=True)
class Outcome:
    edition: str
    state: str
    na_whitelist: bool
    found: int
    runs: int
    seconds: float


def variant_of(edition: str, state: str) -> bool:
    """``na_whitelist`` for a machine that can reach ``state``: False unless the state is NA-only."""
    info = compile_edition(edition).state_info(state)
    if info is None:
        raise ValueError(f"{state!r} is not a state of edition {edition}")
    return info.na_only


FIXED = settings(DEFAULT, derandomize=True)
"""The same with Hypothesis's fixed seed: what the tests run, so that CI says the same every run."""


def found(edition: str, state: str, *, run_settings: settings = DEFAULT) -> bool:
    """One run of the machine against a system that fails in ``state``: whether the run failed."""

    def apply(event: Event[None]) -> None:
        if event.state == state:
            raise PlantedBug(state)

    machine = lifecycle_machine(
        setup=lambda: None, apply=apply, edition=edition, na_whitelist=variant_of(edition, state)
    )
    try:
        run_state_machine_as_test(machine, settings=run_settings)
    except PlantedBug:
        return True
    return False


def experiment(edition: str, states: Sequence[str], runs: int, run_settings: settings = DEFAULT) -> list[Outcome]:
    outcomes = []
    for state in states:
        start = time.perf_counter()
        hits = sum(found(edition, state, run_settings=run_settings) for _ in range(runs))
        elapsed = time.perf_counter() - start
        outcomes.append(Outcome(edition, state, variant_of(edition, state), hits, runs, elapsed))
    return outcomes


def table(outcomes: Sequence[Outcome]) -> str:
    """Markdown: one row per edition (states found in every run, share; runs that found the bug),
    then the states some run missed."""
    lines = [
        "| edition | states | found in every run | share of states | runs that found it | missed in (runs found) |",
        "|---|---|---|---|---|---|",
    ]
    for edition in sorted({o.edition for o in outcomes}):
        rows = [o for o in outcomes if o.edition == edition]
        always = sum(o.found == o.runs for o in rows)
        hits, runs = sum(o.found for o in rows), sum(o.runs for o in rows)
        missed = ", ".join(f"{o.state} ({o.found}/{o.runs})" for o in rows if o.found < o.runs) or "none"
        lines.append(
            f"| {edition} | {len(rows)} | {always} | {100 * always / len(rows):.1f} % "
            f"| {hits}/{runs} ({100 * hits / runs:.1f} %) | {missed} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.planted", description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=EDITIONS, action="append", help="default: both")
    parser.add_argument("--states", help="comma-separated states (default: every state of the edition)")
    parser.add_argument("--runs", type=int, default=1, help="runs per state (default 1)")
    parser.add_argument("--derandomize", action="store_true", help="Hypothesis's fixed seed (what the tests run)")
    args = parser.parse_args(argv)
    outcomes: list[Outcome] = []
    for edition in args.edition or EDITIONS:
        states = args.states.split(",") if args.states else list(compile_edition(edition).states)
        for outcome in experiment(edition, states, args.runs, FIXED if args.derandomize else DEFAULT):
            outcomes.append(outcome)
            mark = "found" if outcome.found == outcome.runs else f"MISSED {outcome.runs - outcome.found}x"
            print(f"{edition} {outcome.state:<45} {mark:<10} {outcome.seconds:6.1f} s", file=sys.stderr, flush=True)
    print(table(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
