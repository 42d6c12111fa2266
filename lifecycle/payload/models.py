"""Pydantic models of the job-detail answer, ``GET /v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}``.

Sources: the seed page (tables 4–16, 2024-12-26) [api-show], the fields added on 2025-11-20 (SDK
3.1.176) [py-sdk-3.1.176] and the wire quirks both keep. Field names are the wire names, typos included
(``traning_video_mark_info``), and enumerated values keep their wire spelling.

Design (why the models look the way they do):

* **Two modes, one set of models.** Every field is optional at the model level, because a validator
  fetching millions of jobs must see *everything* it can from a damaged answer. :func:`parse_job` in lenient
  mode (the default) turns each problem into a :class:`FieldFinding`, drops only the offending value and
  keeps the rest; in strict mode it raises :class:`pydantic.ValidationError`, including for the fields the
  SDK marks required (``job_id``, ``name``, ``state``; ``samples[].action_tag``; the three
  ``voice_properties`` fields).
* **Open vocabularies.** ``state``, ``log_type`` and ``sub_training_job_info[].state`` are plain strings:
  21 states and 42 log types were added after the seed, and neither SDK validates them [py-changelog].
* **Closed vocabularies** are the small documented enumerations (``matting_type``, ``charge_mode`` …); an
  unknown value there is a finding.
* **JSON types are strict**: ``"5"`` is not an integer and ``"true"`` not a boolean — a type change on the
  wire is worth a finding, not a silent coercion.
* **Quirks accepted as sent** ([api-show, example]): ``"null"`` and ``""`` in a URL field mean absent; deprecated
  ``model_version`` ``V3``/``V2`` is accepted and reported (kind ``"deprecated"``); equal timestamps are
  fine; ``sub_training_job_info`` times are integers.
* **Unknown fields are preserved** (``extra="allow"``) at every level and round-trip through
  ``model_dump(by_alias=True)`` and JSON.
* **Redaction**: ``repr()``/``str()`` of every model and :meth:`Job.redacted_dict` hide the contact phone
  number, identity-document URLs, and every phone number or URL secret in any value, in any writing (see
  :func:`lifecycle.payload.redaction.redact_text`); what is not secret is kept, with its type where it can be
  (a numeric ``contact`` shows masked, a URL field holding an object keeps the object). Strict-mode errors
  hide their inputs (``hide_input_in_errors``). Raw values stay available as attributes and through
  ``model_dump()``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Final, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import InitErrorDetails

from lifecycle.payload.jsontext import NotJson, loads
from lifecycle.payload.redaction import redact_field, redact_payload, redact_value_for_message
from lifecycle.payload.timestamps import RFC3339_PATTERN, parse_rfc3339
from lifecycle.spec.vocabulary import DEPRECATED_MODEL_VERSIONS, Actor

__all__ = [
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
    "job_from_sdk",
    "job_json_schema",
    "parse_job",
    "parse_job_json",
    "parse_mark_time",
    "parse_rfc3339",
]

# --------------------------------------------------------------------------------------------------
# Wire value types
# --------------------------------------------------------------------------------------------------

MARK_TIME_PATTERN: Final = r"^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}$"
"""Marking times, ``HH:MM:SS.mmm`` (seed tables 9–13)."""

_MARK_TIME_RE: Final = re.compile(MARK_TIME_PATTERN, re.ASCII)


def parse_mark_time(value: str) -> timedelta:
    """Parse a ``HH:MM:SS.mmm`` marking time (seed tables 9–13) into an offset from the video start.

    >>> parse_mark_time("00:01:02.500")
    datetime.timedelta(seconds=62, microseconds=500000)
    """
    if _MARK_TIME_RE.match(value) is None:
        raise ValueError("not a HH:MM:SS.mmm marking time")
    hours, minutes, rest = value.split(":")
    seconds, millis = rest.split(".")
    return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds), milliseconds=int(millis))


def _check_rfc3339(value: str) -> str:
    parse_rfc3339(value)
    return value


def _absent_if_placeholder(value: object) -> object:
    """``"null"`` and ``""`` in a URL field mean "no URL" (seed example: ``verify_video_download_url``)."""
    if value == "null" or value == "":
        return None
    return value


def _empty_if_null(value: object) -> object:
    """``operation_logs: null`` means no logs, like an absent field (the SDK maps both to None)."""
    return [] if value is None else value


Timestamp: TypeAlias = Annotated[
    str,
    AfterValidator(_check_rfc3339),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN}),
]
"""An RFC 3339 timestamp, kept as the original string; see the ``*_dt`` properties for the datetime."""

MarkTime: TypeAlias = Annotated[str, StringConstraints(pattern=MARK_TIME_PATTERN)]
"""A ``HH:MM:SS.mmm`` marking time, kept as sent; :func:`parse_mark_time` converts it."""

Url: TypeAlias = Annotated[str | None, BeforeValidator(_absent_if_placeholder)]
"""A (usually signed, 24 h) URL; ``"null"``/``""`` become ``None`` (the seed example sends ``"null"``)."""

Int64: TypeAlias = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]

MattingType: TypeAlias = Literal["AI", "MANUAL"]
ModelResolution: TypeAlias = Literal["1080P", "4K"]
MattingMethod: TypeAlias = Literal["RESERVED", "DELETE", "NO_DEGREEN"]
CommentType: TypeAlias = Literal["USER_REJECT", "USER_COMMENT", "ADMIN_COMMENT"]
ActionType: TypeAlias = Literal["SILENCE", "ACTION"]
ChargeMode: TypeAlias = Literal["PERIODIC", "ONE_TIME", "ON_DEMAND"]
AudioSourceType: TypeAlias = Literal["VIDEO", "AUDIO"]
SupportedService: TypeAlias = Literal["VIDEO_2D", "LIVE_2D", "CHAT_2D"]
RotationState: TypeAlias = Literal["WAITING", "PROCESSING", "SUCCESS", "FAILED"]
JobTag: TypeAlias = Literal["ECOMMERCE", "NEWS", "MARKETING"]
Sex: TypeAlias = Literal["FEMALE", "MALE"]
Language: TypeAlias = Literal["CN", "EN"]


def _dt(value: str | None) -> datetime | None:
    return None if value is None else parse_rfc3339(value)


# --------------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------------


class WireModel(BaseModel):
    """Common configuration of every payload model.

    ``strict`` keeps JSON types honest; ``extra="allow"`` preserves fields newer than this library;
    ``frozen`` because a parsed answer is a record; ``hide_input_in_errors`` keeps phone numbers and signed
    URLs out of exception texts; ``protected_namespaces=()`` because ``model_version`` is a wire name.
    """

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        frozen=True,
        hide_input_in_errors=True,
        protected_namespaces=(),
    )

    STRICT_REQUIRED: ClassVar[tuple[str, ...]] = ()
    """Fields the SDK treats as required: ``None`` there is a finding (lenient) or an error (strict)."""

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        """Redact every rendering for people: contact, identity URLs, phone numbers and URL secrets anywhere."""
        for key, value in super().__repr_args__():
            yield key, redact_payload(value) if key is None else redact_field(key, value)


def _required_schema(*names: str) -> dict[str, Any]:
    return {"required": list(names)}


class OperationLogInfo(WireModel):
    """One ``operation_logs[]`` entry (seed table 5; ``redo_reasons`` since 2025-11 [py-operation-log]).

    ``log_type`` is an open vocabulary (plain ``str``); ``operate_time`` may repeat (seed example).
    """

    operate_time: Timestamp | None = None
    log_type: str | None = None
    log_description: str | None = None
    operate_user: Actor | None = Field(default=None, strict=False)
    error_code: str | None = None
    """A numeric string such as ``44005901`` — not the ``MSS.*`` API error space [api-show, table 5]."""
    redo_reasons: list[str] | None = None

    @property
    def operate_time_dt(self) -> datetime | None:
        """``operate_time`` as an aware datetime."""
        return _dt(self.operate_time)


class VerifyVideoMattingInfo(WireModel):
    """An area left alone when making the matting check video (seed table 6)."""

    dx: int | None = Field(default=None, ge=0, le=3840)
    dy: int | None = Field(default=None, ge=0, le=3840)
    width: int | None = Field(default=None, ge=1, le=7680)
    height: int | None = Field(default=None, ge=1, le=7680)
    method: MattingMethod | None = None


class CommentLogInfo(WireModel):
    """One ``comment_logs[]`` entry (seed table 7); attachments are signed URLs."""

    operate_time: Timestamp | None = None
    comment_type: CommentType | None = None
    comment_title: str | None = None
    comment_message: str | None = None
    attachment_download_url: list[str] | None = None

    @property
    def operate_time_dt(self) -> datetime | None:
        """``operate_time`` as an aware datetime."""
        return _dt(self.operate_time)


class ActionSampleInfo(WireModel):
    """An atomic-action sample (seed table 8); ``action_tag`` is required in the SDK [py-show-response].

    ``is_selected`` is documented to default to true; an absent value stays ``None`` here (as sent).
    """

    model_config = ConfigDict(json_schema_extra=_required_schema("action_tag"))
    STRICT_REQUIRED: ClassVar[tuple[str, ...]] = ("action_tag",)

    action_name_zh: str | None = None
    action_name_en: str | None = None
    action_tag: str | None = None
    catalog: str | None = None
    recommended_value: int | None = Field(default=None, ge=0, le=100)
    is_selected: bool | None = None
    sample_download_url: Url = None


class TrainingVideoMarkInfo(WireModel):
    """``traning_video_mark_info`` (sic; seed table 9)."""

    video_start_time: MarkTime | None = None
    video_end_time: MarkTime | None = None


class InferenceVideoMarkInfo(WireModel):
    """``inference_data_process_video_mark_info`` (seed table 10)."""

    video_start_time: MarkTime | None = None
    video_end_time: MarkTime | None = None
    chat_video_start_time: MarkTime | None = None
    chat_video_end_time: MarkTime | None = None


class ActionMarkItem(WireModel):
    """One marked action (seed table 12); ``action_type`` length 0–64 and SILENCE/ACTION."""

    action_start_time: MarkTime | None = None
    action_end_time: MarkTime | None = None
    action_type: ActionType | None = None


class InferenceActionMarkInfo(WireModel):
    """Action (or chat-action) marks for inference preprocessing (seed table 11)."""

    action_info: list[ActionMarkItem] | None = None


class InferenceEyeCorrectionMarkInfo(WireModel):
    """Eye-correction marks (seed table 13)."""

    eye_correction_start_time: MarkTime | None = None
    eye_correction_end_time: MarkTime | None = None


class TrainingAllocatedResource(WireModel):
    """``allocated_resource`` (seed table 14; ``ON_DEMAND`` since 2025-11 [py-sdk-3.1.176])."""

    resource_id: str | None = None
    charge_mode: ChargeMode | None = None
    expire_time: Timestamp | None = None

    @property
    def expire_time_dt(self) -> datetime | None:
        """``expire_time`` as an aware datetime."""
        return _dt(self.expire_time)


class VoiceProperties(WireModel):
    """``voice_properties`` (2025-11 [py-sdk-3.1.176]); all three fields are required in the SDK."""

    model_config = ConfigDict(json_schema_extra=_required_schema("job_tag", "sex", "language"))
    STRICT_REQUIRED: ClassVar[tuple[str, ...]] = ("job_tag", "sex", "language")

    job_tag: JobTag | None = None
    sex: Sex | None = None
    language: Language | None = None


class SubTrainingJobInfo(WireModel):
    """One ``sub_training_job_info[]`` entry (SDK ``SubTrainingJobInfoDto``, 2025-11 [py-sdk-3.1.176]).

    ``state`` and ``sub_job_type`` are undocumented vocabularies (open strings). The times are int64
    numbers with an undocumented unit (likely epoch milliseconds; no source says), so they are
    kept as integers and not converted.
    """

    job_id: str | None = None
    sub_job_type: str | None = None
    heart_beat_id: str | None = None
    state: str | None = None
    create_time: Int64 | None = None
    last_update_time: Int64 | None = None


class Job(WireModel):
    """The 200 answer of the job-detail API: 45 seed fields (table 4) plus 12 from 2025-11 [py-sdk-3.1.176].

    Field order follows the SDK class ``Show2dModelTrainingJobResponse``. ``job_id``/``name``/``state`` are
    required by the SDK but typed ``str | None`` so that lenient parsing can report their absence; strict
    parsing enforces them. ``operation_logs`` is always a list (absent or ``null`` → empty).
    Documented defaults (``model_version`` V3.2, ``matting_type`` AI, ``is_background_replacement`` true…)
    are *not* filled in: ``None`` means "not sent".
    """

    model_config = ConfigDict(json_schema_extra=_required_schema("job_id", "name", "state"))
    STRICT_REQUIRED: ClassVar[tuple[str, ...]] = ("job_id", "name", "state")

    job_id: str | None = Field(default=None, min_length=1)
    name: str | None = None
    state: str | None = Field(default=None, min_length=1)
    """Open vocabulary (neither SDK checks the value [go-show-response]): unknown states are kept raw."""
    asset_id: str | None = None
    project_id: str | None = None
    cover_download_url: Url = None
    last_update_time: Timestamp | None = None
    create_time: Timestamp | None = None
    contact: str | None = None
    """The creator's phone number (or e-mail, per the Go SDK): never shown by ``repr``/reports."""
    batch_name: str | None = None
    tags: list[str] | None = None
    model_version: str | None = Field(default=None, max_length=64)
    """Open: ``V3.2`` default, ``V3.3`` since 2025-11; ``V3``/``V2`` deprecated but still sent."""
    matting_type: MattingType | None = None
    model_resolution: ModelResolution | None = None
    app_user_id: str | None = None
    is_flexus: bool | None = None
    is_live_copy: bool | None = None  # 2025-11 [py-sdk-3.1.176]
    is_fast_flexus: bool | None = None  # 2025-11 [py-sdk-3.1.176]
    is_only_human_model: bool | None = None
    optional_training_location: list[str] | None = None  # 2025-11 [py-sdk-3.1.176]
    is_background_replacement: bool | None = None
    is_ondemand_resource: bool | None = None  # 2025-11 [py-sdk-3.1.176]
    training_video_download_url: Url = None
    id_card_image1_download_url: Url = None
    id_card_image2_download_url: Url = None
    grant_file_download_url: Url = None
    pre_beauty_image_download_url: Url = None
    external_action_json_data_download_url: Url = None  # 2025-11 [py-sdk-3.1.176]
    action_video_download_url: Url = None
    post_beauty_image_download_url: Url = None
    audio_file_download_url: Url = None
    action_mark_file_download_url: Url = None  # 2025-11 [py-sdk-3.1.176]
    action_mark_file_upload_url: Url = None  # 2025-11 [py-sdk-3.1.176]
    operation_logs: Annotated[list[OperationLogInfo], BeforeValidator(_empty_if_null)] = Field(default_factory=list)
    verify_video_matting_info: list[VerifyVideoMattingInfo] | None = None
    comment_logs: list[CommentLogInfo] | None = None
    samples: list[ActionSampleInfo] | None = None
    is_mask_file_uploaded: bool | None = None
    mask_file_download_url: Url = None
    verify_video_download_url: Url = None
    markable_video_download_url: Url = None
    markable_action_video_download_url: Url = None  # 2025-11 [py-sdk-3.1.176]
    traning_video_mark_info: TrainingVideoMarkInfo | None = None
    inference_data_process_video_mark_info: InferenceVideoMarkInfo | None = None
    voice_properties: VoiceProperties | None = None  # 2025-11 [py-sdk-3.1.176]
    inference_data_process_action_mark_info: InferenceActionMarkInfo | None = None
    inference_data_process_chat_action_mark_info: InferenceActionMarkInfo | None = None
    inference_data_process_eye_correction_mark_info: InferenceEyeCorrectionMarkInfo | None = None
    worker_type: list[str] | None = None
    voice_train_job_id: str | None = None
    flexus_retry_count: int | None = Field(default=None, ge=0, le=10)
    audio_source_type: AudioSourceType | None = None
    supported_service: list[SupportedService] | None = None
    """Absent means the documented default ``[VIDEO_2D, LIVE_2D]`` — hence not defaulted to ``[]``."""
    allocated_resource: TrainingAllocatedResource | None = None
    train_video_rotation_state: RotationState | None = None  # 2025-11 [py-sdk-3.1.176]
    action_video_rotation_state: RotationState | None = None  # 2025-11 [py-sdk-3.1.176]
    sub_training_job_info: list[SubTrainingJobInfo] | None = None  # 2025-11 [py-sdk-3.1.176]

    @property
    def create_time_dt(self) -> datetime | None:
        """``create_time`` as an aware datetime."""
        return _dt(self.create_time)

    @property
    def last_update_time_dt(self) -> datetime | None:
        """``last_update_time`` as an aware datetime."""
        return _dt(self.last_update_time)

    @property
    def is_deprecated_model_version(self) -> bool:
        """``model_version`` is ``V3`` or ``V2`` (seed table 4: "V3和V2版本已废弃不用")."""
        return self.model_version in DEPRECATED_MODEL_VERSIONS

    def redacted_dict(self) -> dict[str, Any]:
        """The fields that were sent, as JSON values, redacted by :func:`~lifecycle.payload.redaction.redact_payload`.

        Contact fields are masked (``"*********78"``, also when sent as a number), identity-document URLs keep
        only scheme and host, and every phone number or URL secret in any other value is hidden; the rest,
        unknown fields included, is kept with its JSON type.
        """
        dumped = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        result: dict[str, Any] = redact_payload(dumped)
        return result

    @classmethod
    def from_sdk(cls, response: object, *, strict: bool = False) -> ParsedJob:
        """Same as :func:`job_from_sdk`."""
        return job_from_sdk(response, strict=strict)


class ErrorBody(WireModel):
    """The 400/500 answer (seed tables 15–16), e.g. ``MSS.00000003`` "Invalid parameter"."""

    error_code: str
    error_msg: str


# --------------------------------------------------------------------------------------------------
# Findings and parsing
# --------------------------------------------------------------------------------------------------

FindingKind: TypeAlias = Literal["invalid", "missing", "deprecated", "invalid-json", "error-response"]
"""What a :class:`FieldFinding` reports.

* ``invalid`` — the value is there but breaks the documented type, range, enumeration or format; in lenient
  mode it was dropped (field → ``None``, list item removed). Path ``""``: the root is not a JSON object.
* ``missing`` — a field the SDK treats as required is absent or ``null``.
* ``deprecated`` — a value accepted but documented as deprecated (``model_version`` V3/V2); never an error.
* ``invalid-json`` — :func:`parse_job_json` got text that is not JSON (path ``""``).
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


@dataclass(frozen=True, slots=True)
class ParsedJob:
    """The result of parsing: the job (``None`` only when the root is not a JSON object) and findings."""

    job: Job | None
    findings: tuple[FieldFinding, ...] = ()

    @property
    def problems(self) -> tuple[FieldFinding, ...]:
        """Findings other than ``deprecated`` ones."""
        return tuple(f for f in self.findings if f.kind != "deprecated")


Loc: TypeAlias = tuple[int | str, ...]


def _format_path(parts: Iterable[int | str]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


class _Workspace:
    """A copy-on-write view of the raw payload from which invalid values are removed.

    Only the containers on the path to a removed value are copied (the caller's data is never mutated).
    Removing list items shifts indices, so each modified list remembers the original index of each of its
    items: finding paths always name positions in the payload as sent.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root: dict[str, Any] = dict(root)
        self._owned: dict[int, Any] = {id(self.root): self.root}
        self._origin: dict[int, list[int]] = {}

    def _own(self, parent: dict[str, Any] | list[Any], key: Any) -> Any:
        child = parent[key]
        if self._owned.get(id(child)) is child:
            return child
        if isinstance(child, dict):
            child = dict(child)
        elif isinstance(child, list):
            child = list(child)
        else:
            return child
        parent[key] = child
        self._owned[id(child)] = child
        return child

    def original_index(self, container: list[Any], index: int) -> int:
        origin = self._origin.get(id(container))
        return index if origin is None else origin[index]

    def locate(self, loc: Loc) -> tuple[Any, int | str, list[int | str]] | None:
        """(parent container, last key, original path parts) of ``loc``, or None if it does not exist."""
        if not loc:
            return None
        node: Any = self.root
        parts: list[int | str] = []
        for step in loc:
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                parts.append(step)
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                parts.append(self.original_index(node, step))
            else:
                return None
            if len(parts) < len(loc):
                node = self._own(node, step)
        return node, loc[-1], parts

    def remove_items(self, container: list[Any], indices: set[int]) -> None:
        origin = self._origin.setdefault(id(container), list(range(len(container))))
        for index in sorted(indices, reverse=True):
            del container[index]
            del origin[index]


_MAX_ROUNDS: Final = 16


def _nearest_key(loc: Loc) -> str | None:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return None


def _invalid_message(error: Any) -> str:
    loc: Loc = tuple(error["loc"])
    shown = redact_value_for_message(_nearest_key(loc), error.get("input"))
    return f"{error['msg']} (got {shown}); value dropped"


def _lenient_validate(data: dict[str, Any]) -> tuple[Job, list[FieldFinding], _Workspace | None]:
    """Validate, dropping each invalid value and recording it, until the rest validates."""
    try:
        return Job.model_validate(data), [], None
    except ValidationError as first:
        exc = first
    work = _Workspace(data)
    findings: list[FieldFinding] = []
    for _ in range(_MAX_ROUNDS):
        progress = False
        removals: dict[int, tuple[list[Any], set[int]]] = {}
        for error in exc.errors(include_url=False, include_context=False):
            located = work.locate(tuple(error["loc"]))
            if located is None:
                continue
            parent, key, parts = located
            findings.append(FieldFinding(_format_path(parts), "invalid", _invalid_message(error)))
            if isinstance(parent, dict):
                del parent[key]
            else:
                removals.setdefault(id(parent), (parent, set()))[1].add(int(key))
            progress = True
        for container, indices in removals.values():
            work.remove_items(container, indices)
        if not progress:
            break
        try:
            return Job.model_validate(work.root), findings, work
        except ValidationError as again:
            exc = again
    # Unreachable with the current models (every error has a removable location); kept as a safety net so
    # that lenient parsing never raises.
    findings.append(FieldFinding("", "invalid", "the payload could not be repaired; all fields dropped"))
    return Job.model_construct(), findings, None


def _required_findings(job: Job, work: _Workspace | None) -> list[tuple[Loc, str]]:
    """Locations (and original paths) of SDK-required fields that are ``None``."""
    out: list[tuple[Loc, str]] = [((name,), name) for name in Job.STRICT_REQUIRED if getattr(job, name) is None]
    if job.samples:
        raw_samples = work.root.get("samples") if work is not None else None
        for i, sample in enumerate(job.samples):
            orig = work.original_index(raw_samples, i) if work is not None and isinstance(raw_samples, list) else i
            for name in ActionSampleInfo.STRICT_REQUIRED:
                if getattr(sample, name) is None:
                    out.append((("samples", i, name), _format_path(("samples", orig, name))))
    if job.voice_properties is not None:
        for name in VoiceProperties.STRICT_REQUIRED:
            if getattr(job.voice_properties, name) is None:
                out.append((("voice_properties", name), f"voice_properties.{name}"))
    return out


def _deprecated_findings(job: Job) -> list[FieldFinding]:
    if job.is_deprecated_model_version:
        return [
            FieldFinding(
                "model_version",
                "deprecated",
                f"model_version {job.model_version!r} is deprecated (seed: V3 and V2 are no longer used; "
                "the default is V3.2)",
            )
        ]
    return []


def _error_response_finding(job: Job) -> list[FieldFinding]:
    extra = job.model_extra or {}
    if job.job_id is not None or "error_code" not in extra or "error_msg" not in extra:
        return []
    code = redact_value_for_message("error_code", extra["error_code"])
    return [FieldFinding("", "error-response", f"the payload is an API error body (error_code {code}), not a job")]


def _as_plain(data: object) -> object:
    if isinstance(data, Job):
        return data.model_dump(by_alias=True, exclude_unset=True)
    return data


def _finish_lenient(job: Job, findings: list[FieldFinding], work: _Workspace | None) -> ParsedJob:
    reported = {f.path for f in findings}
    for _, path in _required_findings(job, work):
        if path not in reported:
            findings.append(FieldFinding(path, "missing", "required field is absent or null"))
    findings.extend(_deprecated_findings(job))
    findings.extend(_error_response_finding(job))
    return ParsedJob(job, tuple(findings))


def _finish_strict(job: Job) -> ParsedJob:
    missing = _required_findings(job, None)
    if missing:
        raise ValidationError.from_exception_data(
            "Job",
            [InitErrorDetails(type="missing", loc=loc, input=None) for loc, _ in missing],
            hide_input=True,
        )
    return ParsedJob(job, tuple(_deprecated_findings(job)))


def parse_job(data: object, *, strict: bool = False) -> ParsedJob:
    """Parse a decoded job-detail answer (a ``dict`` from ``json.loads``, or a :class:`Job`).

    Lenient (default): never raises for JSON-compatible input; every problem is a :class:`FieldFinding`,
    the offending value is dropped and everything else kept; ``job`` is ``None`` only when the root is not
    a JSON object. Strict: raises :class:`pydantic.ValidationError` on the first batch of problems
    (type/range/format errors, then missing required fields); ``deprecated`` values are still only findings.
    """
    data = _as_plain(data)
    if strict:
        return _finish_strict(Job.model_validate(data))
    if not isinstance(data, dict):
        return ParsedJob(None, (FieldFinding("", "invalid", f"the payload is {_json_kind(data)}, not a JSON object"),))
    job, findings, work = _lenient_validate(data)
    return _finish_lenient(job, findings, work)


def parse_job_json(text: str | bytes, *, strict: bool = False) -> ParsedJob:
    """Parse the JSON text of a job-detail answer.

    Lenient: text that is not JSON gives ``ParsedJob(None, (FieldFinding("", "invalid-json", …),))``.
    Strict: uses pydantic's JSON parser, so invalid JSON raises :class:`pydantic.ValidationError`
    (type ``json_invalid``) like every other problem — nothing else is raised.
    """
    if strict:
        return _finish_strict(Job.model_validate_json(text))
    try:
        job = Job.model_validate_json(text)  # fast path: valid payloads skip the Python decoder
    except ValidationError:
        pass
    else:
        return _finish_lenient(job, [], None)
    data = loads(text)  # the limits every entry point shares (lifecycle.payload.jsontext)
    if isinstance(data, NotJson):
        return ParsedJob(None, (FieldFinding("", "invalid-json", f"the text is not JSON: {data.detail}"),))
    return parse_job(data)


def _sdk_to_plain(value: object) -> Any:
    """An SDK model (``openapi_types`` + ``attribute_map``) as wire JSON values, without ``to_dict()``.

    ``to_dict()`` is deprecated (it warns) and keys by attribute name; here keys are wire names, unset
    (``None``) attributes are omitted, and the ``X-Request-Id`` header attribute is dropped (not body).
    """
    types = getattr(type(value), "openapi_types", None)
    if isinstance(types, dict):
        wire = getattr(type(value), "attribute_map", None) or {}
        out: dict[str, Any] = {}
        for attr in types:
            key = str(wire.get(attr, attr))
            item = getattr(value, attr, None)
            if item is None or key == "X-Request-Id":
                continue
            out[key] = _sdk_to_plain(item)
        return out
    if isinstance(value, list | tuple):
        return [_sdk_to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _sdk_to_plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):  # the SDK decodes JSON numbers as Decimal
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def job_from_sdk(response: object, *, strict: bool = False) -> ParsedJob:
    """Parse a ``huaweicloudsdkmetastudio.v1.Show2dModelTrainingJobResponse`` (or a plain dict).

    If the response carries the HTTP body (``raw_content``, set by the SDK client), that body is parsed: it
    has the exact wire types and unknown fields, which the SDK's attributes lose (the SDK coerces ``5`` to
    ``"5"`` for string fields and drops unknown keys). Otherwise the attributes are read (duck-typed via
    ``openapi_types``; the SDK is never imported). ``x_request_id`` is a response header, not body: it is
    dropped — read it from the response if needed.
    """
    raw = getattr(response, "raw_content", None)
    if isinstance(raw, bytes | str) and raw:
        return parse_job_json(raw, strict=strict)
    if isinstance(response, dict | Job):
        return parse_job(response, strict=strict)
    return parse_job(_sdk_to_plain(response), strict=strict)


@cache
def _schema() -> str:
    return json.dumps(Job.model_json_schema(by_alias=True))


def job_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12, by wire name) of :class:`Job`; a fresh copy on every call."""
    schema: dict[str, Any] = json.loads(_schema())
    return schema
