"""Pilot tests of what the agreement editor and its dialogs say about a value typed wrong."""

from __future__ import annotations

from mentortui.app import MentorApp
from mentortui.model import Party
from mentortui.screens.common.confirm import ConfirmScreen

from .pilot import SIZE, go_to_step, keys, open_editor, type_text


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
