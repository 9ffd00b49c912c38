"""Provides MilestoneScreen: a small dialog for one milestone's title, due date and done date."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from ...model import Milestone
from ...widgets.date_input import DateInput, read_day
from ...widgets.field import Field
from ...widgets.footer import Footer
from ...widgets.safe_text import SafeInput
from ..common.dialog import FormDialog, Judged, dialog_buttons


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class MilestoneScreen(FormDialog[Milestone]):
    """Add or edit a milestone; ctrl+s returns it, escape returns None (asking if typed)."""

    AUTO_FOCUS = "#title"
    CONTROLS = ("title", "due", "done_on")
    SAVE_ON_ENTER = False
    DISCARD_QUESTION = "Discard what you typed in this milestone?"

    def __init__(self, milestone: Milestone, heading: str) -> None:
        super().__init__()
        self.milestone = milestone
        self.heading = heading

    def compose(self) -> ComposeResult:
        m = self.milestone
        with VerticalScroll(id="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield Field("Milestone *", SafeInput(m.title, placeholder="a smaller step", id="title", compact=True))
            yield Field("Due", DateInput(m.due, id="due", compact=True))
            yield Field("Done on", DateInput(m.done_on, id="done_on", compact=True))
            yield from dialog_buttons("Save (ctrl+s)")
        yield Footer()

    def has_typed(self) -> bool:
        m = self.milestone
        typed = tuple(self.query_one(f"#{name}", Input).value for name in self.CONTROLS)
        return typed != (m.title, _iso(m.due), _iso(m.done_on))

    def judge(self) -> Judged[Milestone]:
        """The milestone the dialog describes, and what stops it, by control id."""
        problems: dict[str, str] = {}
        title = self.query_one("#title", Input).value.strip()
        if not title:
            problems["title"] = "A milestone needs a title."
        dates = {
            name: read_day(self.query_one(f"#{name}", DateInput), problems, required=False)
            for name in ("due", "done_on")
        }
        if problems:
            return None, problems, {}
        return self.milestone.edit(title=title, due=dates["due"], done_on=dates["done_on"]), problems, {}
