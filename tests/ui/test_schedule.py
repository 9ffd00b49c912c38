"""Pilot tests of the Schedule step: its fields, the tentative meetings, fill from frequency."""

from __future__ import annotations

import time as system_time
from datetime import UTC, date, datetime

import pytest
from textual.widgets import Input, TextArea

from mentortui.app import MentorApp
from mentortui.model import Party, Schedule
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.agreement.steps.schedule import ScheduleStep
from mentortui.screens.agreement.tentative import FillScheduleScreen, TentativeMeetingScreen
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.store import Store
from mentortui.widgets.steps_bar import StepsBar

from .pilot import (
    SIZE,
    add_tentative_meeting,
    answer,
    create_agreement,
    escape_asks_first,
    keys,
    message_at,
    open_step,
    paste_text,
    rows_of,
    saved,
    type_text,
)

pytestmark = pytest.mark.skipif(not hasattr(system_time, "tzset"), reason="needs time.tzset")


def create(tmp_path, **fields) -> str:
    """Store Ana and Ben's agreement, 2026-01-12 to 2026-03-31; its id."""
    return create_agreement(
        tmp_path,
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=date(2026, 1, 12),
        end_date=date(2026, 3, 31),
        **fields,
    )


async def open_schedule(pilot, table: bool = False) -> ScheduleStep:
    """Open the agreement from home, go to step 3 (Schedule); ``table`` focuses the meetings."""
    step = await open_step(pilot, 3)
    assert isinstance(step, ScheduleStep)
    if table:
        step.table.focus()
    return step


def table_rows(step: ScheduleStep) -> list[list[str]]:
    """The tentative meetings as shown, cell by cell."""
    return rows_of(step, "tentative_meetings")


@pytest.fixture
def before_the_start(monkeypatch):
    """The schedule is set up on 2026-01-01, before the agreement starts (fill from frequency
    plans no meeting before today: the test must not depend on the day it runs)."""
    from mentortui.screens.agreement.steps import schedule

    monkeypatch.setattr(schedule, "today", lambda zone=None: date(2026, 1, 1))


async def test_schedule_step_by_keys_is_stored_as_typed_in_utc(tmp_path, new_york, before_the_start):
    agreement_id = create(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        step = await open_schedule(pilot)
        assert app.focused.id == "schedule-frequency"
        # The fields' text pasted (what is stored is the subject; typing is tested in test_typing).
        await paste_text(pilot, "every two weeks")
        for text in ("45", "60", "virtual", "Tuesdays 9:00, video call", "24"):
            await keys(pilot, "tab")
            await paste_text(pilot, text)
        await keys(pilot, "tab")
        assert app.focused.id == "tentative_meetings"
        await keys(pilot, "tab")
        assert app.focused.id == "resources"
        await paste_text(pilot, "The Mentor's Guide\nCCM exam outline")
        await keys(pilot, "shift+tab")
        assert app.focused.id == "tentative_meetings"
        assert app.screen.query_one(StepsBar).complete >= {2}

        # Two rows by hand: one in winter time (EST), one after the change to EDT.
        await add_tentative_meeting(pilot, "2026-01-26", "09:30", "30", "off-site", "Kick-off: goals")
        await add_tentative_meeting(pilot, "2026-03-20", "17:45", None, None, "Mid-point review")
        assert table_rows(step) == [
            ["2026-01-26 09:30 EST", "30", "off-site", "Kick-off: goals"],
            ["2026-03-20 17:45 EDT", "45", "virtual", "Mid-point review"],
        ]

        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FillScheduleScreen)
        assert app.screen.query_one("#fill-time", Input).value == "09:30", "the first row's time"
        await type_text(pilot, "1000")
        await pilot.press("enter")
        await pilot.pause()
        assert [row[0] for row in table_rows(step)] == [
            "2026-01-12 10:00 EST",
            "2026-01-26 09:30 EST",  # already in the table: not filled again
            "2026-02-09 10:00 EST",
            "2026-02-23 10:00 EST",
            "2026-03-09 10:00 EDT",
            "2026-03-20 17:45 EDT",
            "2026-03-23 10:00 EDT",
        ]

        await pilot.press("down", "down", "down", "d")  # the cursor was on the first row added
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(table_rows(step)) == 7, "no deletes without a yes"
        await pilot.press("d")
        await answer(pilot, "y")
        await pilot.pause()
        assert len(table_rows(step)) == 6

    stored = Store(tmp_path).load(agreement_id)
    assert stored.schedule == Schedule(
        frequency="every two weeks",
        length_min_minutes=45,
        length_max_minutes=60,
        location="virtual",
        place_time="Tuesdays 9:00, video call",
        notice_hours=24,
    )
    assert stored.resources == ("The Mentor's Guide", "CCM exam outline")
    rows = [(r.when, r.duration_minutes, r.location, r.purpose) for r in stored.tentative_meetings]
    assert rows == [
        (datetime(2026, 1, 12, 15, 0, tzinfo=UTC), 45, "virtual", ""),
        (datetime(2026, 1, 26, 14, 30, tzinfo=UTC), 30, "off-site", "Kick-off: goals"),
        (datetime(2026, 2, 9, 15, 0, tzinfo=UTC), 45, "virtual", ""),
        (datetime(2026, 3, 9, 14, 0, tzinfo=UTC), 45, "virtual", ""),
        (datetime(2026, 3, 20, 21, 45, tzinfo=UTC), 45, "virtual", "Mid-point review"),
        (datetime(2026, 3, 23, 14, 0, tzinfo=UTC), 45, "virtual", ""),
    ]
    assert all(r.when.utcoffset().total_seconds() == 0 for r in stored.tentative_meetings)

    # Opened again, everything is shown back as typed, times in the viewer's zone.
    again = MentorApp(tmp_path, user="ben")
    async with again.run_test(size=SIZE) as pilot:
        step = await open_schedule(pilot)
        values = {i.id: i.value for i in step.query(Input)}
        assert values == {
            "schedule-frequency": "every two weeks",
            "schedule-length_min_minutes": "45",
            "schedule-length_max_minutes": "60",
            "schedule-location": "virtual",
            "schedule-place_time": "Tuesdays 9:00, video call",
            "schedule-notice_hours": "24",
        }
        assert step.query_one("#resources", TextArea).text == "The Mentor's Guide\nCCM exam outline"
        assert table_rows(step)[4] == ["2026-03-20 17:45 EDT", "45", "virtual", "Mid-point review"]
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).revision == stored.revision, "showing is no edit"


async def test_edit_and_move_a_row(tmp_path, new_york):
    agreement_id = create(tmp_path, schedule=Schedule(length_min_minutes=50, location="in clinic"))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        step = await open_schedule(pilot, table=True)
        await add_tentative_meeting(pilot, "2026-02-02", "08:00", None, None, "First")
        await add_tentative_meeting(pilot, "2026-02-16", "08:00", None, None, "Second")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TentativeMeetingScreen)
        assert app.screen.query_one("#meeting-time", Input).value == "08:00"
        await keys(pilot, "tab", "tab", "tab", "tab")
        await paste_text(pilot, "Second, edited")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert [row[3] for row in table_rows(step)] == ["Second, edited", "First"]
    stored = Store(tmp_path).load(agreement_id)
    assert [(r.purpose, r.duration_minutes, r.location) for r in stored.tentative_meetings] == [
        ("Second, edited", 50, "in clinic"),
        ("First", 50, "in clinic"),
    ]
    assert stored.tentative_meetings[0].when == datetime(2026, 2, 16, 13, 0, tzinfo=UTC)


async def test_bad_time_and_duration_are_shown_at_their_fields(tmp_path, new_york):
    agreement_id = create(tmp_path)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_schedule(pilot, table=True)
        await add_tentative_meeting(pilot, "2026-02-02", "25:99", "0", "virtual", "Check-in")
        dialog = app.screen
        assert isinstance(dialog, TentativeMeetingScreen), "a bad row keeps the dialog open"
        assert message_at(dialog, "meeting-time") == "'25:99' is not a time: use HH:MM, e.g. 15:30"
        assert message_at(dialog, "meeting-duration") == "The duration must be above 0."
        assert message_at(dialog, "meeting-date") == ""
        values = {i.id: i.value for i in dialog.query(Input)}
        assert values == {
            "meeting-date": "2026-02-02",
            "meeting-time": "25:99",
            "meeting-duration": "0",
            "meeting-location": "virtual",
            "meeting-purpose": "Check-in",
        }
        assert app.focused.id == "meeting-time", "focus goes to the first field to fix"

        await type_text(pilot, "1500")
        await pilot.press("tab")
        await type_text(pilot, "40")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
    [row] = Store(tmp_path).load(agreement_id).tentative_meetings
    assert (row.when, row.duration_minutes, row.purpose) == (
        datetime(2026, 2, 2, 20, 0, tzinfo=UTC),
        40,
        "Check-in",
    )


async def test_escape_asks_before_dropping_a_typed_row(tmp_path):
    agreement_id = create(tmp_path)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_schedule(pilot, table=True)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor), "nothing typed: closes at once"
        await pilot.press("a")
        await type_text(pilot, "20260202")
        await escape_asks_first(pilot)
        assert app.screen.query_one("#meeting-date", Input).value == "2026-02-02"
        await pilot.press("escape")
        await answer(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
    assert Store(tmp_path).load(agreement_id).tentative_meetings == ()


async def test_free_text_frequency_cannot_fill(tmp_path):
    agreement_id = create(tmp_path, schedule=Schedule(frequency="when we can"))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_schedule(pilot, table=True)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        [note] = list(app._notifications)
        assert "'when we can' cannot fill the schedule" in note.message
        assert "every two weeks" in note.message
    assert Store(tmp_path).load(agreement_id).tentative_meetings == ()


async def test_length_range_and_notice_problems_show_at_their_fields(tmp_path):
    agreement_id = create(tmp_path)
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_schedule(pilot)
        await pilot.press("tab")
        await type_text(pilot, "60")
        await pilot.press("tab")
        await type_text(pilot, "30")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "-")
        await pilot.pause()
        editor = app.screen
        assert message_at(editor, "schedule-length_max_minutes") == ("The longest length is below the shortest.")
        assert message_at(editor, "schedule-notice_hours") == "'-' is not a whole number."
        assert message_at(editor, "schedule-length_min_minutes") == ""
        assert editor.query_one("#schedule-length_min_minutes", Input).value == "60"
    stored = Store(tmp_path).load(agreement_id).schedule
    assert (stored.length_min_minutes, stored.length_max_minutes) == (60, 30)
    assert stored.notice_hours is None
