"""Provides the conversion of domain records to plain JSON data and back, driven by type hints."""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

import msgspec

from .base import MISSING, field_defaults, is_record, is_record_type

T = TypeVar("T")


class DecodeError(ValueError):
    """Raised when stored data does not fit the record it should become."""


def _is_dataclass(value: object) -> bool:
    """A dataclass instance (records are Structs; a dataclass from elsewhere is written alike)."""
    return hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type)


@cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """Each field of a record (or dataclass) class, with its plain default or MISSING."""
    if is_record_type(kind):
        return field_defaults(kind)
    import dataclasses

    return tuple((f.name, MISSING if f.default is dataclasses.MISSING else f.default) for f in dataclasses.fields(kind))


#: Values that are JSON data as they are: most of a record's fields, so looked at first
#: (100 goals of 50 milestones took 17 ms to convert when each was first asked if it was a record).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_data(value: Any) -> Any:
    """Turn a record (or any value inside one) into JSON-ready data."""
    kind: type = type(value)  # mypy takes a type[Any] for unhashable (python/mypy#11470)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [to_data(item) for item in value]
    if isinstance(value, msgspec.Struct) or _is_dataclass(value):
        return {name: to_data(getattr(value, name)) for name, _ in _fields(kind)}
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


def to_compact_data(value: Any) -> Any:
    """Like `to_data`, leaving out every field that holds its default (from_data puts the
    default back): for caches that hold many small records, such as the index's summaries."""
    if is_record(value) or _is_dataclass(value):
        kind: type = type(value)  # as in `to_data`
        return {
            name: to_compact_data(item)
            for name, default in _fields(kind)
            if ((item := getattr(value, name)) is not default and item != default) or default is MISSING
        }
    if isinstance(value, (tuple, list)):
        return [to_compact_data(item) for item in value]
    return to_data(value)


def canonical_json(value: Any) -> str:
    """A stable JSON text of a record: same content, same text (for hashing)."""
    return json.dumps(to_data(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _fast(cls: Any) -> bool:
    """True when msgspec can build ``cls`` from data (a record whose hints it supports)."""
    if not is_record_type(cls):
        return False
    try:
        msgspec.convert({}, cls)
    except msgspec.ValidationError:
        return True  # it reads the class; this data just does not fit
    except TypeError:  # a hint msgspec does not take (e.g. an ambiguous union)
        return False
    return True


def from_data(cls: type[T], data: Any, path: str = "") -> T:
    """Build a value of type ``cls`` from JSON data; missing fields take their defaults.

    A record is built by msgspec (in C, 4× faster: a listing decodes 2,000 digests) when
    the data fits; data that does not is decoded again here, which accepts or refuses it
    and says where it does not fit. Both read the same hints (times must be aware).
    """
    kind: type = cls  # mypy takes a type[T] for unhashable, as the caches need (python/mypy#11470)
    if _fast(kind):
        try:
            return msgspec.convert(data, cls)
        except msgspec.ValidationError:
            pass
    try:
        decoded: T = _decoder(kind)(data)  # a decoder of ``cls`` builds a ``cls``
        return decoded
    except _Misfit as misfit:
        where = (path or getattr(cls, "__name__", "value")) + "".join(reversed(misfit.where))
        raise DecodeError(f"{where}: {misfit.args[0]}") from misfit.__cause__


def from_json(cls: type[T], text: bytes | str, path: str = "") -> T:
    """`from_data` of a JSON text: parsed straight into the record when it fits (msgspec,
    in C), else parsed, then decoded as `from_data` does (which says what does not fit)."""
    kind: type = cls  # as in `from_data`
    if _fast(kind):
        try:
            return msgspec.json.decode(text, type=cls)
        except msgspec.ValidationError:
            pass
        except msgspec.DecodeError as error:
            raise DecodeError(f"{path or cls.__name__}: not JSON ({error})") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DecodeError(f"{path or cls.__name__}: not JSON ({error})") from None
    return from_data(cls, data, path)


class _Misfit(Exception):
    """A value that does not fit, on its way up to from_data, which says where it was."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.where: list[str] = []  # innermost first


Decoder = typing.Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that decodes data of type ``hint``, built once per type: loading a large
    agreement (or the index) decodes a hundred thousand values, so the type is read only here
    and where a value sits is worked out only when it does not fit."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) != 1:
            raise TypeError(f"unsupported type {hint!r}")
        inner = _decoder(arms[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])

        def decode_tuple(data: Any) -> tuple[Any, ...]:
            if not isinstance(data, list):
                raise _Misfit(f"expected a list, found {type(data).__name__}")
            try:
                return tuple(map(item, data))
            except _Misfit as misfit:
                for i, element in enumerate(data):  # which one: only now
                    try:
                        item(element)
                    except _Misfit:
                        misfit.where.append(f"[{i}]")
                        break
                raise

        return decode_tuple
    if is_record_type(hint) or (isinstance(hint, type) and hasattr(hint, "__dataclass_fields__")):
        return _record_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _checked(hint, hint)
    if hint is datetime:
        return _checked(hint, _aware)
    if hint is date:
        return _checked(hint, date.fromisoformat)
    if hint is Any:
        return lambda data: data
    expected = (int, float) if hint is float else hint

    def decode_plain(data: Any) -> Any:
        if type(data) is hint or (isinstance(data, expected) and not (hint is int and isinstance(data, bool))):
            return data
        raise _Misfit(f"expected {hint.__name__}, found {type(data).__name__}")

    return decode_plain


def _record_decoder(cls: type) -> Decoder:
    # Filled on first use, so records that hold themselves (or each other) can be built.
    fields: list[tuple[str, Decoder]] = []

    def decode_record(data: Any) -> Any:
        if not isinstance(data, dict):
            raise _Misfit(f"expected an object, found {type(data).__name__}")
        if not fields:
            hints = _hints(cls)
            fields.extend((name, _decoder(hints[name])) for name, _ in _fields(cls))
        values = {}
        for name, decode in fields:
            if name in data:
                try:
                    values[name] = decode(data[name])
                except _Misfit as misfit:
                    misfit.where.append(f".{name}")
                    raise
        return cls(**values)

    return decode_record


def _aware(data: str) -> datetime:
    parsed = datetime.fromisoformat(data)
    if parsed.tzinfo is None:
        raise _Misfit(f"time {data!r} has no time zone")
    return parsed


def _checked(hint: type, convert: typing.Callable[[Any], Any]) -> Decoder:
    def decode(data: Any) -> Any:
        try:
            return convert(data)
        except _Misfit:
            raise
        except (TypeError, ValueError) as error:
            raise _Misfit(f"{data!r} is not a valid {hint.__name__}") from error

    return decode
