"""The stages of 算法训练中 (algorithm training ongoing): presentation only, for the per-stage views.

The console shows 48 of the 61 states of edition 2025-11 as one group, 算法训练中; a diagram of that
group is as big as the whole lifecycle. The stages below split it in the order the states run:
the seed page's state table (查询分身数字人模型训练任务详情, 2024-12-26, table 4: review passed,
training-data preprocessing, training, inference-data preprocessing), then the optional
post-inference stages of ``[pipeline]`` in ``rules.toml``. The engine knows nothing of them: a
stage never changes what is valid, only what one picture shows.

A state of the group that no stage lists (an overlay may add one) is drawn in the full and group
views only; ``tests/test_diagrams.py`` checks that the shipped editions leave none out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.vocabulary import ConsoleGroup, JobState, Lang

_S = JobState


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of 算法训练中: a slug for file names, labels, and its states in process order."""

    slug: str
    label_en: str
    label_zh: str
    states: tuple[str, ...]

    def label(self, lang: Lang) -> str:
        return self.label_zh if lang == "zh" else self.label_en


STAGES: Final[tuple[Stage, ...]] = (
    Stage(
        "preprocessing",
        "Preprocessing (mask, beautification, training data)",
        "预处理（遮罩、美白、训练数据）",
        (
            _S.MANUAL_VERIFY_SUCCESS,
            _S.WAIT_MASK_UPLOAD,
            _S.WAIT_BEAUTY,
            _S.WAIT_BEAUTY_VIDEO_FILE_UPLOAD,
            _S.BEAUTY_VIDEO_FILE_UPLOADED,
            _S.BEAUTYFACE_ROCESSING,
            _S.BEAUTYFACE_SUCCESS,
            _S.BEAUTYFACE_FAILED,
            _S.MANUAL_STOP_BEAUTY_PREPROCESS,
            _S.WAIT_TRAINING_DATA_PREPROCESS,
            _S.TRAINING_DATA_PREPROCESSING,
            _S.TRAINING_DATA_PREPROCESS_FAILED,
            _S.MANUAL_STOP_TRAINING_DATA_PREPROCESS,
        ),
    ),
    Stage(
        "training",
        "Training",
        "训练",
        (_S.TRAINING_DATA_PREPROCESS_SUCCESS, _S.TRAINING, _S.TRAIN_FAILED, _S.MANUAL_STOP_TRAIN),
    ),
    Stage(
        "inference",
        "Inference-data preprocessing",
        "推理数据预处理",
        (
            _S.TRAIN_SUCCESS,
            _S.INFERENCE_DATA_PREPROCESSING,
            _S.INFERENCE_DATA_PREPROCESS_FAILED,
            _S.MANUAL_STOP_INFERENCE_DATA_PREPROCESS,
        ),
    ),
    Stage(
        "choreography",
        "Action marking and choreography",
        "动作标定与动作编排",
        (
            _S.WAIT_GENERATE_ACTION_MARK,
            _S.ACTION_MARKING,
            _S.ACTION_MARK_SUCCESS,
            _S.ACTION_MARK_FAILED,
            _S.ACTION_MARK_UPLOADED,
            _S.MANUL_STOP_ACTION_MARK,
            _S.WAIT_GENERATE_ACTION,
            _S.ACTION_GENERATE_DATA_PROCESSING,
            _S.ACTION_GENERATE_DATA_FAILED,
            _S.GENERATE_ACTION_PREPROCESS_FAILED,
            _S.MANUAL_STOP_ACTION_GENERATE_DATA_PROCESSING,
            _S.WAIT_ADMIN_CALIBRATION,
            _S.WAIT_ARRANGE,
            _S.ACTION_GENERATE_ORI_PROCESSING,
            _S.ACTION_GENERATE_ORI_SUCCESS,
            _S.ACTION_GENERATE_ORI_FAILED,
            _S.MANUAL_STOP_ACTION_GENERATE_ORI_PROCESSING,
        ),
    ),
    Stage(
        # The test video exercises the finished asset before release (the [pipeline] comment of
        # rules.toml), so it is drawn with confirmation, compile and asset synchronisation.
        "compile",
        "Test video, confirmation and compile",
        "测试视频、确认与转编译",
        (
            _S.WAIT_TEST_VIDEO_CHECK,
            _S.TEST_VIDEO_CHECK_PROCESSING,
            _S.TEST_VIDEO_CHECK_SUCCESS,
            _S.TEST_VIDEO_CHECK_FAILED,
            _S.WAIT_ADMIN_CONFIRM,
            _S.WAIT_MAIN_FILE_UPLOAD,
            _S.WAIT_COMPILE,
            _S.COMPILING,
            _S.COMPILE_FAILED,
            _S.WAIT_ASSET_SYNC,
        ),
    ),
)
"""Stages of 算法训练中 in process order."""

STAGED_GROUP: Final = ConsoleGroup.TRAINING


def stages_of(lc: Lifecycle) -> list[Stage]:
    """The stages that have states in this lifecycle, each keeping only the states it has."""
    present = set(lc.spec.groups.get(STAGED_GROUP.value, ()))
    out = []
    for st in STAGES:
        states = tuple(s for s in st.states if s in present)
        if states:
            out.append(Stage(st.slug, st.label_en, st.label_zh, states))
    return out


def resolve_stage(lc: Lifecycle, name: str) -> Stage:
    """A stage by slug or label in either language; ``ValueError`` listing the valid ones."""
    key = name.strip().casefold()
    stages = stages_of(lc)
    for st in stages:
        if key in {st.slug, st.label_en.casefold(), st.label_zh}:
            return st
    valid = ", ".join(st.slug for st in stages)
    raise ValueError(f"unknown stage {name!r} in edition {lc.edition}; valid stages: {valid}")


def stage_of(lc: Lifecycle) -> dict[str, Stage]:
    """state -> its stage, for the staged group's states a stage lists."""
    return {s: st for st in stages_of(lc) for s in st.states}
