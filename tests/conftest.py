"""Shared fixtures (the viewer's time zone, quick polls), the pilot's waits, and -n auto's workers."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def viewer_zone(monkeypatch):
    """A function that makes a zone the viewer's local zone (TZ, then tzset) until the test ends."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def new_york(viewer_zone):
    """The viewer is in New York, where daylight saving starts on 2026-03-08."""
    viewer_zone("America/New_York")


@pytest.fixture(autouse=True)
def _pause_waits_for_screens_being_opened(monkeypatch):
    """`pilot.pause()` also waits while the app holds keys for a screen it is preparing.

    Opening an agreement reads it in a worker, and the keys typed meanwhile wait for its
    screen; a pause in a test means "once the app has done what the keys started".
    """
    import asyncio

    from textual.pilot import Pilot

    real_pause = Pilot.pause

    async def pause(self, delay=None):
        await real_pause(self, delay)
        for _ in range(500):
            app = self.app
            if not (getattr(app, "_holds", 0) or getattr(app, "_type_ahead", None)):
                break
            await asyncio.sleep(0.01)
        else:
            return
        await real_pause(self, None)

    monkeypatch.setattr(Pilot, "pause", pause)


@pytest.fixture(autouse=True)
def _questions_are_read_at_once(request, monkeypatch):
    """A pilot answers a question as soon as it is drawn, as no person can: the reading time
    a question waits for (mentortui.screens.common.confirm.READING_SECONDS) is 0 here, but
    in the tests marked ``reading_window``, which test it."""
    if request.node.get_closest_marker("reading_window") is None:
        from mentortui.screens.common import confirm

        monkeypatch.setattr(confirm, "READING_SECONDS", 0.0)


@pytest.fixture
def quick_watch(monkeypatch):
    """The app looks for others' saves every 50 ms (mentortui.app.WATCH_SECONDS, read when the
    app mounts), so a test sees another session's save without waiting out a 1 s poll."""
    from mentortui import app

    monkeypatch.setattr(app, "WATCH_SECONDS", 0.05)


@pytest.fixture
def quick_access_check(monkeypatch):
    """A served session checks every 50 ms that its person may still use the app
    (mentortui.app.ACCESS_CHECK_INTERVAL, read when the app mounts), not every second."""
    from mentortui import app

    monkeypatch.setattr(app, "ACCESS_CHECK_INTERVAL", 0.05)


@pytest.fixture(autouse=True)
def _press_waits_once_for_idle(monkeypatch):
    """`pilot.press` waits once per key for the process to look idle, not twice, and until the
    key has gone through the app's type-ahead.

    Textual sends each key, waits for idle, waits for animations, then waits for idle again:
    with no animation running the second wait is a 20 ms window that finds the process as
    idle as the first left it (a fifth of a pilot test's time). It still waits for
    animations, and for idle after them, when one is running.
    """
    import asyncio
    import unicodedata

    from textual import events
    from textual._wait import wait_for_idle
    from textual.app import App, _character_to_key, _get_unicode_name_from_key
    from textual.keys import REPLACED_KEYS

    real_press_keys = App._press_keys

    async def press_keys(self, keys):
        for key in keys:
            if key.startswith("wait:"):
                await real_press_keys(self, (key,))
                continue
            # The key event as Textual's App._press_keys builds it, sent by the driver.
            if len(key) == 1 and not key.isalnum():
                key = _character_to_key(key)
            original = REPLACED_KEYS.get(key, key)
            try:
                character = unicodedata.lookup(_get_unicode_name_from_key(original))
            except KeyError:
                character = key if len(key) == 1 else None
            event = events.Key(key, character)
            event.set_sender(self)
            self._driver.send_message(event)
            await wait_for_idle(0)
            # A key typed while the one before is still settling (a step being shown, the screen
            # being laid out) waits in the app's type-ahead for a few ms: pressed means handled.
            # Keys held for a screen being prepared (_holds) are left waiting: that is what the
            # type-ahead tests press keys into.
            for _ in range(200):
                if not getattr(self, "_type_ahead", None) or getattr(self, "_holds", 0):
                    break
                await asyncio.sleep(0.01)
            animator = self._animator
            if animator._animations or animator._scheduled or not animator._complete_event.is_set():
                await animator.wait_until_complete()
                await wait_for_idle(0)

    monkeypatch.setattr(App, "_press_keys", press_keys)


def pytest_xdist_auto_num_workers(config):
    """`-n auto` starts two workers per core (xdist's own: one per core).

    A pilot test spends about half its time waiting, not computing (idle windows after keys,
    saves in threads, child processes): with one worker per core the cores were half idle
    (tests/ui on 2 cores: 165 s with 2 workers, 120 s with 4; tests/unit and tests/serve, which
    compute, 27 s and 30 s). PYTEST_XDIST_AUTO_NUM_WORKERS, when set, decides as before.
    """
    import os

    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 * cores
