"""Pilot tests of the meeting and decision dialogs: Escape asks before what was typed is lost,
and a meeting's edit saves the times the app recorded unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from textual.app import App
from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.clock import from_local
from mentortui.model import Agreement, Goal, Meeting, MeetingStatus, Party, Schedule, meetings
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.meetings.dialogs import (
    CancelMeetingScreen,
    EndSessionScreen,
    LogPastScreen,
    ProgressScreen,
)
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.meetings.session import SessionScreen
from mentortui.screens.reviews.decision import DecisionScreen, reopen_screen, terminate_screen
from mentortui.store import Store

from .pilot import SIZE, answer, rows_of, saved, type_text
from .test_evaluation import open_evaluation, store_filled
from .test_meetings import open_log, open_session, store_agreement


async def escape_asks_then_discards(pilot, dialog, control_id: str, typed: str) -> None:
    """Escape asks before throwing ``typed`` away; n keeps it on screen; Escape and y discard it."""
    app = pilot.app
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen), f"what was typed ({typed}) was thrown away unasked"
    await pilot.press("n")
    await pilot.pause()
    assert app.screen is dialog
    assert dialog.query_one(f"#{control_id}", Input).value == typed
    await pilot.press("escape")
    await answer(pilot, "y")
    await pilot.pause()


async def test_escape_after_typing_a_progress_reading_asks_before_discarding_it(tmp_path):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProgressScreen)
        await type_text(pilot, "40")
        assert dialog.query_one("#progress-percent", Input).value == "40"
        await escape_asks_then_discards(pilot, dialog, "progress-percent", "40")
        assert app.screen is session
        # Nothing typed: Escape closes at once.
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).goals[0].progress == ()


async def test_escape_after_choosing_extend_and_typing_a_date_asks_before_discarding_it(tmp_path):
    agreement_id = store_filled(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluation(pilot, agreement_id)
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        await pilot.press("escape")  # nothing chosen yet: closes at once
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionScreen)
        await pilot.press("space")  # extend
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "2027-05-31")
        await escape_asks_then_discards(pilot, dialog, "new-end-date", "2027-05-31")
        assert app.screen is screen
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).end_date == date(2026, 11, 1)


async def test_a_meeting_that_lasted_25_seconds_is_edited_keeping_its_recorded_times(tmp_path):
    agreement_id = store_agreement(tmp_path)
    started = from_local(date(2026, 1, 5), time(0, 43, 10, 123456))
    ended = started + timedelta(seconds=25)
    Store(tmp_path).update(agreement_id, lambda a: meetings.log_past(a, started, ended, "Room 2", "Catch-up")[0])
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        log = await open_log(pilot)
        assert rows_of(log, "meetings")[0][2] == "0"
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogPastScreen)
        assert dialog.query_one("#past-start", Input).value == dialog.query_one("#past-end", Input).value
        dialog.query_one("#past-purpose").focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "First steps")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen), "the edit was refused"
        await saved(pilot)
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert (meeting.started_at, meeting.ended_at) == (started, ended)
    assert (meeting.purpose, meeting.location) == ("First steps", "Room 2")


async def test_a_time_changed_in_the_edit_is_read_from_its_field_and_the_other_kept(tmp_path):
    agreement_id = store_agreement(tmp_path)
    started = from_local(date(2026, 1, 5), time(0, 43, 10))
    ended = started + timedelta(seconds=25)
    Store(tmp_path).update(agreement_id, lambda a: meetings.log_past(a, started, ended, "Room 2", "Catch-up")[0])
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogPastScreen)
        await pilot.press("tab")  # to the start time: its text is selected
        await type_text(pilot, "0030")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen), "the edit was refused"
        await saved(pilot)
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert (meeting.started_at, meeting.ended_at) == (from_local(date(2026, 1, 5), time(0, 30)), ended)


async def test_a_session_dialog_left_untouched_closes_at_once_and_the_session_goes_on(tmp_path):
    store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        assert isinstance(session, SessionScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen is not session
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session


AT = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
AGREEMENT = Agreement(
    title="Ana ↔ Ben",
    mentee=Party(name="Ana Silva"),
    mentor=Party(name="Ben Okafor"),
    goals=(Goal(title="Publish a paper"),),
    schedule=Schedule(location="Room 2"),
    end_date=date(2026, 11, 1),
)
HELD = Meeting(status=MeetingStatus.HELD, planned_for=AT, started_at=AT, ended_at=AT + timedelta(seconds=25))
PLANNED = Meeting(status=MeetingStatus.PLANNED, planned_for=AT + timedelta(days=30))
DIALOGS = {
    "log past": lambda: LogPastScreen(AGREEMENT),
    "edit meeting": lambda: LogPastScreen(AGREEMENT, HELD),
    "edit planned": lambda: LogPastScreen(AGREEMENT, PLANNED),
    "call off": lambda: CancelMeetingScreen(AGREEMENT, PLANNED, AT),
    "progress": lambda: ProgressScreen(AGREEMENT),
    "end session": lambda: EndSessionScreen(HELD),
    "decision": lambda: DecisionScreen(AGREEMENT, date(2026, 11, 24)),
    "reopen": lambda: reopen_screen(AGREEMENT),
    "terminate": lambda: terminate_screen(AGREEMENT),
}


@pytest.mark.parametrize("name", DIALOGS)
async def test_every_form_dialog_closes_at_once_untouched_and_asks_once_something_is_typed(name):
    app: App[None] = App()
    async with app.run_test(size=SIZE) as pilot:
        dialog = DIALOGS[name]()
        app.push_screen(dialog)
        await pilot.pause()
        assert not dialog.has_typed(), "nothing typed yet"
        assert dialog.DISCARD_QUESTION
        dialog.query_one(f"#{dialog.CONTROLS[-1]}").focus()
        await pilot.press("1")
        await pilot.pause()
        assert dialog.has_typed()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
