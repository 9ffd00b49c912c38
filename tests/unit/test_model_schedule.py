"""Tests mentortui.model.schedule: the dates each frequency gives, and rows kept in date order."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentortui.model import Schedule, TentativeMeeting
from mentortui.model.schedule import (
    add_months,
    agreed_length,
    insert_in_order,
    meeting_dates,
    regular_frequency,
)


def test_daily_runs_every_day_with_both_ends_included() -> None:
    assert meeting_dates(date(2026, 2, 26), date(2026, 3, 2), "daily") == [
        date(2026, 2, 26),
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 2),
    ]


def test_weekly_and_every_two_weeks_step_seven_and_fourteen_days() -> None:
    start, end = date(2026, 1, 12), date(2026, 3, 31)
    weekly = meeting_dates(start, end, "weekly")
    assert weekly[:3] == [date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)]
    assert weekly[-1] == date(2026, 3, 30) and len(weekly) == 12
    assert meeting_dates(start, end, "every two weeks") == [
        date(2026, 1, 12),
        date(2026, 1, 26),
        date(2026, 2, 9),
        date(2026, 2, 23),
        date(2026, 3, 9),
        date(2026, 3, 23),
    ]


def test_monthly_keeps_the_day_clamped_to_short_months_and_comes_back() -> None:
    assert meeting_dates(date(2026, 1, 31), date(2026, 6, 30), "monthly") == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]


def test_monthly_in_a_leap_year_and_across_the_new_year() -> None:
    assert meeting_dates(date(2027, 12, 30), date(2028, 3, 1), "monthly") == [
        date(2027, 12, 30),
        date(2028, 1, 30),
        date(2028, 2, 29),
    ]


def test_quarterly_steps_three_months() -> None:
    assert meeting_dates(date(2026, 1, 12), date(2027, 1, 12), "quarterly") == [
        date(2026, 1, 12),
        date(2026, 4, 12),
        date(2026, 7, 12),
        date(2026, 10, 12),
        date(2027, 1, 12),
    ]
    assert meeting_dates(date(2026, 11, 30), date(2027, 6, 1), "quarterly") == [
        date(2026, 11, 30),
        date(2027, 2, 28),
        date(2027, 5, 30),
    ]


def test_end_on_or_before_the_start() -> None:
    assert meeting_dates(date(2026, 3, 1), date(2026, 3, 1), "weekly") == [date(2026, 3, 1)]
    assert meeting_dates(date(2026, 3, 1), date(2026, 2, 1), "monthly") == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("weekly", "weekly"),
        ("  Every   Two WEEKS ", "every two weeks"),
        ("fortnightly", "every two weeks"),
        ("every 2 weeks", "every two weeks"),
        ("Monthly", "monthly"),
        ("twice a term", None),
        ("", None),
    ],
)
def test_regular_frequency_reads_any_case_and_spacing(typed: str, meant: str | None) -> None:
    assert regular_frequency(typed) == meant


def test_free_text_frequency_cannot_give_dates() -> None:
    with pytest.raises(ValueError, match="'when we can' is not a regular frequency"):
        meeting_dates(date(2026, 1, 1), date(2026, 2, 1), "when we can")


def test_add_months_clamps() -> None:
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_agreed_length_is_the_shortest_or_the_only_one() -> None:
    assert agreed_length(Schedule(length_min_minutes=30, length_max_minutes=60)) == 30
    assert agreed_length(Schedule(length_max_minutes=60)) == 60
    assert agreed_length(Schedule()) is None


def row(day: int | None, name: str) -> TentativeMeeting:
    when = datetime(2026, 1, day, 15, tzinfo=UTC) if day else None
    return TentativeMeeting(when=when, purpose=name, id=name)


def test_insert_in_order_keeps_the_rows_own_order() -> None:
    rows = (row(10, "a"), row(5, "moved-up-by-hand"), row(20, "b"), row(None, "undated"))
    added = [row(1, "new1"), row(15, "new15"), row(25, "new25"), row(None, "x")]
    merged = insert_in_order(rows, added)
    assert [r.id for r in merged] == [
        "new1",
        "a",
        "moved-up-by-hand",
        "new15",
        "b",
        "new25",
        "undated",
        "x",
    ]
    assert insert_in_order((), [row(3, "c"), row(2, "b")]) == (row(2, "b"), row(3, "c"))
