"""Pilot tests of a question that throws text away: keys typed before it was on screen never
answer it, nor reach the screen behind it; a key pressed once it is read does."""

from __future__ import annotations

import pytest
from textual import events

from mentortui.app import MentorApp
from mentortui.model import Party
from mentortui.screens.common.confirm import READING_SECONDS, TYPING_RUN_GAP, ConfirmScreen
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.timeline.screen import TimelineScreen

from .pilot import SIZE, open_editor, type_text, wait_for

pytestmark = pytest.mark.reading_window


def burst(pilot, text: str, *keys: str, at: float | None = None) -> None:
    """Keys as a fast typist sends them: all queued at once, before the app has handled any
    (``keys``, named, first). ``at``: when they were typed (the clock of key events)."""
    for key, character in [(key, None) for key in keys] + [({" ": "space"}.get(c, c), c) for c in text]:
        event = events.Key(key, character)
        if at is not None:
            event.time = at
        pilot.app.post_message(event)


async def question_after_escape_and_typing(pilot, tmp_path, typed: str):
    """A start date typed wrong (so Escape asks "Not saved: … Leave anyway?"), then Escape and
    ``typed`` in one burst: the editor, the question once every key has gone in, and the date
    as typed."""
    editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
    editor.query_one("#start_date").focus()
    await type_text(pilot, "20250640")
    date_typed = editor.query_one("#start_date").value
    burst(pilot, typed, "escape")
    app = pilot.app
    await wait_for(pilot, lambda: app.screen is not editor and not app._type_ahead)
    await pilot.pause()
    question = app.screen
    assert isinstance(question, ConfirmScreen), f"the keys typed on answered the question: {question} is on top"
    return editor, question, date_typed


async def test_yes_typed_on_after_escape_does_not_answer_leave_anyway(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, question, date_typed = await question_after_escape_and_typing(pilot, tmp_path, "yes that works")
        assert app.screen is question, "a y typed before the question was drawn answered it"
        assert app.screen_stack[-2] is editor
        assert str(question.query_one("#question").render()).startswith("Not saved: start date")
        # Nothing typed reached the screen behind: not the field, not a key of the list (t:
        # the timeline).
        assert editor.query_one("#start_date").value == date_typed
        assert not any(isinstance(screen, TimelineScreen) for screen in app.screen_stack)
        # What was typed is shown, not dropped unseen.
        assert question.ignored_text == "yes that works"
        assert "yes that works" in str(question.query_one("#ignored").render())

        # A y pressed once the question has been on screen a moment answers it.
        await pilot.pause(TYPING_RUN_GAP + 0.1)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not any(isinstance(screen, TimelineScreen) for screen in app.screen_stack)


async def test_keys_typed_straight_on_after_the_type_ahead_do_not_answer_either(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        editor, question, _ = await question_after_escape_and_typing(pilot, tmp_path, "sounds good")
        assert question.drawn_at is not None
        # Still typing, not looking up: keys a tenth of a second after the question was drawn
        # (Enter would press the focused button, n would answer No) are not answers either.
        burst(pilot, ", yeah", "enter", at=question.drawn_at + 0.1)
        await pilot.pause()
        assert app.screen is question
        assert question.ignored_text == "sounds good, yeah"
        await pilot.pause(TYPING_RUN_GAP + 0.1)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor, "n keeps the editor and what is typed"
        assert editor.query_one("#start_date").value.replace("-", "") == "20250640"


async def question_after_escape(pilot, tmp_path) -> ConfirmScreen:
    """A start date typed wrong, then Escape alone (nothing typed ahead): the question, drawn."""
    app = pilot.app
    editor, _ = await open_editor(pilot, tmp_path, mentee=Party("Ana"), mentor=Party("Ben"))
    editor.query_one("#start_date").focus()
    await type_text(pilot, "20250640")
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.drawn_at is not None)
    return app.screen


async def test_a_question_with_nothing_typed_ahead_is_answered_by_the_next_key(tmp_path):
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await question_after_escape(pilot, tmp_path)
        await pilot.pause(READING_SECONDS)  # the time a person takes to read it
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_key_typed_on_too_soon_to_have_read_the_question_does_not_answer_it(tmp_path):
    """Escape, then a "y" a tenth of a second after the question was drawn (someone typing on
    at 10 keys a second, nothing typed ahead): not an answer; once it can have been read, y is."""
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await question_after_escape(pilot, tmp_path)
        burst(pilot, "y", at=question.drawn_at + 0.1)
        await pilot.pause()
        assert app.screen is question and question.ignored_text == "y"
        await pilot.pause(READING_SECONDS + TYPING_RUN_GAP)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
