"""``lifecycle drift``: compare an edition with the installed Python SDK (see :mod:`lifecycle.spec.drift`).

Exit codes: 0 nothing drifted, 1 something did, 2 the SDK is not installed (or a bad argument).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lifecycle.cli.options import edition_option
from lifecycle.spec.drift import (
    LOG_FILE,
    SDK_PACKAGE,
    STATE_FILE,
    Drift,
    SdkMissing,
    compare,
    installed_sdk,
    read_sdk,
    suggest_overlay,
    version_near,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    edition_option(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--suggest-overlay",
        type=Path,
        default=None,
        metavar="FILE",
        help="write a draft overlay (.toml/.json) adding the new names; new states need a console group first",
    )
    p.add_argument(
        "--sdk-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"read this {SDK_PACKAGE} directory (e.g. of a repository checkout) instead of the installed one",
    )


def to_text(drift: Drift) -> str:
    """The drift for a person: what to add, what disappeared, what was relabelled."""
    sdk = drift.sdk
    out = [
        f"edition {drift.edition} against {SDK_PACKAGE} {sdk.version} "
        f"({len(sdk.states)} states in {STATE_FILE}, {len(sdk.log_types)} log types in {LOG_FILE})"
    ]
    sections: list[tuple[str, list[str]]] = [
        (
            "new states (the SDK lists them, the edition lacks them)",
            [f"{v.value}  {v.label_zh}" for v in drift.new_states],
        ),
        ("new log types", [f"{v.value}  {v.label_zh}" for v in drift.new_log_types]),
        ("states the SDK no longer lists", list(drift.missing_states)),
        ("log types the SDK no longer lists", list(drift.missing_log_types)),
        (
            "labels that changed (edition [its source] -> SDK)",
            [
                f"{c.kind} {c.value}: {c.edition_label} [{c.edition_source}] -> {' / '.join(c.sdk_labels)}"
                for c in drift.label_changes
            ],
        ),
    ]
    for title, lines in sections:
        if lines:
            out += [f"{title} ({len(lines)}):", *(f"  {line}" for line in lines)]
    if not drift.drifted:
        out.append("no drift: the SDK lists every state and log type the edition describes, with the same labels")
    states, logs = drift.not_compared.get("states", ()), drift.not_compared.get("log_types", ())
    if states or logs:
        out.append(
            f"not compared: {len(states)} states and {len(logs)} log types of the edition that only the enums carry "
            "(no docstring ever described them, or no longer does)"
        )
    return "\n".join(out)


def _write(doc: dict[str, Any], path: Path) -> None:
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    import tomli_w  # the `sdk` extra; a well-kept writer rather than our own TOML quoting

    path.write_text(tomli_w.dumps(doc), encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    """Run the command; messages for exit 2 go to stderr."""
    out: Path | None = args.suggest_overlay
    if out is not None and out.suffix.lower() not in {".toml", ".json"}:
        print(f"lifecycle: error: --suggest-overlay {out}: the file must end in .toml or .json", file=sys.stderr)
        return 2
    try:
        sdk = read_sdk(args.sdk_dir, version_near(args.sdk_dir)) if args.sdk_dir else installed_sdk()
    except SdkMissing as exc:
        print(f"lifecycle: error: {exc}", file=sys.stderr)
        return 2
    drift = compare(sdk, args.edition)
    if out is not None:
        doc = suggest_overlay(drift)
        try:
            _write(doc, out)
        except OSError as exc:
            print(f"lifecycle: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        entries = sum(len(v) for v in doc["add"].values())
        print(f"wrote {out}: {entries} draft entries; choose each new state's group before use", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(drift.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(to_text(drift))
    return 1 if drift.drifted else 0
