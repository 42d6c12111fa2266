"""What the payload schema reports: :class:`FieldFinding` and its kinds. A leaf module (no pydantic), so the
payload gate (:mod:`lifecycle.payload.gate`) gives the findings of a clean payload without loading the models;
:mod:`lifecycle.payload.parsing` makes every other finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from lifecycle.spec.vocabulary import DEPRECATED_MODEL_VERSIONS

__all__ = ["FieldFinding", "FindingKind", "deprecated_findings"]

FindingKind: TypeAlias = Literal["invalid", "missing", "deprecated", "invalid-json", "error-response"]
"""What a :class:`FieldFinding` reports.

* ``invalid`` — the value is there but breaks the documented type, range, enumeration or format; in lenient
  mode it was dropped (field → ``None``, list item removed). Path ``""``: the root is not a JSON object.
* ``missing`` — a field the SDK treats as required is absent or ``null``.
* ``deprecated`` — a value accepted but documented as deprecated (``model_version`` V3/V2); never an error.
* ``invalid-json`` — :func:`lifecycle.payload.parsing.parse_job_json` got text that is not JSON (path ``""``).
* ``error-response`` — the object looks like an API error body (``error_code``/``error_msg``, no
  ``job_id``): the caller probably parsed a 4xx/5xx answer as a job (path ``""``).
"""


@dataclass(frozen=True, slots=True)
class FieldFinding:
    """One problem found in a payload. ``message`` never echoes contact or URL values."""

    path: str
    """JSON path such as ``operation_logs[2].operate_time``; ``""`` is the root."""
    kind: FindingKind
    message: str


def deprecated_findings(model_version: str | None) -> list[FieldFinding]:
    """The ``deprecated`` finding of a ``model_version`` value (seed table 4: V3 and V2), if it is one."""
    if model_version in DEPRECATED_MODEL_VERSIONS:
        return [
            FieldFinding(
                "model_version",
                "deprecated",
                f"model_version {model_version!r} is deprecated (seed: V3 and V2 are no longer used; "
                "the default is V3.2)",
            )
        ]
    return []
