"""Unit tests of the short-notice rule at its edge, as the meeting log and the cancel dialog both ask it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentortui.model import Agreement, Cancellation, Meeting, Schedule, meetings

PLANNED = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


def called_off(before: timedelta, notice_hours: int | None = 24) -> bool:
    """Whether calling off the meeting ``before`` its start is short notice."""
    meeting = Meeting(planned_for=PLANNED, cancellation=Cancellation(by="ben", at=PLANNED - before))
    agreement = Agreement(schedule=Schedule(notice_hours=notice_hours), meetings=(meeting,))
    return meetings.short_notice(agreement, meeting)


def test_the_agreed_hours_exactly_are_enough_and_a_second_less_is_short() -> None:
    assert not called_off(timedelta(hours=24))
    assert called_off(timedelta(hours=24) - timedelta(seconds=1))
    assert called_off(timedelta(hours=23, minutes=59))


def test_after_the_start_is_short_notice_and_no_agreed_notice_is_never_short() -> None:
    assert called_off(-timedelta(hours=1))
    assert not called_off(timedelta(0), notice_hours=None)
