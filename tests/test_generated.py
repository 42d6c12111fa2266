"""Generated files are committed; this fails when the committed copy differs from what the spec makes."""

from __future__ import annotations

from pathlib import Path

from lifecycle.docs.generate import drift, generated_files
from tests.conftest import ROOT


def test_committed_generated_files_do_not_drift() -> None:
    assert drift(ROOT) == [], "run `lifecycle generate` and commit the result"


def test_lifecycle_md_covers_both_editions() -> None:
    text = generated_files()["LIFECYCLE.md"]
    assert "## Edition 2025-11" in text
    assert "## Edition 2024-12" in text
    assert "`MANUL_STOP_ACTION_MARK`" in text


def test_the_readme_code_table_is_generated_from_the_code_table(tmp_path: Path) -> None:
    from lifecycle.docs.sections import codes_table
    from lifecycle.validation.codes import CODES
    from lifecycle.validation.report import report_json_schema

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert codes_table() in readme
    assert all(f"| `{code}` |" in codes_table() for code in CODES)
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    assert "README.md" not in drift(tmp_path)
    (tmp_path / "README.md").write_text(readme.replace("| `repeated-log` |", "| `repeated-log-x` |"), encoding="utf-8")
    assert "README.md" in drift(tmp_path)
    # A stale duplicate row (the audit's example) is drift too, and the generated table lists each code once.
    row = next(line for line in codes_table().splitlines() if line.startswith("| `after-final` |"))
    (tmp_path / "README.md").write_text(readme.replace(row, f"{row}\n{row}", 1), encoding="utf-8")
    assert "README.md" in drift(tmp_path)
    assert all(codes_table().count(f"| `{code}` |") == 1 for code in CODES)
    properties = report_json_schema()["$defs"]["DiagnosticDict"]["properties"]
    assert properties["code"]["enum"] == list(CODES)
