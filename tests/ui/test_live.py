"""Pilot tests of two people on one agreement: others' saves appear, conflicts are shown and settled."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens import editor as editor_module
from mentortui.screens.conflict import ConflictScreen
from mentortui.screens.editor import AgreementEditor
from mentortui.screens.home import HomeScreen
from mentortui.store import Store

SIZE = (80, 24)


async def open_first(pilot) -> AgreementEditor:
    """Open the agreement under the cursor on the home screen."""
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AgreementEditor)
    return pilot.app.screen


async def wait_for(pilot, condition, seconds: float = 4.0) -> None:
    """Let the app run until ``condition()`` holds (fails after ``seconds``)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition(), "the change did not appear in time"


async def test_a_change_saved_by_the_other_person_appears_with_a_notification(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_first(pilot)
        ben = Store(tmp_path, user="ben")
        theirs = ben.load(created.id)
        ben.save(theirs.edit(mentor_hopes="Give better feedback", title="Ben's title"))
        hopes = editor.query_one("#mentor_hopes", TextArea)
        await wait_for(pilot, lambda: hopes.text == "Give better feedback")
        assert editor.query_one("#title", Input).value == "Ben's title"
        messages = [n.message for n in app._notifications]
        assert "ben changed title, mentor's hopes." in messages
        assert editor.base.revision == 2


async def test_home_list_shows_an_agreement_another_person_created(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.summaries == []
        Store(tmp_path, user="ben").create(Agreement(mentee=Party("Cy"), mentor=Party("Ben")))
        await wait_for(pilot, lambda: len(app.screen.summaries) == 1)


@pytest.mark.parametrize("choice", ["m", "t"])
async def test_a_conflicting_edit_shows_both_values_and_loses_nothing(tmp_path, monkeypatch, choice):
    monkeypatch.setattr(editor_module, "POLL_SECONDS", 1000)  # the other save is not seen first
    created = Store(tmp_path).create(Agreement(title="Start", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_first(pilot)
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(title="Ben's title", mentor_hopes="Ben's hopes"))

        title = editor.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "!")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        shown = str(dialog.query_one("#conflicts").render())
        assert "ben: Ben's title" in shown and "yours: Start!" in shown
        assert "ben changed title" in shown

        await pilot.press(choice)
        await pilot.pause()
        assert app.screen is editor

    stored = Store(tmp_path).load(created.id)
    assert stored.mentor_hopes == "Ben's hopes", "their other change is kept either way"
    assert stored.title == ("Start!" if choice == "m" else "Ben's title")
    assert stored.revision == (3 if choice == "m" else 2), "taking theirs leaves nothing to write"
