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
    return _decoder(cls)(data, path or getattr(cls, "__name__", "value"))


Decoder = typing.Callable[[Any, str], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that decodes data of type ``hint``, built once per type: loading a large
    agreement decodes tens of thousands of values, so the type is read only here."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) != 1:
            raise TypeError(f"unsupported type {hint!r}")
        inner = _decoder(arms[0])
        return lambda data, path: None if data is None else inner(data, path)
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])

        def decode_tuple(data: Any, path: str) -> tuple[Any, ...]:
            if not isinstance(data, list):
                raise DecodeError(f"{path}: expected a list, found {type(data).__name__}")
            return tuple(item(element, f"{path}[{i}]") for i, element in enumerate(data))

        return decode_tuple
    if dataclasses.is_dataclass(hint):
        return _record_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _checked(hint, hint)
    if hint is datetime:
        return _checked(hint, _aware)
    if hint is date:
        return _checked(hint, date.fromisoformat)
    if hint is Any:
        return lambda data, path: data
    expected = (int, float) if hint is float else hint

    def decode_plain(data: Any, path: str) -> Any:
        if not isinstance(data, expected) or (hint is int and isinstance(data, bool)):
            raise DecodeError(f"{path}: expected {hint.__name__}, found {type(data).__name__}")
        return data

    return decode_plain


def _record_decoder(cls: type) -> Decoder:
    # Filled on first use, so records that hold themselves (or each other) can be built.
    fields: list[tuple[str, Decoder]] = []

    def decode_record(data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise DecodeError(f"{path}: expected an object, found {type(data).__name__}")
        if not fields:
            hints = _hints(cls)
            fields.extend((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))
        return cls(**{
            name: decode(data[name], f"{path}.{name}") for name, decode in fields if name in data
        })

    return decode_record


def _aware(data: str) -> datetime:
    parsed = datetime.fromisoformat(data)
    if parsed.tzinfo is None:
        raise DecodeError(f"time {data!r} has no time zone")
    return parsed


def _checked(hint: type, convert: typing.Callable[[Any], Any]) -> Decoder:
    def decode(data: Any, path: str) -> Any:
        try:
            return convert(data)
        except DecodeError as error:
            raise DecodeError(f"{path}: {error}") from error
        except (TypeError, ValueError) as error:
            raise DecodeError(f"{path}: {data!r} is not a valid {hint.__name__}") from error

    return decode
