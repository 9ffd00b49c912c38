"""The footer: one widget drawing the keys Textual's footer would show, redrawn when they change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from mentortui.widgets.footer import Footer


class Keys(App[None]):
    BINDINGS = [
        Binding("f5", "send", "Send"),
        Binding("f6", "other", "Other"),
        Binding("f7", "other", "Other again"),
        Binding("f8", "hidden", "Hidden", show=False),
    ]
    can_send = True
    sent = 0

    def __init__(self, footer) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return (True if self.can_send else None) if action == "send" else True

    def action_send(self) -> None:
        self.sent += 1

    def action_other(self) -> None: ...

    def action_hidden(self) -> None: ...


async def textual_keys(compact: bool) -> list[tuple[str, str, bool]]:
    """What Textual's own footer shows in the same app: (key, description, enabled)."""
    app = Keys(TextualFooter(compact=compact))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        return [(k.key, k.description, not k.has_class("-disabled")) for k in keys]


@pytest.mark.parametrize("compact", [True, False], ids=["compact", "wide"])
async def test_it_shows_the_keys_textuals_footer_shows_and_draws_each_where_it_says(compact):
    expected = await textual_keys(compact=compact)
    app = Keys(Footer(compact=compact))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = app.query_one(Footer)
        assert [(k.key, k.description, k.enabled) for k in footer.keys] == expected
        line = footer.render_line(0).text
        assert len(line) == 80
        for key in footer.keys:  # Textual's paddings: none when compact, a space each side else
            drawn = f"{key.display} {key.description}" if compact else f" {key.display} {key.description} "
            assert line[key.start : key.end] == drawn, (line, key)
        assert footer.keys[-1].palette and footer.keys[-1].end <= 80, "the palette's key at the right edge"
        assert line.rstrip().endswith(f"{footer.keys[-1].display} {footer.keys[-1].description}")
        assert "Hidden" not in line and "Other again" not in line


async def test_a_change_of_keys_redraws_it_and_focus_moving_does_not():
    app = Keys(Footer(compact=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        first = footer.keys
        redraws = []
        real = footer.refresh
        footer.refresh = lambda *a, **k: redraws.append(1) or real(*a, **k)
        for _ in range(3):  # each focus change updates the bindings; the keys are the same
            await pilot.press("tab")
            await pilot.pause()
        assert footer.keys == first and not redraws, "redrawn though its keys were the same"
        app.can_send = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert redraws and not next(k for k in footer.keys if k.key == "f5").enabled
        app.can_send = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert next(k for k in footer.keys if k.key == "f5").enabled


async def test_a_click_on_a_key_presses_it_and_a_disabled_one_does_nothing():
    app = Keys(Footer(compact=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        send = next(k for k in footer.keys if k.key == "f5")
        await pilot.click(Footer, offset=(send.start + 1, 0))
        await pilot.pause()
        assert app.sent == 1
        app.can_send = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        await pilot.click(Footer, offset=(send.start + 1, 0))
        await pilot.pause()
        assert app.sent == 1


async def test_a_screen_is_first_drawn_with_its_keys(tmp_path, monkeypatch):
    """The footer waited for the screen's first refresh before taking its keys: they were the
    last thing drawn when a screen opened, a frame or two after the rest."""
    from mentortui.app import MentorApp
    from mentortui.model import Agreement, Party
    from mentortui.store import Store

    Store(tmp_path).create(Agreement(title="Year one", mentee=Party("Ana"), mentor=Party("Ben")))
    first_draws: dict[str, list[str]] = {}
    render = Footer.render

    def recorded(self):
        line = render(self)
        first_draws.setdefault(type(self.screen).__name__, [k.description for k in self.keys])
        return line

    monkeypatch.setattr(Footer, "render", recorded)
    app = MentorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("t", "escape", "m"):
            await pilot.press(key)
            await pilot.pause()
    assert "Meetings" in first_draws["TimelineScreen"], first_draws
    assert first_draws["MeetingLogScreen"] and first_draws["HomeScreen"], first_draws


class Nine(Input):
    BINDINGS = [Binding("f9", "nine", "Nine")]

    def action_nine(self) -> None: ...


class WithNine(Keys):
    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Nine(id="nine")
        yield self.footer


async def test_the_first_frame_after_the_focus_moves_shows_the_new_focus_keys():
    app = WithNine(Footer(compact=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        frames: list[str] = []
        display = app._display

        def recorded(screen, renderable) -> None:
            if renderable is not None:
                frames.append(footer.render_line(0).text)
            display(screen, renderable)

        app._display = recorded
        assert "Nine" not in footer.render_line(0).text
        await pilot.press("tab")  # to the field whose key is f9
        await pilot.pause()
        assert app.focused.id == "nine"
        assert frames and "f9 Nine" in frames[0], "drawn with the focus, not a frame later"
        frames.clear()
        await pilot.press("tab")
        await pilot.pause()
        assert frames and "f9 Nine" not in frames[0]


class Crowded(App[None]):
    """More keys than 80 columns hold, and the two that settle a conflict last of them."""

    BINDINGS = [
        *(Binding(f"f{n}", f"step({n})", f"Step number {n}") for n in range(1, 11)),
        Binding("ctrl+y", "keep_mine", "Yours"),
        Binding("ctrl+t", "take_theirs", "Theirs"),
    ]

    def compose(self) -> ComposeResult:
        yield Input()
        yield Footer(compact=True)

    def action_step(self, number: int) -> None: ...

    def action_keep_mine(self) -> None: ...

    def action_take_theirs(self) -> None: ...


async def test_the_keys_that_settle_a_conflict_are_drawn_even_when_the_line_is_full():
    app = Crowded()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        palette = next(k for k in footer.keys if k.palette)
        shown = [k.action for k in footer.keys if not k.palette and k.end <= palette.start - 1]
        assert "keep_mine" in shown and "take_theirs" in shown, shown
        assert len(shown) < len(Crowded.BINDINGS), "the line is full: some other key gave way"
