"""What each scenario file must report, beyond its codes (which its name gives): for each diagnostic the code,
the ``index`` into operation_logs, the ``field`` path, and key words its message must hold in English and in
Chinese. A message that says "not allowed in None" or loses its field path fails
tests/test_validator.py::test_scenario_pins_index_field_and_message."""

from __future__ import annotations

from typing import NamedTuple


class Expect(NamedTuple):
    code: str
    index: int | None
    field: str | None
    en: tuple[str, ...]
    zh: tuple[str, ...]


E_ = Expect
TIME_RE = ("2023-12-09T15:30:00+0800", "2023-12-09T15:31:37+0800")
PINNED: dict[str, list[Expect]] = {
    "actor-mismatch--user-approves": [
        E_(
            "actor-mismatch",
            5,
            "operation_logs[5].operate_user",
            ("ADMIN_VERIFY_SUCCESS", "ADMIN", "not USER"),
            ("ADMIN_VERIFY_SUCCESS", "应由 ADMIN", "USER"),
        ),
    ],
    "after-final--log-after-job-finish": [
        E_(
            "after-final",
            22,
            None,
            ("USER_REPAIR", "after the final state", "JOB_FINISH"),
            ("USER_REPAIR", "最终状态", "JOB_FINISH"),
        ),
    ],
    "deprecated-value--model-version-v3": [
        E_(
            "deprecated-value",
            None,
            "model_version",
            ("model_version", "V3", "deprecated"),
            ("model_version", "V3", "废弃"),
        ),
    ],
    "illegal-transition--injected-into-long-history": [
        E_(
            "illegal-transition",
            11,
            None,
            ("ADMIN_VERIFY_FAILED", "not allowed in TRAIN_SUCCESS", "SYSTEM_INFERENCE_DATA_PREPROCESSING"),
            ("ADMIN_VERIFY_FAILED", "不能出现在 TRAIN_SUCCESS", "SYSTEM_INFERENCE_DATA_PREPROCESSING"),
        ),
    ],
    "inconsistent-time--created-after-first-log": [
        # The zh message is still English (reported); the values are pinned in both.
        E_(
            "inconsistent-time",
            None,
            "create_time",
            ("create_time", "2024-03-01T09:00:00Z", "first log", "2024-03-01T08:00:00Z"),
            ("create_time", "2024-03-01T09:00:00Z", "2024-03-01T08:00:00Z"),
        ),
    ],
    "invalid-field--flexus-retry-count-out-of-range": [
        E_(
            "invalid-field",
            None,
            "flexus_retry_count",
            ("flexus_retry_count", "10", "99", "dropped"),
            ("flexus_retry_count", "99"),
        ),
    ],
    "invalid-field--is-flexus-as-a-string": [
        E_("invalid-field", None, "is_flexus", ("is_flexus", "boolean", "either variant"), ("is_flexus",)),
    ],
    "invalid-json--truncated": [
        E_("invalid-json", None, None, ("not a JSON object", "Unterminated string"), ("不是 JSON 对象",)),
    ],
    "missing-creation--starts-with-submission": [
        E_(
            "missing-creation",
            0,
            None,
            ("starts with USER_VERIFYING_SUBMITTED", "instead of USER_CREATE_JOD"),
            ("USER_VERIFYING_SUBMITTED", "开始", "USER_CREATE_JOD"),
        ),
    ],
    "repeated-log--repair-twice": [
        E_("repeated-log", 23, None, ("USER_REPAIR", "only once", "index 22"), ("USER_REPAIR", "只能出现一次", "22")),
    ],
    "state-mismatch--reported-training-after-review": [
        E_(
            "state-mismatch",
            None,
            "state",
            ("reported state TRAINING", "not reachable", "MANUAL_VERIFYING"),
            ("上报的状态 TRAINING", "不符", "MANUAL_VERIFYING"),
        ),
    ],
    "time-regression+invalid-field--offset-without-colon": [
        E_(
            "time-regression",
            2,
            "operation_logs[2].operate_time",
            ("earlier than the previous", *TIME_RE),
            ("早于上一条日志", *TIME_RE),
        ),
        E_(
            "invalid-field",
            None,
            "operation_logs[1].operate_time",
            ("operation_logs[1].operate_time", "RFC 3339", "2023-12-09T15:31:37+0800"),
            ("operation_logs[1].operate_time", "2023-12-09T15:31:37+0800"),
        ),
        E_(
            "invalid-field",
            None,
            "operation_logs[2].operate_time",
            ("operation_logs[2].operate_time", "RFC 3339", "2023-12-09T15:30:00+0800"),
            ("operation_logs[2].operate_time", "2023-12-09T15:30:00+0800"),
        ),
    ],
    "time-regression--log-earlier-than-previous": [
        E_(
            "time-regression",
            4,
            "operation_logs[4].operate_time",
            ("2024-03-01T07:59:00Z", "earlier than the previous", "2024-03-01T08:00:03Z"),
            ("2024-03-01T07:59:00Z", "早于上一条日志", "2024-03-01T08:00:03Z"),
        ),
    ],
    "unconfirmed-transition--mask-uploaded-after-inference": [
        E_(
            "unconfirmed-transition",
            13,
            None,
            ("ADMIN_MASK_UPLOADED", "not allowed in WAIT_ADMIN_CONFIRM"),
            ("按规范的解读", "ADMIN_MASK_UPLOADED", "不能出现在 WAIT_ADMIN_CONFIRM"),
        ),
    ],
    "unconfirmed-transition--reassembly-after-inference-success": [
        E_(
            "unconfirmed-transition",
            13,
            None,
            ("SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING", "not allowed in"),
            ("按规范的解读", "SYSTEM_INFERENCE_DATA_REASSEMBLE_WAITING", "不能出现在"),
        ),
    ],
    "unconfirmed-transition--stop-train-while-waiting-for-resources": [
        E_(
            "unconfirmed-transition",
            9,
            None,
            ("ADMIN_STOP_TRAIN", "not allowed in TRAINING_DATA_PREPROCESS_SUCCESS", "'stop-while-waiting' allows it"),
            (
                "ADMIN_STOP_TRAIN",
                "不能出现在 TRAINING_DATA_PREPROCESS_SUCCESS",
                "另一种解读 'stop-while-waiting' 允许它",
            ),
        ),
    ],
    "unconfirmed-transition--test-video-check-after-compile": [
        E_(
            "unconfirmed-transition",
            20,
            None,
            ("TEST_VIDEO_CHECK_PROCESSING", "not allowed in WAIT_ASSET_SYNC", "'stages-in-any-order'"),
            ("TEST_VIDEO_CHECK_PROCESSING", "不能出现在 WAIT_ASSET_SYNC", "'stages-in-any-order' 允许它"),
        ),
    ],
    "unconfirmed-transition--update-after-failed-review-reports-waiting-for-upload": [
        E_(
            "unconfirmed-transition",
            None,
            "state",
            ("state WAIT_FILE_UPLOAD", "not allowed in MANUAL_VERIFY_FAILED", "'update-reopens-upload'"),
            ("WAIT_FILE_UPLOAD", "不能出现在 MANUAL_VERIFY_FAILED", "'update-reopens-upload'"),
        ),
    ],
    "unconfirmed-transition--update-before-submission": [
        E_(
            "unconfirmed-transition",
            1,
            None,
            ("USER_UPDATE_VIDEO", "not allowed in WAIT_FILE_UPLOAD", "'update-before-review'"),
            ("USER_UPDATE_VIDEO", "不能出现在 WAIT_FILE_UPLOAD", "'update-before-review'"),
        ),
    ],
    "unknown-log-type--newer-api": [
        E_(
            "unknown-log-type",
            5,
            None,
            ("SYSTEM_FUTURE_THING", "not in edition 2025-11", "skipped"),
            ("SYSTEM_FUTURE_THING", "不在 2025-11 版本中", "已跳过"),
        ),
    ],
    "unknown-state--newer-api": [
        E_(
            "unknown-state",
            None,
            "state",
            ("state MANUAL_VERIFYING_AGAIN", "not in edition 2025-11"),
            ("MANUAL_VERIFYING_AGAIN", "不在 2025-11 版本中"),
        ),
    ],
    "unknown-log-type--a-newer-redo-log-moves-the-job": [
        E_(
            "unknown-log-type",
            8,
            None,
            ("REDO_TRAINING", "not in edition 2024-12", "skipped"),
            ("REDO_TRAINING", "不在 2024-12 版本中", "已跳过"),
        ),
    ],
}
