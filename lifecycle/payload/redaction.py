"""Redaction of personal data and URL credentials: one function every echoed value passes through.

A job-detail answer (seed table 4 [api-show]) carries three kinds of secrets:

* ``contact`` — the creator's phone number (seed: "分身数字人训练任务创建者的手机号"; the Go SDK comment says
  "phone or e-mail" [go-show-response]).
* Identity documents — ``id_card_image1_download_url`` / ``id_card_image2_download_url`` (ID card front and
  back) and ``grant_file_download_url`` (authorisation letter).
* Signed download/upload URLs — every ``*_url`` field is valid for 24 h (seed table 4 [api-show]), and the
  query string (``?param1=XXX&param2=YYY`` in the seed) is the credential: ``AWSAccessKeyId=…&Expires=…&Signature=…``
  on OBS links ("V2 Temporarily Authorized Requests", OBS API reference,
  https://support.huaweicloud.ru/api-obs/en-us_topic_0071882239.html), ``X-Amz-Credential=…&X-Amz-Signature=…``
  in V4 ones ("Accessing OBS Using a Temporary URL",
  https://support.huaweicloud.com/intl/en-us/eu-west-0-perms-cfg-obs/obs_40_0009.html).

**One rule for every echoed string**: :func:`redact_text`. Whatever a report, a message, a ``repr`` or a
suggested overlay shows of a value from the input passes through it. It hides, wherever they stand in the text:

* the query and fragment of a URL, written plainly (``?``/``#``), percent-encoded once or more (``%3F``,
  ``%253F``), JSON-escaped (``\\u003f``) or as HTML entities (``&#63;``) — with or without a scheme,
  ``//host/a?…`` and ``relative/a?…`` alike → ``?<redacted>`` (the separator as written);
* the user information of a URL (``//user:pw@host``, also ``https%3A%2F%2Fuser%3Apw%40host`` and
  ``https:\\/\\/user:pw@host``) → ``//<redacted>@host``;
* the value of a bare ``name=value`` pair that is part of a query (next to ``&`` in any writing: ``&amp;``,
  ``%26``, ``%2526``, ``\\u0026`` …; or after ``;``, ``%3B`` …) or whose name is a credential (``Signature``,
  ``X-Amz-Credential``, ``token``, ``AccessKeyId``, ``policy`` …; also as a JSON or Python-repr pair
  ``"token": "…"``) → ``name=<redacted>``;
* phone numbers in any writing (:mod:`lifecycle.payload.phone_numbers`): ``138-1234-5678``, ``(+86)…``,
  full-width digits, glued to letters, and any number ``phonenumbers`` finds valid when written with ``+``
  or a trunk ``0`` → one ``*`` per character.

What is kept: the text around a secret, scheme, host and path of a URL, the names of query parameters. The
rules are idempotent (``<redacted>`` is never redacted again) and linear in the length of the text. ASCII
text in which no secret can stand (none of ``?#%=@&\\``, no 10 digits in a row, separators aside, nor ``+``
and 7 digits) costs one ``translate`` and a few substring tests, about 0.3 µs for a job id. Structured values
go through :func:`redact_payload` (JSON values by key, keys redacted too: contact fields are masked,
identity-document URLs keep only their host) and :func:`redact_value_for_message`; pure functions all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Final

from lifecycle.payload.phone_numbers import SEPARATORS, mask_phone_numbers

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

# A secret never holds these (RFC 3986 forbids them raw in a URL; CJK punctuation ends a sentence), so they
# end the redacted run and what follows survives. "<" and ">" also make REDACTED itself a stop: idempotence.
# "[" and "]" are no stop: RFC 3986 allows them only around an IPv6 host, yet queries hold them raw
# (PHP's "ids[]=1&ids[]=2"), and "Signature=[[SECRET" must lose all of its value; a "]" ending the run stays.
_STOP: Final = "\\s\"'<>`{}|^()\u3000-\u303f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f"
_RUN: Final = f"[^{_STOP}]+"
# Percent-encoding, applied up to five times ("%25" is "%"). Bounded and possessive: an unbounded repeat
# here, tried at every "%" of "%2525…", would make the search quadratic.
_ENC: Final = "%(?:25){0,4}+"
_QUERY_SEP: Final = rf"\?|{_ENC}3[fF]|\\u003[fF]|&#0*63;|&#[xX]0*3[fF];|&quest;|%[uU]003[fF]"
_FRAGMENT_SEP: Final = rf"#|{_ENC}23|\\u0023|&#0*35;|&#[xX]0*23;|&num;"
_QUERY_RE: Final = re.compile(f"(?P<sep>{_QUERY_SEP}|{_FRAGMENT_SEP})(?P<run>{_RUN})")
_STOP_RE: Final = re.compile(f"[{_STOP}]")
_BEFORE_FRAGMENT_RE: Final = re.compile(f"[{_STOP}\\[\\]]")  # "[#3]" is a number, as "#3" is
_USERINFO_RE: Final = re.compile(
    rf"(?P<pre>//|\\/\\/|(?:{_ENC}2[fF]){{2}})"
    rf"(?P<user>(?:(?!{_ENC}(?:2[fF]|3[fF]|23))[^{_STOP}/\\?#])+)(?=@|{_ENC}40)"
)
_AMP: Final = rf"&amp;|&#0*38;|&#[xX]0*26;|&|{_ENC}26|\\u0026|%[uU]0026"
_AMP_RE: Final = re.compile(_AMP)
# What may stand before a pair of a query: "&" or ";" (the W3C's alternative to "&", HTML 4.01 appendix B.2.2),
# each in any writing.
_PAIR_SEP_RE: Final = re.compile(rf"{_AMP}|;|{_ENC}3[bB]|\\u003[bB]|%[uU]003[bB]")
_EQ_RE: Final = re.compile(rf"=|＝|{_ENC}3[dD]|\\u003[dD]|&#0*61;|&#[xX]0*3[dD];|&equals;|\"\s*:\s*\"|'\s*:\s*'")
# A value runs to a stop or a query's "&": "=" stays in it (base64 padding), and so may ";", "," or "/".
_VALUE_RE: Final = re.compile(rf"(?:(?!{_AMP})[^{_STOP}])*+")
# Names of credentials in signed URLs: OBS (AccessKeyId, Signature, x-obs-security-token), S3 (X-Amz-Credential,
# X-Amz-Signature, X-Amz-Security-Token), CloudFront (Policy, Key-Pair-Id), Azure SAS (sig), OAuth (access_token).
_SECRET_NAME_RE: Final = re.compile(r"sig|token|secret|key|pass|pwd|auth|cred|policy|session|hmac|jwt|ticket")
_NAME_CHARS: Final = frozenset("_.~-")
_TRAILING: Final = ".,;:!]"  # sentence punctuation after a URL stays, and a "]" that closes a bracket


def _hide_run(sep: str, run: str) -> str:
    kept = run.rstrip(_TRAILING)
    return sep + REDACTED + run[len(kept) :] if kept else sep + run


def _hide_query(m: re.Match[str]) -> str:
    start, sep = m.start(), m["sep"]
    if sep == "#" and start > 0 and m.string[start - 1] == "&":
        return m[0]  # an HTML character reference ("&#63;"), not a fragment
    if sep[-1] not in "?fF;" and (start == 0 or _BEFORE_FRAGMENT_RE.match(m.string, start - 1)):
        return m[0]  # a fragment needs something before it: "#3" alone is a number ("?Signature=…" is a query)
    return _hide_run(m["sep"], m["run"])


def _name_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < 64 and (text[start - 1].isalnum() or text[start - 1] in _NAME_CHARS):
        start -= 1
    return text[start:end]


def _after_separator(text: str, start: int, end: int) -> bool:
    """Whether a separator of a query's pairs stands in ``text[start:end]`` (from the previous pair's "=" to
    this one's) after its last stop.

    Not only right before the name: the name may be written in any characters ("&\x7f=", "%26%7F="), and an
    encoded separator ends in alphanumerics ("%26b=") that a name read back would take.
    """
    for stop in _STOP_RE.finditer(text, start, end):
        start = stop.end()
    return _PAIR_SEP_RE.search(text, start, end) is not None


def _hide_pair(text: str, eq: re.Match[str], value_end: int, previous_end: int) -> bool:
    """Whether the value of the pair at ``eq`` is hidden: it is part of a query, or its name is a credential's.
    ``previous_end`` is where the previous pair's "=" ends (0 for the first)."""
    # JSON and repr pairs are not chained by "&": only a credential's name counts.
    query = _AMP_RE.match(text, value_end) or _after_separator(text, previous_end, eq.start())
    if eq[0][0] not in "\"'" and query:
        return True
    name = _name_before(text, eq.start())  # a JSON pair's "eq" starts at the quote that closes its name
    return _SECRET_NAME_RE.search(unicodedata.normalize("NFKC", name).casefold()) is not None


def _redact_pairs(text: str) -> str:
    """Hide the values of ``name=value`` pairs that are part of a query or name a credential.

    A pair left alone is searched past its "=" only, so a pair inside its value (``x=1;token=…``,
    ``Credential=…,Signature=…``) is found too. Linear: each value's end is found once for the run it ends.
    """
    parts: list[str] = []
    pos, value_end, kept_end, previous_end = 0, -1, -1, 0
    while (eq := _EQ_RE.search(text, pos)) is not None:
        if eq.end() > value_end:  # a new run: the values of later pairs in it end at the same place
            found = _VALUE_RE.match(text, eq.end())  # "*": it always matches
            value_end = kept_end = found.end() if found else eq.end()
            while kept_end > eq.end() and text[kept_end - 1] in _TRAILING:
                kept_end -= 1  # sentence punctuation after the value stays
        if kept_end > eq.end() and _hide_pair(text, eq, value_end, previous_end):
            parts.append(text[pos : eq.end()] + REDACTED)
            pos = kept_end
        else:
            parts.append(text[pos : eq.end()])
            pos = eq.end()
        previous_end = eq.end()
    parts.append(text[pos:])
    return "".join(parts)


def _redact_url_secrets(text: str) -> str:
    # User information needs "//" (or "\/\/", "%2F%2F") and "@" (or "%40"): test for them before the slow pattern.
    if ("@" in text or "40" in text) and ("//" in text or "\\/" in text or "2F" in text or "2f" in text):
        text = _USERINFO_RE.sub(lambda m: m["pre"] + REDACTED, text)
    text = _QUERY_RE.sub(_hide_query, text)
    return _redact_pairs(text)


# ASCII text as shapes, for the quick tests of redact_text: separators deleted, digits -> "d", "+" -> "p",
# characters a URL secret needs -> "h", quotes -> "q", ":" -> "c", anything else -> "x".
_SHAPES: Final = (
    {"+": "p", ":": "c", '"': "q", "'": "q"} | dict.fromkeys("?#%=@&\\", "h") | dict.fromkeys("0123456789", "d")
)
_SHAPE_TABLE: Final = bytes(ord(_SHAPES.get(chr(b), "x")) for b in range(256))
_SHAPE_DELETE: Final = bytes(b for b in range(128) if re.fullmatch(f"[{SEPARATORS}]", chr(b)))
# Other text as UTF-8 bytes, the same way, but any character outside ASCII counts as a digit (it may be one,
# or a separator), except the CJK ideographs U+4000-U+9FFF (lead bytes E4-E9), which are neither.
_UTF8_SHAPE_TABLE: Final = bytes(
    _SHAPE_TABLE[b] if b < 0x80 else ord("x") if 0xE4 <= b <= 0xE9 else ord("d") for b in range(256)
)
_UTF8_SHAPE_DELETE: Final = _SHAPE_DELETE + bytes(range(0x80, 0xC0))  # continuation bytes: one mark a character


def redact_text(text: str) -> str:
    """Redact free text: every URL secret and phone number, in any writing (see the module docstring).

    >>> redact_text("see https://x.example/a?Signature=abc now, call +86 138-1234-5678")
    'see https://x.example/a?<redacted> now, call *****************'
    >>> redact_text("AccessKeyId=AK&Signature=SECRET; https%3A%2F%2Fh%2Fa%3FSignature%3DSECRET")
    'AccessKeyId=<redacted>&Signature=<redacted>; https%3A%2F%2Fh%2Fa%3F<redacted>'
    >>> redact_text("//user:pw@h/a.mp4#t=1 state=PROCESSING")
    '//<redacted>@h/a.mp4#<redacted> state=PROCESSING'
    """
    # Cheap tests first: most echoed texts (states, log types, ids, messages) hold no secret.
    if text.isascii():  # one C-speed pass gives both tests; `in` on str is a fast search
        shape = text.encode("ascii").translate(_SHAPE_TABLE, _SHAPE_DELETE).decode("ascii")
        url = "h" in shape or ("c" in shape and "q" in shape)
        number = "dddddddddd" in shape or "pddddddd" in shape  # 10 digits in a row, or "+" and 7
    else:
        url = (
            "?" in text
            or "#" in text
            or "%" in text
            or "=" in text
            or "@" in text
            or "&" in text
            or "\\" in text
            or "\uff1d" in text  # "＝": a full-width "="
            or (":" in text and ('"' in text or "'" in text))
        )
        shape = text.encode("utf-8", "surrogatepass").translate(_UTF8_SHAPE_TABLE, _UTF8_SHAPE_DELETE).decode()
        number = "dddddddd" in shape or "pddddddd" in shape  # 8: an unknown character may be "+"
    if url:
        text = _redact_url_secrets(text)
    if number:
        text = mask_phone_numbers(text)
    return text


def is_url_key(key: str) -> bool:
    """Whether a field holds URLs by its name: ``*_url``, ``*_urls`` (the naming of the seed's table 4 [api-show])."""
    return key.endswith(("_url", "_urls"))


def looks_like_url(value: str) -> bool:
    """Whether a string looks like an absolute URL (``scheme://…``) or a scheme-relative one (``//…``)."""
    return value.startswith("//") or _SCHEME_RE.match(value) is not None


_SCHEME_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://", re.ASCII)


def redact_url(url: str) -> str:
    """Keep scheme, host and path; replace query and fragment with ``?<redacted>``; hide user info.

    The rest goes through :func:`redact_text` (an encoded query or a phone number in the path).

    >>> redact_url("https://example.com/a_cover?param1=XXX&param2=YYY")
    'https://example.com/a_cover?<redacted>'
    >>> redact_url("https://user:pw@example.com/x#frag")
    'https://<redacted>@example.com/x?<redacted>'
    """
    cut = min((i for i in (url.find("?"), url.find("#")) if i != -1), default=len(url))
    base = redact_text(url[:cut])
    return base + "?" + REDACTED if cut < len(url) else base


def _redact_identity_url(url: str) -> str:
    """Scheme and host only: the path of an ID-card image names the document."""
    scheme_end = url.find("://")
    if scheme_end == -1:
        return REDACTED
    start = scheme_end + 3
    end = min((i for i in (url.find(sep, start) for sep in "/?#") if i != -1), default=len(url))
    host = url[start:end]
    return f"{url[:start]}{redact_text(host[host.rfind('@') + 1 :])}/{REDACTED}"


def mask_contact(value: str) -> str:
    """Mask a phone number (or e-mail), keeping at most the last 2 characters (none of one under 7).

    >>> mask_contact("13812345678")
    '*********78'
    >>> mask_contact("12345")
    '*****'
    """
    return "*" * len(value) if len(value) < 7 else "*" * (len(value) - 2) + value[-2:]


def _mapping(value: Mapping[Any, Any], fn: Callable[[Any, Any], Any]) -> dict[Any, Any]:
    """A mapping's redacted copy: keys redacted too (a payload may use a phone number or a signed URL as one), two
    that redact alike both kept (``"k"``, ``"k (2)"``); each value as ``fn(key, value)`` gives it."""
    out: dict[Any, Any] = {}
    for k, v in value.items():
        key = shown = redact_text(k) if isinstance(k, str) else k
        n = 1
        while key in out:
            n += 1
            key = f"{shown} ({n})"
        out[key] = fn(k, v)
    return out


def _map_scalars(value: Any, fn: Callable[[str], str]) -> Any:
    """``fn`` on every string (and number, as text) inside ``value``; containers keep their shape."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return fn(str(value))
        except ValueError:  # an integer past Python's 4300-digit conversion limit
            return REDACTED
    if isinstance(value, Mapping):
        return _mapping(value, lambda _, v: _map_scalars(v, fn))
    if isinstance(value, list | tuple):
        return [_map_scalars(item, fn) for item in value]
    return value


def redact_field(key: str, value: Any) -> Any:
    """Redact one field value by its key (the rules of :func:`redact_payload`, for one key).

    Contact fields: every string or number inside, at any depth, is masked (:func:`mask_contact`; a number
    becomes its masked text). URL fields: every string inside → :func:`redact_url` (identity documents: scheme
    and host only); numbers, booleans and ``None`` are kept. Other keys → :func:`redact_payload`. Values that are
    not JSON-like (e.g. model instances) are returned unchanged: they redact themselves.

    >>> redact_field("cover_url", {"u": "https://h/a?s=1", "n": 5})
    {'u': 'https://h/a?<redacted>', 'n': 5}
    """
    if key in CONTACT_KEYS:
        return _map_scalars(value, mask_contact)
    if key in IDENTITY_URL_KEYS:
        return _map_strings(value, _redact_identity_url)
    if is_url_key(key) or key == "attachment_download_url":
        return _map_strings(value, redact_url)
    return redact_payload(value)


def _map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, Mapping):
        return _mapping(value, lambda _, v: _map_strings(v, fn))
    if isinstance(value, list | tuple):
        return [_map_strings(item, fn) for item in value]
    return redact_payload(value)


def redact_payload(data: Any) -> Any:
    """A redacted copy of a raw payload (any JSON value), for logs and reports.

    * ``contact`` (and other contact-like keys, at any depth) → :func:`mask_contact`;
    * ID-card and grant-letter URLs → scheme and host only;
    * every ``*_url`` / ``*_urls`` field and ``attachment_download_url`` (at any depth) → :func:`redact_url`;
    * every other string, keys included → :func:`redact_text`; a number that holds a phone number → its
      redacted text; other numbers, booleans and ``None`` are kept as they are.

    >>> redact_payload({"contact": "13812345678", "x": ["https://h/p?sig=1", 13812345678, 7]})
    {'contact': '*********78', 'x': ['https://h/p?<redacted>', '***********', 7]}
    """
    if isinstance(data, str):
        return redact_text(data)
    if isinstance(data, Mapping):
        return _mapping(data, lambda k, v: redact_field(k, v) if isinstance(k, str) else redact_payload(v))
    if isinstance(data, list | tuple):
        return [redact_payload(item) for item in data]
    # A phone number has 7 to 15 digits (E.164): other numbers are never converted (a 5000-digit integer
    # cannot be, past Python's conversion limit).
    if isinstance(data, int | float) and not isinstance(data, bool) and 1_000_000 <= abs(data) < 10**16:
        shown = str(data)
        redacted = redact_text(shown)
        return data if redacted == shown else redacted
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
    if isinstance(value, dict | list | tuple):
        return "an object" if isinstance(value, dict) else "an array"
    if value is None or isinstance(value, bool):
        return json.dumps(value)  # null, true, false
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
