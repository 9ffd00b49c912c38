"""Tests of the dashboard: every alert computed from dates with a fixed now, and its boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentortui.model import (
    ActionItem,
    Agreement,
    AgreementStatus,
    Evaluation,
    EvaluationKind,
    Goal,
    Meeting,
    MeetingStatus,
    Milestone,
    Party,
    Schedule,
    TentativeMeeting,
    lifecycle,
)
from mentortui.model.attention import (
    AlertKind,
    agreed_interval,
    alerts,
    dashboard,
    relative_day,
)
from mentortui.model.enums import Role
from mentortui.model.lifecycle import midpoint
from mentortui.model.signing import record_edit, sign

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def running(**fields) -> Agreement:
    """An active agreement (so no signing alert) with the given fields."""
    base = dict(
        title="Ana & Ben",
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        status=AgreementStatus.ACTIVE,
    )
    return Agreement(**{**base, **fields})


def held(when: datetime, **fields) -> Meeting:
    return Meeting(
        status=MeetingStatus.HELD, planned_for=when, started_at=when, ended_at=when + timedelta(hours=1), **fields
    )


def texts(agreement: Agreement, now: datetime = NOW, zone=UTC, kind: AlertKind | None = None) -> list[str]:
    return [a.text for a in alerts(agreement, now, zone) if kind is None or a.kind is kind]


# -- signing ---------------------------------------------------------------------------------


def test_a_draft_says_who_still_has_to_sign():
    draft = Agreement(mentee=Party("Ana"), mentor=Party("Ben"))
    assert texts(draft) == ["not signed yet: waiting for both parties"]
    half = sign(draft, Role.MENTEE, "Ana", NOW)
    assert texts(half) == ["not signed yet: waiting for the mentor"]
    both = sign(half, Role.MENTOR, "Ben", NOW)
    assert both.status is AgreementStatus.ACTIVE and texts(both) == []


def test_an_amended_agreement_must_be_signed_again_by_whoever_has_not():
    signed = sign(
        sign(Agreement(mentee=Party("Ana"), mentor=Party("Ben")), Role.MENTEE, "Ana", NOW), Role.MENTOR, "Ben", NOW
    )
    amended = record_edit(signed, signed.edit(title="New title"), by="ana", at=NOW)
    assert amended.status is AgreementStatus.AMENDED
    assert texts(amended) == ["amended since signing: both parties must sign again"]
    again = sign(amended, Role.MENTEE, "Ana", NOW)
    assert texts(again, kind=AlertKind.AMENDED) == ["amended since signing: the mentor must sign again"]


# -- the meeting gap -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "allowed", "said"),
    [
        ("daily", 2, "daily"),
        ("weekly", 8, "weekly"),
        ("every two weeks", 17, "every 2 weeks"),
        ("Fortnightly", 17, "every 2 weeks"),
        ("every 3 weeks", 26, "every 3 weeks"),
        ("every 10 days", 12, "every 10 days"),
    ],
)
def test_the_gap_allows_the_interval_plus_a_quarter(frequency, allowed, said):
    last = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    agreement = running(schedule=Schedule(frequency=frequency), meetings=(held(last),))
    at_limit = datetime.combine(last.date() + timedelta(days=allowed), NOW.timetz())
    assert texts(agreement, at_limit) == [], "exactly at the interval plus grace: no alert"
    over = allowed + 1
    span = f"{over} days" if over < 28 else f"{over // 7} weeks"
    assert texts(agreement, at_limit + timedelta(days=1)) == [f"no meeting in {span}, agreed {said}"]


def test_the_issue_example_and_monthly_by_the_calendar():
    last = datetime(2026, 10, 20, 15, 0, tzinfo=UTC)
    fortnightly = running(schedule=Schedule(frequency="every two weeks"), meetings=(held(last),))
    assert texts(fortnightly) == ["no meeting in 5 weeks, agreed every 2 weeks"]  # 35 days

    # 31 January + 1 month is 28 February: 28 days, plus 7 of grace.
    monthly = running(schedule=Schedule(frequency="monthly"), meetings=(held(datetime(2026, 1, 31, 9, 0, tzinfo=UTC)),))
    assert texts(monthly, datetime(2026, 3, 7, 12, 0, tzinfo=UTC)) == []
    assert texts(monthly, datetime(2026, 3, 8, 12, 0, tzinfo=UTC)) == ["no meeting in 5 weeks, agreed monthly"]


def test_only_held_meetings_count_and_free_text_frequencies_have_no_gap():
    last = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    cancelled = Meeting(status=MeetingStatus.CANCELLED, planned_for=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    weekly = running(schedule=Schedule(frequency="weekly"), meetings=(held(last), cancelled))
    assert texts(weekly) == ["no meeting in 23 days, agreed weekly"]
    free = weekly.edit(schedule=Schedule(frequency="when we can"))
    assert texts(free) == []
    assert agreed_interval("when we can") is None and agreed_interval("every 0 days") is None


def test_with_no_meeting_held_the_gap_counts_from_the_start_once_it_has_passed():
    started = running(schedule=Schedule(frequency="weekly"), start_date=TODAY - timedelta(days=9))
    assert texts(started) == ["no meeting yet, 9 days after the start; agreed weekly"]
    assert texts(started.edit(start_date=TODAY - timedelta(days=8))) == []
    assert texts(started.edit(start_date=TODAY + timedelta(days=3))) == []
    assert texts(started.edit(start_date=None)) == []


def test_the_gap_is_counted_in_the_viewers_days():
    # Held at noon UTC on the 16th; at 23:30 UTC on the 24th it is already the 25th in Berlin.
    agreement = running(
        schedule=Schedule(frequency="weekly"), meetings=(held(datetime(2026, 11, 16, 12, 0, tzinfo=UTC)),)
    )
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    assert texts(agreement, late, UTC) == []
    assert texts(agreement, late, BERLIN) == ["no meeting in 9 days, agreed weekly"]


# -- milestones and action items -------------------------------------------------------------


def test_each_overdue_milestone_not_done():
    goal = Goal(
        title="CCM exam",
        milestones=(
            Milestone(title="Guide", due=TODAY - timedelta(days=1)),
            Milestone(title="Due today", due=TODAY),
            Milestone(title="Done", due=TODAY - timedelta(days=30), done_on=TODAY - timedelta(days=31)),
            Milestone(title="No date"),
        ),
    )
    assert texts(running(goals=(goal,))) == ["milestone “Guide” of “CCM exam” overdue since 2026-11-23"]


def test_each_overdue_open_action_item():
    meeting = held(
        datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        actions=(
            ActionItem(text="Study plan", owner="ana", due=date(2026, 11, 10)),
            ActionItem(text="Book room", due=date(2026, 11, 23)),
            ActionItem(text="Due today", owner="ben", due=TODAY),
            ActionItem(text="Done", owner="ben", due=date(2026, 11, 1), done_at=NOW),
            ActionItem(text="Whenever", owner="ben"),
        ),
    )
    assert texts(running(meetings=(meeting,)), kind=AlertKind.ACTION) == [
        "action “Study plan” (ana) overdue since 2026-11-10",
        "action “Book room” overdue since 2026-11-23",
    ]


# -- mid-point and end date ------------------------------------------------------------------


def test_the_midpoint_is_flagged_from_two_weeks_before_until_a_review_or_the_end_date():
    agreement = running(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    half = midpoint(agreement)
    assert half == date(2026, 7, 2)

    def at(day: date) -> list[str]:
        return texts(agreement, datetime.combine(day, NOW.timetz()), kind=AlertKind.MIDPOINT)

    assert at(half - timedelta(days=15)) == []
    assert at(half - timedelta(days=14)) == [
        "mid-point on 2026-07-02 (in 14 days): a mid-point review is offered from then"
    ]
    assert at(half) == ["mid-point is today (2026-07-02): a mid-point review is offered"]
    assert at(half + timedelta(days=14)) == [
        "mid-point was 2026-07-02 (14 days ago): a mid-point review is offered and not recorded yet"
    ]
    assert at(half + timedelta(days=45)) == [  # as long as v offers it (lifecycle.midpoint_offered)
        "mid-point was 2026-07-02 (45 days ago): a mid-point review is offered and not recorded yet"
    ]
    for day in (half - timedelta(days=14), half, half + timedelta(days=45), date(2026, 12, 30), date(2026, 12, 31)):
        offered = lifecycle.midpoint_offered(agreement, day)
        assert bool(at(day)) == (offered or day < half), day  # one rule: flagged while offered
    assert at(date(2026, 12, 31)) == []  # the end date: the evaluation's turn

    reviewed = agreement.edit(evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT, on=half),))
    assert texts(reviewed, datetime.combine(half, NOW.timetz())) == []
    draft_only = agreement.edit(evaluations=(Evaluation(kind=EvaluationKind.MIDPOINT),))
    assert texts(draft_only, datetime.combine(half, NOW.timetz())) != [], "a draft is not a review"


def test_the_end_date_within_thirty_days_and_once_reached():
    end = date(2026, 12, 18)
    agreement = running(end_date=end)

    def at(day: date) -> list[str]:
        return texts(agreement, datetime.combine(day, NOW.timetz()))

    assert at(end - timedelta(days=31)) == []
    assert at(end - timedelta(days=30)) == ["ends on 2026-12-18 (in 30 days): plan the end-date evaluation"]
    assert at(end - timedelta(days=1)) == ["ends on 2026-12-18 (tomorrow): plan the end-date evaluation"]
    assert at(end) == ["end date 2026-12-18 reached: the end-date evaluation is due"]
    assert at(end + timedelta(days=3)) == ["end date 2026-12-18 reached (3 days ago): the end-date evaluation is due"]


def test_a_closed_agreement_has_no_alerts_but_says_how_it_closed():
    overdue = Goal(title="G", milestones=(Milestone(title="M", due=date(2026, 1, 1)),))
    for status in (AgreementStatus.COMPLETED, AgreementStatus.TERMINATED):
        closed = running(
            status=status,
            end_date=TODAY,
            schedule=Schedule(frequency="weekly"),
            start_date=date(2026, 1, 1),
            goals=(overdue,),
        )
        board = dashboard(closed, NOW, UTC)
        assert board.alerts == () and not board.needs_attention
        assert board.closed == status.value and board.state == status.value
    assert dashboard(running(), NOW, UTC).state == "active"


# -- next and last meeting -------------------------------------------------------------------


def test_the_next_meeting_comes_from_the_log_or_the_tentative_schedule():
    row = TentativeMeeting(when=datetime(2026, 12, 1, 15, 0, tzinfo=UTC), purpose="Goals")
    agreement = running(tentative_meetings=(row,))
    board = dashboard(agreement, NOW, UTC)
    assert board.next_meeting.planned_for == row.when and board.next_is_tentative
    assert board.next_line() == "Next meeting: 2026-12-01 15:00 UTC (in 7 days) · Goals"
    assert board.last_line() == "Last held: none yet"

    sooner = Meeting(planned_for=datetime(2026, 11, 26, 9, 0, tzinfo=UTC), purpose="Check-in")
    past = Meeting(planned_for=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    called_off = Meeting(status=MeetingStatus.CANCELLED, planned_for=datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    logged = agreement.edit(meetings=(past, called_off, sooner))
    board = dashboard(logged, NOW, UTC)
    assert board.next_meeting.id == sooner.id and not board.next_is_tentative

    # A tentative row whose meeting was called off is in the log: it is not the next meeting.
    cancelled_row = Meeting(status=MeetingStatus.CANCELLED, planned_for=row.when, tentative_id=row.id)
    assert dashboard(agreement.edit(meetings=(cancelled_row,)), NOW, UTC).next_meeting is None


def test_the_last_held_meeting_and_one_under_way():
    first = held(datetime(2026, 11, 10, 15, 0, tzinfo=UTC), purpose="Kick-off")
    second = held(datetime(2026, 11, 17, 15, 0, tzinfo=UTC))
    board = dashboard(running(meetings=(second, first)), NOW, UTC)
    assert board.last_held.id == second.id
    assert board.last_line() == "Last held: 2026-11-17 15:00 UTC (7 days ago)"
    under_way = Meeting(status=MeetingStatus.HELD, planned_for=NOW, started_at=NOW - timedelta(minutes=5))
    board = dashboard(running(meetings=(first, under_way)), NOW, UTC)
    assert board.last_line() == "In progress since 2026-11-24 11:55 UTC"


def test_a_meeting_at_2330_utc_is_today_or_tomorrow_depending_on_the_zone():
    late = Meeting(planned_for=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    agreement = running(meetings=(late,))
    assert dashboard(agreement, NOW, UTC).next_line() == "Next meeting: 2026-11-24 23:30 UTC (today)"
    assert dashboard(agreement, NOW, BERLIN).next_line() == "Next meeting: 2026-11-25 00:30 CET (tomorrow)"


def test_relative_days():
    assert [relative_day(TODAY + timedelta(days=n), TODAY) for n in (-3, -1, 0, 1, 5)] == [
        "3 days ago",
        "yesterday",
        "today",
        "tomorrow",
        "in 5 days",
    ]
