"""The reference commands: ``lifecycle spec``, ``explain``, ``schema``, ``diagram`` and ``generate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lifecycle import diagrams
from lifecycle.cli.options import UsageError, edition_options, lang_option, lifecycle_of
from lifecycle.docs.explain import explain, spec_to_dict, spec_to_text, suggest
from lifecycle.errors import LifecycleError
from lifecycle.spec.vocabulary import Lang


def add_arguments(sub: Any) -> None:
    """The parsers of the reference commands."""
    p = sub.add_parser("schema", help="print a JSON Schema")
    p.add_argument(
        "what",
        choices=["job", "report", "report-line"],
        help="job: a job-detail answer; report: validate --format json; report-line: a line of --format jsonl",
    )
    p.set_defaults(run=schema)

    p = sub.add_parser("spec", help="dump the compiled spec")
    edition_options(p)
    lang_option(p)
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(run=spec)

    p = sub.add_parser("explain", help="explain a state or log type")
    p.add_argument("name", help="a state or log type, e.g. MANUAL_VERIFYING or USER_CREATE_JOD")
    edition_options(p)
    lang_option(p)
    p.set_defaults(run=explain_command)

    p = sub.add_parser("diagram", help="draw the lifecycle (mermaid, DOT or SVG)")
    edition_options(p)
    diagrams.add_arguments(p)
    p.set_defaults(run=diagram)

    p = sub.add_parser("generate", help="regenerate LIFECYCLE.md (and the diagrams)")
    p.add_argument(
        "--root", type=Path, default=None, help="repository root (default: ., which must be a checkout of lifecycle)"
    )
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    p.set_defaults(run=generate)


def spec(args: argparse.Namespace) -> int:
    lc = lifecycle_of(args)
    if args.format == "json":
        print(json.dumps(spec_to_dict(lc), ensure_ascii=False, indent=2))
    else:
        print(spec_to_text(lc, args.lang))
    return 0


def explain_command(args: argparse.Namespace) -> int:
    lc = lifecycle_of(args)
    lang: Lang = args.lang
    text = explain(lc, args.name, lang)
    if text is None:
        hint = suggest(lc, args.name)
        more = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise UsageError(f"{args.name!r} is neither a state nor a log type of edition {lc.edition}{more}")
    print(text)
    return 0


def generate(args: argparse.Namespace) -> int:
    from lifecycle.docs import generate

    root: Path | None = args.root
    if root is None:
        root = Path(".")
        if not _is_checkout(root):
            raise UsageError(
                f"{root.resolve()} is not a checkout of lifecycle (no pyproject.toml naming it beside a lifecycle/ "
                "folder); run it at the repository root, or pass --root DIR to write the generated files there"
            )
    if args.check:
        drifted = generate.drift(root)
        for rel in drifted:
            print(f"drift: {rel}")
        return 1 if drifted else 0
    for rel in generate.write(root):
        print(f"wrote {rel}")
    return 0


def _is_checkout(root: Path) -> bool:
    """Whether ``root`` is this project's repository: its pyproject.toml names the project ``lifecycle``
    and the package is beside it."""
    import tomllib

    try:
        with (root / "pyproject.toml").open("rb") as f:
            name = tomllib.load(f).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return name == "lifecycle" and (root / "lifecycle" / "__init__.py").is_file()


def schema(args: argparse.Namespace) -> int:
    if args.what == "job":
        from lifecycle.payload.parsing import job_json_schema
        from lifecycle.validation.report import SCHEMA_DIALECT

        schema = {"$schema": SCHEMA_DIALECT, **job_json_schema()}
    elif args.what == "report":
        from lifecycle.validation.report import report_json_schema

        schema = report_json_schema()
    else:
        from lifecycle.validation.report import report_line_json_schema

        schema = report_line_json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def diagram(args: argparse.Namespace) -> int:
    lc = lifecycle_of(args)
    try:
        text = diagrams.run(lc, args)
    except ValueError as exc:  # a bad --group, or --group with --view user
        raise UsageError(str(exc)) from None
    except LifecycleError as exc:  # Graphviz missing or failing
        raise UsageError(" ".join(str(exc).split())) from None
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0
