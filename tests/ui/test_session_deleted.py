"""Pilot tests of a live session whose meeting the other person deletes: what is typed stays,
the person is told in a sentence, and leaving asks before dropping it."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from mentortui.app import MentorApp
from mentortui.model import meetings
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.meetings.session import SessionScreen
from mentortui.store import Store

from .pilot import SIZE, saved, type_text, wait_for
from .test_meetings import open_session, store_agreement

TYPED = "ask the dean about the grant"


def said(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def ben_deletes(data_dir, agreement_id: str, meeting_id: str) -> None:
    """The other party (ben, in a process of his own) deletes the meeting."""
    ben = Store(data_dir, user="ben")
    ben.save(meetings.delete(ben.load(agreement_id), meeting_id))


@pytest.mark.parametrize("seen", ["after the session saw it", "before the session saw it"])
async def test_a_note_typed_in_a_meeting_someone_deleted_stays_and_leaving_asks(tmp_path, quick_watch, seen):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await saved(pilot)
        meeting_id = session.meeting_id
        assert [m.id for m in Store(tmp_path).load(agreement_id).meetings] == [meeting_id]
        if seen == "before the session saw it":
            session.watch_disk = lambda: None  # the watcher has not looked yet
        ben_deletes(tmp_path, agreement_id, meeting_id)
        if seen == "after the session saw it":
            await wait_for(pilot, lambda: session.meeting is None)
        app._notifications.clear()

        await type_text(pilot, TYPED + "\n")
        await saved(pilot)
        await wait_for(pilot, lambda: "deleted" in said(app))
        note = session.query_one("#note", Input)
        assert note.value == TYPED, "what was typed stays in the note field"
        message = said(app)
        assert "This meeting was deleted by someone else" in message
        assert "what you typed stays here" in message
        assert meeting_id not in message, f"a raw error, not a sentence: {message!r}"
        assert Store(tmp_path).load(agreement_id).meetings == (), "their deletion stands"

        # Escape asks before dropping what is typed; n stays, with the text.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#question").render())
        assert "deleted" in question and TYPED in question
        await wait_for(pilot, lambda: app.screen.drawn_at is not None)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is session and note.value == TYPED
        # y leaves without it.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.drawn_at is not None)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingLogScreen))
        await saved(pilot)
        assert Store(tmp_path).load(agreement_id).meetings == ()


async def test_stopping_in_a_deleted_meeting_keeps_what_was_typed_in_the_exports_folder(tmp_path, quick_watch):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await saved(pilot)
        ben_deletes(tmp_path, agreement_id, session.meeting_id)
        await wait_for(pilot, lambda: session.meeting is None)
        await type_text(pilot, TYPED)
        assert isinstance(app.screen, SessionScreen)
    kept = list((tmp_path / "exports").rglob("*-unsaved-*.md"))
    assert len(kept) == 1 and TYPED in kept[0].read_text()
    assert Store(tmp_path).load(agreement_id).meetings == ()
