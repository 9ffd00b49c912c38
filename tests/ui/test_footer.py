"""The footer is rebuilt when the keys it shows change, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from mentortui.widgets.footer import Footer


class Keys(App[None]):
    BINDINGS = [Binding("f5", "send", "Send"), Binding("f6", "other", "Other")]
    can_send = True

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return (True if self.can_send else None) if action == "send" else True

    def action_send(self) -> None: ...

    def action_other(self) -> None: ...


def shown(app: App) -> dict[str, FooterKey]:
    return {key.key: key for key in app.screen.query(FooterKey)}


async def test_moving_focus_keeps_the_footer_and_a_change_of_keys_rebuilds_it():
    app = Keys()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        first = shown(app)
        assert {"f5", "f6"} <= set(first)
        assert all(key.has_class("-compact") for key in first.values())
        assert not first["f5"].has_class("-disabled")

        for _ in range(3):  # each focus change updates the bindings; the keys are the same
            await pilot.press("tab")
            await pilot.pause()
        assert shown(app) == first, "the footer was rebuilt though its keys were the same"

        app.can_send = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        now = shown(app)
        assert now["f5"].has_class("-disabled") and now["f5"] is not first["f5"]
        assert all(key.has_class("-compact") for key in now.values())
        assert footer.is_attached

        app.can_send = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert not shown(app)["f5"].has_class("-disabled")
