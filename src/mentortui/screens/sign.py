"""Provides SignScreen: a party reads the disclaimer, ticks it, and types their name to sign."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Static

from ..model import Acknowledgement, Agreement, Role, ValidationError
from ..model.base import now
from ..model.signing import sign
from ..text import plain
from ..widgets.field import Field
from ..widgets.tick_box import TickBox
from .dialog import FormDialog, dialog_buttons
from ..widgets.safe_text import SafeInput


class SignScreen(FormDialog):
    """Returns the agreement signed by one party, with their acknowledgement of the disclaimer."""

    AUTO_FOCUS = "#accept"
    BINDINGS = [Binding("ctrl+s", "save", "Sign", id="sign.sign", priority=True)]
    CONTROLS = ("accept", "name")

    def __init__(self, agreement: Agreement, role: Role) -> None:
        super().__init__()
        self.agreement = agreement
        self.role = role

    def compose(self) -> ComposeResult:
        name = self.agreement.party(self.role).name
        with VerticalScroll(id="dialog"):
            yield Static(f"Sign as {self.role}", classes="dialog-title")
            yield Static(Content(plain(self.agreement.disclaimer.text)), classes="hint")
            yield Field("", TickBox("I have read and accept the disclaimer", id="accept", compact=True))
            yield Static(
                Content(plain(f"Type your name as it stands in the agreement: {name}")),
                classes="hint",
            )
            yield Field("Name", SafeInput(id="name", compact=True))
            yield from dialog_buttons("Sign (ctrl+s)")
        yield Footer()

    def collect(self) -> Agreement | None:
        """The agreement signed, or None after showing at the fields what is missing."""
        problems = {}
        if not self.query_one("#accept", TickBox).value:
            problems["accept"] = "Tick this to accept the disclaimer before signing."
        typed = self.query_one("#name", Input).value
        try:
            signed = sign(self.agreement, self.role, typed, now())
        except ValidationError as error:
            problems["name"] = error.problems[0].sentence
        if not self.show_problems(problems):
            return None
        ack = Acknowledgement(self.role, typed.strip(), now())
        others = tuple(a for a in signed.acknowledgements if a.role is not self.role)
        return signed.edit(acknowledgements=(*others, ack))
