"""RFC 3339 timestamps as the API writes them, read the same way by the payload models and the replay.

A leaf module (no pydantic; msgspec parses in C): the validator's lifecycle-only path reads times without
loading the models.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Final

import msgspec

__all__ = ["RFC3339_PATTERN", "all_rfc3339", "lenient_time", "parse_now", "parse_rfc3339"]

RFC3339_PATTERN: Final = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]+))?"
    r"([Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)
"""RFC 3339 ``date-time`` with a mandatory offset (seed: "格式遵循:RFC 3339。 例 2020-07-30T10:43:17Z").

RFC 3339 allows lower-case ``t``/``z``, so they are accepted; a space separator is not, nor an offset
beyond ``±23:59`` (RFC 3339 section 5.6: ``time-numoffset = ("+" / "-") time-hour ":" time-minute``)."""

_RFC3339_FULL: Final = re.compile(RFC3339_PATTERN.removesuffix("$") + r"\Z", re.ASCII)
_RFC3339_SHAPE: Final = re.compile(_RFC3339_FULL.pattern.encode(), re.ASCII)
"""The pattern as Python reads it: ``$`` would also match before a final newline (JSON Schema's does not)."""

_aware_array: Final = msgspec.json.Decoder(list[Annotated[datetime, msgspec.Meta(tz=True)]]).decode
_DIGITS_TO_ZERO: Final = bytes.maketrans(b"123456789", b"000000000")
_SHAPES: dict[bytes, bool] = {}
"""Whether a timestamp's shape (its digits all ``0``) matches :data:`RFC3339_PATTERN`; a job has one or two."""
_MAX_SHAPES: Final = 4096


def all_rfc3339(stamps: list[str]) -> bool:
    """Whether :func:`parse_rfc3339` accepts every string of ``stamps``, checked in C for the whole list.

    Never a false yes; a false no only for a fraction of more than six digits that rounds past
    ``9999-12-31T23:59:59.999999`` (msgspec rounds it, :func:`parse_rfc3339` truncates).
    The format is matched once per distinct *shape* (digits replaced by ``0``: a job's timestamps have one
    or two), the calendar (month lengths, leap years, hours 00–23, offsets up to ``±23:59``, no leap
    second) by msgspec's RFC 3339 parser over the whole list: no Python call per timestamp.

    >>> all_rfc3339(["2024-02-29T07:31:37Z", "2023-12-09T07:31:37.5+08:00"]), all_rfc3339(["2023-02-29T07:31:37Z"])
    (True, False)
    >>> all_rfc3339(["2023-12-09 07:31:37Z"]), all_rfc3339(["2023-12-09T07:31:37+0800"])
    (False, False)
    """
    if not stamps:
        return True
    joined = "\n".join(stamps).encode("utf-8", "surrogatepass")
    count = len(stamps)
    if joined.count(b"\n") != count - 1:  # a timestamp with a newline in it
        return False
    shapes = joined.translate(_DIGITS_TO_ZERO)
    first = shapes.partition(b"\n")[0]
    # Usually every timestamp has the first one's shape: n copies and n-1 newlines, no need to split.
    same = first and shapes.count(first) == count and len(shapes) == count * (len(first) + 1) - 1
    for shape in (first,) if same else set(shapes.split(b"\n")):
        known = _SHAPES.get(shape)
        if known is None:
            known = _RFC3339_SHAPE.match(shape) is not None
            if len(_SHAPES) < _MAX_SHAPES:
                _SHAPES[shape] = known
        if not known:
            return False
    try:  # the shapes hold no quote or backslash: the timestamps are a JSON array as they stand
        _aware_array(b'["' + joined.replace(b"\n", b'","') + b'"]')
    except msgspec.ValidationError:
        return False
    return True


@lru_cache(maxsize=8192)
def parse_now(value: str) -> datetime:
    """A ``--now`` value (``validate``, ``status``): ``"now"`` for the clock (UTC), else an RFC 3339 date-time.
    Raises :class:`ValueError` for anything else (see :func:`parse_rfc3339`)."""
    return datetime.now(UTC) if value == "now" else parse_rfc3339(value)


def parse_rfc3339(value: str) -> datetime:
    """Parse an RFC 3339 timestamp into an aware :class:`datetime` (cached: many logs share a second).

    Raises :class:`ValueError` for anything else, including a missing offset, an impossible date and the
    leap second ``:60`` (which :class:`datetime` cannot hold). Digits beyond microseconds are truncated.

    >>> parse_rfc3339("2023-12-09T07:31:37Z").isoformat()
    '2023-12-09T07:31:37+00:00'
    """
    match = _RFC3339_FULL.match(value)
    if match is None:
        raise ValueError("not an RFC 3339 date-time with a UTC offset")
    date, time, fraction, offset = match.groups()
    fraction = f".{fraction[:6].ljust(6, '0')}" if fraction else ""
    offset = "+00:00" if offset in ("Z", "z") else offset
    try:
        return datetime.fromisoformat(f"{date}T{time}{fraction}{offset}")
    except ValueError:
        raise ValueError("not a valid calendar date-time") from None


def lenient_time(value: object) -> datetime | None:
    """The payload models' RFC 3339 reading; failing that, any unambiguous ISO 8601 time with an offset
    (``2024-05-01T11:05:00+0800``): the schema reports its form (invalid-field), and it still takes part in
    the time checks. A time without an offset is ambiguous, and so is anything not a string: ``None``.

    >>> lenient_time("2024-05-01T11:05:00+0800").isoformat(), lenient_time("2024-05-01T11:05:00")
    ('2024-05-01T11:05:00+08:00', None)
    """
    if not isinstance(value, str):
        return None
    try:
        return parse_rfc3339(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
