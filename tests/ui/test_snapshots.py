"""Snapshot tests (pytest-textual-snapshot): what each main screen draws at 80x24.

Each test opens a screen the way a person does (keys through the pilot), with the clock
frozen (time-machine) at 2026-03-02 12:00 UTC, the viewer in UTC and the cursor blink off, and
compares the picture with the SVG kept in ``__snapshots__/``. After a change that is meant to
alter a screen, look at the new picture and accept it with ``pytest --snapshot-update``; the
report (``snapshot_report.html``) shows both pictures when one differs.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from textual.widgets import Input, TextArea

from mentortui.app import MentorApp
from mentortui.model import Party
from mentortui.model.sample import sample_agreement
from mentortui.store import Store

from .pilot import SIZE, workers_done

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(viewer_zone):
    """The clock stands at NOW (time.monotonic, which Textual's timers use, still runs)."""
    viewer_zone("UTC")
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def app(tmp_path, frozen) -> MentorApp:
    """An app over a data dir of two agreements: the full sample one and a second."""
    store = Store(tmp_path / "data", user="ana")
    store.create(sample_agreement(meetings=3))
    store.create(
        sample_agreement(meetings=0).edit(
            title="Leadership, second year", mentee=Party("Cy Ortega", handle="cy"), goals=()
        )
    )
    return MentorApp(tmp_path / "data")


def keys_then_still(*keys: str):
    """A run_before for snap_compare: press the keys, let every worker finish, stop the blink."""

    async def run(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await workers_done(pilot.app)
            await pilot.pause()
        for widget in (*pilot.app.screen.query(Input), *pilot.app.screen.query(TextArea)):
            widget.cursor_blink = False
        await pilot.pause()

    return run


def test_the_home_list(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_still())


@pytest.mark.parametrize(
    "steps",
    [0, 1, 2, 3, 4],
    ids=["parties", "goals", "schedule", "hopes-and-values", "review-and-sign"],
)
def test_each_agreement_step(snap_compare, app, steps):
    keys = ("enter", *["ctrl+n"] * steps)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_still(*keys))


def test_the_meeting_log(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_still("m"))


def test_a_live_session(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_still("m", "s"))


def test_the_timeline(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_still("t"))
