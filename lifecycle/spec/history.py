"""When the API started to carry each state and log type: its first Go SDK release with the value in the enum.

An edition (:data:`~lifecycle.spec.vocabulary.Edition`) is a *source* this library models, named after its
month: ``2024-12`` is the seed page, ``2025-11`` the SDK 3.1.176 docstrings and enums. A value's
``since`` edition is the first edition that lists it, which says nothing about when the API started to
send it: WAIT_MASK_UPLOAD is in the Go enum from the first release of this API (0.1.76, 2024-01-04)
but in no edition before 2025-11, because the seed page does not list it.

The table below is the first release of huaweicloud-sdk-go-v3 whose
``services/metastudio/v1/model/model_show2d_model_training_job_response.go`` (states) or
``model_operation_log_info.go`` (log types) has the value as an enum constant, read from the
repository's git history, 0.1.76 (2024-01-04, the first release with these files) to 0.1.177
(2025-11-20) [go-enum-history]. The Python SDK's changelog agrees where it lists enum additions
(3.1.114, 2024-09-12: "+ state: enum value [...BEAUTYFACE_ROCESSING]") [py-changelog]. The API may
have sent a value before its SDK carried it: this is the earliest *documented* date.
"""

from __future__ import annotations

from typing import Final

_STATES_SINCE: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("0.1.76", "2024-01-04"): (
        "WAIT_FILE_UPLOAD",
        "AUTO_VERIFYING",
        "MANUAL_VERIFYING",
        "AUTO_VERIFY_FAILED",
        "MANUAL_VERIFY_FAILED",
        "MANUAL_VERIFY_SUCCESS",
        "TRAINING_DATA_PREPROCESSING",
        "TRAINING_DATA_PREPROCESS_FAILED",
        "TRAINING_DATA_PREPROCESS_SUCCESS",
        "TRAINING",
        "TRAIN_FAILED",
        "TRAIN_SUCCESS",
        "INFERENCE_DATA_PREPROCESSING",
        "INFERENCE_DATA_PREPROCESS_FAILED",
        "WAIT_MAIN_FILE_UPLOAD",
        "WAIT_USER_CONFIRM",
        "JOB_REJECT",
        "JOB_SUCCESS",
        "JOB_FINISH",
        "JOB_PENDING",
        "WAIT_MASK_UPLOAD",
    ),
    ("0.1.114", "2024-09-12"): (
        "WAIT_TRAINING_DATA_PREPROCESS",
        "MANUAL_STOP_INFERENCE_DATA_PREPROCESS",
        "MANUAL_STOP_TRAIN",
        "MANUAL_STOP_TRAINING_DATA_PREPROCESS",
        "WAIT_ADMIN_CONFIRM",
        "WAIT_COMPILE",
        "COMPILING",
        "COMPILE_FAILED",
        "WAIT_GENERATE_ACTION",
        "WAIT_ARRANGE",
        "ACTION_GENERATE_DATA_PROCESSING",
        "MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING",
        "MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING",
        "ACTION_GENERATE_ORI_PROCESSING",
        "ACTION_GENERATE_DATA_FAILED",
        "ACTION_GENERATE_ORI_FAILED",
        "ACTION_GENERATE_ORI_SUCCESS",
        "GENERATE_ACTION_PREPROCESS_FAILED",
        "WAIT_ADMIN_CALIBRATION",
        "MANUAL_STOP_BEAUTY_PREPROCESS",
        "WAIT_BEAUTY",
        "BEAUTY_VIDEO_FILE_UPLOADED",
        "BEAUTYFACE_SUCCESS",
        "BEAUTYFACE_FAILED",
        "WAIT_BEAUTY_VIDEO_FILE_UPLOAD",
        "BEAUTYFACE_ROCESSING",
    ),
    ("0.1.122", "2024-11-14"): ("WAIT_ASSET_SYNC",),
    ("0.1.177", "2025-11-20"): (
        "WAIT_GENERATE_ACTION_MARK",
        "ACTION_MARKING",
        "ACTION_MARK_SUCCESS",
        "ACTION_MARK_FAILED",
        "ACTION_MARK_UPLOADED",
        "MANUL_STOP_ACTION_MARK",
        "WAIT_TEST_VIDEO_CHECK",
        "TEST_VIDEO_CHECK_PROCESSING",
        "TEST_VIDEO_CHECK_SUCCESS",
        "TEST_VIDEO_CHECK_FAILED",
        "VIDEO_ANALYZE_PROCESSING",
        "VIDEO_ANALYZE_SUCCESS",
        "VIDEO_ANALYZE_FAILED",
    ),
}
"""State -> first Go SDK release (version, date) whose state enum has it."""

_LOG_TYPES_SINCE: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("0.1.76", "2024-01-04"): (
        "USER_CREATE_JOD",
        "USER_VERIFYING_SUBMITTED",
        "SYSTEM_VERIFY_FAILED",
        "SYSTEM_VERIFY_SUCCESS",
        "ADMIN_VERIFY_SUCCESS",
        "ADMIN_VERIFY_FAILED",
        "SYSTEM_TRAIN_DATA_PREPROCESSING",
        "SYSTEM_TRAIN_DATA_PREPROCESS_FAILED",
        "SYSTEM_TRAIN_DATA_PREPROCESS_SUCCESS",
        "SYSTEM_TRAINING",
        "ADMIN_STOP_TRAIN",
        "SYSTEM_TRAIN_FAILED",
        "SYSTEM_TRAIN_SUCCESS",
        "SYSTEM_INFERENCE_DATA_PREPROCESSING",
        "SYSTEM_INFERENCE_DATA_PREPROCESS_FAILED",
        "SYSTEM_INFERENCE_DATA_PREPROCESS_SUCCESS",
        "SYSTEM_JOB_SUCCESS",
        "ADMIN_MASK_UPLOADED",
        "ADMIN_UPDATE_VIDEO",
        "SYSTEM_MARKABLE_VIDEO",
        "SYSTEM_MASK_VERIFY_VIDEO",
        "SYSTEM_MASK_VERIFY_VIDEO_SUCCESS",
        "SYSTEM_MASK_VERIFY_VIDEO_FAILED",
        "SYSTEM_MARKABLE_VIDEO_SUCCESS",
        "SYSTEM_MARKABLE_VIDEO_FAILED",
        "SYSTEM_MASK_VIDEO_AND_ACTION_TIME_SUCCESS",
        "SYSTEM_MASK_VIDEO_AND_ACTION_TIME_FAILED",
        "USER_UPDATE_VIDEO",
        "ADMIN_MASK_ACTION_TIME",
    ),
    ("0.1.92", "2024-04-18"): (
        "SYSTEM_COMPILE_FAILED",
        "SYSTEM_COMPILE_SUCCESS",
    ),
    ("0.1.114", "2024-09-12"): (
        "ADMIN_UPDATE_BEAUTY_LEVEL",
        "SYSTEM_ACTION_GENERATE_DATA_PREPROCESSING",
        "SYSTEM_ACTION_GENERATE_DATA_SUCCESS",
        "SYSTEM_ACTION_GENERATE_ORI_SUCCESS",
        "SYSTEM_ACTION_GENERATE_DATA_FAILED",
        "SYSTEM_ACTION_GENERATE_ORI_FAILED",
        "SYSTEM_ACTION_GENERATE_ORI_PREPROCESSING",
        "ADMIN_STOP_TRAINING_DATA_PREPROCESS",
        "ADMIN_STOP_BEAUTY_PREPROCESS",
        "ADMIN_STOP_INFERENCE_DATA_PREPROCESS",
        "ADMIN_UPDATE_ACTION_VIDEO",
        "ADMIN_RESET",
        "ADMIN_ACCEPT",
        "USER_REPAIR",
        "SYSTEM_UPDATE_COVER",
        "ADMIN_SET_SILENCE_REPEAT_NUM",
        "SYSTEM_BEAUTY_PREPROCESSING",
        "SYSTEM_BEAUTY_PREPROCESS_FAILED",
        "ADMIN_CONFIRM_ACTION",
        "ADMIN_STOP_ACTION_GENERATE_DATA_PREPROCESS",
        "ADMIN_STOP_ACTION_GENERATE_ORI_PREPROCESS",
        "SYSTEM_BEAUTY_PREPROCESS_SUCCESS",
        "ADMIN_UPDATE_COMPILE",
        "ADMIN_UPDATE_INFERENCE_DATA_PROCESS_VIDEO",
        "SYSTEM_EXECUTE_COMPILE",
        "SYSTEM_EXECUTE_BEAUTY",
        "ADMIN_UPDATE_GENERAL_CONFIG",
        "STOP_COMPILE",
    ),
    ("0.1.177", "2025-11-20"): (
        "ADMIN_UPDATE_JOB_PRIORITY",
        "SYSTEM_ANALYSE_FILE_INFO",
        "ADMIN_UPLOAD_JSON_DATA",
        "ADMIN_DELETE_JSON_DATA",
        "MAKE_TEST_VIDEO",
        "ADMIN_SET_FLEXUS_RETRY_COUNT",
        "USER_DELETE_JOB_VIDEO",
        "ADMIN_SET_VIDEO_ROTATION_ANGLE",
        "ADMIN_RE_SET_VIDEO_ROTATION_ANGLE",
        "SYSTEM_SET_VIDEO_ROTATION_ANGLE_SUCCESS",
        "SYSTEM_SET_VIDEO_ROTATION_ANGLE_FAILED",
        "COMPILE_JOB_IS_CONSUME",
        "RESTART_TEST_VIDEO_CHECK",
        "SKIP_TEST_VIDEO_CHECK",
        "WAIT_TEST_VIDEO_CHECK",
        "TEST_VIDEO_CHECK_PROCESSING",
        "TEST_VIDEO_CHECK_SUCCESS",
        "TEST_VIDEO_CHECK_FAILED",
        "REDO_INFERENCE_PREPROCESSING",
        "REDO_TRAINING_PREPROCESSING",
        "REDO_TRAINING",
        "REDO_ACTION_DATA_GENERATE",
        "REDO_ACTION_ORI_GENERATE",
        "VIDEO_ANALYZE_PROCESSING",
        "VIDEO_ANALYZE_SUCCESS",
        "VIDEO_ANALYZE_FAILED",
        "ADMIN_RESOLUTION_NORMALIZE",
        "SYSTEM_SET_RESOLUTION_NORMALIZE_SUCCESS",
        "SYSTEM_SET_RESOLUTION_NORMALIZE_FAILED",
        "SYSTEM_ACTION_MARK_PREPROCESS_FAILED",
        "SYSTEM_ACTION_MARK_PREPROCESSING",
        "SYSTEM_ACTION_MARK_PREPROCESS_SUCCESS",
        "REDO_ACTION_MARK",
        "CONFIRM_ACTION_MARK",
        "MANUL_STOP_ACTION_MARK",
        "TIME_OUT_RETRY",
        "ADMIN_UPDATE_TRAIN_LOCATION",
        "SYSTEM_WAIT_ASSET_SYNC",
        "ADMIN_UPDATE_INFERENCE_DATA_CHAT_PROCESS_VIDEO",
        "ADMIN_UPDATE_TRAIN_TIME",
        "SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING",
        "SYSTEM_INFERENCE_DATA_REASSEMBLE_PROCESSING",
    ),
}
"""Log type -> first Go SDK release (version, date) whose log-type enum has it."""


API_SINCE: Final[dict[str, tuple[str, str]]] = {
    name: release for table in (_STATES_SINCE, _LOG_TYPES_SINCE) for release, names in table.items() for name in names
}
"""Wire value -> (Go SDK version, release date) of the first enum that carries it [go-enum-history].

>>> API_SINCE["WAIT_MASK_UPLOAD"], API_SINCE["BEAUTYFACE_ROCESSING"]
(('0.1.76', '2024-01-04'), ('0.1.114', '2024-09-12'))
"""
