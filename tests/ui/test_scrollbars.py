"""A container that needs a scrollbar has it in the first frame it is drawn in (`mentortui.scrollbars`)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from mentortui import scrollbars
from mentortui.widgets.safe_text import SafeTextArea


class Long(App[None]):
    CSS = "#area { height: 5; }"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroll"):
            yield Static("\n".join(f"line {i}" for i in range(100)), id="text")
        yield SafeTextArea("A long line of text. " * 400, id="area")


async def frames_of(app: Long) -> list[tuple[int, bool, bool]]:
    """For each frame drawn: the text's width, and whether each scrollbar was drawn in it."""
    frames: list[tuple[int, bool, bool]] = []
    display = app._display

    def recorded(screen, renderable) -> None:
        if renderable is not None:
            drawn = screen._compositor.visible_widgets
            scroll, area = screen.query_one("#scroll"), screen.query_one("#area")
            frames.append(
                (
                    screen.query_one("#text").size.width,
                    scroll._vertical_scrollbar is not None and scroll._vertical_scrollbar in drawn,
                    area._vertical_scrollbar is not None and area._vertical_scrollbar in drawn,
                )
            )
        display(screen, renderable)

    app._display = recorded
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
    return frames


@pytest.fixture
def textuals_own():
    scrollbars.uninstall()
    yield
    scrollbars.install()


async def test_the_first_frame_has_the_scrollbars_and_the_text_laid_out_beside_them():
    scrollbars.install()
    frames = await frames_of(Long())
    assert frames[0] == (78, True, True)
    assert set(frames) == {(78, True, True)}, "no frame without them"


async def test_textual_alone_draws_them_a_frame_later(textuals_own):
    # What the module is for: without it the first frame has the text at full width.
    frames = await frames_of(Long())
    assert frames[0][:2] == (80, False) and frames[-1] == (78, True, True)


async def test_a_scrollbar_drawn_again_in_the_same_state_is_the_same_and_a_new_state_is_drawn_anew():
    from textual.geometry import Region

    scrollbars.install()
    app = Long()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.query_one("#scroll")
        bar = scroll.vertical_scrollbar
        crop = Region(0, 0, bar.size.width, bar.size.height)

        def textuals() -> list:
            return scrollbars._render_lines(bar, crop)

        first = bar.render_lines(crop)
        assert bar.render_lines(crop) is first, "kept"
        assert first == textuals()
        for change in (
            lambda: scroll.scroll_to(y=40, animate=False),
            lambda: setattr(bar, "mouse_over", True),
            lambda: setattr(app, "theme", "textual-light"),
        ):
            change()
            await pilot.pause()
            drawn = bar.render_lines(crop)
            assert drawn == textuals() and drawn != first, "drawn anew for a new state"
