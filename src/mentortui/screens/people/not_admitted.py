"""Provides NotAdmittedScreen: what someone not in the people registry sees."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from ...text import plain
from ...widgets.footer import Footer


class NotAdmittedScreen(Screen[None]):
    """Explains how to be let in; nothing else is reachable from here."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="not-admitted.quit")]

    def __init__(self, handle: str, nobody_registered: bool = False) -> None:
        super().__init__()
        self.handle = handle
        self.nobody_registered = nobody_registered

    def compose(self) -> ComposeResult:
        yield Header()
        if self.nobody_registered:
            text = (
                "Nobody is registered on this mentortui yet, so nobody is let in.\n\n"
                "Tell whoever runs it: register people (a coordinator first) with\n"
                f"    mentortui people add {self.handle} --name 'Your Name' --role coordinator"
            )
        else:
            text = (
                f"{self.handle} is not registered on this mentortui.\n\n"
                "Ask a coordinator to add you:\n"
                f"    mentortui people add {self.handle} --name 'Your Name' --role mentee"
            )
        yield Static(Content(plain(text)), id="not-admitted")
        yield Footer()
