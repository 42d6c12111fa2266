"""The payload schema's fast gate: msgspec Structs generated at import from the pydantic models.

One schema, two speeds. :mod:`lifecycle.payload.models` is the one source of truth; this module walks its
fields (types, ``Literal``\\ s, enumerations, ``ge``/``le``/``min_length``/``max_length``/``pattern``
constraints, RFC 3339 timestamps, the SDK-required fields) and builds the same schema as msgspec Structs,
which validate in C. :func:`clean_findings` returns the findings of a payload the gate accepts (only the
``deprecated`` ``model_version`` one, computed here) and ``None`` for every other payload, which then goes
to pydantic (:func:`lifecycle.payload.models.parse_job_json`) for the precise findings and their paths.

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

import enum
import types
from collections.abc import Callable
from functools import partial
from operator import attrgetter, is_not
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

import annotated_types
import msgspec
from pydantic import AfterValidator, BaseModel, BeforeValidator, Strict, StringConstraints, WithJsonSchema
from pydantic.fields import FieldInfo

from lifecycle.payload import wire_types
from lifecycle.payload.jsontext import decode
from lifecycle.payload.models import Job
from lifecycle.payload.parsing import FieldFinding, deprecated_findings
from lifecycle.payload.timestamps import all_rfc3339

__all__ = ["GATE", "accepts", "admit", "admitted_findings", "clean_findings", "gate_type"]


def _rust_anchored(pattern: str) -> str:
    """A pydantic (Rust ``regex``) pattern for Python's ``re``: ``$`` there is the very end, ``\\Z`` here
    (Python's ``$`` also matches before a final newline, which would make the gate looser)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


_BOUNDS: Final[dict[type, str]] = {
    annotated_types.Ge: "ge",
    annotated_types.Le: "le",
    annotated_types.Gt: "gt",
    annotated_types.Lt: "lt",
    annotated_types.MinLen: "min_length",
    annotated_types.MaxLen: "max_length",
}
"""pydantic's constraint objects whose attribute is the :class:`msgspec.Meta` keyword of the same name."""


def _constrain(tp: Any, metadata: list[Any]) -> Any:
    """``tp`` with pydantic's constraint objects as one :class:`msgspec.Meta`."""
    meta: dict[str, Any] = {}
    # Field(ge=…) inside Annotated (Int64) arrives as a FieldInfo holding its constraint objects
    expanded = [m for item in metadata for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
    for item in expanded:
        bound = _BOUNDS.get(type(item))
        if bound is not None:
            meta[bound] = getattr(item, bound)
        elif isinstance(item, StringConstraints):
            for key in ("min_length", "max_length"):
                if getattr(item, key) is not None:
                    meta[key] = getattr(item, key)
            if item.pattern is not None:
                meta["pattern"] = _rust_anchored(str(item.pattern))
            if item.strip_whitespace or item.to_lower or item.to_upper or item.strict is False:
                raise TypeError(f"the gate cannot express {item!r}")
        elif isinstance(item, WithJsonSchema | Strict) and getattr(item, "strict", True) is not False:
            continue  # documentation only / strict is the models' default
        else:
            raise TypeError(f"the gate cannot express {item!r}")
    return Annotated[tp, msgspec.Meta(**meta)] if meta else tp


class _Builder:
    """Translates pydantic models into msgspec Structs (one per model, built once).

    With ``open_twins`` (a builder of the open Structs), it builds their closed twins: each a subclass of
    its open twin, with the same fields (nested Structs closed too), refusing unknown fields."""

    def __init__(self, open_twins: _Builder | None = None) -> None:
        self.open_twins = open_twins
        self.structs: dict[type[BaseModel], type[msgspec.Struct]] = {}
        self.stamps: dict[type[BaseModel], list[str]] = {}
        """Each model's timestamp fields (decoded as ``str``, checked by :func:`all_rfc3339`)."""
        self.children: dict[type[BaseModel], list[tuple[str, type[BaseModel], bool]]] = {}
        """Each model's fields holding a model: (name, model, whether a list of them)."""
        self._found: list[tuple[type[BaseModel], bool]] = []
        self._stamp = False

    def model(self, cls: type[BaseModel]) -> type[msgspec.Struct]:
        built = self.structs.get(cls)
        if built is not None:
            return built
        config = cls.model_config
        if config.get("strict") is not True or config.get("extra") != "allow":
            raise TypeError(f"{cls.__name__}: the gate assumes strict=True, extra='allow'")
        required = set(getattr(cls, "STRICT_REQUIRED", ()))
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        stamps: list[str] = []
        children: list[tuple[str, type[BaseModel], bool]] = []
        for name, info in cls.model_fields.items():
            if info.alias not in (None, name) or info.validation_alias not in (None, name):
                raise TypeError(f"{cls.__name__}.{name}: aliases are not expressed in the gate")
            self._found, self._stamp = [], False
            tp = self.field(info, required=name in required)
            fields.append((name, tp) if name in required else (name, tp, None))
            if self._stamp:
                stamps.append(name)
            children.extend((name, model, listed) for model, listed in self._found)
        self.stamps[cls], self.children[cls] = stamps, children
        # The open Structs take unknown fields, whatever their value: extra="allow" keeps them.
        if self.open_twins is None:
            struct = msgspec.defstruct(f"Gate{cls.__name__}", fields, kw_only=True, gc=False)
        else:
            struct = msgspec.defstruct(
                f"GateClosed{cls.__name__}",
                fields,
                bases=(self.open_twins.model(cls),),
                kw_only=True,
                gc=False,
                forbid_unknown_fields=True,
            )
        self.structs[cls] = struct
        return struct

    def field(self, info: FieldInfo, *, required: bool) -> Any:
        metadata = list(info.metadata)
        lax = any(isinstance(m, Strict) and m.strict is False for m in metadata)
        befores = [m for m in metadata if isinstance(m, BeforeValidator)]
        metadata = [m for m in metadata if not isinstance(m, BeforeValidator | Strict)]
        tp = self.type(info.annotation, lax=lax)
        for before in befores:
            # Both known before-validators only turn some values into None or [] (which the field takes):
            # the set of accepted values is the declared type plus null.
            if before.func not in (wire_types.absent_if_placeholder, wire_types.empty_if_null):
                raise TypeError(f"the gate cannot express {before!r}")
            tp = tp | None
        tp = self.apply_field_constraints(tp, metadata)
        if required:
            tp = _strip_none(tp)
        return tp

    def apply_field_constraints(self, tp: Any, metadata: list[Any]) -> Any:
        if not metadata:
            return tp
        inner = _strip_none(tp)
        constrained = _constrain(inner, metadata)
        return constrained | None if inner is not tp else constrained

    def type(self, tp: Any, *, lax: bool = False, in_list: bool = False) -> Any:
        origin = get_origin(tp)
        if origin is Annotated:
            base, *metadata = get_args(tp)
            afters = [m for m in metadata if isinstance(m, AfterValidator)]
            metadata = [m for m in metadata if not isinstance(m, AfterValidator)]
            if afters:
                if [a.func for a in afters] != [wire_types.check_rfc3339] or base is not str or in_list:
                    raise TypeError(f"the gate cannot express {afters!r}")
                self._stamp = True  # checked after decoding, with the job's other timestamps
                return _constrain(str, metadata)
            return _constrain(self.type(base, lax=lax, in_list=in_list), metadata)
        if origin in (Union, types.UnionType):
            args = [self.type(arg, lax=lax, in_list=in_list) for arg in get_args(tp)]
            out = args[0]
            for arg in args[1:]:
                out = out | arg
            return out
        if origin is list:
            if in_list:
                raise TypeError(f"the gate cannot express nested lists {tp!r}")
            (item,) = get_args(tp)
            return list[self.type(item, lax=lax, in_list=True)]  # type: ignore[misc]
        if origin is Literal:
            if not all(type(v) is str for v in get_args(tp)):
                raise TypeError(f"the gate cannot express {tp!r}")
            return tp
        if tp is type(None):
            return tp
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            saved = self._found, self._stamp  # building the nested model uses them for its own fields
            struct = self.model(tp)
            self._found, self._stamp = saved
            self._found.append((tp, in_list))
            return struct
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            values = tuple(member.value for member in tp)
            # strict or lax, pydantic takes an enumeration's value from JSON (never a name or another type)
            if not all(type(v) is str for v in values):
                raise TypeError(f"the gate cannot express {tp!r}")
            return Literal[values]
        if tp in (str, int, bool) and not lax:
            return tp
        raise TypeError(f"the gate cannot express {tp!r}")


def _strip_none(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [arg for arg in get_args(tp) if arg is not type(None)]
        out = args[0]
        for arg in args[1:]:
            out = out | arg
        return out
    return tp


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


def _collector(builder: _Builder, cls: type[BaseModel]) -> Collect | None:
    """The timestamps of a Struct of ``cls`` and of the Structs within it, gathered by C-level getters:
    no Python frame per timestamp."""
    parts: list[Collect] = [_own(builder.stamps[cls])] if builder.stamps[cls] else []
    for name, model, listed in builder.children[cls]:
        inner = _collector(builder, model)
        if inner is None:
            continue
        leaf = not any(_collector(builder, m) for _, m, _ in builder.children[model])
        if listed and leaf and len(builder.stamps[model]) == 1:
            parts.append(_each_item_one(name, builder.stamps[model][0]))
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


_BUILDER: Final = _Builder()
GATE: Final = _BUILDER.model(Job)
"""The Struct generated from :class:`~lifecycle.payload.models.Job` (and its nested models)."""

_decode: Final[Callable[[str | bytes], Any]] = msgspec.json.Decoder(GATE).decode
_decode_closed: Final[Callable[[str | bytes], Any]] = msgspec.json.Decoder(_Builder(_BUILDER).model(Job)).decode
"""The same schema refusing unknown fields (a subclass of :data:`GATE`): a text it decodes had every string
decoded, and msgspec checks the UTF-8 of every string it decodes (not of what it skips)."""
_collect: Final = _collector(_BUILDER, Job) or (lambda obj, out: None)
_present: Final[Callable[[object], bool]] = partial(is_not, None)


def gate_type(model: type[BaseModel]) -> type[msgspec.Struct]:
    """The Struct generated from one of the payload models (``Job`` or a nested one)."""
    return _BUILDER.model(model)


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
