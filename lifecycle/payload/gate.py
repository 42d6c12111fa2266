"""The payload schema's fast gate: msgspec Structs generated from the pydantic models, validating in C.

One schema, two speeds. :mod:`lifecycle.payload.models` is the one source of truth;
:mod:`lifecycle.payload.gate_build` walks its fields (types, ``Literal``\\ s, enumerations,
``ge``/``le``/``min_length``/``max_length``/``pattern`` constraints, RFC 3339 timestamps, the SDK-required
fields) and writes the same schema as msgspec Structs, :mod:`lifecycle.payload.gate_structs` (``lifecycle
generate``; ``tests/test_generated.py`` fails when it differs from what the models make). This module
imports only those Structs, not pydantic: a process whose payloads all pass the gate never loads the models.
:func:`clean_findings` returns the findings of a payload the gate accepts (only the ``deprecated``
``model_version`` one, computed here) and ``None`` for every other payload, which then goes to pydantic
(:func:`lifecycle.payload.parsing.parse_job_json`) for the precise findings and their paths.

The gate is never looser than pydantic: a rule it cannot express raises :class:`TypeError` while the gate
is built (a model change is then a test failure, not a silent hole), and where msgspec differs the gate is
stricter: a duplicated key is checked at every occurrence (pydantic reads the last one), a
timestamp whose fraction of more than six digits rounds past the year 9999 is refused (pydantic
truncates it), and so is a text that pydantic's lenient fallback (``json``) reads although msgspec does
not: a byte order mark, surrogates (encoded in UTF-8, or a lone ``\\ud800`` escape in an unknown field),
``NaN`` or ``Infinity`` in an unknown field, UTF-16 or UTF-32 without a byte order mark. Those payloads are
rare and simply take the slow path; the differential tests in ``tests/test_gate.py`` hold the two to the
same verdicts.

Timestamps are decoded as strings and checked all at once per job by
:func:`lifecycle.payload.timestamps.all_rfc3339` (format by shape, calendar by msgspec's RFC 3339 parser,
both in C): msgspec's own ``datetime`` field type would also take a space for ``T`` and ``+0800``
offsets, which :func:`lifecycle.payload.timestamps.parse_rfc3339` (pydantic's rule) refuses, and a
pattern constraint would call the regular expression engine once per timestamp.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import attrgetter, is_not
from typing import Any, Final

import msgspec

from lifecycle.payload import gate_structs
from lifecycle.payload.findings import FieldFinding, deprecated_findings
from lifecycle.payload.jsontext import decode
from lifecycle.payload.timestamps import all_rfc3339

__all__ = ["GATE", "accepts", "admit", "admitted_findings", "clean_findings"]


Collect = Callable[[Any, list[Any]], object]
"""Appends the timestamps (``None`` for absent ones) of a decoded Struct to a list."""


def _own(names: list[str]) -> Collect:
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj, out: out.append(get(obj))
    return lambda obj, out: out.extend(get(obj))


def _each_item_one(field: str, stamp: str) -> Collect:
    # map() of an attrgetter runs in C: no Python frame per log
    items, get = attrgetter(field), attrgetter(stamp)
    return lambda obj, out: out.extend(map(get, items(obj) or ()))


def _each_item(field: str, inner: Collect) -> Collect:
    items = attrgetter(field)
    return lambda obj, out: [inner(item, out) for item in items(obj) or ()]


def _nested(field: str, inner: Collect) -> Collect:
    child = attrgetter(field)
    return lambda obj, out: None if child(obj) is None else inner(child(obj), out)


def _collector(model: str) -> Collect | None:
    """The timestamps of a Struct of ``model`` (a model's name) and of the Structs within it, gathered by
    C-level getters: no Python frame per timestamp."""
    stamps, children = gate_structs.STAMPS, gate_structs.CHILDREN
    parts: list[Collect] = [_own(list(stamps[model]))] if model in stamps else []
    for name, child, listed in children.get(model, ()):
        inner = _collector(child)
        if inner is None:
            continue
        leaf = not any(_collector(m) for _, m, _ in children.get(child, ()))
        if listed and leaf and len(stamps.get(child, ())) == 1:
            parts.append(_each_item_one(name, stamps[child][0]))
        else:
            parts.append(_each_item(name, inner) if listed else _nested(name, inner))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]

    def collect(obj: Any, out: list[Any]) -> None:
        for part in parts:
            part(obj, out)

    return collect


GATE: Final = gate_structs.OPEN["Job"]
"""The Struct generated from :class:`~lifecycle.payload.models.Job` (and its nested models)."""

_decode: Final[Callable[[str | bytes], Any]] = msgspec.json.Decoder(GATE).decode
_decode_closed: Final[Callable[[str | bytes], Any]] = msgspec.json.Decoder(gate_structs.CLOSED["Job"]).decode
"""The same schema refusing unknown fields (a subclass of :data:`GATE`): a text it decodes had every string
decoded, and msgspec checks the UTF-8 of every string it decodes (not of what it skips)."""
_collect: Final = _collector("Job") or (lambda obj, out: None)
_present: Final[Callable[[object], bool]] = partial(is_not, None)


def admit(text: str | bytes) -> Any:
    """The gate's Struct of ``text`` (an instance of :data:`GATE`, fields by wire name, timestamps as the
    strings sent), or ``None`` when the gate sends the payload to pydantic. Never raises on bad data.

    The instance may be of a subclass of :data:`GATE` (its closed twin, for a non-ASCII text without
    unknown fields): the same fields and values, but msgspec's ``==`` holds only between Structs of one
    class; compare ``msgspec.to_builtins`` of two results.

    The one decode of a payload the default validation makes: :func:`lifecycle.validation.decode.facts_from_gate`
    reads the job facts out of the Struct instead of decoding the text a second time."""
    job = _decoded(text)
    if job is None:
        return None
    stamps: list[Any] = []  # str or None
    _collect(job, stamps)
    return job if all_rfc3339([*filter(_present, stamps)]) else None


_OPEN_ONLY: Final = 64
"""After a text with unknown fields, how many non-ASCII texts are decoded without trying the closed twin
first: a stream from an API newer than the models (every payload with a field they lack) pays for the
closed twin's failed decode once in this many texts, not every time."""
_open_only = 0  # texts left to decode so (a race between threads only changes which texts: never a verdict)


def _decoded(text: str | bytes) -> Any:
    """The gate's Struct of ``text`` before its timestamps are checked, or ``None``."""
    global _open_only
    if isinstance(text, bytes) and not text.isascii():
        # msgspec does not check the UTF-8 of what it skips (unknown fields); pydantic and json refuse bad
        # UTF-8 (surrogates aside, which the gate refuses: stricter). A text without unknown fields needs no
        # check of its own: the closed twin decoded (and so checked) all of it.
        if _open_only:
            _open_only -= 1
        else:
            try:
                return decode(_decode_closed, text)
            except ValueError as error:
                if str(error).startswith("Object contains unknown field"):
                    _open_only = _OPEN_ONLY
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        return decode(_decode, text)
    except ValueError:  # msgspec's errors are ValueErrors; so is a text nested too deep
        return None


def accepts(text: str | bytes | bytearray) -> bool:
    """Whether the gate accepts the JSON text (then pydantic's lenient parse finds nothing but deprecations)."""
    return admit(bytes(text) if isinstance(text, bytearray) else text) is not None


def clean_findings(text: str | bytes | bytearray) -> tuple[FieldFinding, ...] | None:
    """The findings of ``text`` if the gate accepts it (only a ``deprecated`` one can remain), else ``None``.

    Same findings as ``parse_job_json(text).findings`` whenever the gate accepts; ``None`` means "ask
    pydantic" (:func:`lifecycle.payload.models.parse_job_json`), never "invalid".
    """
    job = admit(bytes(text) if isinstance(text, bytearray) else text)
    return None if job is None else admitted_findings(job)


def admitted_findings(job: Any) -> tuple[FieldFinding, ...]:
    """The findings of a payload the gate admitted (its Struct, from :func:`admit`): only a ``deprecated``
    ``model_version`` one can remain."""
    return tuple(deprecated_findings(job.model_version))
