"""Redaction: no rendering of a parsed job, and no echoed text, shows a phone number or a URL secret.

Each test checks the redacted value itself and what must be kept, not only that a secret is absent: a
redaction that drops the whole value would hide the secret too (issue 24: such mutants survived).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from lifecycle.models import Job, OperationLogInfo, parse_job, parse_job_json
from lifecycle.payload.redaction import (
    REDACTED,
    looks_like_url,
    mask_contact,
    redact_field,
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


# -- every form of a URL secret (issue 15, item 6) --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The examples of the issue: each leaked before.
        ("AccessKeyId=AK&Signature=SECRET", "AccessKeyId=<redacted>&Signature=<redacted>"),
        ("https%3A%2F%2Fh%2Fa%3FSignature%3DSECRET", "https%3A%2F%2Fh%2Fa%3F<redacted>"),
        ("//h/a.mp4?Signature=SECRET", "//h/a.mp4?<redacted>"),
        # Double and triple encoding, lower-case escapes.
        ("https%253A%252F%252Fh%252Fa%253FSignature%253DSECRET", "https%253A%252F%252Fh%252Fa%253F<redacted>"),
        ("h%25253fSignature%25253DSECRET", "h%25253f<redacted>"),
        # A bare query, encoded; a credential alone; an HTML-escaped and a JSON-escaped query.
        ("AccessKeyId%3DAK%26Signature%3DSECRET", "AccessKeyId%3D<redacted>%26Signature%3D<redacted>"),
        ("x Signature=SECRET y", "x Signature=<redacted> y"),
        ("X-Amz-Credential=AKIA/x&X-Amz-Signature=SECRET", "X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>"),
        ("a=1&amp;b=SECRET", "a=<redacted>&amp;b=<redacted>"),
        ("h/a&#63;Signature=SECRET", "h/a&#63;<redacted>"),
        ("h/a\\u003fSignature=SECRET", "h/a\\u003f<redacted>"),
        ("https:\\/\\/h\\/a?Signature=SECRET", "https:\\/\\/h\\/a?<redacted>"),
        ("foo%26token%3DSECRET", "foo%26token%3D<redacted>"),
        ("x-obs-security-token=SECRET", "x-obs-security-token=<redacted>"),
        # A credential inside the value of a plain pair, after ";", "," or "/"; base64 padding stays hidden;
        # a credential's value runs to the end of the query-like run (a query value may hold "," or "/").
        ("x=1;token=SECRET", "x=1;token=<redacted>"),
        ("Credential=AK/2024/cn/s3,SignedHeaders=host,Signature=SECRET", "Credential=<redacted>"),
        ("Expires=1700000000/sig=SECRET", "Expires=1700000000/sig=<redacted>"),
        ("Signature=SECRET==&x=1", "Signature=<redacted>&x=<redacted>"),
        ("Expires=1700000000", "Expires=1700000000"),  # one pair, no credential: not a query
        ("https://h/a;jsessionid=SECRET", "https://h/a;jsessionid=<redacted>"),
        ("?Signature=SECRET", "?<redacted>"),
        # User information: with and without a scheme, encoded, JSON-escaped, an "@" in the password.
        ("https://user:SECRET@host/x", "https://<redacted>@host/x"),
        ("https://user:SECRET@host", "https://<redacted>@host"),
        ("//SECRET@host/x", "//<redacted>@host/x"),
        ("https://u:p@SECRET@host/", "https://<redacted>@host/"),
        ("https%3A%2F%2Fuser%3ASECRET%40host%2Fa", "https%3A%2F%2F<redacted>%40host%2Fa"),
        ("https:\\/\\/u:SECRET@h\\/a", "https:\\/\\/<redacted>@h\\/a"),
        # Fragments.
        ("https://h/a#access_token=SECRET", "https://h/a#<redacted>"),
        ("https://h/a%23SECRET", "https://h/a%23<redacted>"),
        # Secrets inside JSON or Python-repr text.
        ('{"url":"https://h/a?S=SECRET","n":2}', '{"url":"https://h/a?<redacted>","n":2}'),
        ('{"Signature": "SECRET", "state": "X"}', '{"Signature": "<redacted>", "state": "X"}'),
        ("{'token': 'SECRET'}", "{'token': '<redacted>'}"),
        # The text around survives, punctuation included.
        ("see (https://h/a?S=SECRET). next", "see (https://h/a?<redacted>). next"),
        ("签名 https://h/a?Signature=SECRET，然后", "签名 https://h/a?<redacted>，然后"),
        # Not secrets: kept as they are.
        ("state=PROCESSING", "state=PROCESSING"),
        ("what? why", "what? why"),
        ("log #3, C#", "log #3, C#"),
        ("https://h/a?", "https://h/a?"),
        ("a@b.example", "a@b.example"),
    ],
)
def test_every_form_of_a_url_secret_is_redacted(text: str, expected: str) -> None:
    assert redact_text(text) == expected
    assert redact_text(expected) == expected  # idempotent: a redacted text is left alone


# -- every form of a phone number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The examples of the issue and the brief: each leaked before.
        ("138-1234-5678", "*************"),
        ("+86 138 1234 5678", "*****************"),
        ("(+86)13812345678", "****************"),
        ("１３８１２３４５６７８", "***********"),  # full-width digits
        ("＋８６ １３８ １２３４ ５６７８", "*****************"),
        # Other separators, scripts and prefixes.
        ("138.1234.5678", "*************"),
        ("138\u200b1234\u200b5678", "*************"),  # zero-width spaces
        ("138\u00ad1234\u20135678", "*************"),  # soft hyphen, en dash
        ("1 3 8 1 2 3 4 5 6 7 8", "*********************"),
        # Commas, "~", "*", "|" (the second trial's examples, each printed as written before).
        ("138,1234,5678", "*************"),
        ("138，1234，5678", "*************"),  # full-width comma
        ("138~1234~5678 138*1234*5678 138|1234|5678", "************* ************* *************"),
        ("[13812345678,13912345678]", "[***********,***********]"),
        ("١٣٨١٢٣٤٥٦٧٨", "***********"),  # Arabic-Indic digits
        ("0086 138 1234 5678", "******************"),
        ("8613812345678", "*************"),
        ("（+86）138 1234 5678", "******************"),
        # Glued to letters (a job id), inside a path, and as a number in the text.
        ("user13812345678x", "user***********x"),
        ("job_13812345678_a", "job_***********_a"),
        ("https://h/u/13812345678/a.mp4", "https://h/u/***********/a.mp4"),
        ("got 13812345678.0 instead", "got ***********.0 instead"),
        # Numbers phonenumbers knows: international and landline.
        ("call +44 20 7946 0958 now", "call **************** now"),
        ("tel 010-12345678", "tel ************"),
        ("tel (010) 1234 5678.", "tel ***************."),
        ("+44 20 7946 0958 " * 4, "**************** " * 4),  # one run of numbers: each is found
        # Not phone numbers: kept.
        ("job 2 13812345678", "job 2 ***********"),
        ("job0 138-1234-5678", "job0 *************"),  # a trunk "0" before a mobile number is not part of it
        ("1700000000000 ms", "1700000000000 ms"),  # 13 digits: a time in milliseconds
        ("efc5300ecdba4ea48d1ff13a9d907bc0", "efc5300ecdba4ea48d1ff13a9d907bc0"),
        ("44005901", "44005901"),  # a log error code
        ("MSS.00000003", "MSS.00000003"),
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("12345678901", "12345678901"),  # 11 digits, but no mobile prefix
        ("ids 1,2,3,4,5,6,7,8,9,10,11", "ids 1,2,3,4,5,6,7,8,9,10,11"),  # a list of numbers
        ("2024-03-01 08:00:00", "2024-03-01 08:00:00"),  # ":" separates no number: a time stays
    ],
)
def test_every_form_of_a_phone_number_is_masked(text: str, expected: str) -> None:
    assert redact_text(text) == expected
    assert redact_text(expected) == expected


# -- properties -------------------------------------------------------------------------------------

DIGITS = {
    "ascii": "0123456789",
    "full-width": "０１２３４５６７８９",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
}
SEPARATORS = ["", " ", "-", ".", "\u00a0", "\u3000", "\u200b", "\u2013", "\uff0d", "/", " - "]
PREFIXES = ["", "+86 ", "+86", "0086 ", "86-", "(+86)", "(+86) ", "（+86）", "＋86 "]


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """A mainland mobile number written in one of many ways."""
    digits = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    script = DIGITS[draw(st.sampled_from(sorted(DIGITS)))]
    written = "".join(script[int(d)] for d in digits)
    sep = draw(st.sampled_from(SEPARATORS))
    groups = draw(st.sampled_from([(11,), (3, 4, 4), (3, 8), (4, 7), (3, 3, 5), (1,) * 11]))
    parts, at = [], 0
    for size in groups:
        parts.append(written[at : at + size])
        at += size
    return draw(st.sampled_from(PREFIXES)) + sep.join(parts)


# Any text: also lone surrogates (JSON may escape one), digits of other scripts, invisible characters.
TEXT = st.text() | st.text(st.characters(categories=["Cs", "Nd", "Zs", "Cf", "Po", "Sm", "Lo", "Lu"]))
# Context that cannot glue onto the number: "; " stands between (";" is no separator, "+" or digit).
BEFORE = TEXT.map(lambda s: s + "; ")
AFTER = TEXT.map(lambda s: " ;" + s)


@given(before=BEFORE, number=phone_numbers(), after=AFTER)
def test_a_phone_number_in_any_writing_and_any_text_is_masked_and_the_text_kept(
    before: str, number: str, after: str
) -> None:
    redacted = redact_text(before + number + after)
    assert redacted == redact_text(before) + "*" * len(number) + redact_text(after)


SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~%"
HOSTS = st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,10}){0,3}", fullmatch=True)
PATHS = st.lists(st.from_regex(r"[A-Za-z0-9_.\-]{1,12}", fullmatch=True), max_size=4).map("/".join)
PLAIN_NAMES = ["Expires", "param1", "e"]
NAMES = st.sampled_from(["AccessKeyId", "Signature", "X-Amz-Signature", "token", "sig", *PLAIN_NAMES])


def _quote(text: str, times: int) -> str:
    for _ in range(times):
        text = "".join(c if c.isalnum() or c in "-_.~" else f"%{ord(c):02X}" for c in text)
    return text


@st.composite
def signed_urls(draw: st.DrawFn) -> tuple[str, str, str]:
    """(a URL or query holding SECRET…, its expected redaction, the secret)."""
    secret = "SECRET" + draw(st.text(SECRET_CHARS, min_size=1, max_size=20))
    host, path = draw(HOSTS), draw(PATHS)
    names = draw(st.lists(NAMES, min_size=1, max_size=4))
    query = "&".join(f"{name}={secret}" for name in names)
    form = draw(st.sampled_from(["absolute", "scheme-less", "relative", "fragment", "userinfo", "bare", "encoded"]))
    base = f"https://{host}/{path}"
    if form == "absolute":
        return f"{base}?{query}", f"{base}?{REDACTED}", secret
    if form == "scheme-less":
        return f"//{host}/{path}?{query}", f"//{host}/{path}?{REDACTED}", secret
    if form == "relative":
        return f"{host}/{path}?{query}", f"{host}/{path}?{REDACTED}", secret
    if form == "fragment":
        return f"{base}#{query}", f"{base}#{REDACTED}", secret
    if form == "userinfo":
        return f"https://user:{secret}@{host}/{path}", f"https://{REDACTED}@{host}/{path}", secret
    if form == "bare":
        if len(names) == 1 and names[0] in PLAIN_NAMES:  # one pair such as "Expires=…" alone is no query
            names.append("Signature")
            query += f"&Signature={secret}"
        return query, "&".join(f"{name}={REDACTED}" for name in names), secret
    times = draw(st.integers(1, 3))
    encoded_base, sep = _quote(base, times), _quote("?", times)
    return f"{encoded_base}{sep}{_quote(query, times)}", f"{encoded_base}{sep}{REDACTED}", secret


@given(before=TEXT, url=signed_urls(), after=TEXT)
def test_a_signed_url_in_any_form_and_any_text_loses_its_secret_only(
    before: str, url: tuple[str, str, str], after: str
) -> None:
    text, expected, secret = url
    assert redact_text(text) == expected  # scheme, host, path and parameter names are kept
    redacted = redact_text(f"{before} {text} {after}")
    assert redacted == f"{redact_text(before)} {expected} {redact_text(after)}"
    assert secret not in expected


@given(TEXT)
def test_redaction_is_idempotent(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once


@given(st.text(st.characters(exclude_characters="?#%=@&\\＝'\"", exclude_categories=["Nd"])))
def test_text_without_digits_or_url_characters_is_kept(text: str) -> None:
    assert redact_text(text) == text


# -- fields, payloads and models keep what is not secret, with its type -----------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("contact", 13812345678, "*********78"),  # a number is masked, not lost
        ("contact", 1.3812345678e10, "***********.0"),
        ("contact", [PHONE, "a@b.example"], ["*********78", "*********le"]),
        ("contact", {"mobile": PHONE, "ok": True}, {"mobile": "*********78", "ok": True}),
        ("contact", None, None),
        ("cover_download_url", {"u": SIGNED, "n": 5}, {"u": OBS + "?<redacted>", "n": 5}),
        ("cover_download_url", [SIGNED, None, 3], [OBS + "?<redacted>", None, 3]),
        ("cover_download_url", 5, 5),
        ("cover_download_url", True, True),
        ("id_card_image1_download_url", "https://u:p@h.example/card.png?s=1", "https://h.example/<redacted>"),
        ("id_card_image1_download_url", {"front": "not a url"}, {"front": REDACTED}),
        ("grant_file_download_url", "https://13812345678.h.example/x", "https://***********.h.example/<redacted>"),
        ("name", f"x {SIGNED}", f"x {OBS}?<redacted>"),
        ("name", 13812345678, "***********"),  # a phone number as a JSON number
        ("name", 44005901, 44005901),  # other numbers keep their type
        ("name", 1700000000000, 1700000000000),
        ("name", False, False),
    ],
)
def test_redact_field_keeps_the_non_secret_parts_and_the_type(key: str, value: Any, expected: Any) -> None:
    assert redact_field(key, value) == expected
    assert redact_payload({key: value}) == {key: expected}


def test_an_integer_past_the_conversion_limit_is_no_error() -> None:
    huge = 10**5000  # str() of it raises ValueError (Python's 4300-digit limit)
    assert redact_payload({"name": huge, "contact": huge}) == {"name": huge, "contact": REDACTED}
    assert redact_value_for_message("name", huge) == "a number too long to show"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:pw@host/x", "https://<redacted>@host/x"),
        ("//user:pw@host/x", "//<redacted>@host/x"),
        ("https://host/u/138-1234-5678/a", "https://host/u/*************/a"),
        ("https%3A%2F%2Fh%2Fa%3FSignature%3DSECRET", "https%3A%2F%2Fh%2Fa%3F<redacted>"),
    ],
)
def test_any_string_value_is_redacted_whether_or_not_it_looks_like_a_url(url: str, expected: str) -> None:
    assert redact_payload({"x": url}) == {"x": expected}
    assert redact_payload([url]) == [expected]
    assert redact_url(url) == expected


def test_looks_like_url() -> None:
    assert looks_like_url("https://h/a")
    assert looks_like_url("//h/a")
    assert looks_like_url("s3+x.y-z://h")
    assert not looks_like_url("h/a?x=1")
    assert not looks_like_url("https:/h")
    assert not looks_like_url("1http://h")


FORMS = [
    "138-1234-5678",
    "+86 138 1234 5678",
    "AccessKeyId=AK&Signature=SECRET",
    "https%3A%2F%2Fh%2Fa%3FSignature%3DSECRET",
    "//h/a.mp4?Signature=SECRET",
    "https://user:SECRET@host/a",
]


@pytest.mark.parametrize("form", FORMS)
def test_repr_and_redacted_dict_of_a_job_redact_every_form(form: str) -> None:
    parsed = parse_job({**SEED, "job_id": f"job {form}", "batch_name": form, "operation_logs": [{"log_type": form}]})
    job = parsed.job
    assert job is not None
    shown = redact_text(form)
    assert shown != form
    assert f"job_id='job {shown}'" in repr(job)
    assert f"batch_name={shown!r}" in str(job)
    assert f"log_type={shown!r}" in repr(job.operation_logs[0])
    redacted = job.redacted_dict()
    assert (redacted["job_id"], redacted["batch_name"]) == (f"job {shown}", shown)
    assert redacted["operation_logs"] == [{"log_type": shown}]
    assert redacted["state"] == SEED["state"]  # what holds no secret is kept


def test_repr_of_a_constructed_job_masks_a_numeric_contact_and_keeps_url_objects() -> None:
    job = Job.model_construct(contact=13812345678, cover_download_url={"u": SIGNED}, job_id="j")
    text = repr(job)
    assert "contact='*********78'" in text
    assert f"cover_download_url={{'u': '{OBS}?<redacted>'}}" in text
    assert "job_id='j'" in text
    log = OperationLogInfo.model_construct(log_type="X", log_description=f"call {PHONE}")
    assert "log_description='call ***********'" in repr(log)


def test_unknown_fields_of_a_job_are_redacted_with_their_types() -> None:
    job = parse_job({**SEED, "phone": 13812345678, "retries": 3, "links_url": {"a": SIGNED, "n": 1}}).job
    assert job is not None
    redacted = job.redacted_dict()
    assert (redacted["phone"], redacted["retries"]) == ("*********78", 3)
    assert redacted["links_url"] == {"a": OBS + "?<redacted>", "n": 1}
    assert "phone='*********78'" in repr(job)
    assert "retries=3" in repr(job)


# The alphabet of texts that come close to holding a secret: digits of several scripts, separators,
# prefixes, URL punctuation, CJK text, letters.
NEAR_CHARS = [*"0123456789+()-. _/?#%=@&\\'\":;", "１", "３", "８", "٣", "\u200b", "\u3000", "＋", "训", "a", "Z"]
NEAR = st.text(st.sampled_from(NEAR_CHARS), max_size=40)


@given(st.one_of(NEAR, TEXT, st.builds("".join, st.lists(st.one_of(NEAR, phone_numbers()), max_size=4))))
def test_the_quick_tests_only_skip_work(text: str) -> None:
    """The cheap tests in redact_text decide nothing: the full rules give the same text."""
    from lifecycle.payload.phone_numbers import mask_phone_numbers
    from lifecycle.payload.redaction import _redact_url_secrets

    assert redact_text(text) == mask_phone_numbers(_redact_url_secrets(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The query run is hidden, the sentence's punctuation after it kept; a run of punctuation only is no secret.
        ("https://h/a?x.", "https://h/a?<redacted>."),
        ("see https://h/a?Signature=abc, then", "see https://h/a?<redacted>, then"),
        ("https://h/a?.", "https://h/a?."),
        # "&#" starts a character reference, not a fragment; "#3" with nothing before it is a number.
        ("&#8364; euro", "&#8364; euro"),
        ("#3 done", "#3 done"),
        # A credential's name is read back 64 characters from the "=", through "_", ".", "~" and "-".
        ("pass_x=abc", "pass_x=<redacted>"),
        ("sig" + "x" * 61 + "=val", "sig" + "x" * 61 + "=<redacted>"),
        ("sig" + "x" * 62 + "=val", "sig" + "x" * 62 + "=val"),
        # A pair after "&" is part of a query, whatever its name; an encoded "?" starts one even first in the text.
        ("&b=2", "&b=<redacted>"),
        ("%3Fsecret", "%3F<redacted>"),
        ("%3fsecret", "%3f<redacted>"),
    ],
)
def test_redact_text_hides_the_secret_and_keeps_the_rest(text: str, expected: str) -> None:
    assert redact_text(text) == expected


# -- pairs after an encoded separator (issue 15, item 6: "a=1%26b=2" kept "b=2") -------------------

# "&" in every writing: raw, HTML references, percent-encoded once to thrice, JSON-escaped, "%u" escaped.
AMP_FORMS = ["&", "&amp;", "&#38;", "&#x26;", "%26", "%2526", "%252526", "\\u0026", "%u0026"]
# ";" (the W3C's other separator of query pairs) in every writing ("&#59;" aside: it starts with "&", which ends
# the value before it, so that pair is hidden too).
SEMICOLON_FORMS = [";", "%3B", "%3b", "%253B", "\\u003b", "\\u003B", "%u003B"]
# A name: usually a word, or any characters a query may hold before its "=" (control characters too).
PAIR_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_~-]{0,7}", fullmatch=True) | st.lists(
    st.sampled_from([*"aZ09_.~-[]!*$,:+", "\x7f", "\x01", "é", "签", "%7F", "%20"]), min_size=1, max_size=6
).map("".join)
# A value: base64 or hex, the way signatures are written ("=" padding aside: it would start a pair).
PAIR_VALUES = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~+/", min_size=1, max_size=12)
PLAIN_PAIR_NAMES = st.sampled_from(["Expires", "param1", "e", "x", "state", "a_b", "b", "job_id"])


# -- mutation testing (issue 24): each test below kills surviving mutants of lifecycle/payload/redaction.py ------

_CREDENTIALS = st.sampled_from(["token", "Signature", "sig", "AccessKeyId", "X-Amz-Credential", "policy"])
_PLAIN_VALUE = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-", min_size=1, max_size=12)


@given(name=_CREDENTIALS, value=_PLAIN_VALUE, punctuation=st.text(".,;:!", max_size=3))
def test_sentence_punctuation_after_a_hidden_value_stays(name: str, value: str, punctuation: str) -> None:
    assert redact_text(f"{name}={value}{punctuation}") == f"{name}={REDACTED}{punctuation}"
    assert redact_text(f"see {name}={value}{punctuation} now") == f"see {name}={REDACTED}{punctuation} now"


def test_a_value_chained_by_amp_is_hidden_even_at_the_start_of_the_text() -> None:
    assert redact_text("=SECRET&Expires=1") == f"={REDACTED}&Expires={REDACTED}"


@given(before=st.sampled_from(["token", "password", "Signature", "secret key"]), value=_PLAIN_VALUE)
def test_only_the_name_right_before_the_equals_sign_counts(before: str, value: str) -> None:
    """A credential's name earlier in the text does not make a harmless pair a secret."""
    text = f" the {before} is elsewhere: color={value}"
    assert redact_text(text) == text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://h/a?x=1?y=2", "https://h/a?<redacted>"),  # the first "?" cuts
        ("https://h/a#x#y", "https://h/a?<redacted>"),  # the first "#" cuts
        ("https://h/a?s=1.", "https://h/a?<redacted>"),  # the whole query, punctuation included
        ("https://h/a?s=1 2", "https://h/a?<redacted>"),  # the whole query, past a space
        ("https://h/a#f?s=1", "https://h/a?<redacted>"),
    ],
)
def test_redact_url_cuts_at_the_first_query_or_fragment_separator(url: str, expected: str) -> None:
    assert redact_url(url) == expected
    assert redact_field("cover_url", url) == expected  # every *_url field is a URL, not free text


_HOSTS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,20}", fullmatch=True)


@given(host=_HOSTS, path=st.sampled_from(["", "/", "/a/b/c.jpg", "?x=1", "#f", "/a?next=https://evil/x"]))
@example(host="OBS.X.example", path="/a/b")
@example(host="h", path="/a?next=https://evil/x")
def test_an_identity_document_url_keeps_scheme_and_host_only(host: str, path: str) -> None:
    for key in ("id_card_image1_download_url", "id_card_image2_download_url", "grant_file_download_url"):
        assert redact_field(key, f"https://{host}{path}") == f"https://{host}/{REDACTED}"
        assert redact_field(key, f"https://user@name:pw@{host}{path}") == f"https://{host}/{REDACTED}"


@given(st.text(min_size=0, max_size=20))
def test_mask_contact_keeps_the_last_two_characters_from_seven_on(value: str) -> None:
    masked = mask_contact(value)
    assert len(masked) == len(value)
    kept = 2 if len(value) >= 7 else 0
    assert masked == "*" * (len(value) - kept) + value[len(value) - kept :]


def test_a_mapping_with_keys_that_are_not_strings_is_redacted_by_value() -> None:
    assert redact_payload({1: f"call {PHONE}", 2: 7, 3: None}) == {1: "call ***********", 2: 7, 3: None}


@pytest.mark.parametrize("number", [1.3812345678e16, 4.13812345678e16, 9.00541168131712e16, 13812345678000000])
def test_a_number_of_more_than_16_digits_is_never_a_phone_number(number: float) -> None:
    """E.164 numbers have at most 15 digits: a larger number stays a number, even when its text (a float in
    exponent form, "1.3812345678e+16") holds a run of digits that looks like one."""
    assert redact_payload(number) == number
    assert redact_payload([number]) == [number]


@pytest.mark.parametrize("region", ["SH", "NU", "TK", "FK", "TV"])
def test_a_short_international_number_with_a_plus_is_masked(region: str) -> None:
    """Plus and 7 to 9 digits (no run of 10): phonenumbers' own example number of a small numbering plan."""
    import phonenumbers

    number = phonenumbers.format_number(
        phonenumbers.example_number(region), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    assert redact_text(f"call {number} now") == f"call {'*' * len(number)} now"
    assert redact_text(f"电话 {number} 中") == f"电话 {'*' * len(number)} 中"  # the quick test of non-ASCII text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=1%26b=2", "a=<redacted>%26b=<redacted>"),
        ("x?a=1%26Signature%3DSECRET", "x?<redacted>"),
        ("AccessKeyId=AK%26Signature=SECRET", "AccessKeyId=<redacted>%26Signature=<redacted>"),
        ("a=1%2526b=2", "a=<redacted>%2526b=<redacted>"),
        ("a=1\\u0026b=2", "a=<redacted>\\u0026b=<redacted>"),
        ("a=1%u0026b=2", "a=<redacted>%u0026b=<redacted>"),
        ("a=1&amp;b=2", "a=<redacted>&amp;b=<redacted>"),
        ("%26b=2 c", "%26b=<redacted> c"),  # first in the text: the separator alone makes it a query's pair
        ("x%26=2", "x%26=<redacted>"),  # no name at all
        # ";" in any writing: the pair after it is hidden, as after a raw ";".
        ("a=1%3Bb=2", "a=1%3Bb=<redacted>"),
        ("a=1%253bb=2", "a=1%253bb=<redacted>"),
        ("a=1\\u003Bb=2", "a=1\\u003Bb=<redacted>"),
        ("a=1&#59;b=2", "a=<redacted>&#59;b=<redacted>"),
        # Found by the campaign (tools/fuzz.py): a name in other characters, brackets in a query.
        ("e=1&amp;\x7f=SECRET", "e=<redacted>&amp;\x7f=<redacted>"),
        ("e=1%26%7F=SECRET", "e=<redacted>%26%7F=<redacted>"),
        ("https://h/a.mp4?AccessKeyId=AK&Signature=[[[[SECRET", "https://h/a.mp4?<redacted>"),
        ("Signature=[[SECRET", "Signature=<redacted>"),
        ("ids[]=1&ids[]=SECRET", "ids[]=<redacted>&ids[]=<redacted>"),
        ("[https://h/a?x=1]", "[https://h/a?<redacted>]"),  # a closing bracket after the query stays
        ("[#3]", "[#3]"),
        ("a=b; c=d", "a=b; c=d"),  # a ";" then a space: a sentence, not a query
        # Not a separator: kept.
        ("a%26b", "a%26b"),
        ("%2=1", "%2=1"),
        ("x%2Fb=2", "x%2Fb=2"),
    ],
)
def test_a_pair_after_an_encoded_separator_loses_its_value(text: str, expected: str) -> None:
    assert redact_text(text) == expected
    assert redact_text(expected) == expected


@given(
    pairs=st.lists(st.tuples(PAIR_NAMES, PAIR_VALUES), min_size=2, max_size=5),
    sep=st.sampled_from(AMP_FORMS),
    before=TEXT,
    after=TEXT,
)
def test_every_value_of_a_query_joined_by_any_ampersand_is_hidden_and_the_names_kept(
    pairs: list[tuple[str, str]], sep: str, before: str, after: str
) -> None:
    query = sep.join(f"{name}=SECRET{value}" for name, value in pairs)
    expected = sep.join(f"{name}={REDACTED}" for name, _ in pairs)
    assert redact_text(query) == expected
    redacted = redact_text(f"{before} {query} {after}")
    assert redacted == f"{redact_text(before)} {expected} {redact_text(after)}"
    assert "SECRET" not in redact_text(query)


@given(
    first=st.tuples(PLAIN_PAIR_NAMES, PAIR_VALUES),
    rest=st.lists(st.tuples(PAIR_NAMES, PAIR_VALUES), min_size=1, max_size=4),
    sep=st.sampled_from(SEMICOLON_FORMS),
)
def test_a_query_joined_by_any_semicolon_is_redacted_as_with_a_raw_one(
    first: tuple[str, str], rest: list[tuple[str, str]], sep: str
) -> None:
    raw = ";".join(f"{name}=SECRET{value}" for name, value in [first, *rest])
    written = sep.join(f"{name}=SECRET{value}" for name, value in [first, *rest])
    redacted = redact_text(written)
    assert redacted == redact_text(raw).replace(";", sep)
    # The first pair (a plain name) is kept, with the separator and the second name; every later value is gone.
    assert redacted.startswith(f"{first[0]}=SECRET{first[1]}{sep}{rest[0][0]}={REDACTED}")
    assert redacted.count("SECRET") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https%3a%2f%2fuser%3apw%40host/x", f"https%3a%2f%2f{REDACTED}%40host/x"),  # lower-case encoding
        ("https%3A%2F%2Fuser%3Apw%40host/x", f"https%3A%2F%2F{REDACTED}%40host/x"),
        ("token＝SECRET 中", f"token＝{REDACTED} 中"),  # a full-width "=" in non-ASCII text
        ('{"token": "SECRET", "名": 1}', f'{{"token": "{REDACTED}", "名": 1}}'),  # a JSON pair in non-ASCII text
    ],
)
def test_url_secrets_in_other_writings_are_hidden(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize("key", ["video_urls", "cover_url", "attachment_download_url"])
def test_a_url_list_field_is_read_as_urls(key: str) -> None:
    url = "https://h/a?s=1 2"
    assert redact_field(key, [url]) == ["https://h/a?<redacted>"]
    assert redact_value_for_message(key, "abc") == "(value withheld)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": 1}, "an object"),
        ([1], "an array"),
        ((1,), "an array"),
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ("https://h/a", "(value withheld)"),  # a URL without a query
        ("a?b", "(value withheld)"),  # a query without a URL
        ("a" * 40, repr("a" * 40)),  # 40 characters: shown whole
        ("a" * 41, repr("a" * 40 + "…")),
        (10**39, "1" + "0" * 39),  # 40 digits
        (10**40, "1" + "0" * 39 + "…"),
        (1.5, "1.5"),
    ],
)
def test_redact_value_for_message_renders_each_kind_of_value(value: Any, expected: str) -> None:
    assert redact_value_for_message("comment", value) == expected
    assert redact_value_for_message(None, value) == expected


@given(st.text("abcxyz ", max_size=60), st.integers(1, 50))
def test_redact_value_for_message_truncates_at_the_limit(text: str, limit: int) -> None:
    shown = text if len(text) <= limit else text[:limit] + "…"
    assert redact_value_for_message(None, text, limit) == repr(shown)


@pytest.mark.parametrize(
    "text",
    [
        "x/a?SECRET",
        "x/a#SECRET",
        "x/a%3FSECRET",
        "x/a&quest;SECRET",
        "x/a\\u003fSECRET",
        "token=SECRET",
        "token＝SECRET",
        "//user:pw@host/x",
        '"token": "SECRET"',
        "'token': 'SECRET'",
    ],
)
def test_non_ascii_text_holding_one_url_character_is_redacted_as_ascii_text_is(text: str) -> None:
    """Each text holds one of the characters the quick test for non-ASCII text looks for, and no other."""
    redacted = redact_text(text)
    assert "SECRET" not in redacted
    assert "pw" not in redacted
    assert redact_text(f"中 {text} 中") == f"中 {redacted} 中"


def test_a_reports_repr_shows_no_phone_number_or_url_secret() -> None:
    """repr() of a Report (a log line, a notebook cell) hides what its JSON hides: job_id, state and source
    are echoed as every other output echoes them."""
    from lifecycle import validate

    report = validate(
        {"job_id": "j +86 138-1234-5678", "state": "https://h/x?Signature=SECRET"},
        source="jobs-13812345678.jsonl?token=SECRET:1",
    )
    shown = repr(report)
    assert "1234-5678" not in shown
    assert "13812345678" not in shown
    assert "SECRET" not in shown
    assert shown.startswith("Report(edition=")
    assert report.job_id == "j +86 138-1234-5678"  # the value itself is kept, for the caller's own use


_SIGNED_KEY = "https://h.example/x.mp4?AccessKeyId=AKSECRET&Signature=SIGSECRET"
_SECRET_KEYS = ["13812345678", "13912345678", _SIGNED_KEY, "a?token=TOKSECRET"]


@given(
    st.recursive(
        st.sampled_from([None, 1, "v"]),
        lambda inner: (
            st.dictionaries(st.sampled_from([*_SECRET_KEYS, "contact", "cover_url", "k"]), inner, max_size=3)
            | st.lists(inner, max_size=2)
        ),
        max_leaves=8,
    )
)
def test_keys_are_redacted_as_values_are(data: Any) -> None:
    """A payload holding a phone number or a signed URL as a key, at any depth (inside a contact or URL field
    too), keeps neither in its redacted copy (the trial's example: ``fetch --redact`` kept such keys)."""
    payload = {"job_id": "j", "operation_logs": [data], "x": data}
    redacted = redact_payload(payload)
    shown = json.dumps(redacted, ensure_ascii=False)
    for secret in ("13812345678", "AKSECRET", "SIGSECRET", "TOKSECRET"):
        assert secret not in shown
    assert _entries(redacted) == _entries(payload)  # keys that redact alike are both kept ("k", "k (2)")


def _entries(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_entries(v) for v in value.values())
    if isinstance(value, list):
        return sum(_entries(v) for v in value)
    return 0


def test_a_job_s_redacted_dict_redacts_unknown_keys() -> None:
    job = parse_job({"job_id": "j", "name": "n", "state": "TRAINING", _SECRET_KEYS[0]: 1, _SIGNED_KEY: {}}).job
    assert job is not None
    shown = json.dumps(job.redacted_dict(), ensure_ascii=False)
    assert "13812345678" not in shown
    assert "SIGSECRET" not in shown
