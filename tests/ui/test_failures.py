"""Pilot tests of failures an operator meets: a full disk, a folder where a file should be, an
unreadable file, a damaged agreement with no index, a busy index lock, the trash.

Each one is a sentence on screen, the app goes on, and what was typed stays.
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.home.screen import HomeScreen
from mentortui.screens.home.trash import TrashScreen
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.screens.meetings.session import SessionScreen
from mentortui.store import Store

from .pilot import SIZE, answer, rows_of, saved, type_text, workers_done
from .test_typing import burst, open_editor_on, wait_for


async def until_read(pilot) -> None:
    """Wait until what a key set off is read (its worker done) and its result handled."""
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def pair(title: str = "Ana ↔ Ben") -> Agreement:
    return Agreement(title=title, mentee=Party("Ana Silva", handle="ana"), mentor=Party("Ben Okafor", handle="ben"))


def notifications(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def create_by_keys(pilot) -> None:
    """n, the two names, ctrl+s: a new agreement; then esc back to the list."""
    await pilot.press("n")
    await pilot.pause()
    await type_text(pilot, "Cy")
    await pilot.press("tab")
    await type_text(pilot, "Dee")
    await pilot.press("ctrl+s")
    await saved(pilot)
    await pilot.press("escape")
    await saved(pilot)


def home_rows(app) -> list[list[str]]:
    assert isinstance(app.screen, HomeScreen), getattr(app.screen, "question", app.screen)
    return rows_of(app.screen, "agreements")


# -- a small disk that fills up ------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs for the data dir (skipped where this machine cannot mount one)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({done.stderr.strip()}); test_typing fakes ENOSPC")
    try:
        yield mount / "data"
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path) -> Path:
    """Fill the disk ``disk`` is on to the last byte; the file that does it."""
    filler = disk.parent / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


async def test_a_full_disk_while_typing_keeps_the_text_says_so_and_saves_once_freed(small_disk):
    created = Store(small_disk).create(pair())
    app = MentorApp(small_disk, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        filler = fill(small_disk)
        await pilot.press("end")
        burst(pilot, " kept while the disk is full")
        await wait_for(pilot, lambda: bool(editor.saver.failing))
        status = str(editor.query_one("#save-status").render())
        assert "Not saved, retrying" in status and "the disk is full" in status, status
        assert status.rstrip().endswith("free some space"), status  # whole at 80 columns
        assert editor.query_one("#title", Input).value == "Ana ↔ Ben kept while the disk is full"
        filler.unlink()
        await wait_for(pilot, lambda: editor.saver.idle and not editor.saver.failing)
        assert app.is_running and app.return_code is None
    assert Store(small_disk).load(created.id).title == "Ana ↔ Ben kept while the disk is full"


async def test_a_full_disk_during_a_session_keeps_the_note_and_saves_it_once_freed(small_disk):
    created = Store(small_disk).create(pair())
    app = MentorApp(small_disk, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingLogScreen)
        await pilot.press("s")
        await saved(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        filler = fill(small_disk)
        await type_text(pilot, "Noted on a full disk\n")
        await pilot.pause(0.3)
        assert "Noted on a full disk" in str(session.query_one("#entries").render())
        assert "free some space" in notifications(app)
        filler.unlink()
        await saved(pilot)
        assert app.is_running
    [meeting] = Store(small_disk).load(created.id).meetings
    assert [n.text for n in meeting.notes] == ["Noted on a full disk"]


# -- files that are not what they should be ------------------------------------------------------


async def test_an_agreement_file_that_is_a_folder_is_a_row_and_opening_it_says_why(tmp_path):
    store = Store(tmp_path)
    good = store.create(pair("Good"))
    bad = store.create(pair("Bad"))
    store.list_agreements()
    path = store.path_of(bad.id)
    path.unlink()
    path.mkdir()
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = {row[0]: row for row in home_rows(app)}
        assert set(rows) == {"Good", "Bad"}
        assert rows["Bad"][4] == "damaged" and rows["Good"][4] == "draft"
        table = app.screen.query_one("#agreements", DataTable)
        table.move_cursor(row=table.get_row_index(bad.id))
        await pilot.press("o")
        await until_read(pilot)
        said = notifications(app)
        assert str(path) in said and "it is a folder" in said and "move it aside" in said
        assert isinstance(app.screen, HomeScreen) and app.is_running
        table.move_cursor(row=table.get_row_index(good.id))
        await pilot.press("o")
        await until_read(pilot)
        assert app.screen.base.id == good.id  # the rest works


async def test_an_index_that_is_a_folder_still_lists_every_agreement(tmp_path):
    store = Store(tmp_path)
    ids = {store.create(pair(f"Pair {n}")).id for n in range(3)}
    store.index_path.unlink()
    store.index_path.mkdir()
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {row[0] for row in home_rows(app)} == {"Pair 0", "Pair 1", "Pair 2"}
        await create_by_keys(pilot)  # and creating still works
        assert len(home_rows(app)) == 4 and app.is_running
    assert {s.id for s in Store(tmp_path).list_agreements()} > ids


async def test_an_unreadable_agreement_is_a_row_naming_it_not_a_crash(tmp_path, monkeypatch):
    store = Store(tmp_path)
    bad = store.create(pair("Locked away"))
    path = store.path_of(bad.id)
    real = Path.read_bytes

    def read_bytes(self):  # what a file of another owner, mode 0600, gives a normal user
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    path.chmod(0o600)  # what the chmod to another owner changes on disk: the file's ctime
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [row] = home_rows(app)
        assert row[0] == "Locked away" and row[4] == "damaged"
        await pilot.press("o")
        await until_read(pilot)
        said = notifications(app)
        assert str(path) in said and "permission denied" in said and "chmod 600" in said
        assert app.is_running


async def test_a_damaged_agreement_with_its_index_deleted_is_still_listed(tmp_path):
    store = Store(tmp_path)
    store.create(pair("Fine"))
    bad = store.create(pair("Torn"))
    store.path_of(bad.id).write_text("{torn")
    store.index_path.unlink()
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = home_rows(app)
        assert sorted(r[4] for r in rows) == ["damaged", "draft"]
        assert any(f"{bad.id}.json" in r[0] for r in rows)  # no title known: its file's name


# -- the index lock busy while creating ------------------------------------------------------------


async def test_creating_while_the_index_lock_is_held_creates_and_lists_it(tmp_path):
    store = Store(tmp_path)
    store.create(pair("Before"))
    fd = os.open(tmp_path / "index.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process busy with the index
    try:
        app = MentorApp(tmp_path, user="ana")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await create_by_keys(pilot)
            assert "Not created" not in notifications(app)
            # Each listing waits INDEX_WAIT for the lock before it gives up writing the index:
            # on a busy host the last one may still be on its way.
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and len(home_rows(app)) == 2)
            assert [row[0] for row in home_rows(app)] == ["Before", "Cy ↔ Dee"], notifications(app)
    finally:
        os.close(fd)
    assert len(Store(tmp_path).list_agreements()) == 2


# -- the trash -----------------------------------------------------------------------------------


async def test_delete_then_restore_from_the_trash_by_keys(tmp_path):
    store = Store(tmp_path)
    kept = store.create(pair("Keep me"))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await answer(pilot, "y")  # y: the confirm dialog's Delete
        await saved(pilot)
        assert not app.screen.summaries
        assert not (tmp_path / "agreements" / f"{kept.id}.json.lock").exists()
        await pilot.press("u")
        await until_read(pilot)
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        [row] = rows_of(trash, "trash")
        assert row[1] == "Keep me"
        await pilot.press("r")
        await saved(pilot)
        assert rows_of(trash, "trash") == []
        await pilot.press("escape")
        await pilot.pause()
        assert [r[0] for r in home_rows(app)] == ["Keep me"]
    assert Store(tmp_path).load(kept.id).title == "Keep me"


async def test_the_trash_shows_a_person_only_what_they_could_see(tmp_path):
    store = Store(tmp_path)
    from mentortui.model.people import Person, PersonRole

    store.people.put(Person("ana", "Ana Silva", PersonRole.MENTEE))
    store.people.put(Person("cy", "Cy Dee", PersonRole.MENTEE))
    mine = store.create(pair("Mine"))
    theirs = store.create(Agreement(title="Theirs", mentee=Party("Cy Dee", handle="cy"), mentor=Party("Ed")))
    store.delete(mine.id)
    store.delete(theirs.id)
    app = MentorApp(tmp_path, user="ana", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await until_read(pilot)
        assert [row[1] for row in rows_of(app.screen, "trash")] == ["Mine"]


# -- others' changes -----------------------------------------------------------------------------


async def test_notes_logged_from_the_cli_are_said_once_in_the_status_line_not_as_toasts(tmp_path, quick_watch):
    from mentortui.model import meetings, now

    created = Store(tmp_path).create(pair())
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor_on(pilot, created.id)
        other = Store(tmp_path, user="ben")
        for n in range(5):

            def note(agreement, n=n):
                at = now()
                agreement, meeting = meetings.start(agreement, at)
                return meetings.add_note(agreement, meeting.id, f"note {n}", "ben", at)

            other.update(created.id, note)
            await pilot.pause(0.15)  # three looks at the disk (quick_watch): each note seen on its own
        await wait_for(pilot, lambda: editor.base.revision == 6)
        await pilot.pause(0.3)  # six more looks: nothing more is said
        assert list(app._notifications) == []
        assert "ben changed" in str(editor.query_one("#save-status").render())


async def test_a_long_trash_fits_the_width_beside_its_scrollbar(tmp_path):
    """More deleted agreements than the screen shows: the scrollbar takes two columns and
    every column still fits (no sideways scrollbar)."""
    store = Store(tmp_path)
    for n in range(30):
        store.delete(store.create(pair(f"Deleted {n}")).id)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await until_read(pilot)
        table = app.screen.query_one("#trash")
        assert table.row_count == 30 and table.show_vertical_scrollbar
        assert not table.show_horizontal_scrollbar
        # The table scrolls within the screen: its last row, chosen, is above the footer.
        await pilot.press("end")
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        assert table.region.bottom <= footer.region.y and not app.screen.show_vertical_scrollbar
        assert table.cursor_row == 29
        drawn = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("Deleted 0" in line for line in drawn[:-1]), "the last row (the first deleted) shows"
