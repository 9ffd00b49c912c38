"""A served terminal is as large as the client asks, within bounds (mentortui.sizes), over SSH and
from a browser."""

from __future__ import annotations

import os

import pytest

from mentortui.serve.pty_session import PtyProcess
from mentortui.sizes import MAX_COLUMNS, MAX_ROWS, fitted


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ((80, 24), (80, 24)),
        ((70000, 24), (MAX_COLUMNS, 24)),
        ((20000, 20000), (MAX_COLUMNS, MAX_ROWS)),
        ((0, -3), (1, 1)),
    ],
)
def test_a_size_asked_for_is_fitted(asked, given):
    assert fitted(*asked) == given


async def test_a_terminal_of_70000_columns_starts_at_the_largest_size_and_resizes_within_it():
    process = await PtyProcess.start(["sleep", "5"], dict(os.environ), 70000, 24)
    try:
        assert process.size() == (MAX_COLUMNS, 24)
        process.resize(20000, 20000)
        assert process.size() == (MAX_COLUMNS, MAX_ROWS)
        process.resize(100, 30)
        assert process.size() == (100, 30)
    finally:
        await process.terminate(0.5)
        process.close()


class _App:
    """What the browser driver posts its events to."""

    def __init__(self) -> None:
        self.posted: list[object] = []

    def post_message(self, message: object) -> None:
        self.posted.append(message)


def test_a_browser_tab_is_held_to_the_largest_size_and_a_size_that_is_no_number_is_ignored(monkeypatch):
    from textual import events
    from textual.drivers.web_driver import WebDriver

    from mentortui import sizes

    monkeypatch.setattr(WebDriver, "on_meta", WebDriver.on_meta)  # put back after the test
    monkeypatch.setenv("COLUMNS", "100000")
    monkeypatch.setenv("ROWS", "24")
    sizes.install()
    assert (os.environ["COLUMNS"], os.environ["ROWS"]) == (str(MAX_COLUMNS), "24")

    driver = WebDriver.__new__(WebDriver)  # its state, without starting its threads
    driver._app = _App()
    driver.on_meta("resize", {"width": 100000, "height": 100000})
    driver.on_meta("resize", {"width": "80; touch /tmp/x", "height": 24})  # crashed the app before
    driver.on_meta("resize", {"width": 100, "height": 30})
    assert [(e.size.width, e.size.height) for e in driver._app.posted if isinstance(e, events.Resize)] == [
        (MAX_COLUMNS, MAX_ROWS),
        (100, 30),
    ]
