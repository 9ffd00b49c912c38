"""Notices: the same one again replaces the one shown, instead of stacking over the screen."""

from __future__ import annotations

from mentortui.app import MentorApp

from .pilot import SIZE


async def test_the_same_notice_twice_is_shown_once_and_others_stay(tmp_path):
    app = MentorApp(tmp_path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):  # a save retried every second, each saying why
            app.notify("Not saved yet: the disk is full.", title="Not saved yet", severity="warning")
        app.notify("Saved.", title="Saved")
        await pilot.pause()
        said = sorted(n.message for n in app._notifications)  # what the toasts show
        assert said == ["Not saved yet: the disk is full.", "Saved."]
