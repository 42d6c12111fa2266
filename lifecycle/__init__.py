"""lifecycle: the MetaStudio 2D avatar training-job lifecycle, as a checked state machine.

>>> lc = compile_edition("2025-11").restrict(flexus=False)
>>> sorted(lc.replay(["USER_CREATE_JOD", "SYSTEM_MARKABLE_VIDEO", "USER_VERIFYING_SUBMITTED",
...                   "SYSTEM_VERIFY_SUCCESS", "SYSTEM_MARKABLE_VIDEO_SUCCESS"]))
['MANUAL_VERIFYING']
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lifecycle.engine.compiled import BEFORE_CREATION, SILENT, Lifecycle, Tracker, compile
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


__all__ = [
    "BEFORE_CREATION",
    "DEFAULT_EDITION",
    "EDITIONS",
    "SILENT",
    "Actor",
    "ConsoleGroup",
    "Edition",
    "InvalidSpec",
    "JobState",
    "Lifecycle",
    "LifecycleError",
    "LogType",
    "Problem",
    "Spec",
    "StateKind",
    "Tracker",
    "UnknownEdition",
    "__version__",
    "compile",
    "compile_edition",
    "console_label",
    "load_edition",
]
