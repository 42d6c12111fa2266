"""The wire vocabulary of MetaStudio 2D avatar training jobs, in two API editions.

Every value is spelled exactly as the API sends it, typos included (``USER_CREATE_JOD``,
``MANUL_STOP_ACTION_MARK``, ``BEAUTYFACE_ROCESSING``): the seed page and both SDKs spell them so
[api-show] [py-show-response] [go-show-response], so "fixing" one would make real payloads unknown.

Editions:

* ``2024-12`` — exactly the seed page "查询分身数字人模型训练任务详情" (2024-12-26) [api-show]: 40
  states, 59 log types.
* ``2025-11`` — today's API (SDK 3.1.176, 2025-11-20, unchanged up to 3.1.219) [py-sdk-3.1.176]:
  61 states, 101 log types, including the values only the Go enums carry [go-show-response]
  [go-operation-log].

Label sources are the ids of ``sources.toml`` (``api-show`` = the seed page, ``py-show-response`` /
``py-operation-log`` = the SDK docstrings, ``api-show-en`` ... = an English Huawei page), or ``tr.``
= our translation (no source has that wording). ``FACT_SOURCES`` and ``EDITION_SOURCES`` cite the
sources of the other columns; ``lifecycle explain`` prints them with their links.

This module holds data only; the transition rules live in :mod:`lifecycle.spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal


class Edition(StrEnum):
    """An edition of the API vocabulary, named by the month of its source."""

    SEED = "2024-12"
    CURRENT = "2025-11"


DEFAULT_EDITION: Final = Edition.CURRENT
"""Jobs fetched today carry the 2025-11 vocabulary."""

EDITIONS: Final = (Edition.SEED, Edition.CURRENT)
"""Editions in chronological order; a value that exists since edition E exists in every later one."""


class Actor(StrEnum):
    """``operation_logs[].operate_user`` ([api-show, table 5]; Go ``OperationLogInfoOperateUserEnum`` [go-operation-log])."""

    USER = "USER"
    ADMIN = "ADMIN"
    SYSTEM = "SYSTEM"


class ConsoleGroup(StrEnum):
    """The groups in which the MetaStudio console shows states ([api-show, table 4 ``state``])."""

    TO_BE_SUBMITTED = "待提交"
    UNDER_REVIEW = "系统审核中"
    REVIEW_FAILED = "系统审核未通过"
    TRAINING = "算法训练中"
    PENDING_USER_REVIEW = "待用户审核"
    REJECTED_BY_USER = "用户驳回"
    COMPLETED = "已完成"
    SUSPENDED = "挂起"


GROUP_LABELS_EN: Final[dict[ConsoleGroup, str]] = {
    ConsoleGroup.TO_BE_SUBMITTED: "To be submitted",
    ConsoleGroup.UNDER_REVIEW: "Under system review",
    ConsoleGroup.REVIEW_FAILED: "System review failed",
    # The English console says "Algorithm training ongoing" [ug-view-avatar-en].
    ConsoleGroup.TRAINING: "Algorithm training ongoing",
    ConsoleGroup.PENDING_USER_REVIEW: "Pending user review",
    ConsoleGroup.REJECTED_BY_USER: "Rejected by user",
    ConsoleGroup.COMPLETED: "Completed",
    ConsoleGroup.SUSPENDED: "Suspended",
}
"""English group names: "Algorithm training ongoing" is the console's (doc); the rest are tr."""


class StateKind(StrEnum):
    """What a job in the state is doing: a taxonomy over the 61 states."""

    WAITING = "waiting"  # for a resource, a person or the next stage
    RUNNING = "running"  # a system job is working on it
    FAILED = "failed"  # a check or a processing step failed
    STOPPED = "stopped"  # an administrator stopped a stage
    SUSPENDED = "suspended"  # NA user put the job on hold
    DONE = "done"  # completed


LabelSource = str
"""A source id of ``sources.toml``, or ``tr.`` (our translation)."""


class JobState(StrEnum):
    """All job states of every edition (Go ``Show2dModelTrainingJobResponseStateEnum``)."""

    # -- the 40 states of the seed, in seed order
    WAIT_FILE_UPLOAD = "WAIT_FILE_UPLOAD"
    AUTO_VERIFYING = "AUTO_VERIFYING"
    MANUAL_VERIFYING = "MANUAL_VERIFYING"
    AUTO_VERIFY_FAILED = "AUTO_VERIFY_FAILED"
    MANUAL_VERIFY_FAILED = "MANUAL_VERIFY_FAILED"
    MANUAL_VERIFY_SUCCESS = "MANUAL_VERIFY_SUCCESS"
    WAIT_TRAINING_DATA_PREPROCESS = "WAIT_TRAINING_DATA_PREPROCESS"
    TRAINING_DATA_PREPROCESSING = "TRAINING_DATA_PREPROCESSING"
    TRAINING_DATA_PREPROCESS_FAILED = "TRAINING_DATA_PREPROCESS_FAILED"
    TRAINING_DATA_PREPROCESS_SUCCESS = "TRAINING_DATA_PREPROCESS_SUCCESS"
    TRAINING = "TRAINING"
    TRAIN_FAILED = "TRAIN_FAILED"
    TRAIN_SUCCESS = "TRAIN_SUCCESS"
    INFERENCE_DATA_PREPROCESSING = "INFERENCE_DATA_PREPROCESSING"
    INFERENCE_DATA_PREPROCESS_FAILED = "INFERENCE_DATA_PREPROCESS_FAILED"
    WAIT_MAIN_FILE_UPLOAD = "WAIT_MAIN_FILE_UPLOAD"
    MANUAL_STOP_INFERENCE_DATA_PREPROCESS = "MANUAL_STOP_INFERENCE_DATA_PREPROCESS"
    MANUAL_STOP_TRAIN = "MANUAL_STOP_TRAIN"
    MANUAL_STOP_TRAINING_DATA_PREPROCESS = "MANUAL_STOP_TRAINING_DATA_PREPROCESS"
    WAIT_ADMIN_CONFIRM = "WAIT_ADMIN_CONFIRM"
    WAIT_COMPILE = "WAIT_COMPILE"
    COMPILING = "COMPILING"
    COMPILE_FAILED = "COMPILE_FAILED"
    WAIT_GENERATE_ACTION = "WAIT_GENERATE_ACTION"
    WAIT_ARRANGE = "WAIT_ARRANGE"
    ACTION_GENERATE_DATA_PROCESSING = "ACTION_GENERATE_DATA_PROCESSING"
    MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING = "MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING"
    MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING = "MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING"
    ACTION_GENERATE_ORI_PROCESSING = "ACTION_GENERATE_ORI_PROCESSING"
    ACTION_GENERATE_DATA_FAILED = "ACTION_GENERATE_DATA_FAILED"
    ACTION_GENERATE_ORI_FAILED = "ACTION_GENERATE_ORI_FAILED"
    ACTION_GENERATE_ORI_SUCCESS = "ACTION_GENERATE_ORI_SUCCESS"
    GENERATE_ACTION_PREPROCESS_FAILED = "GENERATE_ACTION_PREPROCESS_FAILED"
    WAIT_ADMIN_CALIBRATION = "WAIT_ADMIN_CALIBRATION"
    WAIT_ASSET_SYNC = "WAIT_ASSET_SYNC"
    WAIT_USER_CONFIRM = "WAIT_USER_CONFIRM"
    JOB_REJECT = "JOB_REJECT"
    JOB_SUCCESS = "JOB_SUCCESS"
    JOB_FINISH = "JOB_FINISH"
    JOB_PENDING = "JOB_PENDING"
    # -- described in SDK text since 3.1.176 (2025-11-20) [py-show-response]
    WAIT_GENERATE_ACTION_MARK = "WAIT_GENERATE_ACTION_MARK"
    ACTION_MARKING = "ACTION_MARKING"
    ACTION_MARK_SUCCESS = "ACTION_MARK_SUCCESS"
    ACTION_MARK_FAILED = "ACTION_MARK_FAILED"
    ACTION_MARK_UPLOADED = "ACTION_MARK_UPLOADED"
    MANUL_STOP_ACTION_MARK = "MANUL_STOP_ACTION_MARK"  # sic
    WAIT_TEST_VIDEO_CHECK = "WAIT_TEST_VIDEO_CHECK"
    TEST_VIDEO_CHECK_PROCESSING = "TEST_VIDEO_CHECK_PROCESSING"
    TEST_VIDEO_CHECK_SUCCESS = "TEST_VIDEO_CHECK_SUCCESS"
    TEST_VIDEO_CHECK_FAILED = "TEST_VIDEO_CHECK_FAILED"
    VIDEO_ANALYZE_PROCESSING = "VIDEO_ANALYZE_PROCESSING"
    VIDEO_ANALYZE_SUCCESS = "VIDEO_ANALYZE_SUCCESS"
    VIDEO_ANALYZE_FAILED = "VIDEO_ANALYZE_FAILED"
    # -- only in the API enum, never described [go-show-response]
    WAIT_MASK_UPLOAD = "WAIT_MASK_UPLOAD"
    MANUAL_STOP_BEAUTY_PREPROCESS = "MANUAL_STOP_BEAUTY_PREPROCESS"
    WAIT_BEAUTY = "WAIT_BEAUTY"
    BEAUTY_VIDEO_FILE_UPLOADED = "BEAUTY_VIDEO_FILE_UPLOADED"
    BEAUTYFACE_SUCCESS = "BEAUTYFACE_SUCCESS"
    BEAUTYFACE_FAILED = "BEAUTYFACE_FAILED"
    WAIT_BEAUTY_VIDEO_FILE_UPLOAD = "WAIT_BEAUTY_VIDEO_FILE_UPLOAD"
    BEAUTYFACE_ROCESSING = "BEAUTYFACE_ROCESSING"  # sic, missing "P"


class LogType(StrEnum):
    """All ``operation_logs[].log_type`` values of every edition (Go ``OperationLogInfoLogType``)."""

    # -- the 59 log types of the seed, in seed order
    USER_CREATE_JOD = "USER_CREATE_JOD"  # sic
    USER_VERIFYING_SUBMITTED = "USER_VERIFYING_SUBMITTED"
    SYSTEM_VERIFY_FAILED = "SYSTEM_VERIFY_FAILED"
    ADMIN_UPDATE_BEAUTY_LEVEL = "ADMIN_UPDATE_BEAUTY_LEVEL"
    SYSTEM_VERIFY_SUCCESS = "SYSTEM_VERIFY_SUCCESS"
    ADMIN_VERIFY_SUCCESS = "ADMIN_VERIFY_SUCCESS"
    ADMIN_VERIFY_FAILED = "ADMIN_VERIFY_FAILED"
    SYSTEM_TRAIN_DATA_PREPROCESSING = "SYSTEM_TRAIN_DATA_PREPROCESSING"
    SYSTEM_TRAIN_DATA_PREPROCESS_FAILED = "SYSTEM_TRAIN_DATA_PREPROCESS_FAILED"
    SYSTEM_TRAIN_DATA_PREPROCESS_SUCCESS = "SYSTEM_TRAIN_DATA_PREPROCESS_SUCCESS"
    SYSTEM_ACTION_GENERATE_DATA_PREPROCESSING = "SYSTEM_ACTION_GENERATE_DATA_PREPROCESSING"
    SYSTEM_ACTION_GENERATE_DATA_SUCCESS = "SYSTEM_ACTION_GENERATE_DATA_SUCCESS"
    SYSTEM_ACTION_GENERATE_ORI_SUCCESS = "SYSTEM_ACTION_GENERATE_ORI_SUCCESS"
    SYSTEM_ACTION_GENERATE_DATA_FAILED = "SYSTEM_ACTION_GENERATE_DATA_FAILED"
    SYSTEM_ACTION_GENERATE_ORI_FAILED = "SYSTEM_ACTION_GENERATE_ORI_FAILED"
    SYSTEM_ACTION_GENERATE_ORI_PREPROCESSING = "SYSTEM_ACTION_GENERATE_ORI_PREPROCESSING"
    SYSTEM_TRAINING = "SYSTEM_TRAINING"
    ADMIN_STOP_TRAINING_DATA_PREPROCESS = "ADMIN_STOP_TRAINING_DATA_PREPROCESS"
    ADMIN_STOP_BEAUTY_PREPROCESS = "ADMIN_STOP_BEAUTY_PREPROCESS"
    ADMIN_STOP_INFERENCE_DATA_PREPROCESS = "ADMIN_STOP_INFERENCE_DATA_PREPROCESS"
    ADMIN_STOP_TRAIN = "ADMIN_STOP_TRAIN"
    SYSTEM_TRAIN_FAILED = "SYSTEM_TRAIN_FAILED"
    SYSTEM_TRAIN_SUCCESS = "SYSTEM_TRAIN_SUCCESS"
    SYSTEM_INFERENCE_DATA_PREPROCESSING = "SYSTEM_INFERENCE_DATA_PREPROCESSING"
    SYSTEM_INFERENCE_DATA_PREPROCESS_FAILED = "SYSTEM_INFERENCE_DATA_PREPROCESS_FAILED"
    SYSTEM_INFERENCE_DATA_PREPROCESS_SUCCESS = "SYSTEM_INFERENCE_DATA_PREPROCESS_SUCCESS"
    SYSTEM_JOB_SUCCESS = "SYSTEM_JOB_SUCCESS"
    ADMIN_MASK_UPLOADED = "ADMIN_MASK_UPLOADED"
    ADMIN_UPDATE_VIDEO = "ADMIN_UPDATE_VIDEO"
    ADMIN_UPDATE_ACTION_VIDEO = "ADMIN_UPDATE_ACTION_VIDEO"
    ADMIN_RESET = "ADMIN_RESET"
    ADMIN_ACCEPT = "ADMIN_ACCEPT"
    USER_REPAIR = "USER_REPAIR"
    SYSTEM_UPDATE_COVER = "SYSTEM_UPDATE_COVER"
    ADMIN_SET_SILENCE_REPEAT_NUM = "ADMIN_SET_SILENCE_REPEAT_NUM"
    SYSTEM_MARKABLE_VIDEO = "SYSTEM_MARKABLE_VIDEO"
    SYSTEM_MASK_VERIFY_VIDEO = "SYSTEM_MASK_VERIFY_VIDEO"
    SYSTEM_MASK_VERIFY_VIDEO_SUCCESS = "SYSTEM_MASK_VERIFY_VIDEO_SUCCESS"
    SYSTEM_MASK_VERIFY_VIDEO_FAILED = "SYSTEM_MASK_VERIFY_VIDEO_FAILED"
    SYSTEM_MARKABLE_VIDEO_SUCCESS = "SYSTEM_MARKABLE_VIDEO_SUCCESS"
    SYSTEM_BEAUTY_PREPROCESSING = "SYSTEM_BEAUTY_PREPROCESSING"
    SYSTEM_BEAUTY_PREPROCESS_FAILED = "SYSTEM_BEAUTY_PREPROCESS_FAILED"
    ADMIN_CONFIRM_ACTION = "ADMIN_CONFIRM_ACTION"
    ADMIN_STOP_ACTION_GENERATE_DATA_PREPROCESS = "ADMIN_STOP_ACTION_GENERATE_DATA_PREPROCESS"
    ADMIN_STOP_ACTION_GENERATE_ORI_PREPROCESS = "ADMIN_STOP_ACTION_GENERATE_ORI_PREPROCESS"
    SYSTEM_BEAUTY_PREPROCESS_SUCCESS = "SYSTEM_BEAUTY_PREPROCESS_SUCCESS"
    SYSTEM_COMPILE_FAILED = "SYSTEM_COMPILE_FAILED"
    SYSTEM_COMPILE_SUCCESS = "SYSTEM_COMPILE_SUCCESS"
    SYSTEM_MARKABLE_VIDEO_FAILED = "SYSTEM_MARKABLE_VIDEO_FAILED"
    ADMIN_UPDATE_COMPILE = "ADMIN_UPDATE_COMPILE"
    ADMIN_UPDATE_INFERENCE_DATA_PROCESS_VIDEO = "ADMIN_UPDATE_INFERENCE_DATA_PROCESS_VIDEO"
    SYSTEM_EXECUTE_COMPILE = "SYSTEM_EXECUTE_COMPILE"
    SYSTEM_EXECUTE_BEAUTY = "SYSTEM_EXECUTE_BEAUTY"
    SYSTEM_MASK_VIDEO_AND_ACTION_TIME_SUCCESS = "SYSTEM_MASK_VIDEO_AND_ACTION_TIME_SUCCESS"
    SYSTEM_MASK_VIDEO_AND_ACTION_TIME_FAILED = "SYSTEM_MASK_VIDEO_AND_ACTION_TIME_FAILED"
    USER_UPDATE_VIDEO = "USER_UPDATE_VIDEO"
    ADMIN_UPDATE_GENERAL_CONFIG = "ADMIN_UPDATE_GENERAL_CONFIG"
    ADMIN_MASK_ACTION_TIME = "ADMIN_MASK_ACTION_TIME"
    STOP_COMPILE = "STOP_COMPILE"
    # -- described in SDK text since 3.1.176 (2025-11-20) [py-operation-log]
    ADMIN_UPDATE_JOB_PRIORITY = "ADMIN_UPDATE_JOB_PRIORITY"
    SYSTEM_ANALYSE_FILE_INFO = "SYSTEM_ANALYSE_FILE_INFO"
    ADMIN_UPLOAD_JSON_DATA = "ADMIN_UPLOAD_JSON_DATA"
    ADMIN_DELETE_JSON_DATA = "ADMIN_DELETE_JSON_DATA"
    MAKE_TEST_VIDEO = "MAKE_TEST_VIDEO"
    ADMIN_SET_FLEXUS_RETRY_COUNT = "ADMIN_SET_FLEXUS_RETRY_COUNT"
    USER_DELETE_JOB_VIDEO = "USER_DELETE_JOB_VIDEO"
    ADMIN_SET_VIDEO_ROTATION_ANGLE = "ADMIN_SET_VIDEO_ROTATION_ANGLE"
    ADMIN_RE_SET_VIDEO_ROTATION_ANGLE = "ADMIN_RE_SET_VIDEO_ROTATION_ANGLE"
    SYSTEM_SET_VIDEO_ROTATION_ANGLE_SUCCESS = "SYSTEM_SET_VIDEO_ROTATION_ANGLE_SUCCESS"
    SYSTEM_SET_VIDEO_ROTATION_ANGLE_FAILED = "SYSTEM_SET_VIDEO_ROTATION_ANGLE_FAILED"
    COMPILE_JOB_IS_CONSUME = "COMPILE_JOB_IS_CONSUME"
    RESTART_TEST_VIDEO_CHECK = "RESTART_TEST_VIDEO_CHECK"
    SKIP_TEST_VIDEO_CHECK = "SKIP_TEST_VIDEO_CHECK"
    WAIT_TEST_VIDEO_CHECK = "WAIT_TEST_VIDEO_CHECK"
    TEST_VIDEO_CHECK_PROCESSING = "TEST_VIDEO_CHECK_PROCESSING"
    TEST_VIDEO_CHECK_SUCCESS = "TEST_VIDEO_CHECK_SUCCESS"
    TEST_VIDEO_CHECK_FAILED = "TEST_VIDEO_CHECK_FAILED"
    REDO_INFERENCE_PREPROCESSING = "REDO_INFERENCE_PREPROCESSING"
    REDO_TRAINING_PREPROCESSING = "REDO_TRAINING_PREPROCESSING"
    REDO_TRAINING = "REDO_TRAINING"
    REDO_ACTION_DATA_GENERATE = "REDO_ACTION_DATA_GENERATE"
    REDO_ACTION_ORI_GENERATE = "REDO_ACTION_ORI_GENERATE"
    VIDEO_ANALYZE_PROCESSING = "VIDEO_ANALYZE_PROCESSING"
    VIDEO_ANALYZE_SUCCESS = "VIDEO_ANALYZE_SUCCESS"
    VIDEO_ANALYZE_FAILED = "VIDEO_ANALYZE_FAILED"
    ADMIN_RESOLUTION_NORMALIZE = "ADMIN_RESOLUTION_NORMALIZE"
    SYSTEM_SET_RESOLUTION_NORMALIZE_SUCCESS = "SYSTEM_SET_RESOLUTION_NORMALIZE_SUCCESS"
    SYSTEM_SET_RESOLUTION_NORMALIZE_FAILED = "SYSTEM_SET_RESOLUTION_NORMALIZE_FAILED"
    SYSTEM_ACTION_MARK_PREPROCESS_FAILED = "SYSTEM_ACTION_MARK_PREPROCESS_FAILED"
    SYSTEM_ACTION_MARK_PREPROCESSING = "SYSTEM_ACTION_MARK_PREPROCESSING"
    SYSTEM_ACTION_MARK_PREPROCESS_SUCCESS = "SYSTEM_ACTION_MARK_PREPROCESS_SUCCESS"
    REDO_ACTION_MARK = "REDO_ACTION_MARK"
    CONFIRM_ACTION_MARK = "CONFIRM_ACTION_MARK"
    MANUL_STOP_ACTION_MARK = "MANUL_STOP_ACTION_MARK"  # sic
    TIME_OUT_RETRY = "TIME_OUT_RETRY"
    # -- only in the API enum, never described [go-operation-log]
    ADMIN_UPDATE_TRAIN_LOCATION = "ADMIN_UPDATE_TRAIN_LOCATION"
    SYSTEM_WAIT_ASSET_SYNC = "SYSTEM_WAIT_ASSET_SYNC"
    ADMIN_UPDATE_INFERENCE_DATA_CHAT_PROCESS_VIDEO = "ADMIN_UPDATE_INFERENCE_DATA_CHAT_PROCESS_VIDEO"
    ADMIN_UPDATE_TRAIN_TIME = "ADMIN_UPDATE_TRAIN_TIME"
    SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING = "SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING"
    SYSTEM_INFERENCE_DATA_REASSEMBLE_PROCESSING = "SYSTEM_INFERENCE_DATA_REASSEMBLE_PROCESSING"


@dataclass(frozen=True, slots=True)
class StateInfo:
    """What is known about one job state."""

    value: str
    """The wire value (a :class:`JobState` for shipped states; an overlay may add others)."""
    label_zh: str
    label_zh_source: LabelSource
    label_en: str
    label_en_source: LabelSource
    group: ConsoleGroup
    kind: StateKind
    since: Edition
    na_only: bool
    """The seed says "仅NA白名单用户有该状态" (or, for JOB_FINISH, that it is the NA completion)."""
    admin_internal: bool
    """The seed: states of 算法训练中 only matter to admins; users see the group label."""
    final: bool
    """Documented as final and immutable (only JOB_FINISH)."""
    resting: bool
    """A job may legitimately stay here for good (finished, failed, stopped, waiting on a user)."""
    group_confidence: Literal["documented", "assumed"]
    """Whether the seed places the state in its group, or we did (states the seed lacks)."""
    deprecated: bool = False
    """No longer described by the vendor while the log that leaves it is deprecated (only
    WAIT_MASK_UPLOAD: see ``_DEPRECATED_STATES``)."""


@dataclass(frozen=True, slots=True)
class LogTypeInfo:
    """What is known about one operation-log type."""

    value: str
    """The wire value (a :class:`LogType` for shipped log types; an overlay may add others)."""
    label_zh: str
    label_zh_source: LabelSource
    label_en: str
    actors: frozenset[Actor]
    actors_confidence: Literal["implied", "assumed"]
    """``implied`` = the USER_/ADMIN_/SYSTEM_ prefix, which matches operate_user in the seed
    example [api-show, example]; ``assumed`` = an unprefixed name, read by us."""
    since: Edition
    deprecated: bool
    once: bool
    """At most once per job (``USER_REPAIR``: CONFIRM_REPAIR "only once" [guide-after-completion])."""


_G = ConsoleGroup
_K = StateKind
_S = JobState
_SEED = Edition.SEED
_NOW = Edition.CURRENT

# value, zh, zh source, en, en source, group, kind, since. Sources by id (sources.toml).
_STATE_ROWS: Final[tuple[tuple[JobState, str, LabelSource, str, LabelSource, ConsoleGroup, StateKind, Edition], ...]] = (
    (_S.WAIT_FILE_UPLOAD, "待上传文件", "api-show", "To upload files", "api-show-en", _G.TO_BE_SUBMITTED, _K.WAITING, _SEED),
    (_S.AUTO_VERIFYING, "自动审核中", "api-show", "Auto reviewing", "api-show-en", _G.UNDER_REVIEW, _K.RUNNING, _SEED),
    (_S.MANUAL_VERIFYING, "人工审核中", "api-show", "Manually reviewing", "api-show-en", _G.UNDER_REVIEW, _K.WAITING, _SEED),
    (_S.AUTO_VERIFY_FAILED, "自动审核失败", "api-show", "Auto review failed", "api-show-en", _G.REVIEW_FAILED, _K.FAILED, _SEED),
    (_S.MANUAL_VERIFY_FAILED, "人工审核失败", "api-show", "Manual review failed", "api-show-th-th", _G.REVIEW_FAILED, _K.FAILED, _SEED),
    (_S.MANUAL_VERIFY_SUCCESS, "审核通过,等待预处理资源", "api-show", "Review passed, waiting for preprocessing resources", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.WAIT_TRAINING_DATA_PREPROCESS, "等待训练数据预处理", "api-show", "Waiting for training data preprocessing", "api-show-pt-br", _G.TRAINING, _K.WAITING, _SEED),
    (_S.TRAINING_DATA_PREPROCESSING, "训练数据预处理中", "api-show", "Preprocessing training data", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.TRAINING_DATA_PREPROCESS_FAILED, "训练数据预处理失败", "api-show", "Training-data preprocessing failed", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.TRAINING_DATA_PREPROCESS_SUCCESS, "训练数据预处理完成,等待训练资源中", "api-show", "Training data preprocessed, waiting for training resources", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.TRAINING, "训练中", "api-show", "Training", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.TRAIN_FAILED, "训练失败", "api-show", "Training failed", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.TRAIN_SUCCESS, "训练完成,等待预处理资源", "api-show", "Training done, waiting for preprocessing resources", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.INFERENCE_DATA_PREPROCESSING, "推理数据预处理中", "api-show", "Preprocessing inference data", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.INFERENCE_DATA_PREPROCESS_FAILED, "推理数据预处理失败", "api-show", "Inference-data preprocessing failed", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.WAIT_MAIN_FILE_UPLOAD, "等待主文件上传", "api-show", "Waiting for main-file upload", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.MANUAL_STOP_INFERENCE_DATA_PREPROCESS, "人工中止推理预处理", "api-show", "Inference preprocessing stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _SEED),
    (_S.MANUAL_STOP_TRAIN, "人工中止训练", "api-show", "Training stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _SEED),
    (_S.MANUAL_STOP_TRAINING_DATA_PREPROCESS, "人工中止训练预处理", "api-show", "Training-data preprocessing stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _SEED),
    (_S.WAIT_ADMIN_CONFIRM, "等待管理员审核", "api-show", "Waiting for administrator review", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.WAIT_COMPILE, "等待转编译", "api-show", "Waiting for compilation", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.COMPILING, "转编译中", "api-show", "Compiling", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.COMPILE_FAILED, "转编译失败", "api-show", "Compilation failed", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.WAIT_GENERATE_ACTION, "等待原子动作生成", "api-show", "Waiting for atomic-action generation", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.WAIT_ARRANGE, "等待编排", "api-show", "Waiting for choreography", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.ACTION_GENERATE_DATA_PROCESSING, "原子动作生成中", "api-show", "Generating atomic actions", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING, "人工中止动作生成", "api-show", "Action generation stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _SEED),
    (_S.MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING, "人工中止动作编排", "api-show", "Choreography stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _SEED),
    (_S.ACTION_GENERATE_ORI_PROCESSING, "动作编排中", "api-show", "Choreography in progress", "tr.", _G.TRAINING, _K.RUNNING, _SEED),
    (_S.ACTION_GENERATE_DATA_FAILED, "动作生成失败", "api-show", "Action generation failed", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.ACTION_GENERATE_ORI_FAILED, "生成动作编排资产失败", "api-show", "Failed to generate choreography asset", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.ACTION_GENERATE_ORI_SUCCESS, "动作编排成功", "api-show", "Choreography succeeded", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.GENERATE_ACTION_PREPROCESS_FAILED, "生成动作编排原子动作失败", "api-show", "Failed to generate choreography atomic actions", "tr.", _G.TRAINING, _K.FAILED, _SEED),
    (_S.WAIT_ADMIN_CALIBRATION, "等待管理员确认动作信息", "api-show", "Waiting for administrator to confirm action info", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.WAIT_ASSET_SYNC, "等待资产同步", "api-show", "Waiting for asset synchronisation", "tr.", _G.TRAINING, _K.WAITING, _SEED),
    (_S.WAIT_USER_CONFIRM, "等待用户确认训练效果", "api-show", "Waiting for the user to confirm the training result", "tr.", _G.PENDING_USER_REVIEW, _K.WAITING, _SEED),
    (_S.JOB_REJECT, "驳回任务", "api-show", "Job rejected", "tr.", _G.REJECTED_BY_USER, _K.FAILED, _SEED),
    (_S.JOB_SUCCESS, "训练任务完成(普通用户任务的完成状态,此时用户已经可以使用模型)", "api-show", "Training job complete (completion state of ordinary users; the model is usable)", "tr.", _G.COMPLETED, _K.DONE, _SEED),
    (_S.JOB_FINISH, "任务结束,是最终状态,不支持修改此状态(NA用户任务的完成状态,并且此状态表明模型效果已通过用户的验收)", "api-show", "Job finished: final, cannot be changed (completion state of NA users; the user accepted the model)", "tr.", _G.COMPLETED, _K.DONE, _SEED),
    (_S.JOB_PENDING, "挂起任务", "api-show", "Job suspended", "tr.", _G.SUSPENDED, _K.SUSPENDED, _SEED),
    # SDK text 3.1.176 places the first two inside 算法训练中 and appends the rest without a group
    # heading [py-show-response]; video analysis checks the uploaded footage, so we put it in review.
    (_S.WAIT_GENERATE_ACTION_MARK, "等待动作标定", "py-show-response", "Waiting for action marking", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.ACTION_MARKING, "动作标定中", "py-show-response", "Action marking in progress", "tr.", _G.TRAINING, _K.RUNNING, _NOW),
    (_S.ACTION_MARK_SUCCESS, "动作标定成功", "py-show-response", "Action marking succeeded", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.ACTION_MARK_FAILED, "动作标定失败", "py-show-response", "Action marking failed", "tr.", _G.TRAINING, _K.FAILED, _NOW),
    (_S.ACTION_MARK_UPLOADED, "动作标定文件上传成功", "py-show-response", "Action-mark file uploaded", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.MANUL_STOP_ACTION_MARK, "中止动作标定", "py-show-response", "Action marking stopped", "tr.", _G.TRAINING, _K.STOPPED, _NOW),
    (_S.WAIT_TEST_VIDEO_CHECK, "等待进行测试视频推理任务", "py-show-response", "Waiting for the test-video inference job", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.TEST_VIDEO_CHECK_PROCESSING, "测试视频推理质量检测中", "py-show-response", "Test-video inference quality check running", "tr.", _G.TRAINING, _K.RUNNING, _NOW),
    (_S.TEST_VIDEO_CHECK_SUCCESS, "测试视频推理质量检测通过", "py-show-response", "Test-video quality check passed", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.TEST_VIDEO_CHECK_FAILED, "测试视频推理质量检测未通过", "py-show-response", "Test-video quality check failed", "tr.", _G.TRAINING, _K.FAILED, _NOW),
    (_S.VIDEO_ANALYZE_PROCESSING, "视频检测中", "py-show-response", "Video analysis running", "tr.", _G.UNDER_REVIEW, _K.RUNNING, _NOW),
    (_S.VIDEO_ANALYZE_SUCCESS, "视频检测通过", "py-show-response", "Video analysis passed", "tr.", _G.UNDER_REVIEW, _K.WAITING, _NOW),
    (_S.VIDEO_ANALYZE_FAILED, "视频检测未通过", "py-show-response", "Video analysis failed", "tr.", _G.REVIEW_FAILED, _K.FAILED, _NOW),
    # Enum-only [go-show-response]: no label exists anywhere, the zh labels are ours, except
    # WAIT_MASK_UPLOAD's, which SDK text carried from 3.1.92 to 3.1.114 [py-show-response-history].
    (_S.WAIT_MASK_UPLOAD, "等待遮罩上传", "py-show-response-history", "Waiting for mask upload", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.MANUAL_STOP_BEAUTY_PREPROCESS, "人工中止美白", "tr.", "Beautification stopped manually", "tr.", _G.TRAINING, _K.STOPPED, _NOW),
    (_S.WAIT_BEAUTY, "等待美白", "tr.", "Waiting for beautification", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.BEAUTY_VIDEO_FILE_UPLOADED, "美白视频文件已上传", "tr.", "Beautification video uploaded", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.BEAUTYFACE_SUCCESS, "美白成功", "tr.", "Beautification succeeded", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.BEAUTYFACE_FAILED, "美白失败", "tr.", "Beautification failed", "tr.", _G.TRAINING, _K.FAILED, _NOW),
    (_S.WAIT_BEAUTY_VIDEO_FILE_UPLOAD, "等待美白视频文件上传", "tr.", "Waiting for the beautification video upload", "tr.", _G.TRAINING, _K.WAITING, _NOW),
    (_S.BEAUTYFACE_ROCESSING, "美白处理中", "tr.", "Beautification in progress", "tr.", _G.TRAINING, _K.RUNNING, _NOW),
)  # fmt: skip

# Seed: WAIT_USER_CONFIRM, JOB_REJECT, JOB_PENDING "仅NA白名单用户有该状态"; JOB_FINISH is "NA用户任务的完成状态".
_NA_ONLY: Final = frozenset({_S.WAIT_USER_CONFIRM, _S.JOB_REJECT, _S.JOB_PENDING, _S.JOB_FINISH})
# Seed: JOB_FINISH "是最终状态,不支持修改此状态". No other state is documented as final [api-show].
_FINAL: Final = frozenset({_S.JOB_FINISH})
# WAIT_MASK_UPLOAD is dropped from the state docstrings from SDK 3.1.119 (2024-10-24) on, after
# 3.1.92 to 3.1.114 described it [py-show-response-history], and the only log that leaves it,
# ADMIN_MASK_UPLOADED, is "遮罩文件上传完成(已废弃)" [api-show, table 5]: deprecated like its log
# (implied: no source calls the state itself deprecated). The Go enum keeps it [go-show-response].
_DEPRECATED_STATES: Final = frozenset({_S.WAIT_MASK_UPLOAD})
# A job may sit in these for good: the user must act (upload, fix, confirm) or nobody will.
_RESTING_WAITS: Final = frozenset({_S.WAIT_FILE_UPLOAD, _S.WAIT_USER_CONFIRM})


def _state_info(
    row: tuple[JobState, str, LabelSource, str, LabelSource, ConsoleGroup, StateKind, Edition],
) -> StateInfo:
    value, zh, zh_src, en, en_src, group, kind, since = row
    return StateInfo(
        value=value,
        label_zh=zh,
        label_zh_source=zh_src,
        label_en=en,
        label_en_source=en_src,
        group=group,
        kind=kind,
        since=since,
        na_only=value in _NA_ONLY,
        admin_internal=group is ConsoleGroup.TRAINING,
        final=value in _FINAL,
        resting=kind in {_K.FAILED, _K.STOPPED, _K.SUSPENDED, _K.DONE} or value in _RESTING_WAITS,
        group_confidence="documented" if since is _SEED else "assumed",
        deprecated=value in _DEPRECATED_STATES,
    )


STATES: Final[dict[JobState, StateInfo]] = {row[0]: _state_info(row) for row in _STATE_ROWS}
"""Every state of every edition, in seed order then by date of addition."""

_L = LogType
_U = frozenset({Actor.USER})
_A = frozenset({Actor.ADMIN})
_Y = frozenset({Actor.SYSTEM})
_AY = frozenset({Actor.ADMIN, Actor.SYSTEM})

# value, zh, zh source, en (always tr.), actors, since. Sources by id (sources.toml).
_LOG_ROWS: Final[tuple[tuple[LogType, str, LabelSource, str, frozenset[Actor], Edition], ...]] = (
    (_L.USER_CREATE_JOD, "用户开始分身数字人定制", "api-show", "User started avatar customisation (job created)", _U, _SEED),
    (_L.USER_VERIFYING_SUBMITTED, "用户提交审核", "api-show", "User submitted for review", _U, _SEED),
    (_L.SYSTEM_VERIFY_FAILED, "自动审核失败", "api-show", "Automatic review failed", _Y, _SEED),
    (_L.ADMIN_UPDATE_BEAUTY_LEVEL, "管理员更新美白等级", "api-show", "Admin updated the beautification level", _A, _SEED),
    (_L.SYSTEM_VERIFY_SUCCESS, "自动审核成功", "api-show", "Automatic review passed", _Y, _SEED),
    (_L.ADMIN_VERIFY_SUCCESS, "人工审核通过", "api-show", "Manual review passed", _A, _SEED),
    (_L.ADMIN_VERIFY_FAILED, "人工审核不通过", "api-show", "Manual review rejected", _A, _SEED),
    (_L.SYSTEM_TRAIN_DATA_PREPROCESSING, "训练数据预处理中", "api-show", "Training-data preprocessing started", _Y, _SEED),
    (_L.SYSTEM_TRAIN_DATA_PREPROCESS_FAILED, "训练数据预处理失败", "api-show", "Training-data preprocessing failed", _Y, _SEED),
    (_L.SYSTEM_TRAIN_DATA_PREPROCESS_SUCCESS, "训练数据预处理成功", "api-show", "Training-data preprocessing succeeded", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_DATA_PREPROCESSING, "动作编排原子动作生成中", "api-show", "Generating choreography atomic actions", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_DATA_SUCCESS, "动作编排原子动作生成成功", "api-show", "Atomic actions generated", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_ORI_SUCCESS, "动作编排资产数据生成成功", "api-show", "Choreography asset data generated", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_DATA_FAILED, "动作编排原子动作生成失败", "api-show", "Atomic-action generation failed", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_ORI_FAILED, "动作编排资产数据生成失败", "api-show", "Choreography asset generation failed", _Y, _SEED),
    (_L.SYSTEM_ACTION_GENERATE_ORI_PREPROCESSING, "动作编排资产数据生成中", "api-show", "Generating choreography asset data", _Y, _SEED),
    (_L.SYSTEM_TRAINING, "开始训练", "api-show", "Training started", _Y, _SEED),
    (_L.ADMIN_STOP_TRAINING_DATA_PREPROCESS, "人工中止训练", "api-show", "Admin stopped training-data preprocessing", _A, _SEED),
    (_L.ADMIN_STOP_BEAUTY_PREPROCESS, "人工中止美白", "api-show", "Admin stopped beautification", _A, _SEED),
    (_L.ADMIN_STOP_INFERENCE_DATA_PREPROCESS, "人工中止推理预处理", "api-show", "Admin stopped inference preprocessing", _A, _SEED),
    (_L.ADMIN_STOP_TRAIN, "人工终止训练", "api-show", "Admin terminated training", _A, _SEED),
    (_L.SYSTEM_TRAIN_FAILED, "训练失败", "api-show", "Training failed", _Y, _SEED),
    (_L.SYSTEM_TRAIN_SUCCESS, "训练成功", "api-show", "Training succeeded", _Y, _SEED),
    (_L.SYSTEM_INFERENCE_DATA_PREPROCESSING, "推理数据预处理中", "api-show", "Inference-data preprocessing started", _Y, _SEED),
    (_L.SYSTEM_INFERENCE_DATA_PREPROCESS_FAILED, "推理数据预处理失败", "api-show", "Inference-data preprocessing failed", _Y, _SEED),
    (_L.SYSTEM_INFERENCE_DATA_PREPROCESS_SUCCESS, "推理数据预处理成功", "api-show", "Inference-data preprocessing succeeded", _Y, _SEED),
    (_L.SYSTEM_JOB_SUCCESS, "任务处理完成", "api-show", "Job processing complete", _Y, _SEED),
    (_L.ADMIN_MASK_UPLOADED, "遮罩文件上传完成(已废弃)", "api-show", "Mask file uploaded (deprecated)", _A, _SEED),
    (_L.ADMIN_UPDATE_VIDEO, "管理员更换视频", "api-show", "Admin replaced the video", _A, _SEED),
    (_L.ADMIN_UPDATE_ACTION_VIDEO, "管理员更换动作编排视频", "api-show", "Admin replaced the choreography video", _A, _SEED),
    (_L.ADMIN_RESET, "管理员一键重置", "api-show", "Admin one-click reset", _A, _SEED),
    (_L.ADMIN_ACCEPT, "管理员通过", "api-show", "Admin approved", _A, _SEED),
    (_L.USER_REPAIR, "用户修复", "api-show", "User requested a model optimisation", _U, _SEED),
    (_L.SYSTEM_UPDATE_COVER, "更换封面", "api-show", "Cover replaced", _Y, _SEED),
    (_L.ADMIN_SET_SILENCE_REPEAT_NUM, "管理员设置静默轮数", "api-show", "Admin set the number of silence loops", _A, _SEED),
    (_L.SYSTEM_MARKABLE_VIDEO, "标记视频生成任务", "api-show", "Markable-video generation job started", _Y, _SEED),
    (_L.SYSTEM_MASK_VERIFY_VIDEO, "校验视频生成任务", "api-show", "Verification-video generation job started", _Y, _SEED),
    (_L.SYSTEM_MASK_VERIFY_VIDEO_SUCCESS, "校验视频生成成功", "api-show", "Verification video generated", _Y, _SEED),
    (_L.SYSTEM_MASK_VERIFY_VIDEO_FAILED, "校验视频生成失败", "api-show", "Verification-video generation failed", _Y, _SEED),
    (_L.SYSTEM_MARKABLE_VIDEO_SUCCESS, "标记视频生成成功", "api-show", "Markable video generated", _Y, _SEED),
    (_L.SYSTEM_BEAUTY_PREPROCESSING, "美白处理中", "api-show", "Beautification in progress", _Y, _SEED),
    (_L.SYSTEM_BEAUTY_PREPROCESS_FAILED, "美白处理失败", "api-show", "Beautification failed", _Y, _SEED),
    (_L.ADMIN_CONFIRM_ACTION, "管理员确认动作", "api-show", "Admin confirmed the actions", _A, _SEED),
    (_L.ADMIN_STOP_ACTION_GENERATE_DATA_PREPROCESS, "人工中止原子动作生成", "api-show", "Admin stopped atomic-action generation", _A, _SEED),
    (_L.ADMIN_STOP_ACTION_GENERATE_ORI_PREPROCESS, "人工中止动作编排", "api-show", "Admin stopped choreography", _A, _SEED),
    (_L.SYSTEM_BEAUTY_PREPROCESS_SUCCESS, "美白视频训练预处理成功", "api-show", "Beautification preprocessing succeeded", _Y, _SEED),
    (_L.SYSTEM_COMPILE_FAILED, "转编译失败", "api-show", "Compilation failed", _Y, _SEED),
    (_L.SYSTEM_COMPILE_SUCCESS, "转编译成功", "api-show", "Compilation succeeded", _Y, _SEED),
    (_L.SYSTEM_MARKABLE_VIDEO_FAILED, "标记视频生成失败", "api-show", "Markable-video generation failed", _Y, _SEED),
    (_L.ADMIN_UPDATE_COMPILE, "管理员更新转编译配置", "api-show", "Admin updated the compile configuration", _A, _SEED),
    (_L.ADMIN_UPDATE_INFERENCE_DATA_PROCESS_VIDEO, "管理员更新推理预处理时间段信息", "api-show", "Admin updated the inference-preprocessing time ranges", _A, _SEED),
    (_L.SYSTEM_EXECUTE_COMPILE, "执行转编译", "api-show", "Compilation executed", _Y, _SEED),
    (_L.SYSTEM_EXECUTE_BEAUTY, "执行美白处理", "api-show", "Beautification executed", _Y, _SEED),
    (_L.SYSTEM_MASK_VIDEO_AND_ACTION_TIME_SUCCESS, "自动标记成功", "api-show", "Automatic marking succeeded", _Y, _SEED),
    (_L.SYSTEM_MASK_VIDEO_AND_ACTION_TIME_FAILED, "自动标记失败", "api-show", "Automatic marking failed", _Y, _SEED),
    (_L.USER_UPDATE_VIDEO, "用户更换视频", "api-show", "User replaced the video", _U, _SEED),
    (_L.ADMIN_UPDATE_GENERAL_CONFIG, "管理员更新通用配置", "api-show", "Admin updated the general configuration", _A, _SEED),
    (_L.ADMIN_MASK_ACTION_TIME, "管理员标记", "api-show", "Admin marked time ranges", _A, _SEED),
    # "人工" = by a person: an administrator, although the name has no ADMIN_ prefix.
    (_L.STOP_COMPILE, "人工中止转编译", "api-show", "Compilation stopped manually", _A, _SEED),
    (_L.ADMIN_UPDATE_JOB_PRIORITY, "管理员更新任务等级", "py-operation-log", "Admin changed the job priority", _A, _NOW),
    (_L.SYSTEM_ANALYSE_FILE_INFO, "系统解析文件信息", "py-operation-log", "System parsed the file info", _Y, _NOW),
    (_L.ADMIN_UPLOAD_JSON_DATA, "管理员上传动作数据", "py-operation-log", "Admin uploaded action data", _A, _NOW),
    (_L.ADMIN_DELETE_JSON_DATA, "管理员删除动作数据", "py-operation-log", "Admin deleted action data", _A, _NOW),
    (_L.MAKE_TEST_VIDEO, "测试视频", "py-operation-log", "Test video made", _AY, _NOW),
    (_L.ADMIN_SET_FLEXUS_RETRY_COUNT, "管理员设置flexus任务重试次数", "py-operation-log", "Admin set the Flexus retry count", _A, _NOW),
    (_L.USER_DELETE_JOB_VIDEO, "用户删除任务相关视频", "py-operation-log", "User deleted the job's videos", _U, _NOW),
    (_L.ADMIN_SET_VIDEO_ROTATION_ANGLE, "管理员设置视频旋转角度", "py-operation-log", "Admin set the video rotation", _A, _NOW),
    (_L.ADMIN_RE_SET_VIDEO_ROTATION_ANGLE, "管理员恢复视频旋转角度", "py-operation-log", "Admin restored the video rotation", _A, _NOW),
    (_L.SYSTEM_SET_VIDEO_ROTATION_ANGLE_SUCCESS, "视频旋转成功", "py-operation-log", "Video rotation succeeded", _Y, _NOW),
    (_L.SYSTEM_SET_VIDEO_ROTATION_ANGLE_FAILED, "视频旋转失败", "py-operation-log", "Video rotation failed", _Y, _NOW),
    (_L.COMPILE_JOB_IS_CONSUME, "转编译任务被消费", "py-operation-log", "Compile job picked up by a worker", _Y, _NOW),
    (_L.RESTART_TEST_VIDEO_CHECK, "重新执行测试视频检测", "py-operation-log", "Test-video check restarted", _AY, _NOW),
    (_L.SKIP_TEST_VIDEO_CHECK, "跳过测试视频检测", "py-operation-log", "Test-video check skipped", _AY, _NOW),
    (_L.WAIT_TEST_VIDEO_CHECK, "等待测试视频检测", "py-operation-log", "Waiting for the test-video check", _Y, _NOW),
    (_L.TEST_VIDEO_CHECK_PROCESSING, "测试视频检测中", "py-operation-log", "Test-video check running", _Y, _NOW),
    (_L.TEST_VIDEO_CHECK_SUCCESS, "测试视频检测成功", "py-operation-log", "Test-video check passed", _Y, _NOW),
    (_L.TEST_VIDEO_CHECK_FAILED, "测试视频检测失败", "py-operation-log", "Test-video check failed", _Y, _NOW),
    # REDO_*: redo_reasons = why an administrator re-executed the job [py-operation-log].
    (_L.REDO_INFERENCE_PREPROCESSING, "重新预处理推理数据", "py-operation-log", "Redo inference-data preprocessing", _A, _NOW),
    (_L.REDO_TRAINING_PREPROCESSING, "重新预处理训练数据", "py-operation-log", "Redo training-data preprocessing", _A, _NOW),
    (_L.REDO_TRAINING, "重新训练", "py-operation-log", "Redo training", _A, _NOW),
    (_L.REDO_ACTION_DATA_GENERATE, "重新生成原子动作", "py-operation-log", "Regenerate atomic actions", _A, _NOW),
    (_L.REDO_ACTION_ORI_GENERATE, "重新动作编排", "py-operation-log", "Redo choreography", _A, _NOW),
    (_L.VIDEO_ANALYZE_PROCESSING, "视频检测中", "py-operation-log", "Video analysis running", _Y, _NOW),
    (_L.VIDEO_ANALYZE_SUCCESS, "视频检测通过", "py-operation-log", "Video analysis passed", _Y, _NOW),
    (_L.VIDEO_ANALYZE_FAILED, "视频检测未通过", "py-operation-log", "Video analysis failed", _Y, _NOW),
    (_L.ADMIN_RESOLUTION_NORMALIZE, "管理员分辨率归一化", "py-operation-log", "Admin resolution normalisation", _A, _NOW),
    # The SDK labels these SYSTEM logs "管理员…" [py-operation-log]: the prefix wins.
    (_L.SYSTEM_SET_RESOLUTION_NORMALIZE_SUCCESS, "管理员分辨率归一化成功", "py-operation-log", "Resolution normalisation succeeded", _Y, _NOW),
    (_L.SYSTEM_SET_RESOLUTION_NORMALIZE_FAILED, "管理员分辨率归一化失败", "py-operation-log", "Resolution normalisation failed", _Y, _NOW),
    (_L.SYSTEM_ACTION_MARK_PREPROCESS_FAILED, "动作标定任务失败", "py-operation-log", "Action-marking job failed", _Y, _NOW),
    (_L.SYSTEM_ACTION_MARK_PREPROCESSING, "动作标定任务生成中", "py-operation-log", "Action-marking job running", _Y, _NOW),
    (_L.SYSTEM_ACTION_MARK_PREPROCESS_SUCCESS, "动作标定任务成功", "py-operation-log", "Action-marking job succeeded", _Y, _NOW),
    (_L.REDO_ACTION_MARK, "重新生成原子动作标记", "py-operation-log", "Regenerate atomic-action marks", _A, _NOW),
    (_L.CONFIRM_ACTION_MARK, "确定预标记原子动作", "py-operation-log", "Pre-marked atomic actions confirmed", _A, _NOW),
    (_L.MANUL_STOP_ACTION_MARK, "中止动作标定", "py-operation-log", "Action marking stopped", _A, _NOW),
    (_L.TIME_OUT_RETRY, "超时重试", "py-operation-log", "Retry after a timeout", _Y, _NOW),
    (_L.ADMIN_UPDATE_TRAIN_LOCATION, "管理员更新训练区域", "tr.", "Admin updated the training location", _A, _NOW),
    (_L.SYSTEM_WAIT_ASSET_SYNC, "等待资产同步", "tr.", "Waiting for asset synchronisation", _Y, _NOW),
    (_L.ADMIN_UPDATE_INFERENCE_DATA_CHAT_PROCESS_VIDEO, "管理员更新智能交互推理预处理时间段信息", "tr.", "Admin updated the chat inference-preprocessing time ranges", _A, _NOW),
    (_L.ADMIN_UPDATE_TRAIN_TIME, "管理员更新训练视频时间段", "tr.", "Admin updated the training-video time range", _A, _NOW),
    (_L.SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING, "推理数据重组等待中", "tr.", "Inference-data reassembly waiting", _Y, _NOW),
    (_L.SYSTEM_INFERENCE_DATA_REASSEMBLE_PROCESSING, "推理数据重组中", "tr.", "Inference-data reassembly running", _Y, _NOW),
)  # fmt: skip

_PREFIXES: Final = ("USER_", "ADMIN_", "SYSTEM_")
# Seed: "遮罩文件上传完成(已废弃)".
_DEPRECATED_LOGS: Final = frozenset({_L.ADMIN_MASK_UPLOADED})
# CONFIRM_REPAIR (log USER_REPAIR) may be sent only once [guide-after-completion].
_ONCE_LOGS: Final = frozenset({_L.USER_REPAIR})


def _log_info(row: tuple[LogType, str, LabelSource, str, frozenset[Actor], Edition]) -> LogTypeInfo:
    value, zh, zh_src, en, actors, since = row
    return LogTypeInfo(
        value=value,
        label_zh=zh,
        label_zh_source=zh_src,
        label_en=en,
        actors=actors,
        actors_confidence="implied" if value.startswith(_PREFIXES) else "assumed",
        since=since,
        deprecated=value in _DEPRECATED_LOGS,
        once=value in _ONCE_LOGS,
    )


LOG_TYPES: Final[dict[LogType, LogTypeInfo]] = {row[0]: _log_info(row) for row in _LOG_ROWS}
"""Every log type of every edition, in seed order then by date of addition."""

DEPRECATED_MODEL_VERSIONS: Final = frozenset({"V2", "V3"})
"""Seed, ``model_version``: "V3和V2版本已废弃不用" (the seed's own example still sends "V3")."""

EDITION_SOURCES: Final[dict[Edition, tuple[str, ...]]] = {
    Edition.SEED: ("api-show", "py-show-response-history"),
    Edition.CURRENT: (
        "py-sdk-3.1.176",
        "go-sdk-0.1.177",
        "py-show-response",
        "py-operation-log",
        "go-show-response",
        "go-operation-log",
        "py-changelog",
        "api-list-en",
        "py-sdk-3.1.219",
    ),
}
"""Where each edition's list of states and log types comes from (ids of ``sources.toml``)."""

FACT_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    # The seed introduces its state list with "与MetaStudio Console上用户看到的状态映射关系如下".
    "group": ("api-show", "faq-create-job"),
    # States the seed lacks are placed by us; the SDK text gives two of them a group heading.
    "group (assumed)": ("py-show-response",),
    "admin_internal": ("api-show",),  # "算法训练中的状态仅管理员需要处理"
    "na_only": ("api-show", "guide-after-completion"),  # "仅NA白名单用户有该状态"
    "final": ("api-show",),  # JOB_FINISH "是最终状态,不支持修改此状态"
    # Resting: the user must act, or may only delete the job (the Delete and Update preconditions).
    "resting": ("api-delete", "api-update", "py-client"),
    "since (state)": ("py-changelog", "go-show-response"),
    "since (log type)": ("py-changelog", "go-operation-log"),
    # The first SDK release whose enum carries the value (lifecycle.spec.history), not the edition.
    "since (API)": ("go-enum-history", "py-changelog"),
    "actors": ("api-show", "go-operation-log"),  # operate_user of the example; the enum
    "deprecated": ("api-show",),  # "遮罩文件上传完成(已废弃)"
    # WAIT_MASK_UPLOAD: described 3.1.92 to 3.1.114, dropped in 3.1.119; its log is 已废弃.
    "deprecated (state)": ("py-show-response-history", "api-show"),
    "once": ("guide-after-completion",),
    "label_en group": ("ug-view-avatar-en",),  # "Algorithm training ongoing"
}
"""Where the other columns of the vocabulary come from: fact -> ids of ``sources.toml``."""


def in_edition(since: Edition, edition: Edition) -> bool:
    """Whether a value that exists since ``since`` exists in ``edition``."""
    return EDITIONS.index(since) <= EDITIONS.index(edition)


def states_of(edition: Edition) -> tuple[JobState, ...]:
    """The states of one edition, in source order."""
    return tuple(s for s, info in STATES.items() if in_edition(info.since, edition))


def log_types_of(edition: Edition) -> tuple[LogType, ...]:
    """The log types of one edition, in source order."""
    return tuple(t for t, info in LOG_TYPES.items() if in_edition(info.since, edition))


Audience = Literal["user", "admin"]
Lang = Literal["zh", "en"]


def group_label(group: ConsoleGroup, lang: Lang = "zh") -> str:
    """The console name of a group."""
    return group.value if lang == "zh" else GROUP_LABELS_EN[group]


def console_label(state: JobState | str, audience: Audience = "user", lang: Lang = "zh") -> str:
    """What a person sees for ``state`` in the console.

    The seed introduces its state table with "与MetaStudio Console上用户看到的状态映射关系如下" (the
    mapping to what users see in the console), and says "算法训练中的状态仅管理员需要处理,普通用户仅需要显示
    “算法训练中”即可": a user sees the console group of every state; an admin sees the state's own label.
    A value no edition knows is shown as it is.

    >>> console_label("TRAINING")
    '算法训练中'
    >>> console_label("TRAINING", audience="admin", lang="en")
    'Training'
    >>> console_label("MANUAL_VERIFYING"), console_label("JOB_SUCCESS")
    ('系统审核中', '已完成')
    """
    try:
        info = STATES[JobState(state)]
    except ValueError:
        return str(state)
    if audience == "user":
        return group_label(info.group, lang)
    return info.label_zh if lang == "zh" else info.label_en
