"""Provides the viewer's time zone: times are stored in UTC and shown in local time."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The viewer's zone with its daylight-saving rules (TZ, else /etc/localtime).

    Falls back to today's offset only when neither names a zone Python knows, since a fixed
    offset would put every date across a daylight-saving change an hour out.
    """
    name = os.environ.get("TZ", "").removeprefix(":")
    try:
        return _zone(name)
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return datetime.now().astimezone().tzinfo or UTC


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    if name and not name.startswith("/"):
        return ZoneInfo(name)
    with open(name or "/etc/localtime", "rb") as file:
        return ZoneInfo.from_file(file, key=name or "localtime")


def zone_name(zone: tzinfo | None = None) -> str:
    """The IANA name of ``zone`` (default: the viewer's), or "" when it has none a calendar knows."""
    key = getattr(zone or local_zone(), "key", None)
    return key if isinstance(key, str) and (key == "UTC" or "/" in key) else ""


def to_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """An aware datetime shown in the viewer's zone."""
    return moment.astimezone(zone or local_zone())


def from_local(day: date, at: time, zone: tzinfo | None = None) -> datetime:
    """The instant of a local date and time, stored in UTC."""
    return datetime.combine(day, at, tzinfo=zone or local_zone()).astimezone(UTC)


def show(moment: datetime | None, zone: tzinfo | None = None) -> str:
    """``2026-01-12 15:00 CET``: a stored instant in the viewer's zone, for display."""
    if moment is None:
        return ""
    local = to_local(moment, zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


def parse_time(text: str) -> time | None:
    """``HH:MM`` (24 h) as a time, None when blank; ValueError with a clear message."""
    text = text.strip()
    if not text.strip(":"):
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a time: use HH:MM, e.g. 15:30") from None


def today(zone: tzinfo | None = None) -> date:
    """The viewer's date now, in their own zone."""
    return datetime.now(zone or local_zone()).date()
