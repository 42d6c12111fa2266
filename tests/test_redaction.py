"""Redaction: no rendering of a parsed job shows the phone number or a URL query string."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from lifecycle.payload.models import parse_job, parse_job_json
from lifecycle.payload.redaction import (
    mask_contact,
    redact_payload,
    redact_text,
    redact_url,
    redact_value_for_message,
)

SEED: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "payloads" / "seed_example.json").read_bytes())
PHONE = "13812345678"
SECRETS = (PHONE, "param1=XXX", "param2=YYY", "X-Amz-Signature", "Signature=", "token=", "idCardImage", "grantFile")
OBS = "https://bucket.obs.cn-north-4.myhuaweicloud.com/job/video.mp4"
SIGNED = OBS + "?AccessKeyId=AK&Expires=1700000000&Signature=abc%2Fdef"
AMZ = "https://s3.example.com/x.png?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef"


def sensitive_payload() -> dict[str, Any]:
    """The seed with a real-looking phone number and signed URLs everywhere a URL can be."""
    payload = copy.deepcopy(SEED)
    payload["contact"] = PHONE
    payload["action_mark_file_upload_url"] = AMZ
    payload["comment_logs"] = [
        {
            "operate_time": "2024-01-01T00:00:00Z",
            "comment_type": "USER_REJECT",
            "comment_message": f"see {SIGNED} or call {PHONE}",
            "attachment_download_url": [SIGNED, AMZ],
        }
    ]
    payload["samples"] = [{"action_tag": "wave", "sample_download_url": SIGNED}]
    payload["operation_logs"][0]["log_description"] = f"reviewer note {AMZ}"
    payload["brand_new_preview_url"] = SIGNED  # unknown *_url field
    payload["brand_new_links"] = {"thumb": AMZ, "list": [SIGNED]}  # unknown field, URL values
    payload["creator"] = {"contact": PHONE}  # unknown nested contact
    return payload


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def test_renderings_of_a_parsed_job_hide_phone_and_queries() -> None:
    parsed = parse_job(sensitive_payload())
    job = parsed.job
    assert job is not None
    assert_clean(repr(job))
    assert_clean(str(job))
    assert_clean(repr(parsed))
    assert_clean(json.dumps(job.redacted_dict(), ensure_ascii=False))
    assert job.comment_logs is not None
    assert_clean(repr(job.comment_logs[0]))
    assert_clean(str(job.operation_logs[0]))
    # Redacted, not removed: hosts, paths and unknown fields are still visible.
    redacted = job.redacted_dict()
    assert redacted["contact"] == "*********78"
    assert redacted["brand_new_preview_url"] == OBS + "?<redacted>"
    assert redacted["creator"] == {"contact": "*********78"}
    assert redacted["id_card_image1_download_url"] == "https://example.com/<redacted>"
    assert redacted["comment_logs"][0]["attachment_download_url"] == [
        OBS + "?<redacted>",
        "https://s3.example.com/x.png?<redacted>",
    ]


def test_raw_values_stay_available_on_request() -> None:
    job = parse_job(sensitive_payload()).job
    assert job is not None
    assert job.contact == PHONE
    assert job.action_mark_file_upload_url == AMZ
    assert job.model_dump()["samples"][0]["sample_download_url"] == SIGNED
    assert PHONE in job.model_dump_json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact", 13812345678),
        ("contact", [PHONE]),
        ("cover_download_url", 5),
        ("cover_download_url", [SIGNED]),
        ("training_video_download_url", {"u": AMZ}),
        ("name", SIGNED),
        ("batch_name", PHONE),
        ("flexus_retry_count", f"{PHONE}"),
    ],
)
def test_finding_messages_and_strict_errors_do_not_echo_secrets(field: str, value: Any) -> None:
    payload = sensitive_payload()
    payload[field] = value
    if field in ("name", "batch_name"):  # valid strings: inject into an invalid spot instead
        payload["matting_type"] = value
    parsed = parse_job(payload)
    assert parsed.problems, "the hostile value must be reported"
    for finding in parsed.findings:
        assert_clean(finding.message)
        assert_clean(repr(finding))
    with pytest.raises(ValidationError) as caught:
        parse_job(payload, strict=True)
    assert_clean(str(caught.value))


def test_invalid_json_messages_do_not_echo_the_text() -> None:
    text = json.dumps(sensitive_payload())[:-1]  # truncated: not JSON
    parsed = parse_job_json(text)
    assert parsed.job is None
    assert_clean(repr(parsed))
    with pytest.raises(ValidationError) as caught:
        parse_job_json(text, strict=True)
    assert_clean(str(caught.value))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a_cover?param1=XXX&param2=YYY", "https://example.com/a_cover?<redacted>"),
        ("https://example.com/a#token=1", "https://example.com/a?<redacted>"),
        ("https://user:pw@example.com/a?x=1", "https://<redacted>@example.com/a?<redacted>"),
        ("https://example.com/plain", "https://example.com/plain"),
        ("//cdn.example.com/p?s=1", "//cdn.example.com/p?<redacted>"),
        ("relative/path?sig=1", "relative/path?<redacted>"),
        ("", ""),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PHONE, "*********78"),
        ("1**********", "***********"),
        ("12345", "*****"),
        ("", ""),
        ("a@b.example", "*********le"),
    ],
)
def test_mask_contact(value: str, expected: str) -> None:
    assert mask_contact(value) == expected


def test_redact_text_masks_embedded_urls_and_phone_numbers_only() -> None:
    assert redact_text(f"see {SIGNED} or call {PHONE}.") == f"see {OBS}?<redacted> or call ***********."
    job_id = "efc5300ecdba4ea48d1ff13a9d907bc0"
    assert redact_text(job_id) == job_id  # hex ids are not phone numbers
    assert redact_text("44005901") == "44005901"  # log error codes survive


def test_redact_payload_is_pure_and_recursive() -> None:
    payload = sensitive_payload()
    before = copy.deepcopy(payload)
    redacted = redact_payload(payload)
    assert payload == before
    assert_clean(json.dumps(redacted, ensure_ascii=False))
    assert redacted["job_id"] == payload["job_id"]
    assert redacted["operation_logs"][1] == payload["operation_logs"][1]
    assert redact_payload([{"x_urls": ["a?b=1"]}, 3, None]) == [{"x_urls": ["a?<redacted>"]}, 3, None]


def test_messages_echo_short_harmless_values_only() -> None:
    assert redact_value_for_message("matting_type", "ai") == "'ai'"
    assert redact_value_for_message("contact", "x") == "(value withheld)"
    assert redact_value_for_message("cover_download_url", 5) == "(value withheld)"
    assert redact_value_for_message("name", "n" * 100).endswith("…'")
    assert len(redact_value_for_message("name", "n" * 100)) < 50
    assert redact_value_for_message("name", {"contact": PHONE}) == "an object"
