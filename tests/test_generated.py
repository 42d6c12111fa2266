"""Generated files are committed; this fails when the committed copy differs from what the spec makes."""

from __future__ import annotations

from lifecycle.docs.generate import drift, generated_files
from tests.conftest import ROOT


def test_committed_generated_files_do_not_drift() -> None:
    assert drift(ROOT) == [], "run `lifecycle generate` and commit the result"


def test_lifecycle_md_covers_both_editions() -> None:
    text = generated_files()["LIFECYCLE.md"]
    assert "## Edition 2025-11" in text
    assert "## Edition 2024-12" in text
    assert "`MANUL_STOP_ACTION_MARK`" in text
