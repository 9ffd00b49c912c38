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


class SkippedTime(ValueError):
    """A local time the clocks skip on its day (they go forward past it): it never happens there."""

    def __init__(self, day: date, at: time, instead: datetime) -> None:
        use = f"{instead:%H:%M}" if instead.date() == day else f"{instead:%Y-%m-%d %H:%M}"
        super().__init__(f"{at:%H:%M} does not exist on {day.isoformat()} here (clocks go forward): use {use}")
        #: What the clocks show at the instant the skipped time would be read as (02:30 gives 03:30).
        self.instead = instead


def from_local(day: date, at: time, zone: tzinfo | None = None, *, strict: bool = False) -> datetime:
    """The instant of a local date and time, stored in UTC.

    A time the clocks show twice that day (they go back) is the first of the two. A time they
    skip (they go forward) raises SkippedTime when ``strict``, as for a time a person typed;
    else it is read with the offset before the change, as far past it as it was meant to be
    (02:30 on the day clocks go from 02:00 to 03:00 is 03:30).
    """
    zone = zone or local_zone()
    moment = datetime.combine(day, at, tzinfo=zone)
    instant = moment.astimezone(UTC)
    if strict:
        shown = instant.astimezone(zone)
        if shown.replace(tzinfo=None) != moment.replace(tzinfo=None):
            raise SkippedTime(day, at, shown)
    return instant


def repeated_note(moment: datetime, zone: tzinfo | None = None) -> str:
    """What to say of an instant whose local time the clocks show twice that day (they go
    back): which of the two it is; "" when they show it once."""
    local = to_local(moment, zone)
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return ""
    which = "second" if local.fold else "first"
    return (
        f"{local:%H:%M} comes twice on {local:%Y-%m-%d} here (clocks go back): "
        f"taken as the {which}, {local:%H:%M} {local.tzname() or local.strftime('%z')}"
    )


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
