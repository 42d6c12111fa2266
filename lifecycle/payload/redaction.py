"""Redaction of personal data and URL credentials in job-detail payloads.

A job-detail answer (seed table 4 [api-show]) carries three kinds of secrets:

* ``contact`` — the creator's phone number (seed: "分身数字人训练任务创建者的手机号"; the 2024-09 Go SDK
  comment says "phone or e-mail").
* Identity documents — ``id_card_image1_download_url`` / ``id_card_image2_download_url`` (ID card front and
  back) and ``grant_file_download_url`` (authorisation letter).
* Signed download/upload URLs — every ``*_url`` field is valid for 24 h (seed table 4 [api-show]), and the
  query string (``?param1=XXX&param2=YYY`` in the seed, ``X-Amz-Signature=…``/``Signature=…`` on real OBS
  links) is the credential.

Everything here is a pure function over plain JSON values, so the validator can redact raw input before any
model exists. Nothing is ever mutated in place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "CONTACT_KEYS",
    "IDENTITY_URL_KEYS",
    "REDACTED",
    "is_url_key",
    "looks_like_url",
    "mask_contact",
    "redact_field",
    "redact_payload",
    "redact_text",
    "redact_url",
    "redact_value_for_message",
]

REDACTED: Final = "<redacted>"
"""Stand-in for a withheld part of a value."""

CONTACT_KEYS: Final = frozenset({"contact", "phone", "phone_number", "mobile", "email"})
"""Keys whose value is personal contact data. Only ``contact`` is on the wire today (seed table 4); the
others are defensive, for unknown fields the API may add."""

IDENTITY_URL_KEYS: Final = frozenset(
    {"id_card_image1_download_url", "id_card_image2_download_url", "grant_file_download_url"}
)
"""URLs of identity documents: only scheme and host are kept, the path is withheld too (seed table 4)."""

_URL_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://", re.ASCII)
_EMBEDDED_URL_RE: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s?#]*)[?#][^\s]*", re.ASCII)
# A mainland mobile number standing alone in free text (11 digits starting 13x–19x).
_PHONE_RE: Final = re.compile(r"(?<![0-9A-Za-z])\+?(?:86[ -]?)?1[3-9][0-9]{9}(?![0-9A-Za-z])", re.ASCII)
# What every such number contains: a search for it is several times quicker than the substitution,
# and most texts (job ids, states, messages) have none, so they skip the substitution.
_PHONE_HINT_RE: Final = re.compile(r"1[3-9][0-9]{9}", re.ASCII)


def is_url_key(key: str) -> bool:
    """Whether a field holds URLs by its name: ``*_url``, ``*_urls`` (the naming of the seed's table 4 [api-show])."""
    return key.endswith(("_url", "_urls"))


def looks_like_url(value: str) -> bool:
    """Whether a string looks like an absolute URL (``scheme://…``) or a scheme-relative one (``//…``)."""
    return value.startswith("//") or _URL_RE.match(value) is not None


def redact_url(url: str) -> str:
    """Keep scheme, host and path; replace query and fragment with ``?<redacted>``; hide user info.

    >>> redact_url("https://example.com/a_cover?param1=XXX&param2=YYY")
    'https://example.com/a_cover?<redacted>'
    >>> redact_url("https://user:pw@example.com/x")
    'https://<redacted>@example.com/x'
    """
    cut = len(url)
    for sep in ("?", "#"):
        pos = url.find(sep)
        if pos != -1:
            cut = min(cut, pos)
    base, had_query = url[:cut], cut < len(url)
    scheme_end = base.find("://")
    start = scheme_end + 3 if scheme_end != -1 else (2 if base.startswith("//") else -1)
    if start != -1:
        slash = base.find("/", start)
        authority_end = slash if slash != -1 else len(base)
        at = base.rfind("@", start, authority_end)
        if at != -1:
            base = base[:start] + REDACTED + base[at:]
    return base + "?" + REDACTED if had_query else base


def _redact_identity_url(url: str) -> str:
    """Scheme and host only: the path of an ID-card image names the document."""
    scheme_end = url.find("://")
    if scheme_end == -1:
        return REDACTED
    start = scheme_end + 3
    end = len(url)
    for sep in ("/", "?", "#"):
        pos = url.find(sep, start)
        if pos != -1:
            end = min(end, pos)
    host = url[start:end]
    at = host.rfind("@")
    if at != -1:
        host = host[at + 1 :]
    return f"{url[:start]}{host}/{REDACTED}"


def mask_contact(value: str) -> str:
    """Mask a phone number (or e-mail), keeping at most the last 2 characters.

    Short values (under 7 characters) are masked entirely, so nothing useful leaks from them.

    >>> mask_contact("13812345678")
    '*********78'
    >>> mask_contact("12345")
    '*****'
    """
    if len(value) < 7:
        return "*" * len(value)
    return "*" * (len(value) - 2) + value[-2:]


def redact_text(text: str) -> str:
    """Redact free text: query strings of embedded URLs and stand-alone mobile numbers.

    >>> redact_text("see https://x.example/a?Signature=abc now, call 13812345678")
    'see https://x.example/a?<redacted> now, call ***********'
    """
    if "://" in text:
        text = _EMBEDDED_URL_RE.sub(lambda m: m.group(1) + "?" + REDACTED, text)
    if len(text) >= 11 and _PHONE_HINT_RE.search(text):
        text = _PHONE_RE.sub(lambda m: "*" * len(m.group(0)), text)
    return text


def _redact_string(value: str) -> str:
    """A string in no sensitive field: URL-like → query redacted; otherwise free text rules."""
    if looks_like_url(value):
        return redact_url(value)
    return redact_text(value)


def redact_field(key: str, value: Any) -> Any:
    """Redact one field value by its key (the rules of :func:`redact_payload`, for one key).

    Values that are not JSON-like (e.g. model instances) are returned unchanged: they redact themselves.
    """
    if key in CONTACT_KEYS:
        if isinstance(value, str):
            return mask_contact(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return mask_contact(str(value))
        return redact_payload(value)
    if key in IDENTITY_URL_KEYS:
        return _map_strings(value, _redact_identity_url)
    if is_url_key(key) or key == "attachment_download_url":
        return _map_strings(value, redact_url)
    return redact_payload(value)


def _map_strings(value: Any, fn: Any) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list | tuple):
        return [_map_strings(item, fn) for item in value]
    return redact_payload(value)


def redact_payload(data: Any) -> Any:
    """A redacted copy of a raw payload (any JSON value), for logs and reports.

    * ``contact`` (and other contact-like keys, at any depth) → :func:`mask_contact`;
    * ID-card and grant-letter URLs → scheme and host only;
    * every ``*_url`` / ``*_urls`` field and ``attachment_download_url`` (strings or lists of strings, at
      any depth) → :func:`redact_url`;
    * any other string that looks like a URL → :func:`redact_url`; other strings → :func:`redact_text`.

    >>> redact_payload({"contact": "13812345678", "x": ["https://h/p?sig=1"]})
    {'contact': '*********78', 'x': ['https://h/p?<redacted>']}
    """
    if isinstance(data, str):
        return _redact_string(data)
    if isinstance(data, Mapping):
        return {k: redact_field(k, v) if isinstance(k, str) else redact_payload(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [redact_payload(item) for item in data]
    return data


def redact_value_for_message(key: str | None, value: Any, limit: int = 40) -> str:
    """A short, safe rendering of an offending value for a finding message.

    Values of contact and URL fields are never echoed; containers are described by type only; other scalars
    are redacted like free text and truncated to ``limit`` characters.
    """
    if key is not None and (
        key in CONTACT_KEYS or key in IDENTITY_URL_KEYS or is_url_key(key) or key == "attachment_download_url"
    ):
        return "(value withheld)"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if looks_like_url(value) or "?" in value:
            return "(value withheld)"
        shown = redact_text(value)
        shown = shown if len(shown) <= limit else shown[:limit] + "…"
        return repr(shown)
    try:
        shown = redact_text(str(value))
    except ValueError:  # an integer past Python's 4300-digit conversion limit
        return "a number too long to show"
    return shown if len(shown) <= limit else shown[:limit] + "…"
