"""Stopping while something typed cannot be saved (the disk full, a lock held, a conflict
unsettled) keeps it: the agreement as it was on screen goes to the person's exports folder,
and the exit says where, with status 1."""

from __future__ import annotations

import errno
from functools import partial

from mentortui import app as app_module
from mentortui import unsaved
from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.common.saving import save_everything
from mentortui.store import Store, atomic

from .pilot import SIZE
from .test_typing import burst, open_editor_on, wait_for


def kept_files(data_dir) -> list:
    return sorted((data_dir / "exports").rglob("*-unsaved-*.md"))


def disk_full(monkeypatch) -> list[str]:
    """Every write of an agreement fails as on a full disk from now on; the texts it was given."""
    tries: list[str] = []

    def full(path, text):
        tries.append(text)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "write_atomically", full)
    return tries


async def typed_while_full(pilot, agreement_id: str):
    """The editor open on the agreement, "Typed while full" typed, its save failing."""
    editor = await open_editor_on(pilot, agreement_id)
    burst(pilot, "Typed while full")
    await wait_for(pilot, lambda: bool(editor.saver.failing))
    return editor


async def test_stopping_while_the_disk_is_full_keeps_what_was_typed_and_says_where(tmp_path, monkeypatch, capsys):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    disk_full(monkeypatch)
    monkeypatch.setattr(app_module, "save_everything", partial(save_everything, timeout=1.0))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await typed_while_full(pilot, created.id)
        await app.stop()
    [kept] = kept_files(tmp_path)
    assert kept.parent == tmp_path / "exports" / "ana" and kept.stat().st_mode & 0o777 == 0o600
    assert "Typed while full" in kept.read_text()
    assert app.return_code == 1
    said = " ".join(capsys.readouterr().err.split())  # (wrapped at the terminal's width)
    assert "could not be saved before stopping" in said and "the disk is full" in said
    assert f"is kept in {kept}".replace(" ", "") in said.replace(" ", "")


async def test_stopping_while_the_disk_is_full_tries_twice_more_not_for_eight_seconds(tmp_path, monkeypatch):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    tries = disk_full(monkeypatch)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await typed_while_full(pilot, created.id)
        tries.clear()
        await app.stop()
    # Two more tries a second apart (one more may have been under way), not a try a second
    # for the 8 s that an unfinished save is waited for.
    assert 1 <= len(tries) <= app_module.STOP_TRIES + 1
    assert app.return_code == 1
    [kept] = kept_files(tmp_path)
    assert "Typed while full" in kept.read_text()


async def test_a_stop_with_everything_saved_keeps_nothing_extra(tmp_path):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        burst(pilot, "Saved as usual")
        await wait_for(pilot, lambda: editor.agreement.title == "Saved as usual")
        await app.stop()
    assert kept_files(tmp_path) == [] and app.return_code == 0
    assert Store(tmp_path).load(created.id).title == "Saved as usual"


async def test_stopping_with_a_conflict_unsettled_keeps_ours(tmp_path, capsys):
    from textual.widgets import Input

    from .pilot import saved

    created = Store(tmp_path).create(Agreement(title="Start", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        editor.saver.pause = 60  # unsaved until Ben's save has come
        await pilot.press("end")
        burst(pilot, " by Ana")
        await wait_for(pilot, lambda: editor.query_one("#title", Input).value == "Start by Ana")
        ben = Store(tmp_path, user="ben")
        ben.save(ben.load(created.id).edit(title="Ben's title"))
        await saved(pilot)
        await wait_for(pilot, lambda: bool(editor.conflicts))
        await app.stop()
    assert Store(tmp_path).load(created.id).title == "Ben's title", "theirs stays stored"
    [kept] = kept_files(tmp_path)
    assert "Start by Ana" in kept.read_text(), "ours is kept, not lost"
    assert app.return_code == 1 and "is kept in" in " ".join(capsys.readouterr().err.split())


async def test_a_note_entered_while_the_disk_is_full_is_kept_after_leaving_the_session(tmp_path, monkeypatch):
    from mentortui.screens.meetings.log import MeetingLogScreen
    from mentortui.screens.meetings.session import SessionScreen

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    real_write = atomic.write_atomically

    def full(path, text):
        if "agreements" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, text)

    monkeypatch.setattr(atomic, "write_atomically", full)
    monkeypatch.setattr(app_module, "save_everything", partial(save_everything, timeout=1.0))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingLogScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        session = app.screen
        burst(pilot, "a note while full\n")
        await wait_for(pilot, lambda: bool(session.saver.failing))
        await pilot.press("escape")  # back to the log, then the list: the session is closed
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingLogScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: session not in app.screen_stack)
        await app.stop()
    [kept] = kept_files(tmp_path)
    assert "a note while full" in kept.read_text()
    assert app.return_code == 1
    assert created.id in kept.name


async def test_typing_in_an_agreement_someone_deleted_says_where_it_went_and_saves_once_restored(tmp_path):
    from textual.widgets import Input

    created = Store(tmp_path).create(Agreement(title="Kept", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        Store(tmp_path, user="ben").delete(created.id)
        await pilot.press("end")
        burst(pilot, " still typed")
        await wait_for(pilot, lambda: bool(editor.saver.failing))
        status = str(editor.query_one("#save-status").render())
        assert "it was deleted (u on the list opens the trash, where r restores it)" in status, status
        assert editor.query_one("#title", Input).value == "Kept still typed"
        [item] = Store(tmp_path).trash()
        Store(tmp_path).restore(item.name)
        await wait_for(pilot, lambda: not editor.saver.failing and editor.saver.idle)
    assert Store(tmp_path).load(created.id).title == "Kept still typed"


# -- the data folder cannot be written at all ----------------------------------------------------


def read_only_data_dir(monkeypatch) -> None:
    """Saves and the exports folder both refused, as with the data dir made mode 500."""

    def refused(path, text):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    def no_exports(self, handle):
        raise PermissionError(errno.EACCES, "Permission denied", str(self.data_dir / "exports"))

    monkeypatch.setattr(atomic, "write_atomically", refused)
    monkeypatch.setattr(Store, "exports_dir", no_exports)
    monkeypatch.setattr(app_module, "save_everything", partial(save_everything, timeout=1.0))


async def type_title_then_stop(app, agreement_id: str, text: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, agreement_id)
        burst(pilot, text)
        await wait_for(pilot, lambda: bool(editor.saver.failing))
        await app.stop()


async def test_with_the_data_folder_read_only_what_was_typed_goes_to_a_folder_of_the_persons_own(
    tmp_path, monkeypatch, capsys
):
    data, state = tmp_path / "data", tmp_path / "state"
    created = Store(data).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    read_only_data_dir(monkeypatch)
    app = MentorApp(data, user="ana")
    await type_title_then_stop(app, created.id, "Typed while read-only")
    assert kept_files(data) == []
    [kept] = sorted((state / "mentortui" / "unsaved").glob("*-unsaved-*.md"))
    assert "Typed while read-only" in kept.read_text()
    assert kept.stat().st_mode & 0o777 == 0o600 and kept.parent.stat().st_mode & 0o777 == 0o700
    assert app.return_code == 1
    said = " ".join(capsys.readouterr().err.split()).replace(" ", "")  # (wrapped at the terminal's width)
    assert f"{data / 'exports' / 'ana'}couldnotbewritten(permissiondenied;checkownerandmode)" in said
    assert f"iskeptin{kept}instead" in said


async def test_a_served_session_writes_nowhere_else_and_shows_what_was_typed_on_exit(tmp_path, monkeypatch, capsys):
    from mentortui.model.people import Person, PersonRole

    store = Store(tmp_path / "data")
    store.people.put(Person("ana", "Ana", PersonRole.MENTEE))
    created = store.create(Agreement(mentee=Party("Ana", handle="ana"), mentor=Party("Ben")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    read_only_data_dir(monkeypatch)
    app = MentorApp(tmp_path / "data", user="ana", served=True)
    await type_title_then_stop(app, created.id, "Typed while served")
    assert not (tmp_path / "state").exists(), "nothing written outside the data dir for a served person"
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert "title: Typed while served" in err  # on a line of its own, not wrapped
    said = " ".join(err.split())
    assert "could not be kept either" in said and "a served session writes nowhere else" in said
    assert "check owner and mode" in said and "copy it now" in said


def test_the_text_shown_on_exit_is_plain_only_what_differs_and_cut_when_long(tmp_path):
    from mentortui.model import Goal

    store = Store(tmp_path)
    stored = store.create(Agreement(title="Same", mentee=Party("Ana"), mentor=Party("Ben"), goals=(Goal("Old"),)))
    draft = stored.edit(
        mentee_hopes="line one\n\x1b[2Jline two",
        mentor_hopes="x" * (unsaved.UNSAVED_SHOWN + 10),
        goals=(*stored.goals, Goal("Learn to \x07listen")),
    )
    lines = unsaved.unsaved_text(store, draft, "ana").splitlines()
    assert lines[0] == "-- Same --"
    assert lines[1:3] == ["mentee's hopes: line one", "␛[2Jline two"]
    assert lines[3] == "mentor's hopes: " + "x" * unsaved.UNSAVED_SHOWN + "… (cut here: 10 more characters not shown)"
    assert lines[4] == "goals: Learn to ␇listen"
    assert len(lines) == 5, "the title, the mentee and the old goal are as stored: not shown"


async def test_quitting_with_a_save_failing_says_at_once_that_it_tries_again(tmp_path, monkeypatch):
    import asyncio

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    disk_full(monkeypatch)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await typed_while_full(pilot, created.id)
        burst(pilot, "", "ctrl+q")  # the quit key: its handler waits for the tries
        said: list[str] = []
        for _ in range(100):  # (not pilot.pause: the app is busy quitting)
            said = [n.message for n in app._notifications]
            if any(m.startswith("Stopping: trying") for m in said) or app.return_code is not None:
                break
            await asyncio.sleep(0.02)
        assert any(m.startswith("Stopping: trying") for m in said), said
        assert app.return_code is None, "said while it tries, not after"


async def test_keys_typed_ahead_when_the_service_stops_are_saved(tmp_path):
    """SIGTERM (or SIGHUP) while keys wait for the screen (held for a screen being prepared, or
    a command settling): they go in and are saved, not dropped with the app."""
    import asyncio
    import signal

    created = Store(tmp_path).create(Agreement(title="Year", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        editor.query_one("#title").focus()
        await pilot.press("end")
        app.hold_keys()  # as while a screen is prepared
        burst(pilot, " one")
        await wait_for(pilot, lambda: len(app._type_ahead) == 4)
        # The hold ends a moment after the stop began (not through release_keys: its timer,
        # like every message of the app, waits while the app stops).
        asyncio.get_running_loop().call_later(0.2, lambda: setattr(app, "_holds", 0))
        app._on_stop_signal(signal.SIGTERM)
        for _ in range(300):
            if app.return_code is not None:
                break
            await asyncio.sleep(0.02)
    assert Store(tmp_path).load(created.id).title == "Year one"


def test_what_is_kept_or_shown_on_exit_holds_ones_own_private_notes_and_never_anothers(tmp_path):
    """The exit message shows only what its reader may read; the file kept in their own
    exports folder has their own private notes (the shared Markdown leaves every one out)."""
    from mentortui.export import agreement_markdown
    from mentortui.export.meetings import own_private_notes
    from mentortui.model import meetings
    from mentortui.model.base import now

    store = Store(tmp_path)
    stored = store.create(Agreement(title="T", mentee=Party("Ana", handle="ana"), mentor=Party("Ben", handle="ben")))
    at = now()
    draft, meeting = meetings.start(stored, at)
    draft = meetings.add_note(draft, meeting.id, "BEN-SECRET", "ben", at, private=True)
    draft = meetings.add_note(draft, meeting.id, "ANA-OWN-PRIVATE", "ana", at, private=True)
    draft = meetings.add_note(draft, meeting.id, "shared words", "ana", at)
    shown = unsaved.unsaved_text(store, draft, "ana")
    assert "BEN-SECRET" not in shown and "ANA-OWN-PRIVATE" in shown and "shared words" in shown
    assert "BEN-SECRET" not in unsaved.unsaved_text(store, draft, "cora"), "nor to a coordinator"
    kept = own_private_notes(draft, "ana")
    assert "ANA-OWN-PRIVATE" in kept and "BEN-SECRET" not in kept
    assert "ANA-OWN-PRIVATE" not in agreement_markdown(draft), "the shared export still leaves it out"
    assert own_private_notes(draft, "cy") == ""


async def test_a_session_left_deleted_keeps_its_own_private_notes_in_the_file(tmp_path, quick_watch):
    from mentortui.screens.common.confirm import ConfirmScreen
    from mentortui.screens.meetings.log import MeetingLogScreen

    from .pilot import saved, type_text
    from .test_meetings import open_session
    from .test_session_deleted import ana_deletes, store_agreement

    agreement_id = store_agreement(tmp_path)
    app = MentorApp(tmp_path, user="ben")
    async with app.run_test(size=SIZE) as pilot:
        session = await open_session(pilot)
        await type_text(pilot, "p: BEN-PRIVATE-BEFORE\n")
        await saved(pilot)
        ana_deletes(tmp_path, agreement_id, session.meeting_id)
        await wait_for(pilot, lambda: session.meeting is None)
        await type_text(pilot, "p: BEN-PRIVATE-AFTER\n")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.drawn_at is not None)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingLogScreen))
    [kept] = (tmp_path / "exports" / "ben").glob("*-unsaved-*.md")
    text = kept.read_text()
    assert "BEN-PRIVATE-BEFORE" in text and "BEN-PRIVATE-AFTER" in text
