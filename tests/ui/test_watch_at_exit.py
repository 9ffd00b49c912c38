"""The app's watch for others' saves is a timer: a tick that comes when no screen is left (at
exit, or before the first one) does nothing, instead of raising ScreenStackError."""

from __future__ import annotations

from mentortui.app import MentorApp


def test_a_watch_tick_with_no_screen_does_nothing(tmp_path):
    app = MentorApp(tmp_path)
    assert not app.screen_stack
    app._watch()  # raised ScreenStackError ("No screens on stack") before the guard


async def test_an_app_watching_every_50_ms_quits_cleanly(tmp_path, quick_watch):
    app = MentorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("q")
    assert app.return_code == 0
