"""Provides MilestoneScreen: a small dialog for one milestone's title, due date and done date."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from ..model import Milestone
from ..widgets.date_input import DateInput
from ..widgets.field import Field
from .confirm import ConfirmScreen


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class MilestoneScreen(ModalScreen[Milestone | None]):
    """Add or edit a milestone; ctrl+s returns it, escape returns None (asking if typed)."""

    AUTO_FOCUS = "#title"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="milestone.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="milestone.cancel"),
    ]

    def __init__(self, milestone: Milestone, heading: str) -> None:
        super().__init__()
        self.milestone = milestone
        self.heading = heading

    def compose(self) -> ComposeResult:
        m = self.milestone
        with VerticalScroll(id="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield Field("Milestone *", Input(m.title, placeholder="a smaller step", id="title", compact=True))
            yield Field("Due", DateInput(m.due, id="due", compact=True))
            yield Field("Done on", DateInput(m.done_on, id="done_on", compact=True))
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def _typed(self) -> tuple[str, str, str]:
        return tuple(self.query_one(f"#{name}", Input).value for name in ("title", "due", "done_on"))

    def _collect(self) -> Milestone | None:
        """The milestone the dialog describes, or None after showing each problem at its field."""
        problems: dict[str, str] = {}
        title = self.query_one("#title", Input).value.strip()
        if not title:
            problems["title"] = "A milestone needs a title."
        dates: dict[str, date | None] = {}
        for name in ("due", "done_on"):
            try:
                dates[name] = self.query_one(f"#{name}", DateInput).date
            except ValueError as error:
                problems[name] = str(error)
        for name in ("title", "due", "done_on"):
            self.query_one(f"#{name}-field", Field).show(problems.get(name, ""))
        if problems:
            self.query_one(f"#{next(iter(problems))}").focus()
            return None
        return self.milestone.edit(title=title, due=dates["due"], done_on=dates["done_on"])

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the milestone if it is valid; otherwise show what to fix."""
        milestone = self._collect()
        if milestone is not None:
            self.dismiss(milestone)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a change; asks first when something was typed."""
        m = self.milestone
        if self._typed() == (m.title, _iso(m.due), _iso(m.done_on)):
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this milestone?", "Discard"),
            lambda discard: self.dismiss(None) if discard else None,
        )
