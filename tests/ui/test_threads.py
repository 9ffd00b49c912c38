"""The list screen never reads the disk on the UI thread: listing, loading each agreement for
its dashboard and watching for others' changes all run in workers, and keys typed while the
list is being read act on the list once it is there."""

from __future__ import annotations

import asyncio
import threading
import traceback

from textual.css.query import NoMatches

from mentortui.app import MentorApp
from mentortui.model import Agreement, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.store import Store

from .pilot import SIZE, rows_of, saved
from .test_typing import burst, wait_for


def on_ui_thread(monkeypatch) -> list[str]:
    """Names of the store's reads that ran on the main (UI) thread."""
    seen: list[str] = []
    for name in ("list_agreements", "load", "_read", "list_stamp", "stamp"):
        real = getattr(Store, name)

        def spy(self, *args, _real=real, _name=name, **kwargs):
            if threading.current_thread() is threading.main_thread():
                seen.append(f"{_name} from {traceback.extract_stack(limit=3)[0].name}")
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, spy)
    return seen


async def test_listing_dashboards_and_watching_run_off_the_ui_thread(tmp_path, monkeypatch):
    store = Store(tmp_path)
    ids = [store.create(Agreement(title=f"Pair {n}", mentee=Party("Ana"), mentor=Party("Ben"))).id for n in range(5)]
    seen = on_ui_thread(monkeypatch)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [r[0] for r in rows_of(screen, "agreements")] == [f"Pair {n}" for n in range(5)]
        await asyncio.to_thread(  # someone else, in another process as far as the app knows
            Store(tmp_path, user="ben").update, ids[2], lambda a: a.edit(title="Pair 2 renamed")
        )
        await wait_for(pilot, lambda: "Pair 2 renamed" in [r[0] for r in rows_of(screen, "agreements")])
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        await pilot.press("escape")
        await saved(pilot)
        assert app.screen is screen
    assert seen == [], f"read on the UI thread: {sorted(set(seen))}"


async def test_keys_typed_while_the_list_is_read_act_on_it_once_there(tmp_path, monkeypatch):
    store = Store(tmp_path)
    for n in range(3):
        store.create(Agreement(title=f"Pair {n}", mentee=Party("Ana"), mentor=Party("Ben")))
    gate = threading.Event()
    real = Store.list_agreements

    def slow(self, *args, **kwargs):  # a busy host: reading the agreements takes a while
        gate.wait(5)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "list_agreements", slow)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, "", "down", "down")  # typed before the list is there
        burst(pilot, "o")
        await asyncio.sleep(0.3)  # (pilot.pause would wait for the list)
        assert not isinstance(app.screen, AgreementEditor)
        gate.set()
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditor))
        assert app.screen.base.title == "Pair 2"


async def test_the_list_and_its_dashboards_come_from_the_index_not_the_agreements(tmp_path, monkeypatch):
    store = Store(tmp_path)
    for n in range(4):
        store.create(Agreement(title=f"Pair {n}", mentee=Party("Ana"), mentor=Party("Ben")))
    reads: list[str] = []
    real = Store._read
    monkeypatch.setattr(Store, "_read", lambda self, path: reads.append(path.name) or real(self, path))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = rows_of(app.screen, "agreements")
        assert [r[0] for r in rows] == [f"Pair {n}" for n in range(4)]
        assert all(r[6] == "⚠1" for r in rows)  # each draft waits for signatures
        assert "not signed yet" in str(app.screen.query_one("#dashboard-text").render())
        assert reads == [], "no agreement is read to draw the list"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor) and len(reads) == 1  # opening reads it


async def test_a_change_that_keeps_the_rows_updates_cells_not_the_whole_table(tmp_path):
    store = Store(tmp_path)
    ids = [store.create(Agreement(title=f"Pair {n}", mentee=Party("Ana"), mentor=Party("Ben"))).id for n in range(3)]
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.table
        cleared = []
        real = table.clear
        table.clear = lambda *a, **k: cleared.append(1) or real(*a, **k)
        other = Store(tmp_path, user="ben")
        await asyncio.to_thread(other.update, ids[1], lambda a: a.edit(title="Pair 1, renamed"))
        await wait_for(pilot, lambda: [r[0] for r in rows_of(screen, "agreements")][1] == "Pair 1, renamed")
        assert cleared == [], "same rows in the same order: cells updated in place"
        await asyncio.to_thread(other.create, Agreement(title="Pair 0a", mentee=Party("Ana"), mentor=Party("Ben")))
        await wait_for(pilot, lambda: len(rows_of(screen, "agreements")) == 4)
        assert cleared and [r[0] for r in rows_of(screen, "agreements")] == [
            "Pair 0",
            "Pair 0a",
            "Pair 1, renamed",
            "Pair 2",
        ]


async def test_a_long_list_shows_its_first_rows_first_and_keys_act_on_the_whole(tmp_path, monkeypatch):
    from mentortui.screens.home import screen as home

    monkeypatch.setattr(home, "FIRST_ROWS", 3)
    monkeypatch.setattr(home, "ROWS_AT_A_TIME", 4)
    store = Store(tmp_path)
    for n in range(15):
        store.create(Agreement(title=f"Pair {n:02d}", mentee=Party("Ana"), mentor=Party("Ben")))
    gate = threading.Event()
    real = home.changed_cells
    calls = []

    def rows_after_the_first(*args):  # a busy host: the rest of the rows take a while
        calls.append(1)
        if len(calls) == 2:
            gate.wait(30)  # until the test lets it go (5 s ran out on a loaded host first)
        return real(*args)

    monkeypatch.setattr(home, "changed_cells", rows_after_the_first)
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, "o", *["down"] * 9)  # typed while the list is read and drawn

        def first_rows() -> list[str]:
            try:
                return [r[0] for r in rows_of(app.screen, "agreements")]
            except NoMatches:  # the list is not mounted yet
                return []

        try:
            await wait_for(pilot, lambda: first_rows() == ["Pair 00", "Pair 01", "Pair 02"])
        except AssertionError:
            gate.set()
            raise
        await asyncio.sleep(0.3)  # the list held at its first rows a while: the keys still wait
        assert first_rows() == ["Pair 00", "Pair 01", "Pair 02"]
        assert not isinstance(app.screen, AgreementEditor), "the keys wait for the whole list"
        gate.set()
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditor))
        assert app.screen.base.title == "Pair 09"
        await pilot.press("escape")
        await saved(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: len(rows_of(screen, "agreements")) == 15)
        assert [r[0] for r in rows_of(screen, "agreements")] == [f"Pair {n:02d}" for n in range(15)]
        assert screen.selected_id == next(s.id for s in screen.summaries if s.title == "Pair 09")
        assert all(r[6] == "⚠1" for r in rows_of(screen, "agreements"))  # every row's dashboard came


async def test_a_save_refused_because_the_other_party_closed_it_reloads_off_the_ui_thread(tmp_path, monkeypatch):
    from datetime import date

    from mentortui.model.base import now
    from mentortui.model.lifecycle import terminate
    from mentortui.screens.meetings.log import MeetingLogScreen

    store = Store(tmp_path)
    created = store.create(Agreement(title="Pair", mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, MeetingLogScreen)
        Store(tmp_path, user="ben").update(created.id, lambda a: terminate(a, date.today(), "ben", now(), "moved"))
        seen = on_ui_thread(monkeypatch)
        burst(pilot, "s")  # start a meeting: refused, the agreement was closed meanwhile
        await wait_for(
            pilot, lambda: any("read-only" in str(n.message) or "reopen" in str(n.message) for n in app._notifications)
        )
        await wait_for(pilot, lambda: log.base.status.value == "terminated")
        assert seen == [], f"read on the UI thread: {sorted(set(seen))}"
    assert not Store(tmp_path).load(created.id).meetings


def test_no_worker_describes_itself_by_its_arguments():
    """Textual names a worker by the repr of its arguments unless given a description: with
    2,000 summaries that repr took 200 ms on the UI thread every second (measured)."""
    import ast
    from pathlib import Path

    import mentortui

    missing = []
    for path in Path(mentortui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            is_work = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "work"
            if is_work and not any(k.arg == "description" for k in node.keywords):
                missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


def test_the_other_screens_are_imported_in_the_background_once_the_list_is_drawn(tmp_path):
    """In a fresh interpreter (the pilot's process has imported everything already): the list
    imports none of the screens it opens, nor TextArea (12 ms); the background import brings in
    every one."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import asyncio, sys
        from pathlib import Path
        from mentortui.app import MentorApp
        from mentortui.screens.home.screen import LATER_SCREENS
        names = [f"mentortui.screens.{{n}}" for n in LATER_SCREENS]
        async def main():
            app = MentorApp(Path({str(tmp_path)!r}))
            async with app.run_test() as pilot:
                await pilot.pause()
                print("text area", "textual.widgets._text_area" in sys.modules)
                print("before", sorted(n for n in names if n in sys.modules))
                app.screen._import_screens()
                await app.workers.wait_for_complete()
                print("after", sorted(n for n in names if n not in sys.modules))
        asyncio.run(main())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    text_area, before, after = done.stdout.strip().splitlines()[-3:]
    assert text_area == "text area False", text_area
    assert "mentortui.screens.agreement.editor" not in before and "mentortui.screens.timeline.screen" not in before, (
        before
    )
    assert after == "after []", after


async def test_a_prefetched_listing_is_drawn_in_the_first_frame_and_keys_act_on_all_of_it(tmp_path, monkeypatch):
    """The listing a child read while the app was imported: the list shows it without
    listing again, its first screenful from the screen's mount, the rest from a worker, and
    keys typed meanwhile wait for the whole list."""
    import os
    import pickle

    from mentortui.model.base import now
    from mentortui.screens.home import screen as home
    from mentortui.store.prefetch import Prefetch

    monkeypatch.setattr(home, "FIRST_ROWS", 3)
    store = Store(tmp_path)
    for n in range(12):
        store.create(Agreement(title=f"Pair {n:02d}", mentee=Party("Ana"), mentor=Party("Ben")))
    at = now()
    listed = store.list_agreements(at, None, digests_later=True)
    read, write = os.pipe()
    os.write(write, pickle.dumps((listed, *store.kept_listing(), [])))
    os.close(write)
    prefetch = Prefetch(0, read, at, None)
    listings = []
    real = Store.list_agreements
    monkeypatch.setattr(Store, "list_agreements", lambda self, *a, **k: listings.append(1) or real(self, *a, **k))
    mounted = home.HomeScreen.on_mount
    at_mount = []

    def on_mount(screen) -> None:  # the screen's mount comes before its first frame
        mounted(screen)
        at_mount.append(screen.table.row_count)

    monkeypatch.setattr(home.HomeScreen, "on_mount", on_mount)
    app = MentorApp(tmp_path, user="ana", prefetch=prefetch)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, "o", *["down"] * 8)  # typed while the list is drawn
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementEditor))
        assert app.screen.base.title == "Pair 08", "the keys acted on the whole list"
        assert at_mount == [3], f"the first screenful in the table before the first frame: {at_mount}"
        assert not listings, "the prefetched listing was used, not listed again"
        await pilot.press("escape")
        await saved(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: len(rows_of(screen, "agreements")) == 12 and bool(listings))
        assert all(r[6] == "⚠1" for r in rows_of(screen, "agreements")), "every row's dashboard came"


async def test_while_the_first_listing_is_read_the_list_says_so_not_that_there_are_none(tmp_path, monkeypatch):
    """A first start reads every file (seconds with 2,000): meanwhile "Reading", never "No
    agreements yet" (the screen's first resize used to say that before any listing came)."""
    from textual.widgets import Static

    Store(tmp_path).create(Agreement(title="Pair 0", mentee=Party("Ana"), mentor=Party("Ben")))
    real = Store.list_agreements
    app = MentorApp(tmp_path, user="ana")
    said = []

    def slow(self, *args, **kwargs):  # what the screen says while this listing is read
        def look() -> None:
            empty = app.screen.query_one("#empty", Static)
            said.append((empty.display, str(empty.render())))

        app.call_from_thread(look)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "list_agreements", slow)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: [r[0] for r in rows_of(app.screen, "agreements")] == ["Pair 0"])
    assert said and said[0] == (True, "Reading the agreements…"), said


async def test_a_screen_opened_without_its_agreement_does_not_read_it_on_the_ui_thread(tmp_path):
    """Every opener reads the agreement in a worker and hands it over (`opened_with`); a screen
    opened without it says so, instead of opening the file on the UI thread."""
    import pytest

    from mentortui.screens.meetings.log import MeetingLogScreen

    created = Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    screen = MeetingLogScreen(created.id)
    with pytest.raises(RuntimeError, match="opened without its agreement"):
        screen.load()
    assert screen.opened_with(created).load() and screen.agreement is not None
