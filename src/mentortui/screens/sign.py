"""Provides SignScreen: a party reads the disclaimer, ticks it, and types their name to sign."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from ..model import Acknowledgement, Agreement, Role, ValidationError
from ..model.base import now
from ..model.signing import sign
from ..text import plain
from ..widgets.field import Field
from ..widgets.tick_box import TickBox


class SignScreen(ModalScreen[Agreement | None]):
    """Returns the agreement signed by one party, with their acknowledgement of the disclaimer."""

    AUTO_FOCUS = "#accept"
    BINDINGS = [
        Binding("ctrl+s", "sign", "Sign", id="sign.sign", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="sign.cancel"),
    ]

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
            yield Field("Name", Input(id="name", compact=True))
            with Horizontal(id="buttons"):
                yield Button("Sign (ctrl+s)", variant="primary", id="sign", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#sign")
    def action_sign(self) -> None:
        """Sign, or show at the field what is missing."""
        accepted = self.query_one("#accept", TickBox).value
        self.query_one("#accept-field", Field).show(
            "" if accepted else "Tick this to accept the disclaimer before signing."
        )
        typed = self.query_one("#name", Input).value
        try:
            signed = sign(self.agreement, self.role, typed, now())
        except ValidationError as error:
            self.query_one("#name-field", Field).show(error.problems[0].sentence)
            return
        self.query_one("#name-field", Field).show("")
        if not accepted:
            return
        ack = Acknowledgement(self.role, typed.strip(), now())
        others = tuple(a for a in signed.acknowledgements if a.role is not self.role)
        self.dismiss(signed.edit(acknowledgements=(*others, ack)))

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        """Leave without signing."""
        self.dismiss(None)
