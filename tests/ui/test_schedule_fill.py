"""Pilot test of fill from frequency on an agreement that started in the past."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from textual.widgets import Static

from mentortui.app import MentorApp
from mentortui.model import Party, Schedule
from mentortui.screens.agreement.tentative import FillScheduleScreen
from mentortui.store import Store

from .pilot import SIZE, create_agreement, keys, open_step, rows_of, saved

#: The day the test runs on: five weeks after the agreement started.
TODAY = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


async def test_a_start_in_the_past_fills_from_today_on(tmp_path, viewer_zone):
    viewer_zone("UTC")
    agreement_id = create_agreement(
        tmp_path,
        mentee=Party("Ana"),
        mentor=Party("Ben"),
        start_date=date(2026, 11, 1),
        end_date=date(2027, 1, 31),
        schedule=Schedule(frequency="every two weeks", length_min_minutes=45, location="virtual"),
    )
    with time_machine.travel(TODAY, tick=False):
        app = MentorApp(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            step = await open_step(pilot, 3)
            step.query_one("#tentative_meetings").focus()
            await keys(pilot, "f")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, FillScheduleScreen)
            summary = str(dialog.query_one("#fill-summary", Static).render())
            assert "Add 4 meetings every two weeks from 2026-12-06 to 2027-01-31" in summary
            await keys(pilot, "ctrl+s")  # at the time offered: noon
            await pilot.pause()
            assert [row[0] for row in rows_of(step, "tentative_meetings")] == [
                "2026-12-13 12:00 UTC",
                "2026-12-27 12:00 UTC",
                "2027-01-10 12:00 UTC",
                "2027-01-24 12:00 UTC",
            ], "none before today; the start's rhythm kept"
            await saved(pilot)
    stored = Store(tmp_path).load(agreement_id)
    assert min(row.when for row in stored.tentative_meetings) > TODAY
