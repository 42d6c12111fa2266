"""lifecycle: the MetaStudio 2D avatar training-job lifecycle, as a checked state machine.

>>> lc = compile_edition("2025-11").restrict(flexus=False)
>>> sorted(lc.replay(["USER_CREATE_JOD", "SYSTEM_MARKABLE_VIDEO", "USER_VERIFYING_SUBMITTED",
...                   "SYSTEM_VERIFY_SUCCESS", "SYSTEM_MARKABLE_VIDEO_SUCCESS"]))
['MANUAL_VERIFYING']
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lifecycle.engine.compiled import BEFORE_CREATION, SILENT, Lifecycle, compile
from lifecycle.errors import InvalidSpec, LifecycleError, Problem, UnknownEdition
from lifecycle.spec import Spec, apply_overlay, load_edition, read_overlay
from lifecycle.spec.vocabulary import (
    DEFAULT_EDITION,
    EDITIONS,
    Actor,
    ConsoleGroup,
    Edition,
    JobState,
    LogType,
    StateKind,
    console_label,
)

__version__ = "0.1.0"


@cache
def _compiled(edition: str) -> Lifecycle:
    return compile(load_edition(edition))


def compile_edition(edition: str | Edition = DEFAULT_EDITION, *, overlays: tuple[str | Path, ...] = ()) -> Lifecycle:
    """The compiled lifecycle of a shipped edition, with overlay files applied in order."""
    if not overlays:
        return _compiled(str(load_edition(edition).edition))
    spec = load_edition(edition)
    for path in overlays:
        spec = apply_overlay(spec, read_overlay(path))
    return compile(spec)


_LAZY = {
    "Clock": "lifecycle.spec.expectations",
    "Diagnostic": "lifecycle.validation.report",
    "Fleet": "lifecycle.tracking",
    "Job": "lifecycle.payload.models",
    "Report": "lifecycle.validation.report",
    "Tracker": "lifecycle.tracking",
    "parse_job": "lifecycle.payload.parsing",
    "validate": "lifecycle.validation.validator",
    "validate_many": "lifecycle.validation.validator",
}
"""Public names loaded when first used: ``import lifecycle`` loads neither pydantic nor transitions."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lifecycle' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "BEFORE_CREATION",
    "DEFAULT_EDITION",
    "EDITIONS",
    "SILENT",
    "Actor",
    "Clock",
    "ConsoleGroup",
    "Diagnostic",
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
]
