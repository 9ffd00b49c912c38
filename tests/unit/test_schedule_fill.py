"""Unit tests of the fill-from-frequency rule: no meeting is planned before today."""

from __future__ import annotations

from datetime import date

from mentortui.model.schedule import dates_to_fill, fill_from


def test_a_start_in_the_past_fills_from_today_in_the_start_s_rhythm():
    today = date(2026, 12, 6)
    start, end = date(2026, 11, 1), date(2027, 1, 31)
    assert fill_from(start, today) == today
    assert dates_to_fill(start, end, "every two weeks", today) == [
        date(2026, 12, 13),
        date(2026, 12, 27),
        date(2027, 1, 10),
        date(2027, 1, 24),
    ]
    assert dates_to_fill(date(2026, 1, 31), end, "monthly", today) == [date(2026, 12, 31), date(2027, 1, 31)]


def test_today_itself_is_filled_and_a_start_to_come_is_kept():
    today = date(2026, 12, 6)
    assert dates_to_fill(date(2026, 11, 29), date(2026, 12, 20), "weekly", today) == [
        date(2026, 12, 6),
        date(2026, 12, 13),
        date(2026, 12, 20),
    ]
    start = date(2027, 1, 4)
    assert fill_from(start, today) == start
    assert dates_to_fill(start, date(2027, 1, 18), "weekly", today)[0] == start


def test_an_agreement_that_has_ended_fills_nothing():
    assert dates_to_fill(date(2026, 1, 1), date(2026, 6, 30), "weekly", date(2026, 12, 6)) == []
