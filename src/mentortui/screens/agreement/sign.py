"""Provides SignScreen: a party types their name, reads the disclaimer and ticks it, to sign."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, Static

from ...model import Acknowledgement, Agreement, Role, ValidationError
from ...model.base import now
from ...model.signing import sign
from ...model.validation import missing
from ...text import plain
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ...widgets.tick_box import TickBox
from ..common.dialog import FormDialog, dialog_buttons

#: How many missing items the sign dialog names (80x24); the rest are counted.
MISSING_SHOWN = 5


class SignScreen(FormDialog[Agreement]):
    """Returns the agreement signed by one party, with their acknowledgement of the disclaimer."""

    # The name first: keys typed while the dialog opens (Enter on "Sign as …" and the name
    # at once) are sent to the focused control. With "Sign anyway" focused first, the space
    # in "Ben Okafor" ticked it and the letters went nowhere.
    AUTO_FOCUS = "#name"
    BINDINGS = [Binding("ctrl+s", "save", "Sign", id="sign.sign", priority=True)]
    # In the order they stand: a problem with the name takes the focus first, so a name
    # typed again after Enter goes into the name, not into a tick box.
    CONTROLS = ("name", "anyway", "accept")

    def __init__(self, agreement: Agreement, role: Role) -> None:
        super().__init__()
        self.agreement = agreement
        self.role = role
        #: What the agreement still lacks: signing it anyway is an explicit choice.
        self.missing = tuple(p.message for p in missing(agreement))
        if not self.missing:
            self.controls = ("name", "accept")  # no "sign anyway" box to speak at

    def compose(self) -> ComposeResult:
        name = self.agreement.party(self.role).name
        with VerticalScroll(id="dialog"):
            yield Static(f"Sign as {self.role}", classes="dialog-title")
            yield Static(
                Content(plain(f"Type your name as it stands in the agreement: {name}")),
                classes="hint",
            )
            yield Field("Name", SafeInput(id="name", compact=True))
            if self.missing:
                shown = [f"• {item}" for item in self.missing[:MISSING_SHOWN]]
                if len(self.missing) > MISSING_SHOWN:
                    shown.append(f"… and {len(self.missing) - MISSING_SHOWN} more (Review & sign lists them)")
                yield Static(
                    Content(plain(f"Still missing ({len(self.missing)}):\n" + "\n".join(shown))),
                    id="sign-missing",
                    classes="hint",
                )
                yield Field("", TickBox("Sign anyway (the list is recorded)", id="anyway", compact=True))
            yield Static(Content(plain(self.agreement.disclaimer.text)), classes="hint")
            yield Field("", TickBox("I have read and accept the disclaimer", id="accept", compact=True))
            yield from dialog_buttons("Sign (ctrl+s)")
        yield Footer()

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        """A box ticked answers what was said under it: the message goes at once."""
        if event.value and event.checkbox.id in ("anyway", "accept"):
            self.query_one(f"#{event.checkbox.id}-field", Field).show("")

    def collect(self) -> Agreement | None:
        """The agreement signed, or None after showing at the fields what is missing."""
        problems: dict[str, str] = {}
        if self.missing and not self.query_one("#anyway", TickBox).value:
            count = f"{len(self.missing)} items are" if len(self.missing) > 1 else "1 item is"
            problems["anyway"] = f"{count} missing: tick this to sign anyway, or Escape and fill them in first."
        if not self.query_one("#accept", TickBox).value:
            problems["accept"] = "Tick this to accept the disclaimer before signing."
        typed = self.query_one("#name", Input).value
        try:
            signed = sign(self.agreement, self.role, typed, now(), self.missing)
        except ValidationError as error:
            problems["name"] = error.problems[0].sentence
        if not self.show_problems(problems):
            return None
        ack = Acknowledgement(self.role, typed.strip(), now())
        others = tuple(a for a in signed.acknowledgements if a.role is not self.role)
        return signed.edit(acknowledgements=(*others, ack))
