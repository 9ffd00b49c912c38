"""Provides ConflictScreen: both values of what two people changed at once, and a choice."""

from __future__ import annotations

from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from ..model.agreement import field_label
from ..model.codec import to_data
from ..store.errors import ConflictError, top_field
from ..text import plain

Choice = Literal["mine", "theirs"]


def shown(value: Any) -> str:
    """A value as readable text: names, titles and text fields as they are, records compactly."""
    if value is None:
        return "(deleted)"
    if isinstance(value, str):
        return value or "(empty)"
    data = to_data(value)
    if isinstance(data, dict):
        for key in ("title", "name", "text"):
            if data.get(key):
                return str(data[key])
    return str(data)


class ConflictScreen(ModalScreen[Choice]):
    """Shows, per field, their value and mine; the person keeps one side (the other stays shown)."""

    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
    ]

    def __init__(self, error: ConflictError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        lines = [str(self.error), ""]
        for conflict in self.error.conflicts:
            by, _ = self.error.changed_by.get(top_field(conflict.field), ("someone", None))
            lines += [
                f"{field_label(top_field(conflict.field))} ({conflict.where}):",
                f"  {by or 'theirs'}: {shown(conflict.theirs)}",
                f"  yours: {shown(conflict.mine)}",
                "",
            ]
        with VerticalScroll(id="dialog"):
            yield Static("Changed by someone else at the same time", classes="dialog-title")
            yield Static(Content(plain("\n".join(lines))), id="conflicts")
            with Horizontal(id="buttons"):
                yield Button("Keep mine (m)", variant="primary", id="mine", compact=True)
                yield Button("Take theirs (t)", id="theirs", compact=True)
        yield Footer()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: Choice) -> None:
        """Settle every conflict for one side."""
        self.dismiss(choice)
