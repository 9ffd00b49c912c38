"""Tests that state reads without colour and that no must-have action needs Esc."""

from __future__ import annotations

from textual.app import App
from textual.strip import Strip

from mentortui.app import MentorApp
from mentortui.model import Agreement, MentorshipType, Party
from mentortui.screens.agreement.editor import AgreementEditor
from mentortui.screens.home.screen import HomeScreen
from mentortui.store import Store
from mentortui.widgets.tick_box import TickBox
from mentortui.widgets.tick_list import TickList


class Ticks(App):
    """A tick box and a tick list, to render."""

    def compose(self):
        yield TickBox("Agreed", value=True, id="on")
        yield TickBox("Not agreed", value=False, id="off")
        yield TickList(("peer", MentorshipType.PEER, True), ("local", MentorshipType.LOCAL), id="list")


def text(strip: Strip) -> str:
    """The characters of a rendered line."""
    return "".join(segment.text for segment in strip)


async def test_ticks_show_a_glyph_not_only_a_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = Ticks()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert "✓" in text(app.query_one("#on").render_line(0))
        assert "✓" not in text(app.query_one("#off").render_line(0))
        ticks = app.query_one("#list", TickList)
        assert "✓" in text(ticks.render_line(0)) and "✓" not in text(ticks.render_line(1))


async def test_the_editor_closes_without_esc(tmp_path):
    Store(tmp_path).create(Agreement(mentee=Party("Ana"), mentor=Party("Ben")))
    app = MentorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AgreementEditor)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
