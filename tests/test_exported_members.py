"""The public names, committed (in the style of httpx's tests/test_exported_members.py): a name removed from a
public module, or added without being listed here, fails; and ``import lifecycle`` stays light."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PUBLIC: dict[str, tuple[str, ...]] = {
    "lifecycle": (
        "Actor",
        "BEFORE_CREATION",
        "Clock",
        "ConsoleGroup",
        "DEFAULT_EDITION",
        "Diagnostic",
        "EDITIONS",
        "Edition",
        "Fleet",
        "InvalidSpec",
        "Job",
        "JobState",
        "Lifecycle",
        "LifecycleError",
        "LogType",
        "Problem",
        "Report",
        "SILENT",
        "Spec",
        "StateKind",
        "Tracker",
        "UnknownEdition",
        "__version__",
        "compile",
        "compile_edition",
        "console_label",
        "load_edition",
        "parse_job",
        "validate",
        "validate_many",
    ),
    "lifecycle.validator": (
        "replay_log_types",
        "validate",
        "validate_many",
        "validate_payload",
        "variant_of",
    ),
    "lifecycle.models": (
        "ActionMarkItem",
        "ActionSampleInfo",
        "CommentLogInfo",
        "ErrorBody",
        "FieldFinding",
        "FindingKind",
        "InferenceActionMarkInfo",
        "InferenceEyeCorrectionMarkInfo",
        "InferenceVideoMarkInfo",
        "Job",
        "OperationLogInfo",
        "ParsedJob",
        "SubTrainingJobInfo",
        "TrainingAllocatedResource",
        "TrainingVideoMarkInfo",
        "VerifyVideoMattingInfo",
        "VoiceProperties",
        "deprecated_findings",
        "job_from_sdk",
        "job_json_schema",
        "parse_job",
        "parse_job_json",
        "parse_mark_time",
        "parse_rfc3339",
    ),
    "lifecycle.strategies": (
        "Event",
        "Walk",
        "coverage_of",
        "histories",
        "hostile_payloads",
        "job_payloads",
        "lifecycle_machine",
        "near_miss_payloads",
        "walks",
    ),
    "lifecycle.mining": (
        "COUNTED",
        "DEFAULT_TOP",
        "ForbiddenStep",
        "JobFitness",
        "MAX_EXAMPLES",
        "MAX_NAMES",
        "MAX_VARIANTS",
        "Miner",
        "MiningReport",
        "OVERLAY_NAME",
        "REJECTIONS",
        "UnusedRule",
        "UnusedSilent",
        "Variant",
        "mine",
        "overlay_from_mining",
        "overlay_toml",
        "report_text",
        "suggest_overlay",
        "write_overlay",
    ),
    "lifecycle.tracking": (
        "EnterCallback",
        "Event",
        "Fleet",
        "RefuseCallback",
        "Tracker",
    ),
    "lifecycle.batch.partitions": (
        "validate_partition",
        "write_partition",
    ),
}
"""Every public module and what it exports. Adding a name: add it here too. Removing one breaks users."""


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_a_public_module_exports_exactly_the_committed_names(module: str) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(PUBLIC[module])
    for name in PUBLIC[module]:
        assert getattr(mod, name) is not None, f"{module}.{name}"
    exported = {n for n in dir(mod) if not n.startswith("_") and getattr(getattr(mod, n), "__module__", "") == module}
    assert exported <= set(PUBLIC[module]), "a public definition missing from __all__"


@pytest.mark.parametrize("name", ["validate", "validate_many", "Report", "Diagnostic", "parse_job", "Job"])
def test_the_curated_top_level_is_the_implementation(name: str) -> None:
    import lifecycle

    home = {"parse_job": "lifecycle.models", "Job": "lifecycle.models"}.get(name, "lifecycle.validator")
    if name in {"Report", "Diagnostic"}:
        home = "lifecycle.validation.report"
    assert getattr(lifecycle, name) is getattr(importlib.import_module(home), name)


def test_import_lifecycle_loads_neither_pydantic_nor_transitions() -> None:
    code = (
        "import sys, lifecycle; lifecycle.compile_edition(); "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'transitions')); "
        "sys.exit(str(loaded) if loaded else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_bad_lang_or_edition_is_a_value_error_naming_the_choices() -> None:
    import lifecycle

    with pytest.raises(ValueError, match="en, zh") as caught:
        lifecycle.validate("{}", lang="fr")  # type: ignore[arg-type]
    assert "'fr'" in str(caught.value)
    with pytest.raises(ValueError, match="2025-11"):
        lifecycle.validate("{}", edition="1999-01")


def test_report_names_say_what_they_hold() -> None:
    import lifecycle

    job = {
        "job_id": "j",
        "name": "n",
        "state": "TRAINING",
        "model_version": "V3",
        "operation_logs": [{"log_type": "USER_CREATE_JOD"}],
    }
    report = lifecycle.validate(job)
    assert report.error_count == len(report.errors) >= 1
    assert report.warning_count == len(report.warnings) >= 1
    assert all(isinstance(d, lifecycle.Diagnostic) and d.severity == "error" for d in report.errors)
    assert [d.code for d in report.warnings] == ["deprecated-value"]
