"""Provides AgreementScreen: an overview of one agreement."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ..model import Agreement, Party
from ..model.validation import validate
from ..text import plain


def _party(role: str, party: Party) -> str:
    details = [party.name or "(no name yet)"]
    details += [x for x in (party.contact, party.career_stage and party.career_stage.value) if x]
    return f"{role:<8}{' · '.join(details)}"


def overview(agreement: Agreement) -> str:
    """The agreement's key facts as plain lines of text."""
    start = agreement.start_date.isoformat() if agreement.start_date else "not set"
    end = agreement.end_date.isoformat() if agreement.end_date else "not set"
    lines = [
        agreement.display_title,
        "",
        _party("Mentee", agreement.mentee),
        _party("Mentor", agreement.mentor),
        f"{'Dates':<8}{start} → {end}",
        f"{'Status':<8}{agreement.status.value} (revision {agreement.revision})",
        f"{'Goals':<8}{len(agreement.goals)}    Meetings  {len(agreement.meetings)}",
    ]
    problems = validate(agreement)
    if problems:
        lines += ["", "To look at:"] + [f"  • {p.message}" for p in problems]
    return "\n".join(lines)


class AgreementScreen(Screen[None]):
    """One agreement at a glance."""

    BINDINGS = [Binding("escape,b", "app.pop_screen", "Back", id="agreement.back")]

    def __init__(self, agreement: Agreement) -> None:
        super().__init__()
        self.agreement = agreement

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview"):
            yield Static(Content(plain(overview(self.agreement))), id="facts")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = plain(self.agreement.display_title, single_line=True)
