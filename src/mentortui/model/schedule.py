"""Provides the schedule's rules: the dates a frequency gives, rows kept in date order, a length in words."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from .agreement import Schedule, TentativeMeeting

#: Regular frequencies and their step: ("days", n) or ("months", n).
STEPS: dict[str, tuple[str, int]] = {
    "daily": ("days", 1),
    "weekly": ("days", 7),
    "every two weeks": ("days", 14),
    "monthly": ("months", 1),
    "quarterly": ("months", 3),
}
#: Other ways people write the same frequencies.
ALIASES = {"every 2 weeks": "every two weeks", "fortnightly": "every two weeks"}


def regular_frequency(frequency: str) -> str | None:
    """The regular frequency ``frequency`` names (any case and spacing), None for free text."""
    key = " ".join(frequency.lower().split())
    key = ALIASES.get(key, key)
    return key if key in STEPS else None


def agreed_length(schedule: Schedule) -> int | None:
    """The length a meeting is planned at: the shortest agreed, or the only one given."""
    if schedule.length_min_minutes is not None:
        return schedule.length_min_minutes
    return schedule.length_max_minutes


def length_text(low: int | None, high: int | None, units: tuple[str, str], unset: str) -> str:
    """A meeting length in words, ``units`` naming one minute and several ("minute", "minutes"):
    "30–60 minutes", "45 minutes", "up to 60 minutes" (only the longest agreed), else ``unset``."""
    if low is not None and high is not None and low != high:
        return f"{low}–{high} {units[1]}"
    if low is None and high is None:
        return unset
    minutes = low if low is not None else high
    words = f"{minutes} {units[0] if minutes == 1 else units[1]}"
    return words if low is not None else f"up to {words}"


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, clamped to that month's length (31 → 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_dates(start: date, end: date, frequency: str) -> list[date]:
    """Every date from ``start`` to ``end`` (both included) at a regular frequency.

    Monthly and quarterly dates keep the start's day of the month, clamped to shorter months.
    Raises ValueError for a frequency that is free text.
    """
    key = regular_frequency(frequency)
    if key is None:
        choices = ", ".join(STEPS)
        raise ValueError(f"{frequency!r} is not a regular frequency: use one of {choices}")
    unit, size = STEPS[key]
    dates: list[date] = []
    n = 0
    while True:
        if unit == "days":
            day = start + timedelta(days=size * n)
        else:  # counted from the start each time, so the 31st comes back after February
            day = add_months(start, size * n)
        if day > end:
            return dates
        dates.append(day)
        n += 1


def fill_from(start: date, today: date) -> date:
    """The first day "fill from frequency" plans a meeting on: the start, or today once the
    start has passed."""
    return max(start, today)


def dates_to_fill(start: date, end: date, frequency: str, today: date) -> list[date]:
    """The dates "fill from frequency" plans: the frequency's dates from ``start`` to ``end``,
    none before today (a meeting planned in the past shows as planned for ever).

    They keep the start's rhythm (its weekday, its day of the month) rather than starting
    again from today. Raises ValueError for a frequency that is free text.
    """
    first = fill_from(start, today)
    return [day for day in meeting_dates(start, end, frequency) if day >= first]


def insert_in_order(
    rows: Iterable[TentativeMeeting], added: Iterable[TentativeMeeting]
) -> tuple[TentativeMeeting, ...]:
    """``rows`` in their own order, each added row placed before the first later or undated row."""
    merged = list(rows)
    for row in added:
        at = len(merged)
        if row.when is not None:
            at = next(
                (i for i, old in enumerate(merged) if old.when is None or old.when > row.when),
                len(merged),
            )
        merged.insert(at, row)
    return tuple(merged)
