"""Whole job-detail payloads: :func:`job_payloads` (valid ones) and :func:`hostile_payloads` (anything).

>>> from hypothesis import given
>>> from lifecycle.validator import validate
>>> @given(job_payloads(edition="2025-11"))
... def test_valid_jobs_validate(job):
...     assert validate(job).ok
>>> test_valid_jobs_validate()
"""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta
from typing import Any

from lifecycle.spec.vocabulary import DEFAULT_EDITION, DEPRECATED_MODEL_VERSIONS, Edition
from lifecycle.testing.hypothesis_api import st
from lifecycle.testing.plan import DEFAULT_MAX_SIZE, TIME_FORMAT, check_edition, stamp
from lifecycle.testing.walks import Sizes, Walk, drawn_walks, walk_options

_HEX = "0123456789abcdef"
_ids = st.text(_HEX, min_size=32, max_size=32)
_names = st.text(
    st.characters(codec="utf-8", categories=["L", "N"], include_characters="_- "), min_size=1, max_size=32
).filter(lambda s: s.strip() != "")


@st.composite
def _signed_url(draw: st.DrawFn, job_id: str, what: str) -> str:
    # Real download URLs are OBS signed URLs; the signature makes payloads large (issue 7: ~8.8 kB).
    signature = draw(st.text(string.ascii_letters + string.digits, min_size=16, max_size=64))
    expires = draw(st.integers(1_700_000_000, 1_800_000_000))
    return (
        f"https://metastudio-assets.obs.cn-north-4.myhuaweicloud.com/{job_id}/{what}"
        f"?AccessKeyId=HPUA{signature[:12].upper()}&Expires={expires}&Signature={signature}"
    )


def _payload_from(draw: st.DrawFn, walk: Walk) -> dict[str, Any]:
    job_id = draw(_ids)
    first = datetime.strptime(walk.logs[0]["operate_time"], TIME_FORMAT).replace(tzinfo=UTC)
    last = datetime.strptime(walk.logs[-1]["operate_time"], TIME_FORMAT).replace(tzinfo=UTC)
    created = first - timedelta(seconds=draw(st.sampled_from([0, 0, 1, 30])))
    updated = last + timedelta(seconds=draw(st.sampled_from([0, 1, 120])))
    versions = ["V3.2", "V3.3"] if walk.edition != "2024-12" else ["V3.2"]
    assert not DEPRECATED_MODEL_VERSIONS & set(versions)
    payload: dict[str, Any] = {
        "job_id": job_id,
        "name": draw(_names),
        "state": walk.end_state,
        "project_id": draw(_ids),
        "create_time": stamp(created),
        "last_update_time": stamp(updated),
        "contact": "1**********",  # the API masks it (seed example); never generate a real number
        "model_version": draw(st.sampled_from(versions)),
        "matting_type": draw(st.sampled_from(["AI", "MANUAL"])),
        "model_resolution": draw(st.sampled_from(["1080P", "4K"])),
        "is_background_replacement": draw(st.booleans()),
        "is_mask_file_uploaded": draw(st.booleans()),
        "operation_logs": [dict(entry) for entry in walk.logs],
        "comment_logs": [],
    }
    if walk.flexus or draw(st.booleans()):
        payload["is_flexus"] = walk.flexus
    for what in draw(st.lists(st.sampled_from(_URL_FIELDS), unique=True, max_size=len(_URL_FIELDS))):
        payload[what] = draw(_signed_url(job_id, what.removesuffix("_download_url")))
    return payload


_URL_FIELDS = [
    "cover_download_url",
    "training_video_download_url",
    "id_card_image1_download_url",
    "id_card_image2_download_url",
    "grant_file_download_url",
    "verify_video_download_url",
    "markable_video_download_url",
]


@st.composite
def _jobs(draw: st.DrawFn, walk_strategy: st.SearchStrategy[Walk]) -> dict[str, Any]:
    return _payload_from(draw, draw(walk_strategy))


def job_payloads(
    *,
    edition: str | Edition = DEFAULT_EDITION,
    end_state: str | None = None,
    min_size: int = 1,
    max_size: int = DEFAULT_MAX_SIZE,
    side_events: bool = True,
    na_whitelist: bool | None = None,
    flexus: bool | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Whole job-detail payloads that validate with no diagnostic at all.

    Fields are plausible (ids, masked contact, signed URLs, non-deprecated ``model_version``),
    ``create_time`` ≤ every log time ≤ ``last_update_time``, and ``state`` is where the history
    leads. No payload field marks an NA-whitelist job, so an NA job here always reports an
    NA-only state — the only way a reader (and the validator) can tell it is one.

    Distribution: ``state`` is uniform over the states a payload of the requested variants can
    report (61 in edition 2025-11, 40 in 2024-12, when no option narrows them); the variant is then
    uniform over the requested variants that can report it. So with both variants left open, 4 jobs
    in 61 (2025-11) are NA-whitelist jobs and half the jobs are Flexus jobs.
    """
    sizes = Sizes(min_size, max_size, side_events)
    goals = walk_options(edition, end_state, sizes, (flexus, na_whitelist), na_only_ends=True)
    return _jobs(drawn_walks(goals, sizes))


# -- hostile input: anything a broken upstream might send ---------------------------------------------

_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
_keys = st.sampled_from(
    ["job_id", "state", "operation_logs", "create_time", "last_update_time", "is_flexus", "model_version", "name"]
)


@st.composite
def _mutated(draw: st.DrawFn, edition: str) -> object:
    job: dict[str, Any] = draw(job_payloads(edition=edition, max_size=12))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["drop", "replace", "log", "shuffle", "truncate"]))
        logs = job.get("operation_logs")
        if how == "drop":
            job.pop(draw(_keys), None)
        elif how == "replace":
            job[draw(_keys)] = draw(_json)
        elif how == "log" and isinstance(logs, list) and logs:
            i = draw(st.integers(0, len(logs) - 1))
            entry = logs[i]
            if isinstance(entry, dict) and draw(st.booleans()):
                entry[draw(st.sampled_from(["log_type", "operate_time", "operate_user"]))] = draw(_json)
            else:
                logs[i] = draw(_json)
        elif how == "shuffle" and isinstance(logs, list):
            job["operation_logs"] = draw(st.permutations(logs))
        elif how == "truncate":
            text = json.dumps(job, ensure_ascii=False)
            return text[: draw(st.integers(0, len(text)))]
    return job


def hostile_payloads(*, edition: str | Edition = DEFAULT_EDITION) -> st.SearchStrategy[object]:
    """Anything a broken upstream might send: arbitrary JSON values, JSON text and raw bytes, and
    valid jobs with fields dropped, retyped, shuffled or cut short. The validator must never raise."""
    name = check_edition(edition)
    return st.one_of(
        _json,
        _json.map(json.dumps),
        st.binary(max_size=64),
        st.text(max_size=64),
        _mutated(name),
    )
