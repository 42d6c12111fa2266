"""The value types of the job-detail payload's fields, as the wire sends them (seed tables 4–16 [api-show]):
timestamps, marking times, URLs, 64-bit integers and the small closed vocabularies.

Each type keeps the wire value (a string stays the string sent); a ``*_dt`` property or :func:`parse_mark_time`
converts it. Used by :mod:`lifecycle.payload.models`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Annotated, Final, Literal, TypeAlias

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from lifecycle.payload.timestamps import RFC3339_PATTERN, parse_rfc3339

__all__ = [
    "MARK_TIME_PATTERN",
    "ActionType",
    "AudioSourceType",
    "ChargeMode",
    "CommentType",
    "Int64",
    "JobTag",
    "Language",
    "MarkTime",
    "MattingMethod",
    "MattingType",
    "ModelResolution",
    "RotationState",
    "Sex",
    "SupportedService",
    "Timestamp",
    "Url",
    "absent_if_placeholder",
    "check_rfc3339",
    "dt",
    "empty_if_null",
    "parse_mark_time",
]


MARK_TIME_PATTERN: Final = r"^[0-9]{2}:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}$"
"""Marking times, ``HH:MM:SS.mmm`` (seed tables 9–13)."""

_MARK_TIME_RE: Final = re.compile(MARK_TIME_PATTERN, re.ASCII)


def parse_mark_time(value: str) -> timedelta:
    """Parse a ``HH:MM:SS.mmm`` marking time (seed tables 9–13) into an offset from the video start.

    >>> parse_mark_time("00:01:02.500")
    datetime.timedelta(seconds=62, microseconds=500000)
    """
    if _MARK_TIME_RE.match(value) is None:
        raise ValueError("not a HH:MM:SS.mmm marking time")
    hours, minutes, rest = value.split(":")
    seconds, millis = rest.split(".")
    return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds), milliseconds=int(millis))


def check_rfc3339(value: str) -> str:
    """``value`` itself when it is an RFC 3339 timestamp; raises ``ValueError`` otherwise."""
    parse_rfc3339(value)
    return value


def absent_if_placeholder(value: object) -> object:
    """``"null"`` and ``""`` in a URL field mean "no URL" (seed example: ``verify_video_download_url``)."""
    if value == "null" or value == "":
        return None
    return value


def empty_if_null(value: object) -> object:
    """``operation_logs: null`` means no logs, like an absent field (the SDK maps both to None)."""
    return [] if value is None else value


Timestamp: TypeAlias = Annotated[
    str,
    AfterValidator(check_rfc3339),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN}),
]
"""An RFC 3339 timestamp, kept as the original string; see the ``*_dt`` properties for the datetime."""

MarkTime: TypeAlias = Annotated[str, StringConstraints(pattern=MARK_TIME_PATTERN)]
"""A ``HH:MM:SS.mmm`` marking time, kept as sent; :func:`parse_mark_time` converts it."""

Url: TypeAlias = Annotated[str | None, BeforeValidator(absent_if_placeholder)]
"""A (usually signed, 24 h) URL; ``"null"``/``""`` become ``None`` (the seed example sends ``"null"``)."""

Int64: TypeAlias = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]

MattingType: TypeAlias = Literal["AI", "MANUAL"]
ModelResolution: TypeAlias = Literal["1080P", "4K"]
MattingMethod: TypeAlias = Literal["RESERVED", "DELETE", "NO_DEGREEN"]
CommentType: TypeAlias = Literal["USER_REJECT", "USER_COMMENT", "ADMIN_COMMENT"]
ActionType: TypeAlias = Literal["SILENCE", "ACTION"]
ChargeMode: TypeAlias = Literal["PERIODIC", "ONE_TIME", "ON_DEMAND"]
AudioSourceType: TypeAlias = Literal["VIDEO", "AUDIO"]
SupportedService: TypeAlias = Literal["VIDEO_2D", "LIVE_2D", "CHAT_2D"]
RotationState: TypeAlias = Literal["WAITING", "PROCESSING", "SUCCESS", "FAILED"]
JobTag: TypeAlias = Literal["ECOMMERCE", "NEWS", "MARKETING"]
Sex: TypeAlias = Literal["FEMALE", "MALE"]
Language: TypeAlias = Literal["CN", "EN"]


def dt(value: str | None) -> datetime | None:
    """A wire timestamp as an aware datetime (``None`` stays ``None``); raises ``ValueError`` when not RFC 3339."""
    return None if value is None else parse_rfc3339(value)
