"""RFC 3339 timestamps as the API writes them, read the same way by the payload models and the replay.

A leaf module (no pydantic): the validator's lifecycle-only path reads times without loading the models.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Final

__all__ = ["RFC3339_PATTERN", "parse_rfc3339"]

RFC3339_PATTERN: Final = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
"""RFC 3339 ``date-time`` with a mandatory offset (seed: "格式遵循:RFC 3339。 例 2020-07-30T10:43:17Z").

RFC 3339 allows lower-case ``t``/``z``, so they are accepted; a space separator is not."""

_RFC3339_RE: Final = re.compile(RFC3339_PATTERN, re.ASCII)


@lru_cache(maxsize=8192)
def parse_rfc3339(value: str) -> datetime:
    """Parse an RFC 3339 timestamp into an aware :class:`datetime` (cached: many logs share a second).

    Raises :class:`ValueError` for anything else, including a missing offset, an impossible date and the
    leap second ``:60`` (which :class:`datetime` cannot hold). Digits beyond microseconds are truncated.

    >>> parse_rfc3339("2023-12-09T07:31:37Z").isoformat()
    '2023-12-09T07:31:37+00:00'
    """
    match = _RFC3339_RE.match(value)
    if match is None:
        raise ValueError("not an RFC 3339 date-time with a UTC offset")
    date, time, fraction, offset = match.groups()
    fraction = f".{fraction[:6].ljust(6, '0')}" if fraction else ""
    offset = "+00:00" if offset in ("Z", "z") else offset
    try:
        return datetime.fromisoformat(f"{date}T{time}{fraction}{offset}")
    except ValueError:
        raise ValueError("not a valid calendar date-time") from None
