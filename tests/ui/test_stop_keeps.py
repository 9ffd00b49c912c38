"""Stopping while something typed cannot be saved (the disk full, a lock held, a conflict
unsettled) keeps it: the agreement as it was on screen goes to the person's exports folder,
and the exit says where, with status 1."""

from __future__ import annotations

import errno
from functools import partial

from mentortui import app as app_module
from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.common.saving import save_everything
from mentortui.store import Store, atomic

from .pilot import SIZE
from .test_typing import burst, open_editor_on, wait_for


def kept_files(data_dir) -> list:
    return sorted((data_dir / "exports").rglob("*-unsaved-*.md"))


async def test_stopping_while_the_disk_is_full_keeps_what_was_typed_and_says_where(tmp_path, monkeypatch, capsys):
    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "write_atomically", full)
    monkeypatch.setattr(app_module, "save_everything", partial(save_everything, timeout=1.0))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        burst(pilot, "Typed while full")
        await wait_for(pilot, lambda: bool(editor.saver.failing))
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
    tries: list[str] = []

    def full(path, text):
        tries.append(text)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "write_atomically", full)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        burst(pilot, "Typed while full")
        await wait_for(pilot, lambda: bool(editor.saver.failing))
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
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        await pilot.press("s")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        burst(pilot, "a note while full\n")
        await wait_for(pilot, lambda: bool(session.saver.failing))
        await pilot.press("escape")  # back to the log, then the list: the session is closed
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert session not in app.screen_stack
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
        await wait_for(pilot, lambda: not editor.saver.failing and editor.saver.idle, seconds=8)
    assert Store(tmp_path).load(created.id).title == "Kept still typed"
