"""Provides GoToStepScreen: pick a step of the agreement to jump to."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...widgets.footer import Footer


class GoToStepScreen(ModalScreen[int | None]):
    """A list of the steps, ✓ on complete ones; Enter jumps, Escape stays."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Stay", id="goto.stay")]

    def __init__(self, names: list[str], complete: set[int], current: int) -> None:
        super().__init__()
        self.names = names
        self.complete = complete
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Go to step", classes="dialog-title")
            yield OptionList(
                *(
                    Option(f"{i + 1}  {name}  {'✓' if i in self.complete else ''}", id=str(i))
                    for i, name in enumerate(self.names)
                ),
                id="steps",
            )
        yield Footer()

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = self.current
        steps.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:  # every option's id is its step's index
            self.dismiss(int(event.option.id))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and 0 < int(event.character) <= len(self.names):
            self.dismiss(int(event.character) - 1)
