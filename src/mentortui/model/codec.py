"""Provides the conversion of domain records to plain JSON data and back, driven by type hints."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class DecodeError(ValueError):
    """Raised when stored data does not fit the record it should become."""


def to_data(value: Any) -> Any:
    """Turn a record (or any value inside one) into JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime: {value!r}")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    return value


def canonical_json(value: Any) -> str:
    """A stable JSON text of a record: same content, same text (for hashing)."""
    return json.dumps(to_data(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any, path: str = "") -> T:
    """Build a value of type ``cls`` from JSON data; missing fields take their defaults."""
    return _decode(cls, data, path or getattr(cls, "__name__", "value"))


def _decode(hint: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if data is None:
            return None
        if len(arms) != 1:
            raise DecodeError(f"{path}: unsupported type {hint!r}")
        return _decode(arms[0], data, path)
    if origin is tuple:
        if not isinstance(data, list):
            raise DecodeError(f"{path}: expected a list, found {type(data).__name__}")
        item = typing.get_args(hint)[0]
        return tuple(_decode(item, element, f"{path}[{i}]") for i, element in enumerate(data))
    if dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise DecodeError(f"{path}: expected an object, found {type(data).__name__}")
        hints = _hints(hint)
        values = {
            f.name: _decode(hints[f.name], data[f.name], f"{path}.{f.name}")
            for f in dataclasses.fields(hint)
            if f.name in data
        }
        return hint(**values)
    try:
        if isinstance(hint, type) and issubclass(hint, Enum):
            return hint(data)
        if hint is datetime:
            parsed = datetime.fromisoformat(data)
            if parsed.tzinfo is None:
                raise DecodeError(f"{path}: time {data!r} has no time zone")
            return parsed
        if hint is date:
            return date.fromisoformat(data)
    except (TypeError, ValueError) as error:
        if isinstance(error, DecodeError):
            raise
        raise DecodeError(f"{path}: {data!r} is not a valid {hint.__name__}") from error
    if hint is Any:
        return data
    expected = (int, float) if hint is float else hint
    if not isinstance(data, expected) or (hint is int and isinstance(data, bool)):
        raise DecodeError(f"{path}: expected {hint.__name__}, found {type(data).__name__}")
    return data
