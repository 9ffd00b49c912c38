"""Tests of the meeting rules: start/resume, entries, progress, carry-over, notice, end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentortui.model import Agreement, MeetingStatus, Party, Schedule, TentativeMeeting, ValidationError, meetings
from mentortui.model.goal import Goal

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def agreement() -> Agreement:
    """Two parties, one goal, a 24 h notice period and two tentative meetings."""
    return Agreement(
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        goals=(Goal(title="Certify"),),
        schedule=Schedule(notice_hours=24, location="virtual"),
        tentative_meetings=(
            TentativeMeeting(when=T0, purpose="Kick-off"),
            TentativeMeeting(when=T0 + timedelta(days=14)),
        ),
    )


def test_tentative_rows_become_planned_meetings_once():
    planned = meetings.plan_from_schedule(agreement())
    assert [(m.status, m.planned_for, m.purpose, m.location) for m in planned.meetings] == [
        (MeetingStatus.PLANNED, T0, "Kick-off", "virtual"),
        (MeetingStatus.PLANNED, T0 + timedelta(days=14), "", "virtual"),
    ]
    assert meetings.plan_from_schedule(planned) == planned


def test_starting_twice_resumes_the_meeting_under_way():
    a, first = meetings.start(agreement(), T0)
    assert first.in_progress and meetings.in_progress(a) == first
    again, resumed = meetings.start(a, T0 + timedelta(minutes=5))
    assert resumed == first and again == a
    ended = meetings.end(a, first.id, T0 + timedelta(minutes=40), None)
    assert meetings.in_progress(ended) is None
    assert ended.meeting(first.id).ended_at == T0 + timedelta(minutes=40)


def test_a_session_records_notes_actions_decisions_and_progress():
    a, m = meetings.start(agreement(), T0)
    a = meetings.add_note(a, m.id, "  Shared  ", "ana", T0)
    a = meetings.add_note(a, m.id, "Mine only", "ben", T0, private=True)
    a = meetings.add_action(a, m.id, "Draft plan", "ben", date(2026, 3, 9))
    a = meetings.add_decision(a, m.id, "Meet fortnightly", T0)
    goal = a.goals[0]
    a = meetings.record_progress(a, goal.id, 40, "Guide half done", "ana", T0, m.id)
    a = meetings.end(a, m.id, T0 + timedelta(hours=1), T0 + timedelta(days=7))
    held = a.meeting(m.id)
    assert [(n.text, n.author, n.private) for n in held.notes] == [("Shared", "ana", False), ("Mine only", "ben", True)]
    assert [(x.text, x.owner, x.due) for x in held.actions] == [("Draft plan", "ben", date(2026, 3, 9))]
    assert [d.text for d in held.decisions] == ["Meet fortnightly"]
    assert a.goal(goal.id).current_percent == 40
    assert meetings.progress_at(a, m.id)[0][0] == "Certify"
    assert [n.text for n in meetings.notes_for(held, "ana")] == ["Shared"]
    assert [n.text for n in meetings.notes_for(held, "ben")] == ["Shared", "Mine only"]
    [planned] = [x for x in a.meetings if x.status is MeetingStatus.PLANNED]
    assert planned.planned_for == T0 + timedelta(days=7) == held.next_meeting


@pytest.mark.parametrize(
    "entry",
    [
        lambda a, m: meetings.add_note(a, m.id, "   ", "ana", T0),
        lambda a, m: meetings.add_action(a, m.id, "", "ana", None),
        lambda a, m: meetings.add_decision(a, m.id, "", T0),
        lambda a, m: meetings.record_progress(a, a.goals[0].id, 101, "", "ana", T0, m.id),
        lambda a, m: meetings.record_progress(a, a.goals[0].id, -1, "", "ana", T0, m.id),
    ],
)
def test_empty_entries_and_progress_outside_0_to_100_are_refused(entry):
    a, m = meetings.start(agreement(), T0)
    with pytest.raises(ValidationError):
        entry(a, m)


def test_open_actions_carry_over_until_done():
    a, first = meetings.start(agreement(), T0)
    a = meetings.add_action(a, first.id, "Read chapter 3", "ana", None)
    a = meetings.end(a, first.id, T0 + timedelta(hours=1), None)
    a, second = meetings.start(a, T0 + timedelta(days=14))
    assert [x.text for _, x in meetings.open_actions(a, before=a.meeting(second.id))] == ["Read chapter 3"]
    action = a.meeting(first.id).actions[0]
    a = meetings.set_action_done(a, action.id, T0 + timedelta(days=14, minutes=5))
    assert meetings.open_actions(a, before=a.meeting(second.id)) == []
    assert a.meeting(first.id).actions[0].done_at == T0 + timedelta(days=14, minutes=5)


def test_a_cancellation_with_less_notice_than_agreed_is_short_notice():
    a = meetings.plan_from_schedule(agreement())
    first, second = meetings.in_order(a)
    a = meetings.cancel(a, first.id, "ben", T0 - timedelta(hours=3), "Clinic emergency")
    a = meetings.cancel(a, second.id, "ana", second.planned_for - timedelta(hours=30))
    assert meetings.short_notice(a, a.meeting(first.id))
    assert not meetings.short_notice(a, a.meeting(second.id))
    assert a.meeting(first.id).cancellation.by == "ben"
    assert a.meeting(first.id).status is MeetingStatus.CANCELLED


def test_a_past_meeting_is_logged_with_its_real_times_and_not_backwards():
    a, m = meetings.log_past(agreement(), T0, T0 + timedelta(minutes=50), "Cafe", "Catch-up")
    assert (m.started_at, m.ended_at, m.status, m.purpose) == (
        T0,
        T0 + timedelta(minutes=50),
        MeetingStatus.HELD,
        "Catch-up",
    )
    assert not m.in_progress
    with pytest.raises(ValidationError):
        meetings.log_past(agreement(), T0, T0 - timedelta(minutes=1))
    assert meetings.delete(a, m.id).meetings == ()


def test_a_schedule_row_at_the_time_of_a_logged_meeting_is_not_planned_again():
    a, _ = meetings.log_past(agreement(), T0, T0 + timedelta(minutes=45))
    planned = meetings.plan_from_schedule(a)
    assert [(m.status, m.when) for m in meetings.in_order(planned)] == [
        (MeetingStatus.HELD, T0),
        (MeetingStatus.PLANNED, T0 + timedelta(days=14)),
    ]


def test_a_past_meeting_logged_at_a_planned_time_is_that_meeting_not_a_second_row():
    from datetime import datetime, timedelta

    from mentortui.model import Agreement, Meeting, MeetingStatus, Party, meetings

    at = datetime(2026, 6, 5, 15, tzinfo=UTC)
    planned = Meeting(status=MeetingStatus.PLANNED, planned_for=at, purpose="Goals", location="Room 2")
    agreement = Agreement(mentee=Party("A"), mentor=Party("B"), meetings=(planned,))
    logged, meeting = meetings.log_past(agreement, at, at + timedelta(minutes=50))
    assert [m.id for m in logged.meetings] == [planned.id]
    assert (meeting.status, meeting.purpose, meeting.location) == (MeetingStatus.HELD, "Goals", "Room 2")
    other, second = meetings.log_past(logged, at + timedelta(days=7), at + timedelta(days=7, minutes=30))
    assert len(other.meetings) == 2 and second.id != planned.id


def test_a_planned_meeting_is_due_within_twelve_hours_of_now():
    from datetime import datetime, timedelta

    from mentortui.model import Meeting, MeetingStatus
    from mentortui.model.meetings import DUE_WINDOW, is_due

    at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert timedelta(hours=12) == DUE_WINDOW
    assert is_due(Meeting(planned_for=at + DUE_WINDOW), at) and is_due(Meeting(planned_for=at - DUE_WINDOW), at)
    assert not is_due(Meeting(planned_for=at + DUE_WINDOW + timedelta(minutes=1)), at)
    assert not is_due(Meeting(planned_for=at + timedelta(days=60)), at) and not is_due(Meeting(), at)
    assert not is_due(Meeting(status=MeetingStatus.HELD, planned_for=at, started_at=at), at)
