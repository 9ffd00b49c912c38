"""The keys panel (the palette's "Keys"): Escape closes it, and does only that."""

from __future__ import annotations

from mentortui.app import MentorApp
from mentortui.model.sample import sample_agreement
from mentortui.screens.meetings.log import MeetingLogScreen
from mentortui.store import Store

from .pilot import SIZE


async def test_escape_closes_the_keys_panel_first_then_goes_back_as_before(tmp_path):
    Store(tmp_path).create(sample_agreement())
    app = MentorApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, MeetingLogScreen)
        app.action_show_help_panel()
        await pilot.pause()
        assert log.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is log and not log.query("HelpPanel"), "closed the panel, stayed on the log"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingLogScreen), "Escape goes back as before"
