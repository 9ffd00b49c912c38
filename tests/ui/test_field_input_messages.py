"""Pilot tests of keys a date, time or number field refuses: said at the field, the form kept."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import Party
from mentortui.widgets.date_input import DATE_FULL, DATE_REFUSED, TIME_REFUSED, DateInput, TimeInput
from mentortui.widgets.field import Field
from mentortui.widgets.safe_text import NUMBER_REFUSED, SafeInput

from .pilot import SIZE, fill_new_agreement, go_to_step, keys, message_at, open_editor, paste_text, type_text


async def test_letters_in_a_date_field_are_said_at_the_field_and_the_form_is_kept(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana Silva", "Ben Okafor", "2026-01-12")  # ends in End date
        dialog = app.screen
        assert app.focused is dialog.query_one("#end")
        await type_text(pilot, "tomorrow")
        assert message_at(dialog, "end") == DATE_REFUSED
        assert dialog.query_one("#end", Input).value == ""
        assert [dialog.query_one(f"#{name}", Input).value for name in ("mentee", "mentor", "start")] == [
            "Ana Silva",
            "Ben Okafor",
            "2026-01-12",
        ]
        assert [message_at(dialog, name) for name in ("mentee", "mentor", "title", "start")] == ["", "", "", ""]

        await type_text(pilot, "20261218")
        assert message_at(dialog, "end") == "", "a digit taken: the message goes"
        assert dialog.query_one("#end", Input).value == "2026-12-18"


async def test_letters_in_a_number_field_are_said_at_the_field_and_the_step_is_kept(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 3)
        assert app.focused.id == "schedule-frequency"
        await paste_text(pilot, "weekly")
        await keys(pilot, "tab")
        assert app.focused.id == "schedule-length_min_minutes"
        await type_text(pilot, "sixty")
        assert message_at(editor, "schedule-length_min_minutes") == NUMBER_REFUSED
        assert editor.query_one("#schedule-length_min_minutes", Input).value == ""
        assert editor.query_one("#schedule-frequency", Input).value == "weekly"
        assert message_at(editor, "schedule-frequency") == ""

        await type_text(pilot, "60")
        assert message_at(editor, "schedule-length_min_minutes") == ""
        assert editor.query_one("#schedule-length_min_minutes", Input).value == "60"

        await type_text(pilot, "x")
        assert message_at(editor, "schedule-length_min_minutes") == NUMBER_REFUSED
        await keys(pilot, "tab")
        assert message_at(editor, "schedule-length_min_minutes") == "", "left with a whole number: the message goes"
        assert editor.query_one("#schedule-length_min_minutes", Input).value == "60"


async def test_a_letter_over_a_selected_date_is_refused_not_a_crash(tmp_path):
    # The focus selects the whole date; a key typed over it went in unchecked, and MaskedInput
    # stopped the app.
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(
            pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"), end_date=date(2026, 3, 31)
        )
        step = await go_to_step(pilot, 1)
        step.query_one("#end_date").focus()
        await pilot.pause()
        await type_text(pilot, "t")
        assert message_at(editor, "end_date") == DATE_REFUSED
        assert editor.query_one("#end_date", Input).value == "2026-03-31"


async def test_a_refused_key_does_not_hide_the_forms_own_message(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana", "Ben", "2026-05-01", "2026-04-01")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        said = "The end date must be after the start date."
        assert message_at(dialog, "end") == said
        dialog.query_one("#end").focus()
        await pilot.pause()
        await keys(pilot, "end")
        await type_text(pilot, "x")
        assert message_at(dialog, "end") == f"{said}\n{DATE_REFUSED}", "both said, the form's first"
        await keys(pilot, "tab")
        assert message_at(dialog, "end") == said, "left with a date: only the form's message stays"


class Fields(App[None]):
    """A date, a time and a number field, each in its Field."""

    def compose(self) -> ComposeResult:
        yield Field("Date", DateInput(id="day", compact=True))
        yield Field("Time", TimeInput(id="at", compact=True))
        yield Field("Minutes", SafeInput(type="integer", id="minutes", compact=True))


async def test_a_time_field_says_what_it_refuses_and_a_pasted_word_is_said_too():
    app = Fields()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#at").focus()
        await type_text(pilot, "noon")
        assert message_at(app.screen, "at") == TIME_REFUSED
        await type_text(pilot, "1230")
        assert message_at(app.screen, "at") == ""
        assert app.query_one("#at", Input).value == "12:30"

        app.query_one("#day").focus()
        await type_text(pilot, "202605011")
        assert message_at(app.screen, "day") == DATE_FULL, "a digit past the end is said too"
        assert app.query_one("#day", Input).value == "2026-05-01"

        minutes = app.query_one("#minutes")
        minutes.focus()
        minutes.post_message(events.Paste("sixty"))
        await pilot.pause()
        assert message_at(app.screen, "minutes") == NUMBER_REFUSED
        assert app.query_one("#minutes", Input).value == ""
        assert message_at(app.screen, "at") == ""
        assert app.query_one("#at", Input).value == "12:30"


async def test_a_letter_over_a_filled_time_in_the_app_is_refused_not_a_crash(tmp_path):
    """The time fields the app shows (log a past meeting) are TimeInputs: they say what they
    refuse, and a letter typed over a selected time keeps the time."""
    from mentortui.app import MentorApp
    from mentortui.model import Agreement, Party
    from mentortui.screens.meetings.dialogs import LogPastScreen
    from mentortui.store import Store
    from mentortui.widgets.date_input import TimeInput

    from .pilot import SIZE

    Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogPastScreen)
        start = dialog.query(TimeInput).first()
        start.focus()
        await pilot.pause()
        for key in "15:30":
            await pilot.press(key)
        start.focus()  # selected again as a field is on focus
        await pilot.press("shift+tab", "tab", "x")
        await pilot.pause()
        assert app.is_running and app.screen is dialog
        assert start.value == "15:30"


async def test_keys_left_out_between_digits_are_said_once_the_field_is_left(tmp_path):
    """'Tuesdays 18:00, Zoom' typed one field too far, in Notice (hours), kept 1800 with no word
    once the focus moved on: what is kept is said after the field is left."""
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 3)
        await keys(pilot, "tab")
        assert app.focused.id == "schedule-length_min_minutes"
        await type_text(pilot, "18:00")
        assert editor.query_one("#schedule-length_min_minutes", Input).value == "1800"
        await keys(pilot, "tab")
        assert message_at(editor, "schedule-length_min_minutes") == (
            "Keys that could not be typed here were left out: “1800” is kept."
        )
        await keys(pilot, "shift+tab")
        await type_text(pilot, "5")  # a key taken: the message goes
        assert message_at(editor, "schedule-length_min_minutes") == ""
