"""Responses of the official SDK (``huaweicloudsdkmetastudio``) as the payloads they stand for, without importing
the SDK: its models are read duck-typed (``openapi_types`` and ``attribute_map``, SDK 3.1.x ``model`` classes),
and the HTTP body the client keeps (``raw_content``) is preferred, since it has the exact wire types and the
fields the SDK's attributes lose."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["sdk_body", "sdk_to_plain"]


def sdk_body(response: object) -> bytes | str | None:
    """The HTTP body an SDK response carries (``raw_content``, set by the SDK client), or ``None``."""
    raw = getattr(response, "raw_content", None)
    return raw if isinstance(raw, bytes | str) and raw else None


def sdk_to_plain(value: object) -> Any:
    """An SDK model (``openapi_types`` + ``attribute_map``) as wire JSON values, without ``to_dict()``.

    ``to_dict()`` is deprecated (it warns) and keys by attribute name; here keys are wire names, unset
    (``None``) attributes are omitted, and the ``X-Request-Id`` header attribute is dropped (not body).
    """
    types = getattr(type(value), "openapi_types", None)
    if isinstance(types, dict):
        wire = getattr(type(value), "attribute_map", None) or {}
        out: dict[str, Any] = {}
        for attr in types:
            key = str(wire.get(attr, attr))
            item = getattr(value, attr, None)
            if item is None or key == "X-Request-Id":
                continue
            out[key] = sdk_to_plain(item)
        return out
    if isinstance(value, list | tuple):
        return [sdk_to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: sdk_to_plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):  # the SDK decodes JSON numbers as Decimal
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    return value
