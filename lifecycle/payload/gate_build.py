"""The payload gate's schema, derived from the pydantic models: :mod:`lifecycle.payload.gate_structs`.

:class:`Builder` walks the models of :mod:`lifecycle.payload.models` (types, ``Literal``\\ s, enumerations,
``ge``/``le``/``min_length``/``max_length``/``pattern`` constraints, RFC 3339 timestamps, the SDK-required
fields) and builds the same schema as msgspec Structs. A rule it cannot express raises :class:`TypeError`
(a model change is then a test failure, not a silent hole). :func:`render` writes what it builds as the
Python source of :mod:`lifecycle.payload.gate_structs`, which ``lifecycle generate`` writes and
``tests/test_generated.py`` holds to the models: the gate then validates without importing pydantic
(about 0.12 s of every process's start).
"""

from __future__ import annotations

import enum
import json
import types
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

import annotated_types
import msgspec
from pydantic import AfterValidator, BaseModel, BeforeValidator, Strict, StringConstraints, WithJsonSchema
from pydantic.fields import FieldInfo

from lifecycle.payload import wire_types
from lifecycle.payload.models import Job

__all__ = ["Builder", "gate_type", "render"]


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


class Builder:
    """Translates pydantic models into msgspec Structs (one per model, built once).

    With ``open_twins`` (a builder of the open Structs), it builds their closed twins: each a subclass of
    its open twin, with the same fields (nested Structs closed too), refusing unknown fields."""

    def __init__(self, open_twins: Builder | None = None) -> None:
        self.open_twins = open_twins
        self.structs: dict[type[BaseModel], type[msgspec.Struct]] = {}
        self.stamps: dict[type[BaseModel], list[str]] = {}
        """Each model's timestamp fields (decoded as ``str``, checked by :func:`all_rfc3339`)."""
        self.children: dict[type[BaseModel], list[tuple[str, type[BaseModel], bool]]] = {}
        """Each model's fields holding a model: (name, model, whether a list of them)."""
        self.fields: dict[type[BaseModel], list[tuple[str, Any] | tuple[str, Any, Any]]] = {}
        """Each model's Struct fields as given to :func:`msgspec.defstruct` (what :func:`render` writes)."""
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
        self.stamps[cls], self.children[cls], self.fields[cls] = stamps, children, fields
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


_BUILT: dict[type[BaseModel], type[msgspec.Struct]] = {}


def gate_type(model: type[BaseModel]) -> type[msgspec.Struct]:
    """The Struct built from one of the payload models (or any strict model with ``extra="allow"``): what
    :mod:`lifecycle.payload.gate_structs` holds for the shipped ones. Raises :class:`TypeError` for a rule
    the gate cannot express."""
    built = _BUILT.get(model)
    if built is None:
        built = _BUILT[model] = Builder().model(model)
    return built


_META_KEYS: Final = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern")
_OTHER_META_KEYS: Final = ("description", "examples", "extra", "extra_json_schema", "multiple_of", "title", "tz")


def _literal(value: object) -> str:
    """A Python literal of an int or a string (double quotes, as the formatter writes them)."""
    if type(value) is int:
        return repr(value)
    if type(value) is str:
        return json.dumps(value)
    raise TypeError(f"the gate cannot write {value!r}")


def _source(tp: Any) -> str:
    """The Python expression of a type the builder made (the generated module's names)."""
    origin = get_origin(tp)
    if tp is type(None):
        return "None"
    if tp in (str, int, bool):
        return str(tp.__name__)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp.__name__
    if origin in (Union, types.UnionType):
        return " | ".join(_source(arg) for arg in get_args(tp))
    if origin is Annotated:
        base, *metadata = get_args(tp)
        metas = []
        for meta in metadata:
            if not isinstance(meta, msgspec.Meta):
                raise TypeError(f"the gate cannot write {meta!r}")
            given = {key: getattr(meta, key) for key in _META_KEYS if getattr(meta, key) is not None}
            if any(getattr(meta, key) is not None for key in _OTHER_META_KEYS):
                raise TypeError(f"the gate cannot write {meta!r}")
            metas.append("Meta(" + ", ".join(f"{k}={_literal(v)}" for k, v in given.items()) + ")")
        return f"Annotated[{_source(base)}, {', '.join(metas)}]"
    if origin is Literal:
        return "Literal[" + ", ".join(map(_literal, get_args(tp))) + "]"
    if origin is list:
        (item,) = get_args(tp)
        return f"list[{_source(item)}]"
    raise TypeError(f"the gate cannot write {tp!r}")


_HEADER: Final = '''"""The payload gate's msgspec Structs, generated from the payload's pydantic models.

Made from lifecycle/payload/models.py by ``lifecycle generate`` (:func:`lifecycle.payload.gate_build.render`);
do not edit: tests/test_generated.py fails when this file differs from what the models make. Each model ``M``
has an open Struct ``GateM`` (unknown fields allowed, as the models' ``extra="allow"``) and its closed twin
``GateClosedM`` (a subclass refusing unknown fields, nested Structs closed too).
"""

from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import Meta

# fmt: off
'''


def _struct_source(name: str, fields: list[tuple[str, Any] | tuple[str, Any, Any]], base: str | None) -> str:
    lines = [f"{name}: Final[Any] = msgspec.defstruct(", f'    "{name}",', "    [" if fields else "    [],"]
    for field in fields:
        default = ", None" if len(field) == 3 else ""
        lines.append(f'        ("{field[0]}", {_source(field[1])}{default}),')
    if fields:
        lines.append("    ],")
    if base is None:
        lines.append("    kw_only=True, gc=False, module=__name__,")
    else:
        lines.append(f"    bases=({base},), kw_only=True, gc=False, forbid_unknown_fields=True, module=__name__,")
    lines.append(")")
    return "\n".join(lines) + "\n"


def _inline(items: list[str]) -> str:
    """A tuple literal on one line."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _value(items: list[str]) -> str:
    """A tuple as a mapping's value, as the formatter writes it: empty or of one item on its line, of several
    one item per line (a trailing comma keeps them so)."""
    if len(items) <= 1:
        return _inline(items) if items else "()"
    return "(\n" + "".join(f"        {item},\n" for item in items) + "    )"


def _mapping(head: str, entries: dict[str, str]) -> str:
    """A dict literal as the formatter writes it: one key per line, each value's source as given."""
    lines = [f"{head} = {{", *(f"    {_literal(key)}: {value}," for key, value in entries.items()), "}"]
    return "\n".join(lines) + "\n"


def render() -> str:
    """The source of :mod:`lifecycle.payload.gate_structs`: the Structs of :class:`~lifecycle.payload.models.Job`
    and its nested models (open, then closed), each model's timestamp fields and fields holding a model."""
    opened = Builder()
    opened.model(Job)
    closed = Builder(opened)
    closed.model(Job)
    parts = [_HEADER]
    for cls, fields in opened.fields.items():
        parts.append(_struct_source(f"Gate{cls.__name__}", fields, None))
    for cls, fields in closed.fields.items():
        # A closed twin inherits its open twin's fields and declares again only those holding a Struct (the
        # closed one); the rest, and the field order, need not be written twice.
        holding = {name for name, _, _ in closed.children[cls]}
        nested = [field for field in fields if field[0] in holding]
        parts.append(_struct_source(f"GateClosed{cls.__name__}", nested, f"Gate{cls.__name__}"))
    parts.append("# fmt: on\n")
    names = [cls.__name__ for cls in opened.fields]
    parts.append(_mapping("OPEN: Final", {n: f"Gate{n}" for n in names}))
    parts.append(_mapping("CLOSED: Final", {n: f"GateClosed{n}" for n in names}))
    stamps = {cls.__name__: _value(list(map(_literal, v))) for cls, v in opened.stamps.items() if v}
    parts.append(
        _mapping("STAMPS: Final[dict[str, tuple[str, ...]]]", stamps)
        + '"""Each model\'s timestamp fields (RFC 3339, checked together by ``all_rfc3339``); absent: none."""\n'
    )
    children = {
        cls.__name__: _value([_inline([_literal(f), _literal(m.__name__), str(listed)]) for f, m, listed in v])
        for cls, v in opened.children.items()
        if v
    }
    parts.append(
        _mapping("CHILDREN: Final[dict[str, tuple[tuple[str, str, bool], ...]]]", children)
        + '"""Each model\'s fields holding a model: (field, model, whether a list of them); absent: none."""\n'
    )
    return "\n\n".join(parts)
