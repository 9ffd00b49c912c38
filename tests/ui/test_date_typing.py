"""Pilot tests of typing dates and times: Space over a selected one is refused, digits land in
order; a local time the clocks skip is said at the field, one they show twice is the first."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party, TentativeMeeting
from mentortui.screens.agreement.tentative import TentativeMeetingScreen
from mentortui.screens.meetings.dialogs import LogPastScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.store import Store
from mentortui.widgets.date_input import DATE_REFUSED, TIME_REFUSED, DateInput, TimeInput
from mentortui.widgets.field import Field

from .pilot import SIZE, go_to_step, keys, message_at, open_editor, saved, type_text


async def test_space_over_a_selected_end_date_keeps_the_stored_date_and_is_refused(tmp_path):
    # The form's hint says "space ticks a box": Space over the selected date cleared it to " ",
    # the stored end date went to null, and the digits typed next went in a place along.
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor, agreement_id = await open_editor(
            pilot,
            tmp_path,
            mentee=Party("Ana"),
            mentor=Party("Ben"),
            start_date=date(2026, 1, 12),
            end_date=date(2026, 12, 1),
        )
        step = await go_to_step(pilot, 1)
        step.query_one("#end_date").focus()
        await pilot.pause()
        await keys(pilot, "shift+tab", "tab")  # back into the field: its text is selected
        end = editor.query_one("#end_date", Input)
        assert app.focused is end
        await keys(pilot, "space")
        await pilot.pause()
        assert end.value == "2026-12-01"
        assert message_at(editor, "end_date") == DATE_REFUSED
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).end_date == date(2026, 12, 1), "Space clears nothing"

        await type_text(pilot, "2026-11-30")
        await pilot.pause()
        assert end.value == "2026-11-30"
        assert message_at(editor, "end_date") == ""
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).end_date == date(2026, 11, 30)


class Fields(App[None]):
    """A filled date and a filled time, each in its Field."""

    def compose(self) -> ComposeResult:
        yield Field("Date", DateInput(date(2026, 12, 1), id="day", compact=True))
        yield Field("Time", TimeInput(None, id="at", compact=True))


async def test_space_over_a_selected_time_is_refused_and_the_digits_after_it_land_in_order():
    app = Fields()
    async with app.run_test(size=SIZE) as pilot:
        at = app.query_one("#at", Input)
        at.value = "15:30"
        at.focus()  # focus selects the whole time
        await pilot.pause()
        await pilot.press("space")
        assert at.value == "15:30"
        assert message_at(app.screen, "at") == TIME_REFUSED
        await pilot.press(*"09:45")
        assert at.value == "09:45"
        assert message_at(app.screen, "at") == ""

        day = app.query_one("#day", Input)
        day.focus()
        await pilot.pause()
        await pilot.press("space")
        assert day.value == "2026-12-01"
        assert message_at(app.screen, "day") == DATE_REFUSED
        await pilot.press(*"20270105")
        assert day.value == "2027-01-05"

        at.focus()
        day.focus()  # selected again, as on coming back to it
        await pilot.pause()
        await pilot.press("minus")  # a separator over the selection clears nothing either
        assert day.value == "2027-01-05"
        day.post_message(events.Paste("20280203"))  # pasted over the selection: dashes put in
        await pilot.pause()
        assert day.value == "2028-02-03"
        assert message_at(app.screen, "day") == ""


async def log_past_typed(pilot, day: str, start: str, end: str) -> LogPastScreen:
    """From the home screen: m, l, the date and times typed, ctrl+s; the dialog."""
    await pilot.pause()
    await keys(pilot, "m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingLogScreen)
    await keys(pilot, "l")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, LogPastScreen)
    await type_text(pilot, day)
    for digits in (start, end):
        await keys(pilot, "tab")
        await type_text(pilot, digits)
    await keys(pilot, "ctrl+s")
    await pilot.pause()
    return dialog


def stored_agreement(data_dir) -> str:
    """An agreement between ana and ben, stored; its id."""
    agreement = Agreement(mentee=Party("Ana", handle="ana"), mentor=Party("Ben", handle="ben"))
    return Store(data_dir).create(agreement).id


async def test_a_start_time_the_clocks_skip_is_said_at_the_field_and_nothing_is_saved(tmp_path, new_york):
    # 02:30 on 2026-03-08 does not happen in New York; it was read as 03:30 EDT, after the
    # 03:15 end, and the dialog said "The meeting must end after it starts."
    agreement_id = stored_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await log_past_typed(pilot, "20260308", "0230", "0315")
        assert app.screen is dialog
        assert message_at(dialog, "past-start") == (
            "02:30 does not exist on 2026-03-08 here (clocks go forward): use 03:30"
        )
        assert message_at(dialog, "past-end") == ""
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).meetings == ()

        assert app.focused is dialog.query_one("#past-start"), "taken to the field, its text selected"
        await type_text(pilot, "0130")
        assert message_at(dialog, "past-start") == "", "mended: the message goes"
        await keys(pilot, "ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, MeetingLogScreen)
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert (meeting.started_at, meeting.ended_at) == (
        datetime(2026, 3, 8, 6, 30, tzinfo=UTC),  # 01:30 EST
        datetime(2026, 3, 8, 7, 15, tzinfo=UTC),  # 03:15 EDT
    )


async def test_a_time_the_clocks_show_twice_is_the_first_and_said_once(tmp_path, new_york):
    agreement_id = stored_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await log_past_typed(pilot, "20261101", "0130", "0145")
        assert app.screen is dialog, "held once on the hint"
        assert message_at(dialog, "past-start") == (
            "01:30 comes twice on 2026-11-01 here (clocks go back): taken as the first, 01:30 EDT. "
            "ctrl+s again logs it."
        )
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).meetings == ()
        await keys(pilot, "ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, MeetingLogScreen)
    [meeting] = Store(tmp_path).load(agreement_id).meetings
    assert (meeting.started_at, meeting.ended_at) == (
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT, the first
        datetime(2026, 11, 1, 5, 45, tzinfo=UTC),
    )


async def test_a_tentative_meeting_at_a_skipped_time_is_said_at_the_time(tmp_path, new_york):
    app = MentorApp(tmp_path, user="ana")
    rows: list[TentativeMeeting | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(TentativeMeetingScreen(Agreement()), rows.append)
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "20260308")
        await keys(pilot, "tab")
        await type_text(pilot, "0230")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and rows == []
        assert message_at(dialog, "meeting-time") == (
            "02:30 does not exist on 2026-03-08 here (clocks go forward): use 03:30"
        )
        assert message_at(dialog, "meeting-date") == ""
        await keys(pilot, "shift+tab", "tab")  # back into the field: its text is selected
        await type_text(pilot, "0330")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
    [row] = rows
    assert row is not None and row.when == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert row.when.astimezone(new_york_zone()).time() == time(3, 30)


def new_york_zone():
    """New York's zone, as the viewer has it in these tests."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/New_York")
