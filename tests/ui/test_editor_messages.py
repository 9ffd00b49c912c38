"""Pilot tests of what the agreement editor and its dialogs say about a value typed wrong."""

from __future__ import annotations

from datetime import date

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.agreement.tentative import TentativeMeetingScreen
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.home.new_agreement import NewAgreementScreen
from mentortui.screens.reviews.decision import DecisionScreen

from .pilot import SIZE, fill_new_agreement, go_to_step, keys, message_at, open_editor, type_text


async def test_leaving_with_a_bad_date_names_the_field_as_its_label_does(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        editor.query_one("#start_date").focus()
        await type_text(pilot, "20250640")
        await keys(pilot, "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question").render())
        assert question == "Not saved: start date (not a date). Leave anyway?"
        await keys(pilot, "n")
        await pilot.pause()

        await go_to_step(pilot, 3)
        editor.query_one("#schedule-length_max_minutes").value = ""
        editor.query_one("#schedule-length_max_minutes").focus()
        await type_text(pilot, "-")  # the field takes a lone minus (a number being typed)
        await keys(pilot, "escape")
        await pilot.pause()
        question = str(app.screen.query_one("#question").render())
        assert question == (
            "Not saved: start date (not a date), longest length (minutes) (not a whole number). Leave anyway?"
        )


def drawn_at(app, control_id: str) -> str:
    """The message under a control's field as the screen draws it, its lines joined."""
    line = app.screen.query_one(f"#{control_id}-field").query_one(".field-message")
    region = line.region
    strips = app.screen._compositor.render_strips()
    return " ".join(strips[y].crop(region.x, region.right).text.strip() for y in range(region.y, region.bottom))


def whole(text: str) -> str:
    """Text with its runs of spaces made one (a wrapped line breaks at a space)."""
    return " ".join(text.split())


async def test_a_date_message_is_drawn_whole_at_80_columns(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana", "Ben", start="2026-13-40")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewAgreementScreen)
        message = message_at(app.screen, "start")
        assert message.startswith("'2026-13-40' is not a date")
        assert drawn_at(app, "start") == whole(message)

        app.push_screen(DecisionScreen(Agreement(end_date=date(2026, 11, 24)), date(2026, 11, 24)))
        await pilot.pause()
        await keys(pilot, "enter", "tab")  # extend; then its new end date
        await type_text(pilot, "20261340")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        message = message_at(app.screen, "new-end-date")
        assert message.startswith("'2026-13-40' is not a date")
        assert drawn_at(app, "new-end-date") == whole(message)


async def test_a_date_message_on_the_parties_step_is_drawn_whole(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        editor.query_one("#end_date").focus()
        await type_text(pilot, "20261340")
        await pilot.pause()
        editor.steps[0].scroll_end(animate=False)
        await pilot.pause()
        message = message_at(editor, "end_date")
        assert message.startswith("'2026-13-40' is not a date")
        assert drawn_at(app, "end_date") == whole(message)


async def retype(pilot, control, digits: str) -> None:
    """Empty a masked field by keys (end, then backspace over it all) and type ``digits``."""
    control.focus()
    await keys(pilot, "end", *["backspace"] * len(control.value))
    await type_text(pilot, digits)


async def test_a_refused_date_in_the_new_agreement_dialog_clears_once_mended(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_agreement(pilot, "Ana", "Ben", start="2026-13-40")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert message_at(dialog, "start").startswith("'2026-13-40' is not a date")
        await retype(pilot, dialog.query_one("#start"), "20261301")
        assert message_at(dialog, "start").startswith("'2026-13-01' is not a date"), "the message follows"
        await retype(pilot, dialog.query_one("#start"), "20260301")
        assert message_at(dialog, "start") == "", "a valid date: the message goes before any save"
        assert app.screen is dialog


async def test_a_refused_date_or_time_in_the_tentative_meeting_dialog_clears_once_mended(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 3)
        editor.query_one("#tentative_meetings").focus()
        await keys(pilot, "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TentativeMeetingScreen)
        await type_text(pilot, "20261340")
        await keys(pilot, "tab")
        await type_text(pilot, "2561")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert message_at(dialog, "meeting-date").startswith("'2026-13-40' is not a date")
        assert message_at(dialog, "meeting-time") != ""
        await retype(pilot, dialog.query_one("#meeting-date"), "20261210")
        assert message_at(dialog, "meeting-date") == ""
        assert message_at(dialog, "meeting-time") != "", "the time is still wrong"
        await retype(pilot, dialog.query_one("#meeting-time"), "1530")
        assert message_at(dialog, "meeting-time") == ""
        assert app.screen is dialog


async def log_past_typed(pilot, agreement: Agreement, day: str, start: str, end: str):
    """The log-past dialog over the app, its date and times typed, then ctrl+s: the dialog."""
    from mentortui.screens.meetings.dialogs import LogPastScreen

    pilot.app.push_screen(LogPastScreen(agreement))
    await pilot.pause()
    dialog = pilot.app.screen
    await type_text(pilot, day)
    for digits in (start, end):
        await keys(pilot, "tab")
        await type_text(pilot, digits)
    await keys(pilot, "ctrl+s")
    await pilot.pause()
    return dialog


async def test_messages_in_the_milestone_log_past_and_decision_dialogs_clear_once_mended(tmp_path):
    """Each dialog's message follows what is typed: it goes as soon as the value is right,
    not at the next save (they stayed until then)."""
    from mentortui.model import Milestone
    from mentortui.screens.agreement.milestone import MilestoneScreen

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MilestoneScreen(Milestone(""), "New milestone"))
        await pilot.pause()
        dialog = app.screen
        await keys(pilot, "tab")
        await type_text(pilot, "20261340")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert message_at(dialog, "title") == "A milestone needs a title."
        assert message_at(dialog, "due").startswith("'2026-13-40' is not a date")
        await retype(pilot, dialog.query_one("#due"), "20261210")
        assert message_at(dialog, "due") == "" and message_at(dialog, "title") != ""
        dialog.query_one("#title").focus()
        await type_text(pilot, "Draft")
        assert message_at(dialog, "title") == ""
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert app.screen is not dialog, "saved"

        agreement = Agreement(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        dialog = await log_past_typed(pilot, agreement, "20260310", "1500", "1400")
        assert message_at(dialog, "past-end") == "The meeting must end after it starts."
        await retype(pilot, dialog.query_one("#past-end"), "1600")
        assert message_at(dialog, "past-end") == ""
        assert app.screen is dialog

        app.push_screen(DecisionScreen(Agreement(end_date=date(2026, 11, 24)), date(2026, 11, 24)))
        await pilot.pause()
        dialog = app.screen
        await keys(pilot, "enter", "tab")  # extend; then its new end date
        await type_text(pilot, "20261340")
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert message_at(dialog, "new-end-date").startswith("'2026-13-40' is not a date")
        await retype(pilot, dialog.query_one("#new-end-date"), "20270301")
        assert message_at(dialog, "new-end-date") == ""
        assert app.screen is dialog


async def test_a_past_meeting_cannot_be_logged_in_the_future(tmp_path):
    """Logged as held, a meeting dated next year showed as held in the log while the list
    said none was held yet."""

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agreement = Agreement(start_date=date(2026, 1, 1), end_date=date(2099, 12, 31))
        dialog = await log_past_typed(pilot, agreement, "20981201", "1500", "1600")
        assert app.screen is dialog
        assert message_at(dialog, "past-date").startswith("That is still to come")
        await retype(pilot, dialog.query_one("#past-date"), "20260301")
        assert message_at(dialog, "past-date") == ""
        await keys(pilot, "ctrl+s")
        await pilot.pause()
        assert app.screen is not dialog, "logged"


async def test_a_message_starts_where_its_fields_text_starts(tmp_path):
    """Under a text area the message started one column left of the text (its padding)."""
    from textual.widgets import TextArea

    from .pilot import paste_text

    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
        await go_to_step(pilot, 2)
        area = editor.query_one("#evaluation_metrics", TextArea)
        area.focus()
        await paste_text(pilot, "Exam\x07 passed")
        await pilot.pause()
        message = editor.query_one("#evaluation_metrics-field .field-message")
        assert message_at(editor, "evaluation_metrics") != ""
        assert message.region.x == area.content_region.x
        await go_to_step(pilot, 1)
        editor.query_one("#title").focus()
        await paste_text(pilot, "Year\x07 one")
        await pilot.pause()
        line = editor.query_one("#title-field .field-message")
        assert message_at(editor, "title") != "" and line.region.x == editor.query_one("#title").content_region.x
