"""The payload gate's msgspec Structs, generated from the payload's pydantic models.

Made from lifecycle/payload/models.py by ``lifecycle generate`` (:func:`lifecycle.payload.gate_build.render`);
do not edit: tests/test_generated.py fails when this file differs from what the models make. Each model ``M``
has an open Struct ``GateM`` (unknown fields allowed, as the models' ``extra="allow"``) and its closed twin
``GateClosedM`` (a subclass refusing unknown fields, nested Structs closed too).
"""

from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import Meta

# fmt: off


GateOperationLogInfo: Final[Any] = msgspec.defstruct(
    "GateOperationLogInfo",
    [
        ("operate_time", str | None, None),
        ("log_type", str | None, None),
        ("log_description", str | None, None),
        ("operate_user", Literal["USER", "ADMIN", "SYSTEM"] | None, None),
        ("error_code", str | None, None),
        ("redo_reasons", list[str] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateVerifyVideoMattingInfo: Final[Any] = msgspec.defstruct(
    "GateVerifyVideoMattingInfo",
    [
        ("dx", Annotated[int, Meta(ge=0, le=3840)] | None, None),
        ("dy", Annotated[int, Meta(ge=0, le=3840)] | None, None),
        ("width", Annotated[int, Meta(ge=1, le=7680)] | None, None),
        ("height", Annotated[int, Meta(ge=1, le=7680)] | None, None),
        ("method", Literal["RESERVED", "DELETE", "NO_DEGREEN"] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateCommentLogInfo: Final[Any] = msgspec.defstruct(
    "GateCommentLogInfo",
    [
        ("operate_time", str | None, None),
        ("comment_type", Literal["USER_REJECT", "USER_COMMENT", "ADMIN_COMMENT"] | None, None),
        ("comment_title", str | None, None),
        ("comment_message", str | None, None),
        ("attachment_download_url", list[str] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateActionSampleInfo: Final[Any] = msgspec.defstruct(
    "GateActionSampleInfo",
    [
        ("action_name_zh", str | None, None),
        ("action_name_en", str | None, None),
        ("action_tag", str),
        ("catalog", str | None, None),
        ("recommended_value", Annotated[int, Meta(ge=0, le=100)] | None, None),
        ("is_selected", bool | None, None),
        ("sample_download_url", str | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateTrainingVideoMarkInfo: Final[Any] = msgspec.defstruct(
    "GateTrainingVideoMarkInfo",
    [
        ("video_start_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("video_end_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateInferenceVideoMarkInfo: Final[Any] = msgspec.defstruct(
    "GateInferenceVideoMarkInfo",
    [
        ("video_start_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("video_end_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("chat_video_start_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("chat_video_end_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateVoiceProperties: Final[Any] = msgspec.defstruct(
    "GateVoiceProperties",
    [
        ("job_tag", Literal["ECOMMERCE", "NEWS", "MARKETING"]),
        ("sex", Literal["FEMALE", "MALE"]),
        ("language", Literal["CN", "EN"]),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateActionMarkItem: Final[Any] = msgspec.defstruct(
    "GateActionMarkItem",
    [
        ("action_start_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("action_end_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("action_type", Literal["SILENCE", "ACTION"] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateInferenceActionMarkInfo: Final[Any] = msgspec.defstruct(
    "GateInferenceActionMarkInfo",
    [
        ("action_info", list[GateActionMarkItem] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateInferenceEyeCorrectionMarkInfo: Final[Any] = msgspec.defstruct(
    "GateInferenceEyeCorrectionMarkInfo",
    [
        ("eye_correction_start_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
        ("eye_correction_end_time", Annotated[str, Meta(pattern="^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}\\Z")] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateTrainingAllocatedResource: Final[Any] = msgspec.defstruct(
    "GateTrainingAllocatedResource",
    [
        ("resource_id", str | None, None),
        ("charge_mode", Literal["PERIODIC", "ONE_TIME", "ON_DEMAND"] | None, None),
        ("expire_time", str | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateSubTrainingJobInfo: Final[Any] = msgspec.defstruct(
    "GateSubTrainingJobInfo",
    [
        ("job_id", str | None, None),
        ("sub_job_type", str | None, None),
        ("heart_beat_id", str | None, None),
        ("state", str | None, None),
        ("create_time", Annotated[int, Meta(ge=-9223372036854775808, le=9223372036854775807)] | None, None),
        ("last_update_time", Annotated[int, Meta(ge=-9223372036854775808, le=9223372036854775807)] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateJob: Final[Any] = msgspec.defstruct(
    "GateJob",
    [
        ("job_id", Annotated[str, Meta(min_length=1)]),
        ("name", str),
        ("state", Annotated[str, Meta(min_length=1)]),
        ("asset_id", str | None, None),
        ("project_id", str | None, None),
        ("cover_download_url", str | None, None),
        ("last_update_time", str | None, None),
        ("create_time", str | None, None),
        ("contact", str | None, None),
        ("batch_name", str | None, None),
        ("tags", list[str] | None, None),
        ("model_version", Annotated[str, Meta(max_length=64)] | None, None),
        ("matting_type", Literal["AI", "MANUAL"] | None, None),
        ("model_resolution", Literal["1080P", "4K"] | None, None),
        ("app_user_id", str | None, None),
        ("is_flexus", bool | None, None),
        ("is_live_copy", bool | None, None),
        ("is_fast_flexus", bool | None, None),
        ("is_only_human_model", bool | None, None),
        ("optional_training_location", list[str] | None, None),
        ("is_background_replacement", bool | None, None),
        ("is_ondemand_resource", bool | None, None),
        ("training_video_download_url", str | None, None),
        ("id_card_image1_download_url", str | None, None),
        ("id_card_image2_download_url", str | None, None),
        ("grant_file_download_url", str | None, None),
        ("pre_beauty_image_download_url", str | None, None),
        ("external_action_json_data_download_url", str | None, None),
        ("action_video_download_url", str | None, None),
        ("post_beauty_image_download_url", str | None, None),
        ("audio_file_download_url", str | None, None),
        ("action_mark_file_download_url", str | None, None),
        ("action_mark_file_upload_url", str | None, None),
        ("operation_logs", list[GateOperationLogInfo] | None, None),
        ("verify_video_matting_info", list[GateVerifyVideoMattingInfo] | None, None),
        ("comment_logs", list[GateCommentLogInfo] | None, None),
        ("samples", list[GateActionSampleInfo] | None, None),
        ("is_mask_file_uploaded", bool | None, None),
        ("mask_file_download_url", str | None, None),
        ("verify_video_download_url", str | None, None),
        ("markable_video_download_url", str | None, None),
        ("markable_action_video_download_url", str | None, None),
        ("traning_video_mark_info", GateTrainingVideoMarkInfo | None, None),
        ("inference_data_process_video_mark_info", GateInferenceVideoMarkInfo | None, None),
        ("voice_properties", GateVoiceProperties | None, None),
        ("inference_data_process_action_mark_info", GateInferenceActionMarkInfo | None, None),
        ("inference_data_process_chat_action_mark_info", GateInferenceActionMarkInfo | None, None),
        ("inference_data_process_eye_correction_mark_info", GateInferenceEyeCorrectionMarkInfo | None, None),
        ("worker_type", list[str] | None, None),
        ("voice_train_job_id", str | None, None),
        ("flexus_retry_count", Annotated[int, Meta(ge=0, le=10)] | None, None),
        ("audio_source_type", Literal["VIDEO", "AUDIO"] | None, None),
        ("supported_service", list[Literal["VIDEO_2D", "LIVE_2D", "CHAT_2D"]] | None, None),
        ("allocated_resource", GateTrainingAllocatedResource | None, None),
        ("train_video_rotation_state", Literal["WAITING", "PROCESSING", "SUCCESS", "FAILED"] | None, None),
        ("action_video_rotation_state", Literal["WAITING", "PROCESSING", "SUCCESS", "FAILED"] | None, None),
        ("sub_training_job_info", list[GateSubTrainingJobInfo] | None, None),
    ],
    kw_only=True, gc=False, module=__name__,
)


GateClosedOperationLogInfo: Final[Any] = msgspec.defstruct(
    "GateClosedOperationLogInfo",
    [],
    bases=(GateOperationLogInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedVerifyVideoMattingInfo: Final[Any] = msgspec.defstruct(
    "GateClosedVerifyVideoMattingInfo",
    [],
    bases=(GateVerifyVideoMattingInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedCommentLogInfo: Final[Any] = msgspec.defstruct(
    "GateClosedCommentLogInfo",
    [],
    bases=(GateCommentLogInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedActionSampleInfo: Final[Any] = msgspec.defstruct(
    "GateClosedActionSampleInfo",
    [],
    bases=(GateActionSampleInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedTrainingVideoMarkInfo: Final[Any] = msgspec.defstruct(
    "GateClosedTrainingVideoMarkInfo",
    [],
    bases=(GateTrainingVideoMarkInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedInferenceVideoMarkInfo: Final[Any] = msgspec.defstruct(
    "GateClosedInferenceVideoMarkInfo",
    [],
    bases=(GateInferenceVideoMarkInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedVoiceProperties: Final[Any] = msgspec.defstruct(
    "GateClosedVoiceProperties",
    [],
    bases=(GateVoiceProperties,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedActionMarkItem: Final[Any] = msgspec.defstruct(
    "GateClosedActionMarkItem",
    [],
    bases=(GateActionMarkItem,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedInferenceActionMarkInfo: Final[Any] = msgspec.defstruct(
    "GateClosedInferenceActionMarkInfo",
    [
        ("action_info", list[GateClosedActionMarkItem] | None, None),
    ],
    bases=(GateInferenceActionMarkInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedInferenceEyeCorrectionMarkInfo: Final[Any] = msgspec.defstruct(
    "GateClosedInferenceEyeCorrectionMarkInfo",
    [],
    bases=(GateInferenceEyeCorrectionMarkInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedTrainingAllocatedResource: Final[Any] = msgspec.defstruct(
    "GateClosedTrainingAllocatedResource",
    [],
    bases=(GateTrainingAllocatedResource,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedSubTrainingJobInfo: Final[Any] = msgspec.defstruct(
    "GateClosedSubTrainingJobInfo",
    [],
    bases=(GateSubTrainingJobInfo,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


GateClosedJob: Final[Any] = msgspec.defstruct(
    "GateClosedJob",
    [
        ("operation_logs", list[GateClosedOperationLogInfo] | None, None),
        ("verify_video_matting_info", list[GateClosedVerifyVideoMattingInfo] | None, None),
        ("comment_logs", list[GateClosedCommentLogInfo] | None, None),
        ("samples", list[GateClosedActionSampleInfo] | None, None),
        ("traning_video_mark_info", GateClosedTrainingVideoMarkInfo | None, None),
        ("inference_data_process_video_mark_info", GateClosedInferenceVideoMarkInfo | None, None),
        ("voice_properties", GateClosedVoiceProperties | None, None),
        ("inference_data_process_action_mark_info", GateClosedInferenceActionMarkInfo | None, None),
        ("inference_data_process_chat_action_mark_info", GateClosedInferenceActionMarkInfo | None, None),
        ("inference_data_process_eye_correction_mark_info", GateClosedInferenceEyeCorrectionMarkInfo | None, None),
        ("allocated_resource", GateClosedTrainingAllocatedResource | None, None),
        ("sub_training_job_info", list[GateClosedSubTrainingJobInfo] | None, None),
    ],
    bases=(GateJob,), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,
)


# fmt: on


OPEN: Final = {
    "OperationLogInfo": GateOperationLogInfo,
    "VerifyVideoMattingInfo": GateVerifyVideoMattingInfo,
    "CommentLogInfo": GateCommentLogInfo,
    "ActionSampleInfo": GateActionSampleInfo,
    "TrainingVideoMarkInfo": GateTrainingVideoMarkInfo,
    "InferenceVideoMarkInfo": GateInferenceVideoMarkInfo,
    "VoiceProperties": GateVoiceProperties,
    "ActionMarkItem": GateActionMarkItem,
    "InferenceActionMarkInfo": GateInferenceActionMarkInfo,
    "InferenceEyeCorrectionMarkInfo": GateInferenceEyeCorrectionMarkInfo,
    "TrainingAllocatedResource": GateTrainingAllocatedResource,
    "SubTrainingJobInfo": GateSubTrainingJobInfo,
    "Job": GateJob,
}


CLOSED: Final = {
    "OperationLogInfo": GateClosedOperationLogInfo,
    "VerifyVideoMattingInfo": GateClosedVerifyVideoMattingInfo,
    "CommentLogInfo": GateClosedCommentLogInfo,
    "ActionSampleInfo": GateClosedActionSampleInfo,
    "TrainingVideoMarkInfo": GateClosedTrainingVideoMarkInfo,
    "InferenceVideoMarkInfo": GateClosedInferenceVideoMarkInfo,
    "VoiceProperties": GateClosedVoiceProperties,
    "ActionMarkItem": GateClosedActionMarkItem,
    "InferenceActionMarkInfo": GateClosedInferenceActionMarkInfo,
    "InferenceEyeCorrectionMarkInfo": GateClosedInferenceEyeCorrectionMarkInfo,
    "TrainingAllocatedResource": GateClosedTrainingAllocatedResource,
    "SubTrainingJobInfo": GateClosedSubTrainingJobInfo,
    "Job": GateClosedJob,
}


STAMPS: Final[dict[str, tuple[str, ...]]] = {
    "OperationLogInfo": ("operate_time",),
    "CommentLogInfo": ("operate_time",),
    "TrainingAllocatedResource": ("expire_time",),
    "Job": (
        "last_update_time",
        "create_time",
    ),
}
"""Each model's timestamp fields (RFC 3339, checked together by ``all_rfc3339``); absent: none."""


CHILDREN: Final[dict[str, tuple[tuple[str, str, bool], ...]]] = {
    "InferenceActionMarkInfo": (("action_info", "ActionMarkItem", True),),
    "Job": (
        ("operation_logs", "OperationLogInfo", True),
        ("verify_video_matting_info", "VerifyVideoMattingInfo", True),
        ("comment_logs", "CommentLogInfo", True),
        ("samples", "ActionSampleInfo", True),
        ("traning_video_mark_info", "TrainingVideoMarkInfo", False),
        ("inference_data_process_video_mark_info", "InferenceVideoMarkInfo", False),
        ("voice_properties", "VoiceProperties", False),
        ("inference_data_process_action_mark_info", "InferenceActionMarkInfo", False),
        ("inference_data_process_chat_action_mark_info", "InferenceActionMarkInfo", False),
        ("inference_data_process_eye_correction_mark_info", "InferenceEyeCorrectionMarkInfo", False),
        ("allocated_resource", "TrainingAllocatedResource", False),
        ("sub_training_job_info", "SubTrainingJobInfo", True),
    ),
}
"""Each model's fields holding a model: (field, model, whether a list of them); absent: none."""
