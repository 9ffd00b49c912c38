"""Provides the pieces every export section is built of: values, headings, lists and tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from ..model.schedule import length_text
from .escape import escape_inline

#: What an unset value reads as.
NOT_SET = "—"
#: What an empty list or an unwritten text reads as.
NONE_YET = "None yet."
#: List items continue on lines indented to their content.
ITEM_INDENT = "  "


# -- values ----------------------------------------------------------------------------------


def zone_name(shown: datetime) -> str:
    """The zone's abbreviation, or ``UTC+01:00`` when zoneinfo knows it only by its offset."""
    name = shown.tzname()
    if not name or name[0] in "+-":
        offset = shown.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        sign = "-" if minutes < 0 else "+"
        name = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return name


def format_datetime(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """``2026-01-12 15:00 CET`` in ``tz`` (the local zone when None); "—" when unset."""
    if moment is None:
        return NOT_SET
    shown = moment.astimezone(tz)
    return f"{shown:%Y-%m-%d %H:%M} {zone_name(shown)}"


def format_date(day: date | None) -> str:
    """ISO date, or "—"."""
    return day.isoformat() if day is not None else NOT_SET


def plural(count: int, unit: str) -> str:
    """``1 hour``, ``2 hours``."""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def format_length(low: int | None, high: int | None) -> str:
    """A meeting length: "45 minutes", "30–60 minutes", "up to 60 minutes", or "—"."""
    return length_text(low, high, ("minute", "minutes"), NOT_SET)


def format_span(span: timedelta) -> str:
    """A non-negative span in whole minutes: "45 minutes", "6 hours", "23 hours 59 minutes"."""
    minutes = int(span.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return plural(rest, "minute")
    return plural(hours, "hour") + (f" {plural(rest, 'minute')}" if rest else "")


def item_text(value: str) -> str:
    """User text for a list item's value, or "—" when it is blank."""
    return escape_inline(value, indent=ITEM_INDENT) or NOT_SET


# -- blocks ----------------------------------------------------------------------------------


def heading(level: int, text: str) -> str:
    """An ATX heading; ``text`` is Markdown already (escape user text first)."""
    return f"{'#' * level} {text}"


def bullets(items: Sequence[str], empty: str = NONE_YET) -> str:
    """A bullet list of Markdown items, or ``empty`` as a paragraph when there are none."""
    if not items:
        return empty
    return "\n".join(f"- {item}" for item in items)


def labelled(label: str, value: str) -> str:
    """A list item's text: a bold label (ours, never user text) and a Markdown value."""
    return f"**{label}:** {value}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str = NONE_YET) -> str:
    """A GFM table of escaped cells, or ``empty`` as a paragraph when there are no rows."""
    if not rows:
        return empty
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row has {len(row)} cells for {len(headers)} columns")
    lines = [headers, ["---"] * len(headers), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def long_text(text: str) -> str:
    """A paragraph of user text, or "None yet." when it is blank."""
    return escape_inline(text) or NONE_YET
