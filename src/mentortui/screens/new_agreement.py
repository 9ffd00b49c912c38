"""Provides NewAgreementScreen: the parties and dates needed to start an agreement."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from ..model import Agreement, Party, Severity
from ..model.validation import check_dates
from ..widgets.date_input import DateInput
from ..widgets.field import Field
from .confirm import ConfirmScreen


class NewAgreementScreen(ModalScreen[Agreement | None]):
    """A short form; the rest of the agreement is filled in afterwards."""

    AUTO_FOCUS = "#mentee"
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("New agreement", classes="dialog-title")
            yield Field("Mentee's name *", Input(placeholder="e.g. Ana Silva", id="mentee", compact=True))
            yield Field("Mentor's name *", Input(placeholder="e.g. Ben Okafor", id="mentor", compact=True))
            yield Field("Title", Input(placeholder="Mentee ↔ Mentor", id="title", compact=True))
            yield Field("Start date", DateInput(id="start", compact=True))
            yield Field("End date", DateInput(id="end", compact=True))
            with Horizontal(id="buttons"):
                yield Button("Create (ctrl+s)", variant="primary", id="create", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def _show(self, field_id: str, message: str, warning: bool = False) -> None:
        self.query_one(f"#{field_id}-field", Field).show(message, warning)

    def _collect(self) -> Agreement | None:
        """The agreement the form describes, or None after showing each problem at its field."""
        problems = {}
        names = {}
        for role in ("mentee", "mentor"):
            names[role] = self.query_one(f"#{role}", Input).value.strip()
            if not names[role]:
                problems[role] = f"The {role}'s name is required."
        dates = {}
        for field_id in ("start", "end"):
            try:
                dates[field_id] = self.query_one(f"#{field_id}", DateInput).date
            except ValueError as error:
                problems[field_id] = str(error)
        warnings = {}
        if not problems.keys() & {"start", "end"}:
            for problem in check_dates(dates["start"], dates["end"]):
                target = "start" if problem.path == "start_date" else "end"
                if problem.severity is Severity.ERROR:
                    problems[target] = problem.sentence
                else:
                    warnings[target] = problem.sentence[:-1] + " (you can add it later)."
        for field_id in ("mentee", "mentor", "title", "start", "end"):
            if field_id in problems:
                self._show(field_id, problems[field_id])
            else:
                self._show(field_id, warnings.get(field_id, ""), warning=True)
        if problems:
            self.query_one(f"#{next(iter(problems))}").focus()
            return None
        return Agreement(
            title=self.query_one("#title", Input).value.strip(),
            mentee=Party(name=names["mentee"]),
            mentor=Party(name=names["mentor"]),
            start_date=dates["start"],
            end_date=dates["end"],
        )

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        """Create the agreement if the form is valid; otherwise show what to fix."""
        agreement = self._collect()
        if agreement is not None:
            self.dismiss(agreement)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leave without creating; asks first when something has been typed."""
        if not any(field.value.strip("- ") for field in self.query(Input)):
            self.dismiss(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this new agreement?", "Discard"), discard)
