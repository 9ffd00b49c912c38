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
