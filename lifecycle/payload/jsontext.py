"""JSON text as every entry point reads it: one set of limits, decided by the text alone.

:func:`loads` is :mod:`json` with two limits made explicit and the same for every caller: nesting deeper
than :data:`MAX_DEPTH` is refused (decided from the text, never by how much stack the caller has left),
and integers of any size are accepted (Python's 4300-digit limit on ``int`` does not apply: a longer one
is read as a :class:`~decimal.Decimal`). msgspec decodes first, for speed; :mod:`json` has the last word
on what is JSON: it accepts NaN, a byte order mark, UTF-16 and UTF-32, and lone surrogates written as
escapes; it refuses bytes that are not valid UTF-8 anywhere in the text.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Any, Final, TypeVar

import msgspec

__all__ = ["MAX_DEPTH", "NotJson", "decode", "loads", "shallow"]


@dataclass(frozen=True, slots=True)
class NotJson:
    """The input is not JSON, or not a JSON object where one is needed: ``detail`` says why."""

    detail: str


MAX_DEPTH: Final = 1000
"""The deepest nesting of arrays and objects a JSON text may have (a job-detail answer has 4 levels)."""

T = TypeVar("T")

_any: Final = msgspec.json.Decoder().decode
_C_STACK_SEPARATE: Final = sys.version_info >= (3, 12)
"""From Python 3.12, C code counts its own recursion apart from ``sys.getrecursionlimit()``."""


# Depth: a string can hold brackets; strip strings first (the unrolled pattern does not backtrack).
_STRINGS_B: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')
_STRINGS_S: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')
_NESTING: Final = [0] * 256
for _open in b"[{":
    _NESTING[_open] = 1
for _close in b"]}":
    _NESTING[_close] = -1


def shallow(text: str | bytes) -> bool:
    """Whether ``text`` nests arrays and objects at most :data:`MAX_DEPTH` deep (an unterminated string
    counts as closed: the decoder refuses such a text anyway)."""
    if isinstance(text, str):
        bound = text.count("[") + text.count("{")
        if bound <= MAX_DEPTH:
            return True
        brackets = _STRINGS_S.sub("", text).replace('"', "").encode("ascii", "ignore")
    else:
        bound = text.count(b"[") + text.count(b"{")
        if bound <= MAX_DEPTH:
            return True
        brackets = _STRINGS_B.sub(b"", text).replace(b'"', b"")
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0) <= MAX_DEPTH


def decode(fn: Callable[[Any], T], text: str | bytes) -> T:
    """``fn(text)`` for a decoder ``fn`` of JSON text, within the limits of this module.

    Raises :class:`ValueError` for a text nested deeper than :data:`MAX_DEPTH` (and whatever ``fn`` raises).
    The depth is only measured when it matters: with Python's recursion limit at most :data:`MAX_DEPTH`, a
    decoder that succeeds went no deeper (msgspec and json count their levels against that limit); one that
    fails for lack of stack gets the stack a text within the limit needs, however deep the caller is.
    """
    if (_C_STACK_SEPARATE or sys.getrecursionlimit() > MAX_DEPTH) and not shallow(text):
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    try:
        return fn(text)
    except RecursionError:
        if not shallow(text):
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from None
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 2 * MAX_DEPTH)
    try:
        return fn(text)
    finally:
        sys.setrecursionlimit(limit)


def _int(digits: str) -> int | Decimal:
    return int(digits) if len(digits) <= 4300 else Decimal(digits)


_JSON_DECODER: Final = json.JSONDecoder(parse_int=_int)


def _json_loads(text: str | bytes) -> object:
    return json.loads(text, parse_int=_int)


def loads(text: str | bytes | bytearray) -> object | NotJson:
    """The value of a JSON text, or :class:`NotJson` with the reason (see the module's limits). A leading byte
    order mark is skipped in a ``str`` as ``json`` skips it in bytes (RFC 8259 §8.1 allows ignoring it): a text
    and its UTF-8 bytes read alike."""
    if isinstance(text, bytearray):
        text = bytes(text)
    elif isinstance(text, str) and text[:1] == "\ufeff":
        text = text[1:]
    try:
        value: object = decode(_any, text)
    except ValueError as exc:
        if str(exc).startswith("nested deeper"):
            return NotJson(str(exc))
        # json has the last word: NaN, a BOM, UTF-16, lone surrogates, integers beyond 64 bits…
    else:
        return value
    try:
        return decode(_json_loads, text)
    except UnicodeDecodeError:
        return NotJson("the text is not UTF-8, UTF-16 or UTF-32")
    except json.JSONDecodeError as exc:
        return NotJson(str(_at_content_end(exc))[:200])
    except (ValueError, RecursionError) as exc:
        return NotJson(str(exc)[:200])


def _at_content_end(exc: json.JSONDecodeError) -> json.JSONDecodeError:
    """The error of the text without the whitespace after its content: a JSONL line read with or without its
    newline gets the same message (``line 1 column 8``, not ``line 2 column 1``; ``Unterminated string``, not
    ``Invalid control character``). A text is JSON exactly when it is without that whitespace."""
    content = exc.doc.rstrip(" \t\r\n")  # JSON's whitespace
    if len(content) == len(exc.doc):
        return exc
    try:
        decode(_JSON_DECODER.decode, content)  # not json.loads: its BOM check is for a text given as str
    except json.JSONDecodeError as inner:
        return inner
    except (ValueError, RecursionError):
        pass
    return exc
