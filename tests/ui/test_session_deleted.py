"""Pilot tests of a live session whose meeting the other person deletes: every line entered
after it is kept on screen as an entry of its own, marked not saved, with the entries saved
before; ctrl+y puts the meeting back with all of them, and leaving or stopping keeps them in
the person's exports folder. The one deleting is told the meeting is under way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input, Static

from mentortui.app import MentorApp
from mentortui.model import meetings
from mentortui.screens.common.confirm import ConfirmScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.meetings.session import SessionScreen
from mentortui.store import Store

from .pilot import SIZE, footer_keys, saved, type_text, wait_for
from .test_meetings import open_log, open_session, store_agreement

BEFORE = "agenda agreed"
NOT_SAVED = "not saved"  # the mark of an entry typed after the deletion
LINES = ("first note", "a: book venue @ben")


def said(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def ana_deletes(data_dir, agreement_id: str, meeting_id: str) -> None:
    """The other party (ana, in an app of her own on the same data dir) deletes the meeting."""
    ana = Store(data_dir, user="ana")
    ana.save(meetings.delete(ana.load(agreement_id), meeting_id))


def entries_shown(session: SessionScreen) -> list[str]:
    return str(session.query_one("#entries", Static).render()).splitlines()


async def ben_in_a_deleted_session(pilot, tmp_path, agreement_id: str, seen: str) -> SessionScreen:
    """Ben in a session with one entry saved; ana deletes the meeting; ben types two lines,
    each with Enter."""
    session = await open_session(pilot)
    await type_text(pilot, BEFORE + "\n")
    await saved(pilot)
    meeting_id = session.meeting_id
    assert [m.id for m in Store(tmp_path).load(agreement_id).meetings] == [meeting_id]
    if seen == "before the session saw it":
        session.watch_disk = lambda: None  # the watcher has not looked yet: a save finds it
    ana_deletes(tmp_path, agreement_id, meeting_id)
    if seen == "after the session saw it":
        await wait_for(pilot, lambda: session.meeting is None)
    for line in LINES:
        await type_text(pilot, line + "\n")
    await saved(pilot)
    await wait_for(pilot, lambda: sum(NOT_SAVED in line for line in entries_shown(session)) == 2)
    return session


@pytest.mark.parametrize("seen", ["after the session saw it", "before the session saw it"])
async def test_lines_entered_after_the_meeting_was_deleted_stay_apart_and_ctrl_y_puts_it_back(
    tmp_path, quick_watch, seen
):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        session = await ben_in_a_deleted_session(pilot, tmp_path, agreement_id, seen)
        assert Store(tmp_path).load(agreement_id).meetings == (), "their deletion stands until ben says"

        note = session.query_one("#note", Input)
        assert note.value == "", "each Enter took its line off the input"
        shown = entries_shown(session)
        assert any(BEFORE in line and NOT_SAVED not in line for line in shown), shown
        first = [line for line in shown if "first note" in line]
        action = [line for line in shown if "book venue" in line]
        assert len(first) == 1 and NOT_SAVED in first[0] and "book venue" not in first[0], shown
        assert len(action) == 1 and NOT_SAVED in action[0] and "action" in action[0], shown
        assert "ana deleted this meeting" in said(app)
        assert "ana deleted this meeting" in str(session.query_one("#hint", Static).render())
        put_back = [k for k in footer_keys(session) if k.action == "put_back"]
        assert put_back and put_back[0].enabled and put_back[0].display == "^y", footer_keys(session)

        await pilot.press("ctrl+y")
        await saved(pilot)
        [meeting] = Store(tmp_path).load(agreement_id).meetings
        assert meeting.id == session.meeting_id and meeting.in_progress
        assert [n.text for n in meeting.notes] == [BEFORE, "first note"]
        assert [(a.text, a.owner) for a in meeting.actions] == [("book venue", "ben")]
        assert not any(NOT_SAVED in line for line in entries_shown(session))
        assert not [k for k in footer_keys(session) if k.action == "put_back"], "only while it is deleted"
        assert "deleted this meeting" not in said(app), "the notice that it was deleted is taken down"

        # The session goes on as before.
        await type_text(pilot, "d: meet monthly\n")
        await saved(pilot)
        [meeting] = Store(tmp_path).load(agreement_id).meetings
        assert [d.text for d in meeting.decisions] == ["meet monthly"]


async def test_stopping_in_a_deleted_meeting_keeps_everything_on_screen_in_the_exports_folder(tmp_path, quick_watch):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        session = await ben_in_a_deleted_session(pilot, tmp_path, agreement_id, "after the session saw it")
        await type_text(pilot, "typed, no Enter")
        assert isinstance(app.screen, SessionScreen) and session.query_one("#note", Input).value
    [kept] = (tmp_path / "exports" / "ben").glob("*-unsaved-*.md")
    text = kept.read_text()
    for entry in (BEFORE, "first note", "book venue", "typed, no Enter"):
        assert entry in text
    assert "first notea:" not in text
    assert Store(tmp_path).load(agreement_id).meetings == ()


async def test_leaving_a_deleted_meeting_asks_then_keeps_it_in_the_exports_folder(tmp_path, quick_watch):
    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        session = await ben_in_a_deleted_session(pilot, tmp_path, agreement_id, "after the session saw it")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.drawn_at is not None)
        question = str(app.screen.query_one("#question").render())
        assert "ana deleted this meeting" in question and "exports" in question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is session)
        assert not list(tmp_path.rglob("*-unsaved-*.md"))

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.drawn_at is not None)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingLogScreen))
        [kept] = (tmp_path / "exports" / "ben").glob("*-unsaved-*.md")
        assert str(kept) in said(app)
        text = kept.read_text()
        for entry in (BEFORE, "first note", "book venue"):
            assert entry in text
        await saved(pilot)
    assert Store(tmp_path).load(agreement_id).meetings == ()
    assert len(list(tmp_path.rglob("*-unsaved-*.md"))) == 1, "stopping keeps it no second time"


async def test_deleting_a_meeting_under_way_says_so(tmp_path):
    agreement_id = store_agreement(tmp_path)
    ben = Store(tmp_path, user="ben")
    ben.save(meetings.start(ben.load(agreement_id), datetime.now(UTC))[0])  # ben's session
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one("#question").render())
        assert "under way" in question and "Delete the meeting" in question
