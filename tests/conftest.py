"""Shared fixtures and the Hypothesis profiles (``HYPOTHESIS_PROFILE=dev|ci|mutation``, default dev)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
# Mutation testing (README, "Mutation testing") runs the selected tests once per mutant: fewer draws, the same ones
# every time, so a score is reproducible and the run finishes on a small machine.
settings.register_profile(
    "mutation", max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EDITIONS = ["2024-12", "2025-11"]
VALID = DATA / "scenarios" / "valid--long-history-to-job-success.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command line run in-process: (exit code, stdout, stderr)."""
    from lifecycle.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=EDITIONS)
def edition(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line follows the locale when --lang is not given: tests see the same one everywhere."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@contextmanager
def no_shortcut() -> Iterator[None]:
    """Every check runs on every job (the pipeline's shortcut off): what the shortcut must agree with."""
    from lifecycle.validation import pipeline

    pipeline.SHORTCUT = False
    try:
        yield
    finally:
        pipeline.SHORTCUT = True
