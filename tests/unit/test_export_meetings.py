"""Tests of the export's meeting log and progress history: private notes stay out, typed text
keeps the structure, headings and cells read exactly, notice is given in hours.

The parsing helpers and the hostile strings are those of ``test_export``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache

import pytest

from mentortui.export import agreement_markdown
from mentortui.model import (
    ActionItem,
    Agreement,
    Cancellation,
    Decision,
    Goal,
    Meeting,
    MeetingStatus,
    Note,
    Party,
    ProgressEntry,
    Schedule,
    meetings,
)
from mentortui.model.base import replace
from mentortui.model.sample import sample_agreement

from .test_export import (
    GOLDEN,
    HOSTILE,
    UTC,
    Doc,
    assert_shape_kept,
    exported,
    in_cell,
    one_line,
    shown,
    zone,
)

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
MEETING_ID = "m-held"
NOTICE = "Notice given"


def log_of(doc: Doc) -> Doc:
    """The meeting log section alone: from its heading up to the next level-2 heading."""
    opened = [i for i, t in enumerate(doc.tokens) if t.type == "heading_open"]
    first = next(i for i in opened if doc.tokens[i].tag == "h2" and doc.after(i) == "Meeting log")
    last = next((i for i in opened if i > first and doc.tokens[i].tag in ("h1", "h2")), None)
    return Doc(doc.source, doc.tokens[first:last])


def goal_tables(doc: Doc) -> list[list[list[str]]]:
    """The progress history tables, one a goal."""
    return [t for t in doc.tables() if t[0] == ["When", "By", "Progress", "Comment"]]


# -- a log with every kind of meeting, every typed field holding one text --------------------


def logged(text: str) -> Agreement:
    """A goal with a reading at a held meeting; planned, cancelled and missed meetings too."""
    goal = Goal(
        title=text,
        progress=(ProgressEntry(60, text, START + timedelta(minutes=10), text, MEETING_ID),),
    )
    held = Meeting(
        id=MEETING_ID,
        status=MeetingStatus.HELD,
        planned_for=START,
        started_at=START,
        ended_at=START + timedelta(minutes=50),
        location=text,
        purpose=text,
        notes=(
            Note(text, text, START + timedelta(minutes=5)),
            Note("Keep this to myself", "zara", START + timedelta(minutes=47), private=True),
        ),
        actions=(
            ActionItem(text, text, date(2026, 3, 9)),
            ActionItem(text, text, None, START + timedelta(days=1)),
        ),
        decisions=(Decision(text, START),),
        next_meeting=START + timedelta(days=14),
    )
    planned = Meeting(planned_for=START + timedelta(days=14), purpose=text, location=text)
    undated = Meeting()
    cancelled = Meeting(
        status=MeetingStatus.CANCELLED,
        planned_for=START + timedelta(days=7),
        purpose=text,
        cancellation=Cancellation(text, START + timedelta(days=7, hours=-3), text),
    )
    missed = Meeting(status=MeetingStatus.MISSED, planned_for=START + timedelta(days=21), purpose=text)
    return Agreement(
        schedule=Schedule(notice_hours=24),
        goals=(goal,),
        # Out of date order on purpose, the undated one first.
        meetings=(undated, missed, planned, held, cancelled),
    )


@cache
def neutral_shape() -> list[str]:
    return exported(logged("x")).fingerprint()


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_in_the_log_reads_as_typed_and_changes_no_structure(text: str) -> None:
    doc = exported(logged(text))
    e, t, c = shown(text), one_line(text), in_cell(text)
    assert_shape_kept(doc, neutral_shape())
    assert goal_tables(doc) == [
        [["When", "By", "Progress", "Comment"], ["2026-03-02 15:10 UTC", c, "60 %", c]],
    ]
    log = log_of(doc)
    assert log.headings() == [
        (2, "Meeting log"),
        (3, f"2026-03-02 15:00 UTC — {t}"),
        (4, "Notes"),
        (4, "Decisions"),
        (4, "Action items"),
        (4, "Progress reviewed"),
        (3, "Planned meetings"),
        (3, "Cancelled meetings"),
        (3, "Missed meetings"),
    ]
    assert log.paragraphs(in_list=True) == [
        "Duration: 50 minutes (15:00 → 15:50 UTC)",
        f"Location: {e}",
        "Next meeting: 2026-03-16 15:00 UTC",
        f"15:05 {t}: {e}",
        e,
        f"2026-03-23 15:00 UTC — {t}",
    ]
    assert log.paragraphs(in_list=False) == []
    assert log.tables() == [
        [["Action", "Owner", "Due", "Done"], [c, c, "2026-03-09", "not yet"], [c, c, "—", "2026-03-03 15:00 UTC"]],
        [["Goal", "Progress", "Comment"], [c, "60 %", c]],
        [["When", "Purpose", "Location"], ["2026-03-16 15:00 UTC", c, c], ["—", "—", "—"]],
        [
            ["When", "Purpose", "Cancelled by", "Cancelled at", NOTICE, "Reason"],
            ["2026-03-09 15:00 UTC", c, c, "2026-03-09 12:00 UTC", "3 hours (short notice: 24 hours agreed)", c],
        ],
    ]
    assert "\x1b" not in doc.source and "\r" not in doc.source


# -- private notes ---------------------------------------------------------------------------


def without_private(agreement: Agreement) -> Agreement:
    kept = tuple(replace(m, notes=tuple(n for n in m.notes if not n.private)) for m in agreement.meetings)
    return replace(agreement, meetings=kept)


@pytest.mark.parametrize("secret", ["Keep this to myself", "| a | b |\n# heading", "<b>x</b>"])
def test_a_private_note_leaves_no_trace_text_author_or_time(secret: str) -> None:
    held = Meeting(
        status=MeetingStatus.HELD,
        started_at=START,
        ended_at=START + timedelta(hours=1),
        notes=(
            Note("Shared point", "ana", START + timedelta(minutes=3)),
            Note(secret, "zara", START + timedelta(minutes=47), private=True),
        ),
    )
    only_private = Meeting(
        status=MeetingStatus.HELD,
        started_at=START + timedelta(days=7),
        notes=(Note(secret, "zara", START + timedelta(days=7, minutes=47), private=True),),
    )
    agreement = Agreement(meetings=(held, only_private))
    for tz in (UTC, timezone(timedelta(hours=5, minutes=30))):
        source = agreement_markdown(agreement, tz)
        # The raw text, not only what a Markdown reader would show.
        for trace in ("zara", ":47", "Keep this", "myself", "| a | b |", "<b>"):
            assert trace not in source
        # Byte for byte what the export would be had the note never been written.
        assert source == agreement_markdown(without_private(agreement), tz)
    log = log_of(exported(agreement))
    assert log.paragraphs(in_list=True)[3] == "15:03 ana: Shared point"
    assert [p for p in log.paragraphs(in_list=True) if ":" in p[:6]] == ["15:03 ana: Shared point"]
    assert log.paragraphs(in_list=False) == ["Nothing was recorded at this meeting."]


def test_a_private_note_from_a_live_session_is_not_exported() -> None:
    """The session rules' own records, end to end: start, note, act, decide, review, end."""
    agreement = Agreement(
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        goals=(Goal(title="Certify"),),
        schedule=Schedule(notice_hours=24, location="virtual"),
    )
    agreement, meeting = meetings.start(agreement, START)
    agreement = meetings.add_note(agreement, meeting.id, "Shared", "ana", START)
    agreement = meetings.add_note(
        agreement,
        meeting.id,
        "Worried about the rota",
        "ben",
        START + timedelta(minutes=9),
        private=True,
    )
    agreement = meetings.add_action(agreement, meeting.id, "Draft plan", "ben", date(2026, 3, 9))
    agreement = meetings.add_decision(agreement, meeting.id, "Meet fortnightly", START)
    goal_id = agreement.goals[0].id
    agreement = meetings.record_progress(agreement, goal_id, 40, "Half the guide", "ana", START, meeting.id)
    agreement = meetings.end(agreement, meeting.id, START + timedelta(minutes=40), START + timedelta(days=14))
    doc = exported(agreement)
    assert "rota" not in doc.source and "15:09" not in doc.source
    log = log_of(doc)
    assert log.headings() == [
        (2, "Meeting log"),
        (3, "2026-03-02 15:00 UTC"),
        (4, "Notes"),
        (4, "Decisions"),
        (4, "Action items"),
        (4, "Progress reviewed"),
        (3, "Planned meetings"),
    ]
    assert log.paragraphs(in_list=True) == [
        "Duration: 40 minutes (15:00 → 15:40 UTC)",
        "Location: virtual",
        "Next meeting: 2026-03-16 15:00 UTC",
        "15:00 ana: Shared",
        "Meet fortnightly",
    ]
    assert log.tables() == [
        [["Action", "Owner", "Due", "Done"], ["Draft plan", "ben", "2026-03-09", "not yet"]],
        [["Goal", "Progress", "Comment"], ["Certify", "40 %", "Half the guide"]],
        [["When", "Purpose", "Location"], ["2026-03-16 15:00 UTC", "—", "virtual"]],
    ]
    assert goal_tables(doc) == [
        [["When", "By", "Progress", "Comment"], ["2026-03-02 15:00 UTC", "ana", "40 %", "Half the guide"]],
    ]


def test_the_golden_sample_holds_no_private_note() -> None:
    golden = GOLDEN.read_text(encoding="utf-8")
    assert "Private worry" not in golden and "workload" not in golden
    assert "## Meeting log" in golden and "#### Progress history" in golden


# -- headings, order, durations and times ----------------------------------------------------


def held(at: datetime | None, minutes: int | None = 45, purpose: str = "", **fields) -> Meeting:
    end = at + timedelta(minutes=minutes) if at is not None and minutes is not None else None
    return Meeting(
        status=MeetingStatus.HELD,
        planned_for=at,
        started_at=at,
        ended_at=end,
        purpose=purpose,
        **fields,
    )


def test_meetings_are_in_date_order_with_undated_ones_last() -> None:
    late = datetime(2026, 3, 30, 23, 30, tzinfo=UTC)
    agreement = Agreement(
        meetings=(
            held(None, purpose="Undated"),
            held(late, 150, "Across midnight"),
            held(START, 45, "First"),
            held(START + timedelta(days=14), None, "Under way"),
        )
    )
    log = log_of(exported(agreement))
    assert log.headings() == [
        (2, "Meeting log"),
        (3, "2026-03-02 15:00 UTC — First"),
        (3, "2026-03-16 15:00 UTC — Under way"),
        (3, "2026-03-30 23:30 UTC — Across midnight"),
        (3, "Date not recorded — Undated"),
    ]
    durations = [p for p in log.paragraphs(in_list=True) if p.startswith("Duration")]
    assert durations == [
        "Duration: 45 minutes (15:00 → 15:45 UTC)",
        "Duration: under way since 2026-03-16 15:00 UTC",
        "Duration: 2 hours 30 minutes (2026-03-30 23:30 UTC → 2026-03-31 02:00 UTC)",
        "Duration: not recorded",
    ]
    assert log.paragraphs(in_list=False) == ["Nothing was recorded at this meeting."] * 4
    assert [p for p in log.paragraphs(in_list=True) if p.startswith(("Location", "Next"))] == [
        "Location: —",
        "Next meeting: not set",
    ] * 4


def test_times_in_the_log_are_in_the_zone_asked_for() -> None:
    new_york = zone("America/New_York")
    meeting = held(
        START,
        60,
        "Review",
        notes=(
            Note("Opening", "ana", START + timedelta(minutes=2)),
            Note("Emailed next day", "ben", START + timedelta(days=1)),
        ),
        next_meeting=START + timedelta(days=14),
    )
    log = log_of(exported(Agreement(meetings=(meeting,)), new_york))
    assert log.headings()[1] == (3, "2026-03-02 10:00 EST — Review")
    assert log.paragraphs(in_list=True) == [
        "Duration: 1 hour (10:00 → 11:00 EST)",
        "Location: —",
        # Daylight saving time has started in New York by then.
        "Next meeting: 2026-03-16 11:00 EDT",
        "10:02 ana: Opening",
        "2026-03-03 10:00 ben: Emailed next day",
    ]


def test_an_empty_log_says_so() -> None:
    log = log_of(exported(Agreement()))
    assert log.headings() == [(2, "Meeting log")]
    assert log.paragraphs(in_list=False) == ["No meetings yet."]


def test_the_log_sits_between_the_goals_and_the_reviews() -> None:
    top = [h for level, h in exported(sample_agreement()).headings() if level == 2]
    assert top[top.index("Goals") + 1] == "Meeting log"
    assert top[top.index("Meeting log") + 1] == "Mid-point review"


# -- progress history ------------------------------------------------------------------------


def test_each_goal_shows_its_progress_history_in_order() -> None:
    readings = (
        ProgressEntry(10, "", START, "ana"),
        ProgressEntry(35, "Half the guide\nand a test", START + timedelta(days=14), ""),
        ProgressEntry(30, "Lower after the mock exam", START + timedelta(days=28), "ben"),
    )
    agreement = Agreement(goals=(Goal(title="Certify", progress=readings), Goal(title="Lead")))
    doc = exported(agreement, timezone(timedelta(hours=1)))
    assert goal_tables(doc) == [
        [
            ["When", "By", "Progress", "Comment"],
            ["2026-03-02 16:00 UTC+01:00", "ana", "10 %", "—"],
            ["2026-03-16 16:00 UTC+01:00", "—", "35 %", "Half the guide⏎ and a test"],
            ["2026-03-30 16:00 UTC+01:00", "ben", "30 %", "Lower after the mock exam"],
        ]
    ]
    headings = doc.headings()
    goals = headings.index((2, "Goals"))
    assert headings[goals + 1 : goals + 7] == [
        (3, "Goal 1: Certify (mentee)"),
        (4, "Milestones"),
        (4, "Progress history"),
        (3, "Goal 2: Lead (mentee)"),
        (4, "Milestones"),
        (4, "Progress history"),
    ]
    assert "No progress recorded yet." in doc.paragraphs(in_list=False)
    assert "Current progress: 30 % — Lower after the mock exam" in doc.paragraphs(in_list=True)


# -- cancellations ---------------------------------------------------------------------------


def notice_shown(before_start: timedelta | None, notice_hours: int | None = 24) -> str:
    cancellation = None if before_start is None else Cancellation("ben", START - before_start)
    meeting = Meeting(status=MeetingStatus.CANCELLED, planned_for=START, cancellation=cancellation)
    agreement = Agreement(schedule=Schedule(notice_hours=notice_hours), meetings=(meeting,))
    [cancelled] = log_of(exported(agreement)).tables()
    assert cancelled[0][4] == NOTICE
    return cancelled[1][4]


def test_cancellations_show_the_notice_in_hours_and_flag_short_notice() -> None:
    short = " (short notice: 24 hours agreed)"
    assert notice_shown(timedelta(hours=30)) == "30 hours"
    assert notice_shown(timedelta(hours=24)) == "24 hours"
    assert notice_shown(timedelta(hours=23, minutes=59)) == "23 hours 59 minutes" + short
    assert notice_shown(timedelta(hours=6)) == "6 hours" + short
    assert notice_shown(timedelta(minutes=90)) == "1 hour 30 minutes" + short
    assert notice_shown(timedelta(minutes=20)) == "20 minutes" + short
    assert notice_shown(timedelta(hours=-2)) == "none: after the planned start" + short
    assert notice_shown(timedelta(hours=6), notice_hours=None) == "6 hours"
    assert notice_shown(timedelta(hours=6), notice_hours=1) == "6 hours"
    assert notice_shown(None) == "—"


def test_a_cancelled_meeting_reads_who_when_and_why() -> None:
    meeting = Meeting(
        status=MeetingStatus.CANCELLED,
        planned_for=START,
        purpose="Mock exam review",
        cancellation=Cancellation("ben", START - timedelta(hours=3), "Clinic emergency"),
    )
    agreement = Agreement(schedule=Schedule(notice_hours=24), meetings=(meeting,))
    log = log_of(exported(agreement, zone("Europe/Berlin")))
    assert log.headings() == [(2, "Meeting log"), (3, "Cancelled meetings")]
    assert log.tables() == [
        [
            ["When", "Purpose", "Cancelled by", "Cancelled at", NOTICE, "Reason"],
            [
                "2026-03-02 16:00 CET",
                "Mock exam review",
                "ben",
                "2026-03-02 13:00 CET",
                "3 hours (short notice: 24 hours agreed)",
                "Clinic emergency",
            ],
        ]
    ]
