"""Phone numbers in free text, in any writing: where they stand, and the text with them masked.

A mainland mobile number (``1[3-9]`` and 9 digits: the ``contact`` of a job, seed table 4 [api-show]) is
found by a pattern, in any writing: separated by spaces, dashes, dots, slashes, brackets, commas, ``~``,
``*``, ``|`` or invisible characters, with ``+86``, ``0086``, ``(+86)``, in full-width or other Unicode
digits, glued to letters (``user13812345678``).

Any other number is left to `phonenumbers <https://github.com/daviddrysdale/python-phonenumbers>`_ (the
Python port of Google's libphonenumber, with the numbering plans of every country), asked only about the
numbers written as one must write them to dial them from mainland China: ``+`` and a country code
(``+44 20 7946 0958``), or a trunk ``0`` and a 10+ digit number (``010-1234 5678``). Why not phonenumbers
for everything: its matcher costs 40–230 µs per text with digits (job ids, times), and it skips a number
glued to letters, as ids are written; the pattern costs a few µs and finds those.

Work is linear in the length of the text: every repeat is possessive or bounded, and phonenumbers reads a
window of :data:`WINDOW` characters per number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = ["SEPARATORS", "WINDOW", "mask_phone_numbers"]

# Between the digits of a written number: spaces, dashes, dots, slashes, brackets, commas, "~", "*", "|", and
# invisible characters (soft hyphen, zero-width space/joiners, direction marks, word joiner, BOM) that hide a
# number from a pattern. Not ":": a time's digits would join its date's ("2024-03-01 08:00:00").
SEPARATORS: Final = (
    "\\s\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d.\u00b7\u30fb\uff0e/_()\uff08\uff09,\uff0c~*|"
    "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
)
_S: Final = f"[{SEPARATORS}]"
# A run of at least 7 digits (any script) and separators: where a phone number can be. Letters end it, so
# "user13812345678" yields "13812345678". Possessive: linear time.
_DIGIT_RUN_RE: Final = re.compile(rf"\d(?:[{SEPARATORS}+\uff0b]*+\d){{6,}}+")
_PREFIX: Final = "+\uff0b(\uff08 \u3000"  # what may stand before the first digit: "(+86) ", "＋86"
# In a run with ASCII digits: a mainland mobile number, with or without the country code (+86, 0086, (+86)).
_MOBILE_RE: Final = re.compile(
    rf"(?<!\d)(?:(?:\+|00){_S}*)?(?:(?:\({_S}*(?:\+|00)?86{_S}*\)|86){_S}*)?"
    rf"1{_S}*[3-9](?:{_S}*\d){{9}}(?!\d)"
)
# Other numbers are left to phonenumbers, and only asked about when written as one must be to dial them
# from mainland China: "+" and the country code, or a trunk "0" and a 10+ digit number (area code included).
_DIALLED_RE: Final = re.compile(rf"\+{_S}*\d(?:{_S}*\d){{6}}|(?<!\d)0(?:{_S}*\d){{9}}")
_FULL_WIDTH: Final = str.maketrans("\uff0b\uff08\uff09", "+()")


def _ascii_digits(run: str) -> str:
    """``run`` with every digit as its ASCII digit, character for character (so positions stay)."""
    if run.isascii():
        return run
    out = run.translate(_FULL_WIDTH)
    if out.isascii():
        return out
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in out)


WINDOW: Final = 40
"""Characters around a dialled-looking start given to phonenumbers: longer than any written number, and
a bound on its work however long the run (a megabyte of "+1 1 1 …")."""


def _dialled_spans(run: str, starts: Iterable[int]) -> list[tuple[int, int]]:
    import phonenumbers  # 0.1 s to import: only when a run looks dialled, which clean text never does

    found: list[tuple[int, int]] = []
    for start in starts:
        if found and start < found[-1][1]:
            continue  # inside a number found already
        lo = max(start - 2, 0)  # 2: "(" and a space before a trunk "0"
        window = run[lo : start + WINDOW]
        for match in phonenumbers.PhoneNumberMatcher(window, "CN", leniency=phonenumbers.Leniency.VALID):
            found.append((lo + match.start, lo + match.end))
    return found


def _number_spans(run: str) -> list[tuple[int, int]]:
    """Where in ``run`` (digits, separators, a prefix) phone numbers stand."""
    ascii_run = _ascii_digits(run)
    spans = [found.span() for found in _MOBILE_RE.finditer(ascii_run)]
    dialled, i = [], 0  # dialled-looking numbers that do not overlap a mobile number already found
    for d in _DIALLED_RE.finditer(ascii_run):  # both in order: one sweep, linear however many there are
        while i < len(spans) and spans[i][1] <= d.start():
            i += 1
        if i == len(spans) or spans[i][0] >= d.end():
            dialled.append(d.start())
    if dialled:
        spans += _dialled_spans(run, dialled)
    return spans


def mask_phone_numbers(text: str) -> str:
    """``text`` with every phone number replaced by one ``*`` per character (see the module docstring).

    >>> mask_phone_numbers("call +86 138-1234-5678 or user13812345678, not 1700000000000")
    'call ***************** or user***********, not 1700000000000'
    """
    chars: list[str] | None = None
    for m in _DIGIT_RUN_RE.finditer(text):
        start, floor = m.start(), max(m.start() - 8, 0)
        while start > floor and text[start - 1] in _PREFIX:
            start -= 1
        for lo, hi in _number_spans(text[start : m.end()]):
            chars = chars if chars is not None else list(text)
            chars[start + lo : start + hi] = "*" * (hi - lo)
    return text if chars is None else "".join(chars)
