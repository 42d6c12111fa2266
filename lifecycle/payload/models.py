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

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from lifecycle.payload.redaction import redact_field, redact_payload
from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.payload.wire_types import (
    ActionType,
    AudioSourceType,
    ChargeMode,
    CommentType,
    Int64,
    JobTag,
    Language,
    MarkTime,
    MattingMethod,
    MattingType,
    ModelResolution,
    RotationState,
    Sex,
    SupportedService,
    Timestamp,
    Url,
    dt,
    empty_if_null,
    parse_mark_time,
)
from lifecycle.spec.vocabulary import DEPRECATED_MODEL_VERSIONS, Actor

if TYPE_CHECKING:
    from lifecycle.payload.parsing import ParsedJob

__all__ = [
    "ActionMarkItem",
    "ActionSampleInfo",
    "CommentLogInfo",
    "ErrorBody",
    "InferenceActionMarkInfo",
    "InferenceEyeCorrectionMarkInfo",
    "InferenceVideoMarkInfo",
    "Job",
    "OperationLogInfo",
    "SubTrainingJobInfo",
    "TrainingAllocatedResource",
    "TrainingVideoMarkInfo",
    "VerifyVideoMattingInfo",
    "VoiceProperties",
    "parse_mark_time",
    "parse_rfc3339",
]

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
        return dt(self.operate_time)


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
        return dt(self.operate_time)


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
        return dt(self.expire_time)


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
    operation_logs: Annotated[list[OperationLogInfo], BeforeValidator(empty_if_null)] = Field(default_factory=list)
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
        return dt(self.create_time)

    @property
    def last_update_time_dt(self) -> datetime | None:
        """``last_update_time`` as an aware datetime."""
        return dt(self.last_update_time)

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
        """Same as :func:`lifecycle.payload.parsing.job_from_sdk`."""
        from lifecycle.payload.parsing import job_from_sdk

        return job_from_sdk(response, strict=strict)


class ErrorBody(WireModel):
    """The 400/500 answer (seed tables 15–16), e.g. ``MSS.00000003`` "Invalid parameter"."""

    error_code: str
    error_msg: str


# --------------------------------------------------------------------------------------------------
# Findings and parsing
# --------------------------------------------------------------------------------------------------
