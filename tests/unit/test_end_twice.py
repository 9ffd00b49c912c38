"""Unit tests of both people ending the same live session at once: one end time, one next
meeting (the later save's), however the two saves meet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentortui.model import Agreement, MeetingStatus, Party, Schedule, ValidationError, meetings
from mentortui.model.merge import merge

T0 = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
ANAS_NEXT = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
BENS_NEXT = datetime(2026, 12, 15, 15, 0, tzinfo=UTC)


def under_way() -> tuple[Agreement, str]:
    agreement, meeting = meetings.start(
        Agreement(mentee=Party("Ana"), mentor=Party("Ben"), schedule=Schedule(location="virtual")), T0
    )
    return agreement, meeting.id


def planned(agreement: Agreement) -> list[datetime | None]:
    return [m.planned_for for m in agreement.meetings if m.status is MeetingStatus.PLANNED]


def test_both_ending_one_session_plan_one_next_meeting() -> None:
    base, meeting_id = under_way()
    anas = meetings.end(base, meeting_id, T0 + timedelta(minutes=50), ANAS_NEXT)
    bens = meetings.end(base, meeting_id, T0 + timedelta(minutes=51), BENS_NEXT)
    # Ben's save lands after Ana's, merged with hers as a screen saves (lists by id, records
    # field by field, the field both changed settled for the one saving).
    stored, _ = merge(base, anas, bens)
    winner = bens
    assert planned(stored) == planned(winner) and len(planned(stored)) == 1
    held = stored.meeting(meeting_id)
    assert (held.ended_at, held.next_meeting) == (
        winner.meeting(meeting_id).ended_at,
        winner.meeting(meeting_id).next_meeting,
    )
    assert held.next_meeting == planned(stored)[0], "the next meeting is the one planned"


def test_the_same_next_meeting_from_both_is_one_meeting() -> None:
    base, meeting_id = under_way()
    anas = meetings.end(base, meeting_id, T0 + timedelta(minutes=50), ANAS_NEXT)
    bens = meetings.end(base, meeting_id, T0 + timedelta(minutes=50), ANAS_NEXT)
    stored, conflicts = merge(base, anas, bens)
    assert planned(stored) == [ANAS_NEXT] and not conflicts


def test_a_session_already_ended_is_not_ended_again() -> None:
    base, meeting_id = under_way()
    anas = meetings.end(base, meeting_id, T0 + timedelta(minutes=50), ANAS_NEXT)
    with pytest.raises(ValidationError) as raised:
        meetings.end(anas, meeting_id, T0 + timedelta(minutes=51), BENS_NEXT)
    assert "already ended" in str(raised.value)
    assert "2026-12-14" in str(raised.value)
