"""Shared fixtures: the viewer's time zone, set through TZ for one test and restored after."""

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


@pytest.fixture
def quick_watch(monkeypatch):
    """The app looks for others' saves every 50 ms (mentortui.app.WATCH_SECONDS, read when the
    app mounts), so a test sees another session's save without waiting out a 1 s poll.

    The app's watch reads ``self.screen`` before anything else, and a tick that falls after
    the last screen is gone at exit raises ScreenStackError (a race of the app's own; at 1 s
    it is rarely met, at 50 ms now and then): here a tick with no screen does nothing.
    """
    from mentortui import app

    monkeypatch.setattr(app, "WATCH_SECONDS", 0.05)
    watch = app.MentorApp._watch

    def _watch(self) -> None:
        if self._screen_stack:
            watch(self)

    monkeypatch.setattr(app.MentorApp, "_watch", _watch)


@pytest.fixture
def quick_access_check(monkeypatch):
    """A served session checks every 50 ms that its person may still use the app
    (mentortui.app.ACCESS_CHECK_INTERVAL, read when the app mounts), not every second."""
    from mentortui import app

    monkeypatch.setattr(app, "ACCESS_CHECK_INTERVAL", 0.05)
